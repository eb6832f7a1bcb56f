"""The moderator's form for choosing signatures to invalidate in bulk."""

import ipaddress

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.selectors import region_choices
from petitions.services.bulk_invalidation import SignatureSelection
from petitions.services.invalidation import REASON_MAX_LENGTH


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class BulkInvalidationForm(forms.Form):
    signed_from = forms.DateTimeField(
        label=_("Signed from"),
        help_text=_(
            "Date and time in Kazakhstan, for example 2026-03-01 14:00. Leave empty for any."
        ),
        required=False,
        widget=DateTimeInput,
    )
    signed_to = forms.DateTimeField(
        label=_("Signed before"),
        help_text=_("Signatures made at this time or later are not included. Leave empty for now."),
        required=False,
        widget=DateTimeInput,
    )
    region = forms.ChoiceField(label=_("Region of the signers"), required=False)
    network = forms.CharField(
        label=_("Address range of the signers"),
        help_text=_(
            "An IP network in CIDR notation, for example 10.1.2.0/24, or one address. "
            "Leave empty for any."
        ),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label=_("Reason for invalidating the signatures"),
        help_text=_(
            "The reason is published in the petition's public log with every signature it "
            "invalidates. Cite the report or evidence; do not write anyone's name or IIN."
        ),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": _("Give the reason for invalidating the signatures.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Any region")), *region_choices()]

    def clean_network(self):
        network = "".join(self.cleaned_data["network"].split())
        if not network:
            return ""
        try:
            return str(ipaddress.ip_network(network, strict=False))
        except ValueError:
            raise forms.ValidationError(
                _("Enter an IP network such as 10.1.2.0/24, or one IP address."), code="invalid"
            ) from None

    def clean(self):
        data = super().clean()
        signed_from, signed_to = data.get("signed_from"), data.get("signed_to")
        if signed_from and signed_to and signed_from >= signed_to:
            self.add_error("signed_to", _("The end must be later than the start."))
        fields = ("signed_from", "signed_to", "region", "network")
        if not self.errors and not any(data.get(name) for name in fields):
            raise forms.ValidationError(
                _("Choose the signatures: a time range, a region or an address range."),
                code="empty",
            )
        return data

    @property
    def selection(self) -> SignatureSelection:
        data = self.cleaned_data
        return SignatureSelection(
            signed_from=data["signed_from"],
            signed_to=data["signed_to"],
            region=data["region"],
            network=data["network"],
        )
