"""Following a petition: which e-mails the follower wants."""

from django import forms
from django.utils.translation import gettext_lazy as _

from petitions.models import Follow


class FollowForm(forms.Form):
    emails = forms.ChoiceField(
        label=_("Which e-mails do you want about this petition?"),
        choices=Follow.Emails.choices,
        initial=Follow.Emails.EVERY_UPDATE,
        widget=forms.RadioSelect,
        help_text=_(
            "Every update: hearings, the decision, escalation, the plan and its progress. "
            "Whatever you choose, the petition stays in “My petitions”."
        ),
    )
