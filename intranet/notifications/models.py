"""What a person is told: in the app at once, by email in a digest if they chose so.

Reactions are counted on one notification per post or comment (`count`), never one each. A person mutes a
group to hear nothing from it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intranet.groups.models import JoinRequest, WorkGroup
from intranet.posts.models import Comment, Post


class NotificationKind(models.TextChoices):
    MENTION = "mention", _("You were mentioned")
    REPLY = "reply", _("A reply to you")
    REACTION = "reaction", _("Reactions to you")
    JOIN_REQUEST = "join_request", _("A request to join your group")
    JOIN_ANSWER = "join_answer", _("An answer to your request to join")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    group = models.ForeignKey(WorkGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    join_request = models.ForeignKey(JoinRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    #: How many reactions this one notification stands for.
    count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    #: Set once a digest that told it was accepted by the mail server.
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "-updated_at"]),
            # The digest run reads only what is neither read nor emailed.
            models.Index(
                fields=["recipient", "updated_at"],
                condition=Q(emailed_at__isnull=True, read_at__isnull=True),
                name="notification_not_yet_told",
            ),
        ]
        # What makes telling someone twice impossible, whatever runs the signal handlers how often: one
        # notification per mention, per reply and per join request or answer, and one unread reaction count
        # per post or comment.
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "post"],
                condition=Q(kind="mention", comment__isnull=True),
                name="notify_mention_in_post_once",
            ),
            models.UniqueConstraint(
                fields=["recipient", "comment"], condition=Q(kind="mention"), name="notify_mention_in_comment_once"
            ),
            models.UniqueConstraint(
                fields=["recipient", "comment"], condition=Q(kind="reply"), name="notify_reply_once"
            ),
            models.UniqueConstraint(
                fields=["recipient", "post"],
                condition=Q(kind="reaction", comment__isnull=True, read_at__isnull=True),
                name="one_unread_reaction_count_per_post",
            ),
            models.UniqueConstraint(
                fields=["recipient", "comment"],
                condition=Q(kind="reaction", read_at__isnull=True),
                name="one_unread_reaction_count_per_comment",
            ),
            models.UniqueConstraint(
                fields=["recipient", "join_request", "kind"],
                condition=Q(join_request__isnull=False),
                name="notify_join_request_once",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient_id}"


class DigestFrequency(models.TextChoices):
    OFF = "off", _("Never")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class NotificationSettings(models.Model):
    """A person's choice of email digest per kind; without a row the defaults hold."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    mentions = models.CharField(_("mentions"), max_length=10, choices=DigestFrequency.choices, default="daily")
    join_requests = models.CharField(
        _("join requests and answers"), max_length=10, choices=DigestFrequency.choices, default="daily"
    )
    replies = models.CharField(_("replies"), max_length=10, choices=DigestFrequency.choices, default="off")
    reactions = models.CharField(_("reactions"), max_length=10, choices=DigestFrequency.choices, default="off")

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"notification settings of {self.user_id}"


class GroupMute(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_mutes")
    group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="mutes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "group"], name="one_mute_per_group")]

    def __str__(self):
        return f"{self.user_id} mutes {self.group_id}"
