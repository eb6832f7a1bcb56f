"""Reading the audit trail as the public sees it."""

from accounts.audit import chain
from accounts.audit.models import AuditChain, AuditEntry
from accounts.audit.services import private_part, public_part


def published(entry: AuditEntry) -> dict:
    """An entry as the site publishes it: its public part and the digest of the rest."""
    return {
        "public": public_part(entry),
        "private_digest": chain.digest(private_part(entry)),
        "prev_hash": entry.prev_hash,
        "hash": entry.entry_hash,
    }


def entries_after(seq: int, *, limit: int | None) -> list[AuditEntry]:
    rows = AuditEntry.objects.filter(seq__gt=seq).order_by("seq")
    return list(rows if limit is None else rows[:limit])


def chain_tip() -> AuditChain:
    return AuditChain.objects.get(pk=1)


def entries_about(target: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(target=target).order_by("seq"))
