"""Authentication backend that reads the signed-in user from the cache, not the database."""

from allauth.account.auth_backends import AuthenticationBackend
from django.core.cache import cache

USER_CACHE_SECONDS = 300


def user_cache_key(user_id) -> str:
    return f"accounts:user:{user_id}"


def forget_cached_user(user_id) -> None:
    cache.delete(user_cache_key(user_id))


def remember_user(user) -> None:
    """Cache a user who has just signed in, so even their first request reads no user row."""
    cache.set(user_cache_key(user.pk), user, USER_CACHE_SECONDS)


class CachedUserBackend(AuthenticationBackend):
    """allauth's IIN-and-password backend, whose per-request user lookup hits the cache.

    Every request of a signed-in citizen calls get_user(); on a busy day that one query per
    request is what the database would spend most on. accounts.signals drops the entry whenever
    the user is saved, so a changed password, name or deactivation is seen at once.
    """

    def get_user(self, user_id):
        key = user_cache_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                remember_user(user)
        return user if self.user_can_authenticate(user) else None
