"""Wagtail's engine backends with Swedish analysis and the editors' synonyms.

They also record index updates that fail because the engine is down (search.indexing).

Each module here (opensearch2, opensearch3, elasticsearch7, elasticsearch8, elasticsearch9) is a
drop-in BACKEND for WAGTAILSEARCH_BACKENDS; SEARCH_ENGINE picks one.
"""

from copy import deepcopy

from modelsearch.utils import deep_update

from search.analysis import swedish_index_settings
from search.folding import folded_name_settings
from search.indexing import record_missed_update


def is_engine(backend):
    """True for an OpenSearch/Elasticsearch backend, False for Wagtail's database backend."""
    return getattr(backend, "es", None) is not None


def with_swedish_analysis(backend_class):
    class SwedishIndex(backend_class.index_class):
        def put(self):
            # Synonyms are read when an index is created; a change rebuilds the index (atomically).
            from search.models import synonym_rules

            settings = deep_update(deepcopy(self.backend.settings), swedish_index_settings(synonym_rules()))
            settings = deep_update(settings, folded_name_settings())  # names with and without å, ä, ö
            if self.backend.use_new_elasticsearch_api:
                self.es.indices.create(index=self.name, **settings)
            else:
                # By keyword: opensearch-py 3 takes no positional arguments, and 2.x accepts these.
                self.es.indices.create(index=self.name, body=settings)

    class SwedishSearchBackend(backend_class):
        index_class = SwedishIndex

        def add(self, obj, retrying=False):
            try:
                return super().add(obj)
            except Exception:
                if not retrying:
                    record_missed_update(obj, "add")
                raise

        def delete(self, obj, retrying=False):
            try:
                return super().delete(obj)
            except Exception:
                if not retrying:
                    record_missed_update(obj, "delete")
                raise

    SwedishSearchBackend.__name__ = f"Swedish{backend_class.__name__}"
    return SwedishSearchBackend
