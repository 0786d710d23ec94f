import os

import pytest
from django.db import connection


@pytest.fixture(autouse=True, scope="session")
def _real_database_in_ci(django_db_setup, django_db_blocker):
    """CI runs on PostgreSQL; a suite that quietly fell back to SQLite would prove little."""
    if os.environ.get("CI", "").lower() == "true":
        with django_db_blocker.unblock():
            assert connection.vendor == "postgresql", "CI=true needs PostgreSQL: run the suite through `make test`."


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
