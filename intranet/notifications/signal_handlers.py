"""Notifications follow the rows that posts and groups write; neither of those apps knows this one exists.

Each handler runs in the transaction that saved the row, so a post or an answer that is rolled back tells
nobody. Fixture loading (raw) tells nobody either.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from intranet.groups.models import JoinRequest, RequestStatus
from intranet.posts.models import Comment, Mention, Reaction

from . import services


@receiver(post_save, sender=Mention, dispatch_uid="notify_mention")
def notify_mention(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.notify_mention(instance)


@receiver(post_save, sender=Comment, dispatch_uid="notify_reply")
def notify_reply(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.notify_reply(instance)


@receiver(post_save, sender=Reaction, dispatch_uid="notify_reaction")
def notify_reaction(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.notify_reaction(instance)


@receiver(post_save, sender=JoinRequest, dispatch_uid="notify_join_request")
def notify_join_request(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created and instance.status == RequestStatus.PENDING:
        services.notify_join_request(instance)
    elif instance.status != RequestStatus.PENDING:
        # Answered or withdrawn; saving it again later is harmless: an answer is told once.
        services.settle_join_request(instance)
        services.notify_join_answer(instance)
