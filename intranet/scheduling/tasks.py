import logging

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from wagtail.log_actions import log
from wagtail.models import Revision

from intranet.ownership.models import PUBLISH_REFUSED_ACTION, PublishingRefused

logger = logging.getLogger(__name__)


@task()
def publish_scheduled_pages():
    """Publish and unpublish pages whose go-live or expiry time has passed (Wagtail's own command)."""
    publish_due_page_revisions()
    # Wagtail's own command (expiry, and anything due that we did not publish): it has no function to call.
    call_command("publish_scheduled")


def publish_due_page_revisions(now=None):
    """Publish the page revisions due by now, one at a time; one that the rules now refuse is unscheduled.

    A page may wait for its go-live time while its review date passes or its owner leaves, and publishing
    refuses it then. Wagtail's command would stop at that page, and at the same page every hour after,
    publishing nothing due later; here the refusal is logged on the page and the others go ahead.
    """
    due = Revision.page_revisions.filter(approved_go_live_at__lt=now or timezone.now()).order_by("approved_go_live_at")
    for revision in due:
        try:
            with transaction.atomic():
                revision.publish(log_action="wagtail.publish.scheduled")
        except PublishingRefused as refusal:
            Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
            page = revision.content_object
            problems = [str(message) for message in refusal.messages]
            log(instance=page, action=PUBLISH_REFUSED_ACTION, revision=revision, data={"problems": problems})
            logger.warning("Scheduled publishing of %r (id %s) refused: %s", page.title, page.pk, " ".join(problems))
