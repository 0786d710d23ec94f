import os
import subprocess

import pytest
from django.core.cache import caches
from django.db import connection


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "search_engine: uses the real search engine; CI runs these on every engine (`-m search_engine`)"
    )


def pytest_collection_modifyitems(items):
    # Marked from the fixture, so that a new engine test cannot be left out of the other engines' runs.
    for item in items:
        if "search_engine" in item.fixturenames:
            item.add_marker(pytest.mark.search_engine)


@pytest.fixture(autouse=True, scope="session")
def _real_database_in_ci(django_db_setup, django_db_blocker):
    """CI runs on PostgreSQL; a suite that quietly fell back to SQLite would prove little."""
    if os.environ.get("CI", "").lower() == "true":
        with django_db_blocker.unblock():
            assert connection.vendor == "postgresql", "CI=true needs PostgreSQL: run the suite through `make test`."


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_kept_pages():
    """Each test starts without reader pages kept by another (intranet/reader/page_cache.py)."""
    caches["reader_pages"].clear()


@pytest.fixture
def render_every_time(settings):
    """Reader pages rendered on every request, not served kept: for tests that count what rendering costs."""
    settings.READER_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def search_engine(settings):
    """Switch this test to the real search engine, with indexes of its own that are removed afterwards.

    Without an engine (SEARCH_URL unset) the test is skipped on a developer's machine
    and fails in CI, where `make test` always starts one.
    """
    import uuid

    from wagtail.search.backends import get_search_backend

    if not settings.TEST_SEARCH_URL:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true needs a search engine: run the suite through `make test`.")
        pytest.skip("no search engine (SEARCH_URL is unset); `make test` starts one")
    prefix = f"test_{uuid.uuid4().hex[:10]}_"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"search.backends.{settings.SEARCH_ENGINE}",
            "URLS": [settings.TEST_SEARCH_URL],
            "INDEX_PREFIX": prefix,
            "ATOMIC_REBUILD": True,
            # A busy two-core machine can take well over the client's default 10 s to create an index.
            "TIMEOUT": 120,
        }
    }
    backend = get_search_backend()
    # Create the indexes with their mappings and analysis, as `update_index` does after a deploy.
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    # Tests start searching at once: wait until the new indexes can answer (a real failure still fails here).
    backend.es.cluster.health(index=f"{prefix}*", wait_for_status="yellow", timeout="100s", request_timeout=120)
    try:
        yield backend
    finally:
        backend.es.indices.delete(index=f"{prefix}*")


@pytest.fixture(scope="session")
def samba_template(tmp_path_factory):
    """One provisioned domain per test run; each test gets a fresh copy of it (about a second)."""
    import shutil

    from .directory import provision

    if shutil.which("samba") is None or os.geteuid() != 0:
        message = "needs Debian's samba packages and root (.ci/run installs them)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    template = tmp_path_factory.mktemp("samba") / "template"
    provision(template)
    return template


@pytest.fixture
def directory(samba_template, tmp_path, settings):
    """A real Active Directory on 127.0.0.1, filled with a small municipality, and the settings to sync from it."""
    from .directory import SambaDC, fill_municipality

    dc = SambaDC(samba_template, tmp_path / "dc").start()
    try:
        dc.people, dc.groups = fill_municipality(dc)
        # Pages of two entries, so that paging is exercised with a handful of people.
        settings.DIRECTORY = dc.sync_settings(dc.groups["editors"], page_size=2)
        yield dc
    finally:
        dc.stop()


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory):
    from .idp import IdentityProvider

    provider = IdentityProvider(tmp_path_factory.mktemp("idp"), audience="api://intranet-test")
    try:
        provider.start()
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true needs the identity provider: {error}")
        pytest.skip(f"no identity provider: {error}")
    yield provider
    provider.stop()


@pytest.fixture
def sso(identity_provider, settings):
    """Single sign-on pointed at the real provider on loopback."""
    from django_auth_adfs.config import provider_config
    from django_auth_adfs.config import settings as adfs_settings

    settings.LOGIN_URL = "django_auth_adfs:login"
    settings.WAGTAILADMIN_LOGIN_URL = "django_auth_adfs:login"
    saved = {name: getattr(adfs_settings, name) for name in ("SERVER", "CA_BUNDLE")}
    adfs_settings.SERVER = identity_provider.server
    adfs_settings.CA_BUNDLE = str(identity_provider.tls_cert_file)
    # As in production with ADFS_CA_FILE: the configured CA counts, whatever REQUESTS_CA_BUNDLE says.
    provider_config.session.verify = str(identity_provider.tls_cert_file)
    provider_config.session.trust_env = False
    forget_provider_config()
    identity_provider.set_user("anna.berg")
    yield identity_provider
    for name, value in saved.items():
        setattr(adfs_settings, name, value)
    forget_provider_config()


def forget_provider_config():
    """As in a process that has just started: nothing loaded from the identity provider, no failure remembered."""
    from django_auth_adfs.config import provider_config

    provider_config._config_timestamp = None
    provider_config.signing_keys = None
    provider_config._retry_at = 0.0  # intranet.accounts.provider.CachedProviderConfig's memory of a failure


class MailServer:
    """A real SMTP server (aiosmtpd) on loopback that keeps what it receives and can refuse addresses."""

    def __init__(self):
        self.messages = []
        self.refused = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append({"to": list(envelope.rcpt_tos), "message": message})
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m["message"] for m in self.messages if address in m["to"]]

    def start(self):
        from aiosmtpd.controller import Controller

        # A controller cannot be restarted once stopped; a new one takes the same port.
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server(settings):
    """Mail goes over SMTP to a real server on 127.0.0.1 (not Django's in-memory outbox)."""
    server = MailServer()
    # aiosmtpd cannot be given port 0 (its readiness check connects to the port it was given).
    server.port = free_port()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    try:
        yield server
    finally:
        server.stop()
