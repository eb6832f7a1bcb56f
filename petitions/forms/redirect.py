"""The form to redirect a misaddressed petition to the competent state body."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from agencies.selectors import agency_choices
from petitions.forms.fields import CleanTextField
from petitions.services.redirect import REASON_MAX_LENGTH


class RedirectForm(forms.Form):
    agency = forms.TypedChoiceField(
        label=_("The competent state body"),
        help_text=_("Central bodies first, then the akimats and maslikhats of each region."),
        coerce=int,
        error_messages={"required": _("Choose the state body to redirect the petition to.")},
    )
    reason = CleanTextField(
        label=_("Reason for the redirection"),
        help_text=_(
            "Published on the petition's timeline and sent to the author: say why the other "
            "body is the competent one."
        ),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": _("Give the reason for redirecting the petition.")},
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.petition = petition
        groups = [
            (group, [(pk, name) for pk, name in choices if pk != petition.agency_id])
            for group, choices in agency_choices()
        ]
        self.fields["agency"].choices = [("", _("Choose the state body")), *groups]

    def clean_agency(self):
        agency = Agency.objects.filter(pk=self.cleaned_data["agency"], is_active=True).first()
        if agency is None:
            raise forms.ValidationError(_("Choose a state body from the list."))
        if agency.pk == self.petition.agency_id:
            raise forms.ValidationError(_("The petition is already addressed to this state body."))
        return agency
