"""The filters and the sort order of the public ranking of state bodies."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Level
from agencies.selectors import region_choices
from petitions.selectors.accountability import DEFAULT_SORT

SORT_CHOICES = [
    ("on_time", _("Share answered within the deadline")),
    ("received", _("Petitions received")),
    ("median", _("Median working days to answer")),
    ("overdue", _("Overdue now")),
    ("accepted", _("Accepted")),
    ("refused", _("Refused")),
    ("kept", _("Promises kept")),
    ("name", _("Name")),
]


class RankingFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices]
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *region_choices()]

    def filters(self) -> dict:
        """What to pass to selectors.agency_ranking; a value not on the list is left out."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "level": data.get("level", ""),
            "region": data.get("region", ""),
            "sort": data.get("sort") or DEFAULT_SORT,
        }
