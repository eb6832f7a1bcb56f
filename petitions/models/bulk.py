"""A moderator's bulk invalidation of one petition's signatures, run as a background job."""

import ipaddress

from django.conf import settings
from django.db import models
from django.db.backends.signals import connection_created
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BulkInvalidation(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    # Don't modify status directly: petitions.services.bulk_invalidation moves it.
    ACTIVE_STATES = (Status.QUEUED, Status.RUNNING)

    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.PROTECT,
        related_name="bulk_invalidations",
        verbose_name=_("petition"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bulk_invalidations",
        verbose_name=_("requested by"),
    )
    reason = models.TextField(_("reason"), max_length=500)
    # {"signed_from": ISO time or null, "signed_to": ISO time, "region": code or "",
    # "network": CIDR or ""}; signed_to is never open: the request's time closes it.
    criteria = models.JSONField(_("which signatures"))
    matched = models.PositiveIntegerField(_("signatures matched at the request"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    invalidated = models.PositiveIntegerField(_("signatures invalidated"), default=0)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk invalidation")
        verbose_name_plural = _("bulk invalidations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason="") & LessThanOrEqual(Length("reason"), 500),
                name="bulk_invalidation_has_a_short_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "cancelled", "done", "failed"]),
                name="bulk_invalidation_status_known",
            ),
        ]

    def __str__(self):
        return (
            f"{self.petition_id}: {self.get_status_display()} ({self.invalidated}/{self.matched})"
        )

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATES


@models.GenericIPAddressField.register_lookup
class InNetwork(models.Lookup):
    """`address__in_network="10.1.2.0/24"`: the address lies in the network (CIDR)."""

    lookup_name = "in_network"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"qoldau_in_network({lhs}, {rhs})", [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} <<= ({rhs})::inet", [*lhs_params, *rhs_params]


def in_network(address: str | None, network: str) -> bool:
    """SQLite's stand-in for PostgreSQL's inet `<<=` (`make run` keeps addresses as text)."""
    if not address:
        return False
    try:
        return ipaddress.ip_address(address) in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False


@receiver(connection_created)
def _sqlite_in_network(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "qoldau_in_network", 2, in_network, deterministic=True
        )
