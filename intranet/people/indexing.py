"""Keeping documents of proxy-indexed models (people here, posts and comments in search.conversations) in step.

Wagtail's signal handlers index a model when that model itself is saved. People, posts and comments are indexed
through proxies (`Person`, and search's `IndexedPost`/`IndexedComment`) because their models belong to other
apps, so their saves are heard here and the affected documents are refreshed: added when the object is among
the proxy's indexed objects, deleted otherwise (an inactive person, a removed post, a post in an archived group).
Wagtail's own `insert_or_update_object` only ever adds, so it would leave those behind.

The work is a task, as Wagtail's is: a queue worker does it after the transaction commits (a dry run of the
directory sync enqueues nothing that survives), tests run it at once.
"""

import logging

from django.apps import apps
from django_tasks import task
from wagtail.search.backends import get_search_backends

logger = logging.getLogger(__name__)

#: Documents refreshed per request to the engine.
BATCH = 500


def reindex(model, pks):
    """Refresh the documents of `model` (an indexed proxy) for these primary keys, in the background."""
    pks = sorted({int(pk) for pk in pks if pk is not None})
    if pks:
        reindex_task.enqueue(model._meta.label, pks)


@task()
def reindex_task(model_label, pks):
    refresh(apps.get_model(model_label), pks)


def refresh(model, pks):
    for start in range(0, len(pks), BATCH):
        chunk = pks[start : start + BATCH]
        indexed = list(model.get_indexed_objects().filter(pk__in=chunk))
        indexed_pks = {obj.pk for obj in indexed}
        gone = [model(pk=pk) for pk in chunk if pk not in indexed_pks]
        for backend in get_search_backends(with_auto_update=True):
            # One by one, like Wagtail's own updates: our engine backends record a failed one for the retry
            # job (search.indexing), which a bulk request could not do per object.
            for obj in indexed:
                _quietly(backend.add, obj)
            for obj in gone:
                _quietly(backend.delete, obj)


def _quietly(action, obj):
    try:
        action(obj)
    except Exception:
        # The engine is down: the backend has recorded the update for the retry job. Saving goes on.
        logger.warning("Index update of %r failed; it will be retried", obj, exc_info=True)
