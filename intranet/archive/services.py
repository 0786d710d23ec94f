"""Staged archiving: overdue pages leave the intranet, and come back in one action."""

import logging

from django.db import transaction
from django.utils import timezone

from intranet.ownership.services import owned_page_models

from .models import ArchivedPage

logger = logging.getLogger(__name__)

ARCHIVE_ACTION = "intranet.archive"
RESTORE_ACTION = "intranet.restore"


def pages_due_for_archiving(today=None):
    """Live pages overdue by their type's archive_after (90 days unless the type says otherwise)."""
    today = today or timezone.localdate()
    for model in owned_page_models():
        if model.archive_after is None:
            continue
        yield from model.objects.live().filter(review_date__lte=today - model.archive_after).order_by("pk")


@transaction.atomic
def archive_page(page, now=None):
    """Unpublish the page and record it in the archive. Nothing is deleted."""
    now = now or timezone.now()
    revision = page.live_revision
    page.unpublish(log_action=ARCHIVE_ACTION)
    return ArchivedPage.objects.create(
        page=page, revision=revision, archived_at=now, missed_review_date=page.review_date
    )


def archive_overdue_pages(today=None, dry_run=False):
    """Archive every page due for it; returns the pages (would be) archived."""
    archived = []
    for page in pages_due_for_archiving(today):
        if not dry_run:
            archive_page(page)
        archived.append(page)
    if archived and not dry_run:
        logger.info("Archived %d overdue pages", len(archived))
    return archived


@transaction.atomic
def restore_page(record, user):
    """Bring an archived page back as readers last saw it, with a new review by the restoring editor.

    The restore counts as a review: the editor vouches for the page, and the
    review date moves forward; otherwise the next night would archive it again.
    """
    page = record.page.specific
    page.mark_reviewed(user)
    # The archived revision is gone only if `purge_revisions` deleted it (a later draft made it purgeable).
    revision = record.revision or page.get_latest_revision()
    # Publishing closes the archive record (signal_handlers.close_archive_record), however it is published.
    revision.publish(user=user, log_action=RESTORE_ACTION)
    ArchivedPage.objects.filter(pk=record.pk).update(restored_by=user)
    record.refresh_from_db()
    return record
