"""Forms of the officials' pages about public hearings and the commission."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petitions.forms.fields import CleanTextField
from petitions.models import CommissionMember, Hearing

LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends


def _https_only(url: str) -> str:
    if url and not url.lower().startswith("https://"):
        raise forms.ValidationError(_("Give a secure link: it starts with https://."))
    return url


def _max_length(name: str, model=Hearing) -> int:
    return model._meta.get_field(name).max_length


class HearingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        help_text=_("In Astana time, for example 2027-03-15 15:00."),
        input_formats=[LOCAL_INPUT_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT_FORMAT),
        error_messages={"required": _("Enter the date and time of the hearing.")},
    )
    place = CleanTextField(
        multiline=False,
        label=_("Place"),
        help_text=_("The address and the room. Leave empty for a hearing held only online."),
        max_length=_max_length("place"),
        required=False,
    )
    online_url = forms.URLField(
        label=_("Link to join online"),
        help_text=_("A secure link (https://). Leave empty for a hearing held only in person."),
        max_length=_max_length("online_url"),
        assume_scheme="https",
        required=False,
    )
    agenda = CleanTextField(
        label=_("Agenda"),
        max_length=_max_length("agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError(_("The hearing must be in the future."))
        return starts_at

    def clean_online_url(self):
        return _https_only(self.cleaned_data["online_url"])

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("place") and not data.get("online_url"):
            raise forms.ValidationError(
                _("Give the place of the hearing, a link to join it online, or both.")
            )
        return data


class MinutesForm(forms.Form):
    minutes = CleanTextField(
        label=_("Minutes"),
        help_text=_("What was discussed and agreed, as it will be published."),
        max_length=_max_length("minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    minutes_url = forms.URLField(
        label=_("Link to the minutes document"),
        help_text=_("A secure link (https://) to the signed minutes, if they are published."),
        max_length=_max_length("minutes_url"),
        assume_scheme="https",
        required=False,
    )

    def clean_minutes_url(self):
        return _https_only(self.cleaned_data["minutes_url"])

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("minutes") and not data.get("minutes_url"):
            raise forms.ValidationError(
                _("Write the minutes, give a link to the minutes document, or both.")
            )
        return data


class CommissionMemberForm(forms.Form):
    name = CleanTextField(
        multiline=False,
        label=_("Full name"),
        max_length=_max_length("name", CommissionMember),
        error_messages={"required": _("Enter the member's full name.")},
    )
    position = CleanTextField(
        multiline=False,
        label=_("Position and organisation"),
        max_length=_max_length("position", CommissionMember),
        error_messages={"required": _("Enter the member's position and organisation.")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=CommissionMember.Role.choices,
        initial=CommissionMember.Role.MEMBER,
        widget=forms.RadioSelect,
    )
