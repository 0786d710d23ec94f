"""The log of every digest the mail server accepted, whichever app sent it.

A row is written in the same transaction as the sender's own record of what the mail told (the reminders'
ReviewNotice, a notification's emailed_at), and only after the server said yes: a mail that did not go
leaves no trace, so the next run sends it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SentMail(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    #: Which run sent it, e.g. "review_reminders" or "notification_digest".
    purpose = models.CharField(_("purpose"), max_length=50)
    subject = models.CharField(_("subject"), max_length=255)
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mail")
        indexes = [models.Index(fields=["recipient", "purpose", "-sent_at"])]

    def __str__(self):
        return f"{self.purpose} → {self.recipient_id} ({self.sent_at:%Y-%m-%d %H:%M})"
