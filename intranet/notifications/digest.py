"""The email digest: at most one mail per person per run, with the kinds they chose, each thing told once.

A person chooses per kind: never, daily or weekly (NotificationSettings; without a row, mentions and join
requests daily and the rest never). The daily run mails what is neither read in the app nor mailed yet, of
the kinds set to daily; on the weekly day (NOTIFICATION_WEEKLY_WEEKDAY) also those set to weekly, and on any
day weekly ones a missed or failed weekly run left older than a week. Mail goes through the reminders' path
(intranet.mail): a notification is marked emailed, and the mail logged, only after the server accepted it,
so a failed send is retried by the next run and a sent one is never sent again. Each person's notifications
are locked while their mail is sent, so two runs at once do not both send them.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy, ngettext

from intranet.mail.delivery import MailRun
from intranet.organisation.models import display_name

from . import texts
from .models import DigestFrequency, GroupMute, Notification, NotificationKind, NotificationSettings
from .services import not_for_them_any_more

logger = logging.getLogger(__name__)

#: How this digest is named in the shared log of sent mail.
MAIL_PURPOSE = "notification_digest"
#: A digest lists at most this many notifications per kind and counts the rest.
MAX_ITEMS_PER_SECTION = 20
#: Older notifications are left to the app: someone who turns a digest on is not sent a year of them.
LOOKBACK = datetime.timedelta(days=30)
WEEK = datetime.timedelta(days=7)

#: Which of a person's settings decides for each kind.
SETTING_OF_KIND = {
    NotificationKind.MENTION: "mentions",
    NotificationKind.REPLY: "replies",
    NotificationKind.REACTION: "reactions",
    NotificationKind.JOIN_REQUEST: "join_requests",
    NotificationKind.JOIN_ANSWER: "join_requests",
}
SECTION_HEADINGS = {
    NotificationKind.MENTION: gettext_lazy("Mentions"),
    NotificationKind.REPLY: gettext_lazy("Replies"),
    NotificationKind.REACTION: gettext_lazy("Reactions"),
    NotificationKind.JOIN_REQUEST: gettext_lazy("Requests to join your groups"),
    NotificationKind.JOIN_ANSWER: gettext_lazy("Answers to your requests to join"),
}


@dataclass
class Digest:
    recipient: object  # the user
    notifications: list

    @property
    def count(self):
        return len(self.notifications)

    def sections(self):
        for kind in NotificationKind:
            found = [notification for notification in self.notifications if notification.kind == kind]
            if found:
                yield {
                    "kind": kind,
                    "heading": SECTION_HEADINGS[kind],
                    "items": [_item(notification) for notification in found[:MAX_ITEMS_PER_SECTION]],
                    "more": max(0, len(found) - MAX_ITEMS_PER_SECTION),
                    "total": len(found),
                }


@dataclass
class Outcome:
    sent: list = field(default_factory=list)  # Digest
    failed: list = field(default_factory=list)  # (Digest, error text)
    not_attempted: list = field(default_factory=list)  # recipient ids, when the server went away

    def shortfall(self):
        """Why the run counts as failed (some digests did not go), or "" when all went."""
        if not (self.failed or self.not_attempted):
            return ""
        return (
            f"{len(self.failed)} digest(s) failed and {len(self.not_attempted)} were not attempted; "
            "nothing was recorded for them, so the next run sends them."
        )


def _item(notification):
    return {
        "text": texts.describe(notification),
        "excerpt_text": texts.excerpt_text(notification),
        "url": texts.absolute_url(texts.target_path(notification)),
    }


def _chosen(frequencies):
    """Notifications of the kinds their recipient set to one of `frequencies` (defaults for those who never chose)."""
    chosen = Q(pk__in=[])
    for kind, setting in SETTING_OF_KIND.items():
        choice = Q(**{f"recipient__notification_settings__{setting}__in": frequencies})
        if NotificationSettings._meta.get_field(setting).default in frequencies:
            choice |= Q(recipient__notification_settings__isnull=True)
        chosen |= Q(kind=kind) & choice
    return chosen


def not_yet_told(now):
    """What a digest may tell: unread, unmailed, recent, about text still there, from groups not muted."""
    muted = GroupMute.objects.filter(user=OuterRef("recipient"), group=OuterRef("group"))
    return (
        Notification.objects.filter(read_at=None, emailed_at=None, updated_at__gte=now - LOOKBACK)
        .filter(recipient__is_active=True)
        .exclude(recipient__email="")
        .exclude(Q(post__removed_at__isnull=False) | Q(comment__removed_at__isnull=False))
        .exclude(Exists(muted))
        .exclude(not_for_them_any_more())
        .filter(_chosen([DigestFrequency.DAILY, DigestFrequency.WEEKLY]))
    )


def is_weekly_day(today):
    return today.weekday() == settings.NOTIFICATION_WEEKLY_WEEKDAY


def plan_digest(recipient, notifications, choices, now):
    """The person's digest for this run, or None when nothing in it is due."""
    daily, weekly = [], []
    for notification in notifications:
        frequency = getattr(choices, SETTING_OF_KIND[notification.kind])
        (daily if frequency == DigestFrequency.DAILY else weekly).append(notification)
    weekly_due = is_weekly_day(timezone.localdate(now)) or any(n.updated_at <= now - WEEK for n in weekly)
    chosen = daily + (weekly if weekly_due else [])
    if not chosen:
        return None
    chosen.sort(key=lambda notification: (-notification.updated_at.timestamp(), -notification.pk))
    return Digest(recipient, chosen)


