from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.search.backends import get_search_backend

from . import conversation_updates
from .backends import is_engine
from .models import Synonym
from .tasks import rebuild_search_index


def synonyms_changed(**kwargs):
    # Synonyms live in the index's analysis settings; a new index picks them up. The
    # database backend has no synonyms, so there is nothing to rebuild without an engine.
    if is_engine(get_search_backend()):
        transaction.on_commit(rebuild_search_index.enqueue)


def register_signal_handlers():
    post_save.connect(synonyms_changed, sender=Synonym, dispatch_uid="search_synonym_saved")
    post_delete.connect(synonyms_changed, sender=Synonym, dispatch_uid="search_synonym_deleted")
    conversation_updates.register()
