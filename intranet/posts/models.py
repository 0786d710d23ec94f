"""What staff write in groups: posts, one level of comments, reactions, attachments, mentions.

Text is stored as the author wrote it (plain text with links) and sanitised where it is shown
(`sanitise.py`): what is stored never has to be trusted. Nothing is hard-deleted by its author or a
moderator: `removed_at` hides it everywhere (API, reader site, search, feeds), and a moderator's removal
leaves a `ModerationRecord` with the written reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intranet.groups.models import WorkGroup


class VisibleQuerySet(models.QuerySet):
    def visible(self):
        """What readers see: not removed."""
        return self.filter(removed_at__isnull=True)


class Authored(models.Model):
    """What posts and comments share: the author, the text, and how it ended if it was taken away."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        # Staff who leave are deactivated, not deleted; should an account be deleted, the text stays.
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_removed(self):
        return self.removed_at is not None


class Post(Authored):
    group = models.ForeignKey(WorkGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="posts")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["group", "-created_at"]), models.Index(fields=["author", "-created_at"])]

    def __str__(self):
        return self.body[:60]


class Comment(Authored):
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="comments")
    #: A reply to a comment; replies to replies attach to the same top comment (one level).
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["post", "created_at"]), models.Index(fields=["author", "-created_at"])]

    def __str__(self):
        return self.body[:60]


class Edit(models.Model):
    """An earlier text of a post or comment, kept when its author edits it."""

    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="edits")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="edits")
    body = models.TextField(_("text before the edit"))
    edited_at = models.DateTimeField(_("edited"), auto_now_add=True)

    class Meta:
        ordering = ["-edited_at", "-pk"]
        verbose_name = _("edit")
        verbose_name_plural = _("edits")
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, comment__isnull=True) | Q(post__isnull=True, comment__isnull=False),
                name="edit_of_post_or_comment",
            )
        ]

    def __str__(self):
        return f"edit at {self.edited_at}"


class ReactionKind(models.TextChoices):
    LIKE = "like", _("Like")
    THANKS = "thanks", _("Thanks")
    CELEBRATE = "celebrate", _("Celebrate")


class Reaction(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(_("reaction"), max_length=20, choices=ReactionKind.choices, default=ReactionKind.LIKE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, comment__isnull=True) | Q(post__isnull=True, comment__isnull=False),
                name="reaction_to_post_or_comment",
            ),
            models.UniqueConstraint(fields=["user", "post", "kind"], name="one_reaction_per_post_and_kind"),
            models.UniqueConstraint(fields=["user", "comment", "kind"], name="one_reaction_per_comment_and_kind"),
        ]

    def __str__(self):
        return f"{self.kind} by {self.user_id}"


class Mention(models.Model):
    """A colleague @mentioned in a post or comment; made when the text is saved, notified once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, comment__isnull=True) | Q(post__isnull=True, comment__isnull=False),
                name="mention_in_post_or_comment",
            ),
            models.UniqueConstraint(fields=["user", "post"], name="one_mention_per_post"),
            models.UniqueConstraint(fields=["user", "comment"], name="one_mention_per_comment"),
        ]

    def __str__(self):
        return f"@{self.user_id}"


class ModerationAction(models.TextChoices):
    REMOVE_POST = "remove_post", _("Removed a post")
    REMOVE_COMMENT = "remove_comment", _("Removed a comment")


class ModerationRecord(models.Model):
    """The audit log editors read: who removed what, from which group, and why."""

    action = models.CharField(_("action"), max_length=30, choices=ModerationAction.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("moderator"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    group = models.ForeignKey(WorkGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey(Post, verbose_name=_("post"), null=True, blank=True, on_delete=models.SET_NULL)
    comment = models.ForeignKey(Comment, verbose_name=_("comment"), null=True, blank=True, on_delete=models.SET_NULL)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation record")
        verbose_name_plural = _("moderation log")
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="moderation_has_reason")]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d})"
