from django.db import transaction
from django.dispatch import receiver

from intranet.organisation.signals import user_deactivated


@receiver(user_deactivated, dispatch_uid="tell_editors_of_ownerless_content")
def tell_editors_of_ownerless_content(sender, user, **kwargs):
    # After the commit: a directory sync that rolls back deactivated nobody.
    from .tasks import notify_ownerless

    transaction.on_commit(notify_ownerless.enqueue)
