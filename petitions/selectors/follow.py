"""Reads about who follows a petition and which e-mails each follower chose."""

from django.db.models import F, QuerySet

from petitions.models import Follow, Petition, Signature
from petitions.selectors.counts import with_signature_counts

EVERY_UPDATE = (Follow.Emails.EVERY_UPDATE,)
# The decision and the implementation reach those who chose them and those who chose everything.
DECISIONS = (Follow.Emails.EVERY_UPDATE, Follow.Emails.DECISIONS)


def follow_of(petition: Petition, user) -> Follow | None:
    """The visitor's follow of `petition` (with their e-mail choice), or None."""
    if not user.is_authenticated:
        return None  # no query: the anonymous page is served from the cache alone
    return Follow.objects.filter(petition=petition, citizen=user).first()


def petitions_followed(user) -> QuerySet:
    """The published petitions `user` follows, most recently followed first, with the e-mails
    chosen (`follow_emails`) and the count; for "My petitions"."""
    followed = Petition.internal.published().filter(follows__citizen=user)
    return with_signature_counts(
        followed.select_related("agency").annotate(
            follow_emails=F("follows__emails"), followed_at=F("follows__created_at")
        )
    ).order_by("-followed_at", "-pk")


def followers_to_mail(petition: Petition, *, emails: tuple[str, ...]) -> QuerySet:
    """Followers who chose one of `emails` and have an e-mail address, but not the author (who
    is mailed anyway), by id, with the citizen loaded; read them in batches by id."""
    return (
        Follow.objects.filter(petition=petition, emails__in=emails)
        .exclude(citizen_id=petition.author_id)
        .exclude(citizen__email="")
        .select_related("citizen")
        .order_by("pk")
    )


def signers_to_mail(petition: Petition) -> QuerySet:
    """Signers with an e-mail address, but not the author, nor a signer who follows the
    petition and chose no e-mails; by id, with the citizen loaded."""
    silent = Follow.objects.filter(petition=petition, emails=Follow.Emails.NONE)
    return (
        Signature.objects.filter(petition=petition)
        .exclude(citizen=petition.author)
        .exclude(citizen__email="")
        .exclude(citizen_id__in=silent.values("citizen_id"))
        .select_related("citizen")
        .order_by("pk")
    )
