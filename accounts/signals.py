"""Keep the cached copy of a user in step with the database."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.backends import forget_cached_user, remember_user


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def drop_cached_user(sender, instance, **kwargs):
    forget_cached_user(instance.pk)


@receiver(user_logged_in)
def cache_signed_in_user(sender, request, user, **kwargs):
    # Runs after login() saved last_login (which dropped the old entry).
    remember_user(user)
