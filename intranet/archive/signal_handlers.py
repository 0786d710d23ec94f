from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Page
from wagtail.signals import page_published

from .deletion import RecordDeletionRefused, deletion_has_reason, ever_published, refusal_message
from .models import ArchivedPage


@receiver(page_published, dispatch_uid="close_archive_record")
def close_archive_record(sender, instance, revision=None, **kwargs):
    # However an archived page comes back (restore, or an editor publishing it anew), it has left the archive.
    ArchivedPage.objects.current().filter(page_id=instance.pk).update(
        restored_at=timezone.now(), restored_by=getattr(revision, "user", None)
    )


@receiver(pre_delete, sender=Page, dispatch_uid="refuse_deletion_without_reason")
def refuse_deletion_without_reason(sender, instance, **kwargs):
    """Every deletion of a page row, by whatever route, passes here (Django sends it for each row, descendants too).

    Page rows only (sender=Page): deleting a NewsPage deletes its Page row as well, so each page is checked once.
    Raising here rolls back the deletion's own transaction; its archive record (CASCADE) stays with it.
    """
    if ever_published(instance) and not deletion_has_reason(instance):
        raise RecordDeletionRefused({"reason": refusal_message(instance)})
