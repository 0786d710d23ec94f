from modelsearch.backends.elasticsearch7 import Elasticsearch7SearchBackend

from . import with_swedish_analysis

SearchBackend = with_swedish_analysis(Elasticsearch7SearchBackend)
