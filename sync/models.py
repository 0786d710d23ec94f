from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DirectoryAccount(models.Model):
    """Ties a user to their directory entry by objectGUID, which survives renames and moves."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_account")
    object_guid = models.CharField(max_length=64, unique=True)
    distinguished_name = models.TextField()
    usn_changed = models.BigIntegerField(null=True)
    synced_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("directory account")
        verbose_name_plural = _("directory accounts")

    def __str__(self):
        return self.distinguished_name


class SyncState(models.Model):
    """Where the last sync got to: the directory's highest committed USN then."""

    highest_usn = models.BigIntegerField(default=0)
    last_run_at = models.DateTimeField(null=True)

    def __str__(self):
        return f"USN {self.highest_usn} at {self.last_run_at}"

    @classmethod
    def current(cls):
        state, _ = cls.objects.get_or_create(pk=1)
        return state
