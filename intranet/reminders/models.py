"""What was sent to whom, so that nobody is told the same thing twice.

A notice is keyed by the content, the recipient, the stage and the review date
it was about: a review moves the date, which starts a new round of reminders.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    # To the owner
    DUE_SOON = "due_soon", _("Due for review within 30 days")
    DUE_TODAY = "due_today", _("Due for review today")
    OVERDUE = "overdue", _("Overdue for review")
    # To the owner's manager and the department's editors
    ESCALATED = "escalated", _("Overdue for review for more than 14 days")
    # To the owner and the editors
    ARCHIVE_WARNING = "archive_warning", _("Will be archived unless reviewed")
    ARCHIVED = "archived", _("Archived because the review is overdue")
    # To the department's editors
    OWNERLESS = "ownerless", _("Ownerless: the owner has left")
    OWNER_UNREACHABLE = "owner_unreachable", _("The owner has no email address")


class ReviewNotice(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    stage = models.CharField(_("stage"), max_length=32, choices=Stage.choices)
    review_date = models.DateField(_("review date"))
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("review notice")
        verbose_name_plural = _("review notices")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "recipient", "stage", "review_date"], name="review_notice_once"
            )
        ]

    def __str__(self):
        return f"{self.get_stage_display()} → {self.recipient_id} ({self.review_date})"
