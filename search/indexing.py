"""Index updates that survive the engine being down.

Wagtail's backends log and swallow an indexing error so that saving a page
still works; on its own that would lose the update. Our backends record it
instead, and `retry_pending_index_updates` (every five minutes, from the
scheduler) replays what is recorded once the engine answers again.
"""

import logging

from django.contrib.contenttypes.models import ContentType

logger = logging.getLogger(__name__)


def record_missed_update(obj, action):
    from .models import PendingIndexUpdate

    PendingIndexUpdate.objects.update_or_create(
        # The proxy's own type: people, posts and comments are indexed through proxies, and the retry must
        # load the indexed class, not the plain model.
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        defaults={"action": action},
    )


def retry_pending_updates(backend):
    """Replay missed updates; returns how many landed. Stops at the first failure (the engine is still down)."""
    from modelsearch.index import get_indexed_instance

    from .models import PendingIndexUpdate

    landed = 0
    for pending in PendingIndexUpdate.objects.select_related("content_type").order_by("failed_at"):
        model = pending.content_type.model_class()
        obj = model._default_manager.filter(pk=pending.object_id).first()
        try:
            if obj is not None and pending.action == PendingIndexUpdate.ADD:
                indexed = get_indexed_instance(obj)
                if indexed is not None:
                    backend.add(indexed, retrying=True)
            else:
                backend.delete(obj or model(pk=pending.object_id), retrying=True)
        except Exception:
            logger.warning("Search engine still unavailable; %s index updates wait", PendingIndexUpdate.objects.count())
            break
        pending.delete()
        landed += 1
    return landed
