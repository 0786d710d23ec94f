from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend

from . import with_swedish_analysis

SearchBackend = with_swedish_analysis(Elasticsearch8SearchBackend)
