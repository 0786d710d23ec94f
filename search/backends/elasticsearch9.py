from modelsearch.backends.elasticsearch9 import Elasticsearch9SearchBackend

from . import with_swedish_analysis

SearchBackend = with_swedish_analysis(Elasticsearch9SearchBackend)