def render_digest(digest):
    """The digest as an email with Swedish plain-text and HTML parts."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": display_name(digest.recipient),
            "sections": list(digest.sections()),
            "notifications_url": texts.absolute_url(texts.NOTIFICATIONS_PATH),
            "settings_url": texts.absolute_url(texts.SETTINGS_PATH),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = ngettext(
            "%(count)s new notification on the intranet", "%(count)s new notifications on the intranet", digest.count
        ) % {"count": digest.count}
        message = mail.EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("notifications/digest.txt", context),
            to=[digest.recipient.email],
        )
        message.attach_alternative(render_to_string("notifications/digest.html", context), "text/html")
    return message


def send_notification_digests(now=None, connection=None):
    """The run: one digest per person with something due, each sent and recorded on its own. Returns Outcome."""
    now = now or timezone.now()
    candidates = not_yet_told(now)
    recipient_ids = sorted(set(candidates.values_list("recipient_id", flat=True)))
    chosen_settings = {row.user_id: row for row in NotificationSettings.objects.filter(user_id__in=recipient_ids)}
    outcome = Outcome()
    with MailRun(MAIL_PURPOSE, connection) as run:
        for index, recipient_id in enumerate(recipient_ids):
            if run.server_down:
                outcome.not_attempted = recipient_ids[index:]
                break
            with transaction.atomic():
                # Locked until this person's mail is recorded: a second run at the same time skips them.
                notifications = list(
                    candidates.filter(recipient_id=recipient_id)
                    .select_for_update(skip_locked=True, of=("self",))
                    .select_related("recipient", "actor", "group", "post", "comment__parent", "join_request")
                )
                if not notifications:
                    continue
                recipient = notifications[0].recipient
                choices = chosen_settings.get(recipient_id) or NotificationSettings(user=recipient)
                digest = plan_digest(recipient, notifications, choices, now)
                if digest is None:
                    continue
                error = run.send(render_digest(digest), recipient_id, record=_recorder(digest))
            if error:
                outcome.failed.append((digest, error))
            else:
                outcome.sent.append(digest)
    for digest, error in outcome.failed:
        logger.warning("Notification digest to %s not sent: %s", digest.recipient.email, error)
    return outcome


def _recorder(digest):
    def record(sent_at):
        Notification.objects.filter(pk__in=[n.pk for n in digest.notifications]).update(emailed_at=sent_at)

    return record
