"""The review dashboard's filter by where a petition stands against its deadline."""

from django import forms
from django.utils.translation import gettext_lazy as _

from petitions.models import Status
from petitions.selectors.deadlines import OVERDUE


class ReviewFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All petitions")),
            (Status.SENT, _("Awaiting an answer")),
            (OVERDUE, _("Overdue")),
            (Status.ACCEPTED, Status.ACCEPTED.label),
            (Status.REFUSED, Status.REFUSED.label),
            (Status.IMPLEMENTED, Status.IMPLEMENTED.label),
        ],
    )
