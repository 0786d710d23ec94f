"""Settings for the test suite: fast hashing, local cache, tasks run at once."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("BASE_URL", "https://intranet.kommunen.test")  # required with DEBUG off, like SECRET_KEY
# SSO is switched on so its views and backends exist; tests/idp.py points it at a real provider.
os.environ.setdefault("ADFS_SERVER", "127.0.0.1:1")
os.environ.setdefault("ADFS_CLIENT_ID", "intranet-test")
os.environ.setdefault("ADFS_CLIENT_SECRET", "intranet-test-secret")
os.environ.setdefault("ADFS_RELYING_PARTY_ID", "api://intranet-test")

from .base import *  # noqa: E402,F403

# Most tests log in with Django's own login, for any user (not only the break-glass superuser);
# the SSO tests switch these back.
LOGIN_URL = "login"
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
AUTHENTICATION_BACKENDS = [  # noqa: F405
    "django.contrib.auth.backends.ModelBackend" if backend.endswith(".BreakGlassModelBackend") else backend
    for backend in AUTHENTICATION_BACKENDS  # noqa: F405
]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The write rate limit counts in the database, as in production; each test's counts roll back with the test.
    "api_throttle": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "api_throttle_cache"},
    "content_version": CACHES["content_version"],  # noqa: F405
    "reader_pages": CACHES["reader_pages"],  # noqa: F405
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405

# Tests use the database backend unless a test asks for the engine (the `search_engine` fixture, tests/conftest.py):
# an index shared by every test would leak documents from one test into the next.
TEST_SEARCH_URL = SEARCH_URL  # noqa: F405
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "search.backends.database", "SEARCH_CONFIG": "swedish"},
}
