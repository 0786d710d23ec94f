"""Settings for bench/search_bench.py: the test settings, with the real engine and no per-save indexing."""

import os

from cms.settings.test import *  # noqa: F403

WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": f"search.backends.{SEARCH_ENGINE}",  # noqa: F405
        "URLS": [os.environ["SEARCH_URL"]],
        "INDEX_PREFIX": "bench_",
        "ATOMIC_REBUILD": True,
        # Pages are created first and indexed in bulk by update_index, which is what we time.
        "AUTO_UPDATE": False,
        "TIMEOUT": 60,
    }
}
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
