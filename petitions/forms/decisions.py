"""The decision form: a reviewer saves it as a draft, the head publishes it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from petitions import selectors
from petitions.forms.fields import CleanTextField
from petitions.models import Decision
from petitions.models.decision import MIN_REFUSAL_REASONING


def _max_length(name: str) -> int:
    return Decision._meta.get_field(name).max_length


class DecisionForm(forms.Form):
    """Complete, as the head publishes it; the service checks what depends on the outcome."""

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose acceptance or refusal.")},
    )
    text = CleanTextField(
        label=_("Reasoned statement of the decision"),
        help_text=_("A refusal must give its reasons in at least %(n)d characters.")
        % {"n": MIN_REFUSAL_REASONING},
        max_length=_max_length("text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the reasoned statement of the decision.")},
    )
    actions = CleanTextField(
        label=_("What will be done (for an acceptance)"),
        max_length=_max_length("actions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    implementation_due = forms.DateField(
        label=_("By which date (for an acceptance)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    refusal_ground = forms.ModelChoiceField(
        label=_("Ground for refusal (for a refusal)"),
        help_text=_("The legal ground the refusal relies on, from the list the portal keeps."),
        queryset=selectors.refusal_grounds_active(),
        required=False,
        empty_label=_("Choose a ground"),
    )
    legal_basis = CleanTextField(
        multiline=False,
        label=_("Legal basis (for a refusal)"),
        help_text=_("The law and article, for example: Budget Code, article 4."),
        max_length=_max_length("legal_basis"),
        required=False,
    )
    announcement = CleanTextField(
        label=_("The head's public statement"),
        help_text=_(
            "The head announces the result publicly; this statement is published with the decision."
        ),
        max_length=_max_length("announcement"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the head's public statement.")},
    )
    announcement_url = forms.URLField(
        label=_("Link to the announcement in the media (optional)"),
        help_text=_("A secure link (https://) to where the head announced the result."),
        max_length=_max_length("announcement_url"),
        assume_scheme="https",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The queryset is evaluated per form, so a ground the admin just added is offered.
        self.fields["refusal_ground"].queryset = selectors.refusal_grounds_active()

    def clean_announcement_url(self):
        url = self.cleaned_data["announcement_url"]
        if url and not url.lower().startswith("https://"):
            raise forms.ValidationError(_("Give a secure link: it starts with https://."))
        return url


class DecisionDraftForm(DecisionForm):
    """The same fields, any of them still empty: a draft is saved as it is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def clean_outcome(self):
        return self.cleaned_data["outcome"] or ""


def draft_initial(draft) -> dict:
    """The form's initial values from a saved draft."""
    if draft is None:
        return {}
    return {
        "outcome": draft.outcome,
        "text": draft.text,
        "actions": draft.actions,
        "implementation_due": draft.implementation_due,
        "refusal_ground": draft.refusal_ground_id,
        "legal_basis": draft.legal_basis,
        "announcement": draft.announcement,
        "announcement_url": draft.announcement_url,
    }
