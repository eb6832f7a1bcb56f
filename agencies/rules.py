"""Permission predicates about officials (django-rules)."""

import rules

from agencies.models import Official


@rules.predicate
def is_official_of_agency(user, agency) -> bool:
    if agency is None or not user.is_authenticated:
        return False
    return Official.objects.filter(user=user, agency=agency).exists()


@rules.predicate
def is_head_of_agency(user, agency) -> bool:
    if agency is None or not user.is_authenticated:
        return False
    return Official.objects.filter(user=user, agency=agency, role=Official.Role.HEAD).exists()
