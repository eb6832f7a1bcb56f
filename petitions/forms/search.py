"""The public list's search and filter form: a GET form that keeps its values in the address."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Level
from petitions.selectors.search import (
    SORT_LABELS,
    SORT_RELEVANCE,
    STATUS_GROUP_LABELS,
    search_options,
)

QUERY_MAX_LENGTH = 100


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        help_text=_("Words from the title or text. Put a phrase in quotes; -word excludes it."),
        max_length=QUERY_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *STATUS_GROUP_LABELS.items()],
        error_messages={"invalid_choice": _("Choose a status from the list.")},
    )
    level = forms.ChoiceField(
        label=_("Addressee level"),
        required=False,
        choices=[("", _("Any level")), *Level.choices],
        error_messages={"invalid_choice": _("Choose an addressee level from the list.")},
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        error_messages={"invalid_choice": _("There is no such region. Choose one from the list.")},
    )
    agency = forms.ChoiceField(
        label=_("Addressee"),
        required=False,
        error_messages={
            "invalid_choice": _("There is no such state body. Choose one from the list.")
        },
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        required=False,
        error_messages={"invalid_choice": _("There is no such topic. Choose one from the list.")},
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        # Empty means relevance with search words, newest without.
        choices=[("", SORT_LABELS[SORT_RELEVANCE]), *list(SORT_LABELS.items())[1:]],
        error_messages={"invalid_choice": _("Choose an order from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices come from two queries, not one per <select>: the list page's count stays low.
        self.options = search_options()
        self.fields["region"].choices = [("", _("Any region")), *self.options.region_choices()]
        self.fields["agency"].choices = [("", _("Any state body")), *self.options.agency_choices()]
        self.fields["topic"].choices = [("", _("Any topic")), *self.options.topic_choices()]

    def clean_region(self):
        return self.options.regions.get(self.cleaned_data["region"])

    def clean_agency(self):
        return self.options.agencies.get(self.cleaned_data["agency"])

    def clean_topic(self):
        return self.options.topics.get(self.cleaned_data["topic"])

    def filters(self) -> dict:
        """The valid part of what was asked, as petition_search's arguments: a bad value in one
        field drops that filter (the form shows why) and keeps the others."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "status": data.get("status") or "",
            "level": data.get("level") or "",
            "region": data.get("region"),
            "agency": data.get("agency"),
            "topic": data.get("topic"),
            "sort": data.get("sort") or "",
        }
