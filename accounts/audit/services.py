"""Writing the audit trail: one function, called inside the transaction of the change it records."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone

from accounts.audit import chain
from accounts.audit.context import request_address
from accounts.audit.models import AuditChain, AuditEntry, Role


def plain(value):
    """A value as the trail stores it: JSON scalars stay, anything else becomes its text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime):
        return chain.utc_text(value)
    return str(value)


def public_part(entry: AuditEntry) -> dict:
    part = {
        "seq": entry.seq,
        "at": chain.utc_text(entry.at),
        "action": entry.action,
        "target": entry.target,
        "role": entry.role,
    }
    if entry.public:
        part.update(changes=entry.changes, note=entry.note)
    return part


def private_part(entry: AuditEntry) -> dict:
    part = {"actor": entry.actor_id, "address": entry.address, "salt": entry.salt}
    if not entry.public:
        part.update(changes=entry.changes, note=entry.note)
    return part


@transaction.atomic
def audit_record(
    *,
    action: str,
    target: str,
    role: str = Role.SYSTEM,
    actor=None,
    changes: dict | None = None,
    note: str = "",
    public: bool = False,
) -> AuditEntry:
    """Append an entry to the trail. `changes` maps a field to (before, after).

    The chain's tip is locked until the caller's transaction ends, so concurrent writers append
    one after another; keep the rest of that transaction short.
    """
    tip, _created = AuditChain.objects.select_for_update().get_or_create(pk=1)
    entry = AuditEntry(
        seq=tip.size + 1,
        at=timezone.now(),
        action=action,
        target=target,
        role=role,
        actor=actor if actor is not None and actor.is_authenticated else None,
        address=request_address.get(),
        changes={field: [plain(old), plain(new)] for field, (old, new) in (changes or {}).items()},
        note=note,
        public=public,
        salt=secrets.token_hex(16),
        prev_hash=tip.head_hash,
    )
    entry.entry_hash = chain.entry_hash(
        tip.head_hash, public_part(entry), chain.digest(private_part(entry))
    )
    entry.save(force_insert=True)
    tip.size, tip.head_hash = entry.seq, entry.entry_hash
    tip.save(update_fields=["size", "head_hash"])
    return entry


def target_of(instance) -> str:
    """How the trail names a row: its model and its public key where it has one."""
    key = getattr(instance, "uid", None) or getattr(instance, "code", None) or instance.pk
    return f"{instance._meta.label_lower}:{key}"
