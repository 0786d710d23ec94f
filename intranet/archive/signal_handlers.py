from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published

from .models import ArchivedPage


@receiver(page_published, dispatch_uid="close_archive_record")
def close_archive_record(sender, instance, revision=None, **kwargs):
    # However an archived page comes back (restore, or an editor publishing it anew), it has left the archive.
    ArchivedPage.objects.current().filter(page_id=instance.pk).update(
        restored_at=timezone.now(), restored_by=getattr(revision, "user", None)
    )
