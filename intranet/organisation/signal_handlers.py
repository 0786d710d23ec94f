"""Every user has a profile; a deactivation is announced (signals.user_deactivated) however it happens."""

from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import EmployeeProfile
from .signals import user_deactivated


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="create_employee_profile")
def create_employee_profile(sender, instance, created, raw=False, **kwargs):
    # Every user has a profile, so code may follow user.profile without checking.
    if created and not raw:
        EmployeeProfile.objects.get_or_create(user=instance)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="remember_user_was_active")
def remember_user_was_active(sender, instance, raw=False, **kwargs):
    # Only a save that leaves the user inactive can be a deactivation; only then is the old state read.
    instance._was_active = (
        not raw
        and instance.pk is not None
        and not instance.is_active
        and sender.objects.filter(pk=instance.pk, is_active=True).exists()
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="announce_user_deactivated")
def announce_user_deactivated(sender, instance, created, raw=False, **kwargs):
    # One place for every way a person is deactivated: the directory sync, the admin, the shell.
    if getattr(instance, "_was_active", False):
        instance._was_active = False
        user_deactivated.send(sender=sender, user=instance)
