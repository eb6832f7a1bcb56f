"""Forms for what the portal's staff enter from paper: a petition, and a signature sheet."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.iin import parse_iin
from agencies.selectors import region_choices
from petitions.forms import PetitionForm
from petitions.forms.fields import CleanTextField
from petitions.services.paper import NAME_MAX_LENGTH
from petitions.services.paper_sheets import MAX_SHEET_LINES, sheet_lines

_PRIVATE = {"autocomplete": "off", "spellcheck": "false"}


class PaperPetitionForm(PetitionForm):
    """The author as the paper filing names them, then the petition itself."""

    iin = forms.CharField(
        label=_("Author's IIN"),
        help_text=_("12 digits, as written on the filing."),
        max_length=20,
        widget=forms.TextInput(attrs={**_PRIVATE, "inputmode": "numeric"}),
    )
    last_name = CleanTextField(
        multiline=False, label=_("Author's surname"), max_length=NAME_MAX_LENGTH
    )
    first_name = CleanTextField(
        multiline=False, label=_("Author's first name"), max_length=NAME_MAX_LENGTH
    )
    patronymic = CleanTextField(
        multiline=False,
        label=_("Author's patronymic (if any)"),
        max_length=NAME_MAX_LENGTH,
        required=False,
    )
    region_code = forms.ChoiceField(label=_("Author's region of residence"))
    email = forms.EmailField(
        label=_("Author's e-mail (if given)"),
        help_text=_("The author is told by e-mail of each step, where they gave an address."),
        required=False,
    )

    field_order = [
        "iin",
        "last_name",
        "first_name",
        "patronymic",
        "region_code",
        "email",
        "agency",
        "title",
        "problem",
        "request",
        "language",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = [("", _("Choose the region")), *region_choices()]

    def clean_iin(self):
        iin = "".join(self.cleaned_data["iin"].split())
        try:
            return parse_iin(iin).value
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0], code=error.code) from None


class PaperSheetForm(forms.Form):
    lines = forms.CharField(
        label=_("Signers, one per line"),
        help_text=ngettext_lazy(
            "Write each signer as: IIN; surname; first name. At most %(n)d line per sheet.",
            "Write each signer as: IIN; surname; first name. At most %(n)d lines per sheet.",
            "n",
        ),
        strip=False,
        widget=forms.Textarea(attrs={**_PRIVATE, "rows": 20}),
        error_messages={"required": _("Enter the signers from the sheet.")},
    )
    region_attested = forms.BooleanField(
        label=_("I confirm that every signer on this sheet lives in %(region)s"),
        label_suffix="",
        required=False,
    )

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lines"].help_text = self.fields["lines"].help_text % {"n": MAX_SHEET_LINES}
        agency = petition.agency
        if agency.is_local:
            field = self.fields["region_attested"]
            field.required = True
            field.label = field.label % {"region": agency.region.name}
            field.error_messages["required"] = _(
                "Confirm that the signers live in the region of the state body."
            )
        else:
            del self.fields["region_attested"]

    def clean_lines(self):
        text = self.cleaned_data["lines"]
        count = len(sheet_lines(text))
        if not count:
            raise forms.ValidationError(_("Enter the signers from the sheet."))
        if count > MAX_SHEET_LINES:
            raise forms.ValidationError(
                _(
                    "This sheet has %(count)d lines; enter at most %(n)d at a time and the rest "
                    "as another sheet."
                ),
                params={"count": count, "n": MAX_SHEET_LINES},
            )
        return text
