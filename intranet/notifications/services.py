"""Making notifications as posts, comments, reactions and join requests are created, and reading them.

Each function is called by a signal handler inside the transaction that wrote the row it reacts to, so a post
that is rolled back notifies nobody. Telling twice is made impossible by the database, not by care: the
constraints on Notification allow one notification per mention, reply and join request or answer, and one
unread reaction count per post or comment. A handler that runs twice therefore changes nothing, and two
reactions at the same moment add up instead of making two notifications.
"""

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from intranet.groups.models import Membership, RequestStatus, Role

from .models import GroupMute, Notification, NotificationKind, NotificationSettings

#: A reaction count is looked for, then made, at most this many times when others race to make it.
REACTION_ATTEMPTS = 3


def _may_be_told(user, group_id, actor):
    """Never oneself, never someone who left, never from a group they muted."""
    if user is None or not user.is_active or (actor is not None and user.pk == actor.pk):
        return False
    return not GroupMute.objects.filter(user=user, group_id=group_id).exists()


def _text_of(mention_or_reaction):
    """The post or comment a mention or a reaction is about, and its post."""
    comment = mention_or_reaction.comment
    post = comment.post if comment is not None else mention_or_reaction.post
    return post, comment


def _removed(post, comment):
    return post.is_removed or (comment is not None and comment.is_removed)


def notify_mention(mention):
    post, comment = _text_of(mention)
    author = (comment or post).author
    if _removed(post, comment) or not _may_be_told(mention.user, post.group_id, author):
        return
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=mention.user,
                kind=NotificationKind.MENTION,
                actor=author,
                group_id=post.group_id,
                post=post,
                comment=comment,
            )
        ],
        ignore_conflicts=True,
    )
    if comment is not None:
        # A reply that mentions someone is one notification to them, the mention (the stronger of the two).
        Notification.objects.filter(
            recipient=mention.user, comment=comment, kind=NotificationKind.REPLY, read_at=None, emailed_at=None
        ).delete()


def notify_reply(comment):
    """The post's author, and the author of the comment replied to, hear of a new comment."""
    post = comment.post
    if _removed(post, comment):
        return
    recipients = {person.pk: person for person in (post.author, comment.parent and comment.parent.author) if person}
    already_mentioned = set(
        Notification.objects.filter(
            comment=comment, kind=NotificationKind.MENTION, recipient__in=list(recipients)
        ).values_list("recipient_id", flat=True)
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=person,
                kind=NotificationKind.REPLY,
                actor=comment.author,
                group_id=post.group_id,
                post=post,
                comment=comment,
            )
            for pk, person in recipients.items()
            if pk not in already_mentioned and _may_be_told(person, post.group_id, comment.author)
        ],
        ignore_conflicts=True,
    )


def notify_reaction(reaction):
    """Add the reaction to the owner's unread count for that post or comment, or start a new count."""
    post, comment = _text_of(reaction)
    owner = (comment or post).author
    if _removed(post, comment) or not _may_be_told(owner, post.group_id, reaction.user):
        return
    unread_count = Notification.objects.filter(
        recipient=owner, kind=NotificationKind.REACTION, read_at=None, post=post, comment=comment
    )
    for _attempt in range(REACTION_ATTEMPTS):
        # UPDATE … SET count = count + 1 locks the row: simultaneous reactions all count.
        # emailed_at is cleared so that the next digest tells of the reactions since the last one.
        if unread_count.update(count=F("count") + 1, actor=reaction.user, updated_at=timezone.now(), emailed_at=None):
            return
        try:
            with transaction.atomic():
                Notification.objects.create(
                    recipient=owner,
                    kind=NotificationKind.REACTION,
                    actor=reaction.user,
                    group_id=post.group_id,
                    post=post,
                    comment=comment,
                )
            return
        except IntegrityError:
            continue  # someone made the count between our UPDATE and INSERT: add to theirs


def notify_join_request(join_request):
    """Every admin of the group hears of a new request to join it."""
    if join_request.status != RequestStatus.PENDING:
        return
    group = join_request.group_id
    # One query for all admins, however many a department group has: active, not the asker, not muting it.
    admin_ids = (
        Membership.objects.filter(group_id=group, role=Role.ADMIN, user__is_active=True)
        .exclude(user=join_request.user)
        .exclude(Exists(GroupMute.objects.filter(user=OuterRef("user"), group_id=group)))
        .values_list("user_id", flat=True)
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=admin_id,
                kind=NotificationKind.JOIN_REQUEST,
                actor=join_request.user,
                group_id=group,
                join_request=join_request,
            )
            for admin_id in admin_ids
        ],
        ignore_conflicts=True,
    )


def settle_join_request(join_request):
    """Once a request is answered or withdrawn, the admins' notifications of it ask for nothing more.

    Marked read, they leave the unread count and no digest mails a request another admin already answered.
    """
    if join_request.status == RequestStatus.PENDING:
        return
    Notification.objects.filter(join_request=join_request, kind=NotificationKind.JOIN_REQUEST, read_at=None).update(
        read_at=timezone.now()
    )


def notify_join_answer(join_request):
    """The person who asked hears the answer, once."""
    if join_request.status not in (RequestStatus.APPROVED, RequestStatus.DECLINED):
        return
    if not _may_be_told(join_request.user, join_request.group_id, join_request.decided_by):
        return
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=join_request.user,
                kind=NotificationKind.JOIN_ANSWER,
                actor=join_request.decided_by,
                group_id=join_request.group_id,
                join_request=join_request,
            )
        ],
        ignore_conflicts=True,
    )


# Reading


def not_for_them_any_more():
    """Notifications their recipient may no longer read: of a join request to a group they no longer administer.

    A request's message is for the group's admins of now (the groups API answers anyone else 403); someone
    demoted or taken out of the group, by an admin or by the directory sync, no longer reads it here either.
    """
    still_admin = Membership.objects.filter(group=OuterRef("group"), user=OuterRef("recipient"), role=Role.ADMIN)
    return Q(kind=NotificationKind.JOIN_REQUEST) & ~Exists(still_admin)


def notifications_for(user):
    """A person's notifications, newest first; those about removed posts or comments are left out."""
    return (
        Notification.objects.filter(recipient=user)
        .exclude(Q(post__removed_at__isnull=False) | Q(comment__removed_at__isnull=False))
        .exclude(not_for_them_any_more())
        .select_related("actor", "group", "post", "comment__parent", "join_request")
        .order_by("-updated_at", "-pk")
    )


def unread_notifications(user):
    """What `unread_count` counts, as a query: the start page counts it inside a query of its own."""
    return notifications_for(user).filter(read_at=None)


def unread_count(user):
    return unread_notifications(user).count()


def mark_read(user, pk):
    """Mark one of the person's notifications read; False when it is not theirs (or does not exist)."""
    found = Notification.objects.filter(recipient=user, pk=pk)
    found.filter(read_at=None).update(read_at=timezone.now())
    return found.exists()


def mark_all_read(user):
    """Returns how many were marked."""
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())


def settings_for(user):
    """The person's digest choices; the defaults (an unsaved row) when they never chose."""
    return NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)


def mute(user, group):
    GroupMute.objects.get_or_create(user=user, group=group)


def unmute(user, group):
    GroupMute.objects.filter(user=user, group=group).delete()
