"""Forms for an accepted petition's implementation plan."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petitions.forms.fields import CleanTextField
from petitions.models import Milestone
from petitions.services.plan import TITLE_MAX_LENGTH, UPDATE_MAX_LENGTH

MILESTONE_ROWS = 5


class MilestonesForm(forms.Form):
    """Up to MILESTONE_ROWS milestones at once (a title and a due date); empty rows are skipped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, MILESTONE_ROWS + 1):
            self.fields[f"title_{n}"] = CleanTextField(
                multiline=False,
                label=_("Milestone %(n)d: what will be done") % {"n": n},
                max_length=TITLE_MAX_LENGTH,
                required=False,
            )
            self.fields[f"due_{n}"] = forms.DateField(
                label=_("Milestone %(n)d: due date") % {"n": n},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def clean(self):
        data = super().clean()
        milestones, today = [], timezone.localdate()
        for n in range(1, MILESTONE_ROWS + 1):
            title, due = data.get(f"title_{n}", ""), data.get(f"due_{n}")
            if self.has_error(f"title_{n}") or self.has_error(f"due_{n}"):
                continue
            if title and due is None:
                self.add_error(f"due_{n}", _("Give the date by which this will be done."))
            elif due is not None and not title:
                self.add_error(f"title_{n}", _("Say what will be done by this date."))
            elif due is not None and due < today:
                self.add_error(f"due_{n}", _("The due date cannot be in the past."))
            elif title:
                milestones.append((title, due))
        if not milestones and not self.errors:
            raise forms.ValidationError(_("Add at least one milestone: what and by when."))
        data["milestones"] = milestones
        return data


class ProgressUpdateForm(forms.Form):
    text = CleanTextField(
        label=_("What was done"),
        help_text=_("Published on the petition's page; its author and followers are e-mailed."),
        max_length=UPDATE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    milestone = forms.ModelChoiceField(
        label=_("About the milestone"),
        queryset=Milestone.objects.none(),
        required=False,
        empty_label=_("The plan as a whole"),
    )

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = Milestone.objects.filter(petition=petition)
