"""The archive: pages taken off the intranet because nobody reviewed them, kept whole.

In a Swedish municipality what was published is an official record (allmän
handling), so archiving only unpublishes: the page and every revision stay.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _


class ArchivedPageQuerySet(models.QuerySet):
    def current(self):
        """Pages still in the archive (not restored)."""
        return self.filter(restored_at__isnull=True)


def in_archive():
    """For a query over pages: whether the page is in the archive now."""
    return Exists(ArchivedPage.objects.current().filter(page_id=OuterRef("pk")))


class ArchivedPage(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="archive_records"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("archived revision"),
        help_text=_("What readers saw when the page was archived; restoring publishes it again."),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    archived_at = models.DateTimeField(_("archived"))
    missed_review_date = models.DateField(_("missed review date"))
    restored_at = models.DateTimeField(_("restored"), null=True, blank=True)
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("restored by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ArchivedPageQuerySet.as_manager()

    class Meta:
        verbose_name = _("archived page")
        verbose_name_plural = _("archived pages")
        ordering = ["-archived_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["page"], condition=Q(restored_at__isnull=True), name="archive_one_open_record_per_page"
            )
        ]

    def __str__(self):
        return str(self.page)
