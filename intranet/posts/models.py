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

from intranet.documents.extraction import TextStatus
from intranet.groups.models import WorkGroup
from intranet.organisation.models import display_name

#: How an author who has left (deactivated, or an account deleted) is named wherever their text is shown.
FORMER_COLLEAGUE = _("former colleague")


def author_name(user):
    """The author's name as readers see it: theirs while they are active, "tidigare medarbetare" after."""
    if user is None or not user.is_active:
        return str(FORMER_COLLEAGUE)
    return display_name(user)


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


class CommentQuerySet(VisibleQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """As Django's, with each comment's group taken from its post (bulk_create does not call `save`)."""
        objs = list(objs)
        for comment in objs:
            comment.take_group_from_post()
        return super().bulk_create(objs, *args, **kwargs)


class Comment(Authored):
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="comments")
    #: A reply to a comment; replies to replies attach to the same top comment (one level).
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    #: The post's group, copied when the comment is made (a post never changes group). Without it, "comments in
    #: my groups, newest first" has no index to follow: PostgreSQL walks every comment newest first and looks up
    #: its post until it has found a page (the start page's feed, intranet/startpage/feed.py).
    group = models.ForeignKey(
        WorkGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["post", "created_at"]),
            models.Index(fields=["author", "-created_at"]),
            models.Index(fields=["group", "-created_at"]),
        ]

    def __str__(self):
        return self.body[:60]

    def save(self, *args, **kwargs):
        self.take_group_from_post()
        super().save(*args, **kwargs)

    def take_group_from_post(self):
        if self.group_id is None and self.post_id is not None:
            self.group_id = self.post.group_id


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


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Image")
    DOCUMENT = "document", _("Document")


def attachment_path(attachment, filename):
    # Outside every folder /media/ serves (cms/views.py): a post's files go out through the posts API alone.
    return f"post_attachments/{attachment.post_id}/{filename}"


class Attachment(models.Model):
    """An image or document attached to a post: not a library document (no owner, no review date).

    Checked on upload (`attachments.validate_attachment`), served only through the posts API to logged-in
    staff, and its text read in the worker like a library document's, so that search finds the post by it.
    """

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    #: The name the uploader's computer gave it, for the download.
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    extracted_text = models.TextField(_("text content"), blank=True, editable=False)
    text_status = models.CharField(
        _("text status"), max_length=20, choices=TextStatus.choices, default=TextStatus.PENDING, editable=False
    )
    text_status_reason = models.CharField(_("reason"), max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename
