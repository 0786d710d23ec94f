from modelsearch.backends.opensearch3 import OpenSearch3SearchBackend

from . import with_swedish_analysis

SearchBackend = with_swedish_analysis(OpenSearch3SearchBackend)
