"""Domain errors of the petition lifecycle; their messages are shown to users as they are."""

from django.utils.translation import gettext_lazy as _


class PetitionError(Exception):
    """A rule of the petition procedure forbids this action; str(error) says which, translated."""

    default_message = _("This action is not possible for this petition now.")

    def __init__(self, message=None):
        super().__init__(message or self.default_message)
        self.message = message or self.default_message

    def __str__(self):
        return str(self.message)


class IllegalTransition(PetitionError):
    default_message = _("This petition is no longer in a state that allows this action.")


class AlreadySigned(PetitionError):
    default_message = _("You have already signed this petition. Each citizen signs once.")


class SigningClosed(PetitionError):
    default_message = _("This petition is not collecting signatures.")


class ThresholdUnknown(PetitionError):
    default_message = _(
        "The signature threshold for this state body cannot be computed: its population is not "
        "set. An administrator must enter it first."
    )


class EDSRequired(PetitionError):
    default_message = _(
        "This petition accepts only signatures made with an electronic digital signature (EDS)."
    )


class EDSRefused(PetitionError):
    default_message = _("Your electronic digital signature could not be verified.")


class AlreadyInvalidated(PetitionError):
    default_message = _("This signature has already been invalidated.")
