"""What staff do with posts and comments: the one set of functions the API, the reader site and the demo call.

Who may do what is asked of `intranet.groups.permissions` alone:

- write a post or a comment, or edit one's own: `can_post` (an active member of a group that is not archived);
- react: every active employee (everything is readable by everyone; a reaction adds no text), not in an
  archived group;
- delete one's own: always, even after leaving the group (it is one's own text);
- remove someone else's, with a written reason kept in the moderation log: `can_moderate` (the group's
  admins, and editors in every group).

Nothing is deleted: removal sets `removed_at`, and a removed post or comment is gone from every listing.
Mentions (`@username` of an active colleague) become `Mention` rows when the text is saved, one per person
and post or comment, ever: an edit adds rows only for people not mentioned before, so that the notifications
made from them (intranet.notifications listens for new rows) reach each person once.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from intranet.groups import permissions

from . import attachments
from .models import Comment, Edit, Mention, ModerationAction, ModerationRecord, Post, Reaction, ReactionKind
from .sanitise import clean_text, mentioned_usernames

#: The longest text a post or comment may have, in characters.
MAX_POST_LENGTH = 10_000
MAX_COMMENT_LENGTH = 4_000
MAX_REASON_LENGTH = 2_000


class Refused(PermissionDenied):
    """The person may not do this here; the message says why, in Swedish, for the API's 403."""


class Gone(Exception):
    """The post or comment is removed (or never was): the API answers 404."""


def _text(body, limit):
    text = clean_text(body).strip()
    if not text:
        raise ValidationError(_("Write something first."), code="empty")
    if len(text) > limit:
        raise ValidationError(
            _("The text is too long: at most %(limit)s characters.") % {"limit": f"{limit:,}".replace(",", " ")},
            code="too_long",
        )
    return text


def group_of(item):
    return item.group if isinstance(item, Post) else item.post.group


def _check_may_write(user, group):
    if group.is_archived:
        raise Refused(_("The group is archived: nothing new can be written in it."))
    if not permissions.can_post(user, group):
        raise Refused(_("Only members of the group can write in it."))


def _alive(item):
    if item.is_removed or (isinstance(item, Comment) and item.post.is_removed):
        raise Gone


def _add_mentions(item, text, author):
    """Mention rows for the active colleagues @mentioned in `text` who have none in this item yet."""
    usernames = mentioned_usernames(text)
    if not usernames:
        return []
    people = (
        get_user_model()
        .objects.annotate(username_lower=Lower("username"))
        .filter(username_lower__in=usernames, is_active=True)
        .exclude(pk=author.pk)
    )
    target = {"post": item} if isinstance(item, Post) else {"comment": item}
    already = set(Mention.objects.filter(**target).values_list("user_id", flat=True))
    created = []
    for person in people:
        if person.pk in already:
            continue
        # One at a time, not bulk_create: each new row sends post_save, from which the mention is notified.
        mention, was_created = Mention.objects.get_or_create(user=person, **target)
        if was_created:
            created.append(mention)
    return created


@transaction.atomic
def write_post(author, group, body):
    _check_may_write(author, group)
    post = Post.objects.create(author=author, group=group, body=_text(body, MAX_POST_LENGTH))
    _add_mentions(post, post.body, author)
    return post


@transaction.atomic
def write_comment(author, post, body, reply_to=None):
    """A comment on the post; a reply to a reply is attached to the top comment (one level of replies)."""
    _alive(post)
    _check_may_write(author, post.group)
    parent = None
    if reply_to is not None:
        if reply_to.post_id != post.pk:
            raise ValidationError(_("The comment you reply to belongs to another post."), code="other_post")
        _alive(reply_to)
        parent = reply_to.parent if reply_to.parent_id else reply_to
        if parent.is_removed:
            raise Gone
    comment = Comment.objects.create(author=author, post=post, parent=parent, body=_text(body, MAX_COMMENT_LENGTH))
    _add_mentions(comment, comment.body, author)
    return comment


