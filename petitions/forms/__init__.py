"""Forms for filing, moderating, deciding and searching petitions; each area of the agency's
work adds a module beside this one."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from agencies.selectors import agency_choices
from petitions import selectors
from petitions.forms.fields import CleanTextField
from petitions.models import RejectionReason, Topic
from petitions.services.invalidation import REASON_MAX_LENGTH


class PetitionForm(forms.Form):
    agency = forms.TypedChoiceField(
        label=_("Addressee"),
        help_text=_("Central bodies first, then the akimats and maslikhats of each region."),
        coerce=int,
    )
    title = CleanTextField(multiline=False, label=_("Title"), max_length=200)
    problem = CleanTextField(
        label=_("The problem"),
        help_text=_("Describe the situation and your arguments."),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    request = CleanTextField(
        label=_("What you ask the state body to do"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    language = forms.ChoiceField(
        label=_("Language of the petition"), choices=settings.PETITION_LANGUAGES
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        help_text=_("Helps people find your petition."),
        queryset=Topic.objects.filter(is_active=True),
        empty_label=_("Choose a topic"),
        error_messages={
            "required": _("Choose the topic of your petition."),
            "invalid_choice": _("Choose a topic from the list."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("Choose the state body")), *agency_choices()]
        self.fields["language"].initial = (get_language() or "kk")[:2]

    def clean_agency(self):
        agency = Agency.objects.filter(pk=self.cleaned_data["agency"], is_active=True).first()
        if agency is None:
            raise forms.ValidationError(_("Choose a state body from the list."))
        return agency


class RejectForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=_("Reason"), queryset=RejectionReason.objects.all(), empty_label=_("Choose a reason")
    )
    note = CleanTextField(
        label=_("Explanation for the author"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EDSSignatureForm(forms.Form):
    """The statement and its detached CMS, pasted or uploaded from the signing client."""

    MAX_CMS_BYTES = 64 * 1024

    statement = forms.CharField(widget=forms.HiddenInput, max_length=2000, strip=False)
    cms = forms.CharField(
        label=_("Your signature (CMS, as text)"),
        help_text=_("Paste what your signing client gave you, or choose its file below."),
        required=False,
        max_length=MAX_CMS_BYTES * 2,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
    )
    cms_file = forms.FileField(
        label=_("Or the signature file (.p7s, .cms)"),
        required=False,
    )

    def clean_statement(self):
        # Browsers send the line breaks of form fields as CRLF; the statement is signed with LF.
        return self.cleaned_data["statement"].replace("\r\n", "\n")

    def clean_cms_file(self):
        upload = self.cleaned_data.get("cms_file")
        if upload and upload.size > self.MAX_CMS_BYTES:
            raise forms.ValidationError(_("This file is too large to be a signature."))
        return upload

    def clean(self):
        data = super().clean()
        upload = data.get("cms_file")
        data["signature"] = upload.read() if upload else data.get("cms", "").strip()
        if not data["signature"] and not self.errors:
            raise forms.ValidationError(_("Please paste your signature or choose its file."))
        return data


class SignatureLookupForm(forms.Form):
    """A signature of one petition, named as the public log names it: by its position there,
    or by its nullifier. Finds the leaf; the signer's identity is never looked at."""

    POSITION = re.compile(r"[0-9]{1,18}")
    NULLIFIER = re.compile(r"[0-9a-f]{64}")

    reference = forms.CharField(
        label=_("Position in the log or nullifier"),
        help_text=_(
            "The number of the signature's entry in the petition's public log, for example "
            "1234, or its nullifier: 64 characters, digits 0–9 and letters a–f."
        ),
        max_length=100,
        error_messages={
            "required": _("Enter the position of the signature in the log, or its nullifier.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.petition = petition

    def clean_reference(self):
        reference = "".join(self.cleaned_data["reference"].split()).lower()
        if self.POSITION.fullmatch(reference):
            index, nullifier = int(reference), ""
        elif self.NULLIFIER.fullmatch(reference):
            index, nullifier = None, reference
        elif len(reference) > 18 and re.fullmatch(r"[0-9a-z]+", reference):
            raise forms.ValidationError(
                _(
                    "A nullifier is 64 characters long, digits 0–9 and letters a–f only; "
                    "this one has %(length)d characters."
                ),
                params={"length": len(reference)},
                code="nullifier",
            )
        else:
            raise forms.ValidationError(
                _(
                    "Enter a position in the log (a whole number) or a nullifier "
                    "(64 characters, digits 0–9 and letters a–f)."
                ),
                code="invalid",
            )
        leaf, waiting = selectors.log_signature_leaf(
            self.petition, index=index, nullifier=nullifier
        )
        if leaf is not None:
            self.cleaned_data["leaf"] = leaf
        elif waiting:
            seconds = settings.SIGNATURE_LOG_LAG_SECONDS
            raise forms.ValidationError(
                ngettext(
                    "Position %(index)d is not in the public log yet. A new signature is "
                    "added to the log %(seconds)d second after it is made, at the earliest; "
                    "try again in a minute.",
                    "Position %(index)d is not in the public log yet. A new signature is "
                    "added to the log %(seconds)d seconds after it is made, at the earliest; "
                    "try again in a minute.",
                    seconds,
                ),
                params={"index": index, "seconds": seconds},
                code="not_logged_yet",
            )
        elif index is not None:
            raise forms.ValidationError(
                _("This petition's public log has no signature at position %(index)d."),
                params={"index": index},
                code="not_found",
            )
        else:
            raise forms.ValidationError(
                _("No signature in this petition's public log has this nullifier."),
                code="not_found",
            )
        return reference


class SignatureInvalidateForm(forms.Form):
    reason = CleanTextField(
        label=_("Reason for invalidating the signature"),
        help_text=_(
            "The reason is published in the petition's public log. Cite the report or "
            "evidence; do not write anyone's name or IIN."
        ),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": _("Give the reason for invalidating the signature.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(
        label=_("I confirm that this signature is fraudulent and must no longer be counted"),
        label_suffix="",
        error_messages={"required": _("Confirm that the signature must no longer be counted.")},
    )
