"""End-to-end tests: Debian's Chromium, driven by Playwright, against a live intranet with the demo content.

The intranet runs in a thread of the test process (Django's LiveServerThread, WhiteNoise serving the static
files) on its own copy of the test database, filled once by `seed_demo` and indexed in the real search
engine. A copy, because a live server's tests usually flush the database after each test, and a flush would
also remove what the migrations put there (the Redaktörer group, the workflow, the root page) for the rest of
the suite. The end-to-end tests share the copy and are written to leave each other room: each makes what it
changes, or changes what nobody else reads.

Every fixture here lives as long as the package's tests: when they are done, the rest of the suite has its
own database, settings and no browser again.

The browser is always Debian's `/usr/bin/chromium` (CHROMIUM overrides the path); nothing is downloaded.
Without it the tests are skipped on a developer's machine and fail with CI=true.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings
from django.test.testcases import LiveServerThread

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "intranat-demo"
IN_CI = os.environ.get("CI", "").lower() == "true"
#: For working on these tests (with `--reuse-db` and services kept running): keep the seeded copy and the
#: search indexes between runs instead of making them again (about five minutes on a busy machine).
REUSE = os.environ.get("E2E_REUSE", "").lower() == "true" and not IN_CI


def skip_or_fail(message):
    if IN_CI:
        pytest.fail(f"CI=true: {message}")
    pytest.skip(message)


@pytest.fixture(scope="package")
def e2e_database(django_db_setup, django_db_blocker):
    """A copy of the migrated test database, filled with the demo content; the suite's own is left as it was."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            skip_or_fail("the end-to-end tests need PostgreSQL (bin/with-postgres)")
        # pytest-django makes the test database only when some test collected asks for it; on a run of the
        # end-to-end tests alone none does.
        made_here = None
        if not connection.creation._get_test_db_name() == connection.settings_dict["NAME"]:
            made_here = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        settings_dict = connection.settings_dict  # the one dict every thread's connection is made from
        source = settings_dict["NAME"]
        copy = f"{source}_e2e"
        connections.close_all()
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [copy])
            kept = REUSE and cursor.fetchone() is not None
            if not kept:
                cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
                cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
        settings_dict["NAME"] = copy
        if kept:
            yield copy
            connections.close_all()
            settings_dict["NAME"] = source
            return
        try:
            # The demo's index and reference updates are left for `update_index` below, which does them in bulk:
            # run one by one as they are enqueued, they took more than half of the seeding time.
            with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
                call_command("seed_demo", verbosity=0)
            yield copy
        finally:
            connections.close_all()
            settings_dict["NAME"] = source
            if not REUSE:
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
            if made_here:
                teardown_databases(made_here, verbosity=0)


@pytest.fixture(scope="package")
def e2e_search(e2e_database, django_db_blocker):
    """The demo content in the real search engine, in indexes of the end-to-end run's own."""
    import uuid

    from django.conf import settings
    from wagtail.search.backends import get_search_backend

    if not settings.TEST_SEARCH_URL:
        skip_or_fail("the end-to-end tests need a search engine (bin/with-opensearch)")
    prefix = "test_e2e_kept_" if REUSE else f"test_e2e_{uuid.uuid4().hex[:8]}_"
    engine = override_settings(
        WAGTAILSEARCH_BACKENDS={
            "default": {
                "BACKEND": f"search.backends.{settings.SEARCH_ENGINE}",
                "URLS": [settings.TEST_SEARCH_URL],
                "INDEX_PREFIX": prefix,
                "ATOMIC_REBUILD": True,
                "TIMEOUT": 120,
            }
        }
    )
    engine.enable()
    backend = get_search_backend()
    try:
        if not (REUSE and backend.es.indices.exists(index=f"{prefix}*")):
            with django_db_blocker.unblock():
                call_command("update_index", verbosity=0)
        backend.es.cluster.health(index=f"{prefix}*", wait_for_status="yellow", timeout="100s", request_timeout=120)
        backend.es.indices.refresh(index=f"{prefix}*")
        yield backend
    finally:
        if not REUSE:
            backend.es.indices.delete(index=f"{prefix}*")
        engine.disable()


@pytest.fixture(scope="package")
def site(e2e_search, django_db_blocker):
    """The intranet on http://127.0.0.1:<port>, as a browser on the same machine reaches it."""
    plain_http = override_settings(
        # Plain HTTP on loopback: cookies must not ask for HTTPS here.
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        # WhiteNoise serves the static files from the apps' folders, as after collectstatic in production.
        WHITENOISE_USE_FINDERS=True,
        WHITENOISE_AUTOREFRESH=True,
    )
    plain_http.enable()
    server = LiveServerThread("127.0.0.1", static_handler=lambda application: application)
    server.daemon = True
    with django_db_blocker.unblock():
        server.start()
        server.is_ready.wait()
    if server.error:
        plain_http.disable()
        raise server.error
    base = f"http://127.0.0.1:{server.port}"
    override_base = override_settings(WAGTAILADMIN_BASE_URL=base)  # links in mail
    override_base.enable()
    try:
        yield base
    finally:
        override_base.disable()
        server.terminate()
        plain_http.disable()


@pytest.fixture(autouse=True)
def _database_for_the_server(request, django_db_blocker):
    """The server thread reads the database while a test runs; pytest-django would block it otherwise."""
    if "site" not in request.fixturenames:
        yield
        return
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="package")
def browser():
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        skip_or_fail(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; the ORM calls of the tests and fixtures
    # are still synchronous code in a thread of their own making, which is what Django's check is about.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class Visitor:
    """One person's browser: their own cookies; script errors and CSP reports are collected and checked."""

    def __init__(self, browser, base, width=1366, height=900, bypass_csp=False):
        self.base = base
        self.context = browser.new_context(
            base_url=base,
            locale="sv-SE",
            timezone_id="Europe/Stockholm",
            viewport={"width": width, "height": height},
            bypass_csp=bypass_csp,
        )
        self.context.set_default_timeout(20_000)
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(f"{self.page.url}: {error}"))
        self.page.on(
            "console",
            lambda message: (
                self.errors.append(f"{self.page.url}: {message.text}")
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )

    def log_in(self, username, password=DEMO_PASSWORD, next_path="/"):
        page = self.page
        page.goto(f"/login/?next={next_path}")
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Lösenord").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Logga in").click()
        return page

    def close(self):
        self.context.close()


@pytest.fixture
def visitor(browser, site):
    """Make a Visitor (a fresh browser profile) for each person a test needs; closed after the test."""
    made = []

    def make(**options):
        made.append(Visitor(browser, site, **options))
        return made[-1]

    yield make
    errors = [error for one in made for error in one.errors]
    for one in made:
        one.close()
    assert errors == [], "script errors or CSP violations in the browser"


REPORTS = ROOT / "var" / "e2e"


def run_axe(page, exclude=()):
    """axe-core's WCAG 2.1 A and AA rules on the page as it is now; returns the violations, readably."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """(exclude) => axe.run({include: [document], exclude: exclude.map((selector) => [selector])},
            {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""",
        list(exclude),
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in result["violations"]
    ]
