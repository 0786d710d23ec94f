from modelsearch.backends.opensearch2 import OpenSearch2SearchBackend

from . import with_swedish_analysis

SearchBackend = with_swedish_analysis(OpenSearch2SearchBackend)