def _locked(item):
    """The item read again under a row lock, so that two edits or removals at once do not lose one."""
    return type(item).objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def edit(user, item, body):
    """The author changes their post or comment; the earlier text is kept as an Edit."""
    item = _locked(item)
    _alive(item)
    if item.author_id != user.pk:
        raise Refused(_("Only the author can edit this."))
    _check_may_write(user, group_of(item))
    text = _text(body, MAX_POST_LENGTH if isinstance(item, Post) else MAX_COMMENT_LENGTH)
    if text == item.body:
        return item
    Edit.objects.create(body=item.body, **({"post": item} if isinstance(item, Post) else {"comment": item}))
    item.body = text
    item.edited_at = timezone.now()
    item.save(update_fields=["body", "edited_at"])
    _add_mentions(item, text, user)
    return item


def _require_may_edit(user, post):
    if post.author_id != user.pk:
        raise Refused(_("Only the author can edit this."))
    _check_may_write(user, post.group)


@transaction.atomic
def add_attachment(user, post, file):
    """The author attaches a file to their post: an edit, so where they may not edit its text, not this either."""
    post = Post.objects.select_for_update().select_related("group").get(pk=post.pk)
    _alive(post)
    _require_may_edit(user, post)
    return attachments.attach(post, file, user)


@transaction.atomic
def remove_attachment(user, attachment):
    """The author takes a file off their post, by the same rules as editing its text.

    The file goes from storage only once the row's deletion is committed: a rollback keeps both.
    """
    post = Post.objects.select_for_update().select_related("group").get(pk=attachment.post_id)
    _alive(post)
    _require_may_edit(user, post)
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.storage.delete(stored.name))


@transaction.atomic
def delete_own(user, item):
    """The author takes their own post or comment away (soft: it disappears everywhere, nothing is logged)."""
    item = _locked(item)
    _alive(item)
    if item.author_id != user.pk:
        raise Refused(_("Only the author can delete this. Group admins and editors remove it with a reason."))
    item.removed_at = timezone.now()
    item.removed_by = user
    item.save(update_fields=["removed_at", "removed_by"])
    return item


@transaction.atomic
def remove(moderator, item, reason):
    """A group admin or an editor removes someone's post or comment; the reason goes into the moderation log."""
    item = _locked(item)
    _alive(item)
    group = group_of(item)
    if not permissions.can_moderate(moderator, group):
        raise Refused(_("Only the group's admins and editors can remove posts and comments."))
    reason = clean_text(reason).strip()
    if not reason:
        raise ValidationError(_("Write why it is removed: the reason is kept in the moderation log."), code="reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            _("The text is too long: at most %(limit)s characters.")
            % {"limit": f"{MAX_REASON_LENGTH:,}".replace(",", " ")},
            code="too_long",
        )
    item.removed_at = timezone.now()
    item.removed_by = moderator
    item.save(update_fields=["removed_at", "removed_by"])
    is_post = isinstance(item, Post)
    ModerationRecord.objects.create(
        action=ModerationAction.REMOVE_POST if is_post else ModerationAction.REMOVE_COMMENT,
        moderator=moderator,
        group=group,
        post=item if is_post else item.post,
        comment=None if is_post else item,
        reason=reason,
    )
    return item


def _check_may_react(user, item):
    _alive(item)
    if group_of(item).is_archived:
        raise Refused(_("The group is archived: nothing new can be written in it."))


def react(user, item, kind=ReactionKind.LIKE):
    """The user's reaction of this kind to the post or comment (once; reacting again changes nothing)."""
    _check_may_react(user, item)
    target = {"post": item} if isinstance(item, Post) else {"comment": item}
    reaction, _created = Reaction.objects.get_or_create(user=user, kind=kind, **target)
    return reaction


def unreact(user, item, kind=ReactionKind.LIKE):
    _alive(item)
    target = {"post": item} if isinstance(item, Post) else {"comment": item}
    Reaction.objects.filter(user=user, kind=kind, **target).delete()


def may_see_history(user, item):
    """The earlier texts of a post or comment: for its author and those who moderate the group."""
    return item.author_id == user.pk or permissions.can_moderate(user, group_of(item))


def may_read_moderation_log(user):
    """The moderation log names who removed what and why: editors read it, for every group."""
    return permissions.moderates_everywhere(user)
