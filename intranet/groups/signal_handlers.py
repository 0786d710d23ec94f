"""Someone deactivated leaves every group at once, however they were deactivated (sync, admin, shell)."""

from django.dispatch import receiver

from intranet.organisation.signals import user_deactivated

from .services import remove_from_every_group


@receiver(user_deactivated, dispatch_uid="groups_remove_leaver")
def remove_leaver_from_groups(sender, user, **kwargs):
    # The sync also sweeps in bulk (directory.py) for deactivations that sent no signal (queryset updates).
    remove_from_every_group([user.pk])
