"""Manager for the IIN-keyed user model."""

from django.contrib.auth.base_user import BaseUserManager


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, iin, password=None, **fields):
        user = self.model(iin=iin, **fields)
        user.email = self.normalize_email(user.email)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, iin, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(iin, password, **fields)
