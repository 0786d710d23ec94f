"""What a notification says, where it leads, and the excerpt of the text it is about.

The same words serve the API and the email digest. Sentences are plain text (names and group names are
inserted as they are; whoever shows them escapes them as for any text). The excerpt of a post or comment is
the only user-written HTML: it goes through the posts app's sanitiser, as every piece of user text does.
"""

from django.conf import settings
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intranet.groups.models import RequestStatus
from intranet.organisation.models import display_name
from intranet.posts.sanitise import render_html, render_plain

from .models import NotificationKind

#: How much of a post or comment a notification quotes.
EXCERPT_CHARACTERS = 140
#: The reader site's pages for one's notifications and digest settings (the reader site is built next).
NOTIFICATIONS_PATH = "/notiser/"
SETTINGS_PATH = "/notiser/installningar/"


def shown_actor(notification):
    """Who did it, as readers may see them: nobody once they have left (deactivated or deleted).

    Their posts then say "tidigare medarbetare" with no id to look them up by (intranet.posts.api); what those
    posts told others must not name them either, in the app or in a digest.
    """
    actor = notification.actor
    return actor if actor is not None and actor.is_active else None


def actor_name(notification):
    actor = shown_actor(notification)
    if actor is None:
        return _("a former colleague")
    return display_name(actor)


def describe(notification):
    """One Swedish sentence (in the active language) that says what happened."""
    actor = actor_name(notification)
    group = notification.group.name if notification.group else ""
    on_comment = notification.comment_id is not None
    kind = notification.kind
    values = {"actor": actor, "group": group}
    if kind == NotificationKind.MENTION:
        if on_comment:
            return _("%(actor)s mentioned you in a comment in %(group)s") % values
        return _("%(actor)s mentioned you in a post in %(group)s") % values
    if kind == NotificationKind.REPLY:
        parent = notification.comment.parent if on_comment else None
        if parent is not None and parent.author_id == notification.recipient_id:
            return _("%(actor)s replied to your comment in %(group)s") % values
        return _("%(actor)s commented on your post in %(group)s") % values
    if kind == NotificationKind.REACTION:
        others = notification.count - 1
        values["others"] = others
        if on_comment:
            if not others:
                return _("%(actor)s reacted to your comment in %(group)s") % values
            return (
                ngettext(
                    "%(actor)s and %(others)s other reacted to your comment in %(group)s",
                    "%(actor)s and %(others)s others reacted to your comment in %(group)s",
                    others,
                )
                % values
            )
        if not others:
            return _("%(actor)s reacted to your post in %(group)s") % values
        return (
            ngettext(
                "%(actor)s and %(others)s other reacted to your post in %(group)s",
                "%(actor)s and %(others)s others reacted to your post in %(group)s",
                others,
            )
            % values
        )
    if kind == NotificationKind.JOIN_REQUEST:
        return _("%(actor)s asks to join %(group)s") % values
    if kind == NotificationKind.JOIN_ANSWER:
        if notification.join_request and notification.join_request.status == RequestStatus.APPROVED:
            return _("Your request to join %(group)s was approved") % values
        return _("Your request to join %(group)s was declined") % values
    return str(notification.get_kind_display())


def excerpt_text(notification):
    """The start of the post or comment it is about, or the message with a join request, as plain text."""
    if notification.kind == NotificationKind.JOIN_REQUEST:
        text = notification.join_request.message if notification.join_request else ""
    else:
        written = notification.comment or notification.post
        text = written.body if written else ""
    # render_plain takes out what a mail client could be fooled by (control and bidi characters).
    return Truncator(render_plain(text)).chars(EXCERPT_CHARACTERS)


def excerpt_html(notification):
    """The excerpt, safe to insert as HTML: through the one sanitiser for what staff write."""
    return render_html(excerpt_text(notification))


def target(notification):
    """What the notification leads to, for a front end to link: ids, and the reader site's path."""
    group = notification.group
    found = {
        "type": "join_request" if notification.join_request_id else "comment" if notification.comment_id else "post",
        "group": group.slug if group else None,
        "post": notification.post_id,
        "comment": notification.comment_id,
        "join_request": notification.join_request_id,
    }
    found["path"] = target_path(notification)
    return found


def target_path(notification):
    """The reader site's address of what the notification is about (the reader site is built next)."""
    group = notification.group
    if group is None:
        return "/"
    if notification.kind == NotificationKind.JOIN_REQUEST:
        return f"/grupper/{group.slug}/medlemmar/"
    if notification.post_id is None:
        return f"/grupper/{group.slug}/"
    path = f"/grupper/{group.slug}/inlagg/{notification.post_id}/"
    if notification.comment_id:
        path += f"#kommentar-{notification.comment_id}"
    return path


def absolute_url(path):
    """A full address for an email, on the address the intranet is served at (BASE_URL)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
