"""Abuse and hygiene: login throttling, security headers, private caching, the health probe, no outside calls."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import APIToken

from . import factories
from .test_settings import run_manage

pytestmark = pytest.mark.django_db

PASSWORD = "rätt lösenord 42"
LOGIN_PATHS = ["/login/", "/admin/login/"]
LOCKED_OUT_TEXT = "För många misslyckade inloggningar"


def try_login(client, path, username, password, address="10.1.1.1"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def password_login(request, settings):
    """Django's own password login, as without SSO (`make run`), watched by the throttle."""
    if "sso" not in request.fixturenames:
        settings.AUTHENTICATION_BACKENDS = [
            "intranet.accounts.throttling.PasswordLoginThrottle",
            "django.contrib.auth.backends.ModelBackend",
        ]


# Login throttling


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_five_wrong_passwords_in_a_row_lock_that_username_from_that_address(client, path):
    factories.UserFactory(username="anna", password=PASSWORD, is_superuser=True)
    for _ in range(4):
        response = try_login(client, path, "anna", "fel")
        assert response.status_code == 200  # the login form again, with its error
    locked = try_login(client, path, "anna", "fel")
    assert locked.status_code == 429
    assert LOCKED_OUT_TEXT in locked.content.decode()
    # Even the right password is refused while the lock lasts.
    again = try_login(client, path, "anna", PASSWORD)
    assert again.status_code == 429
    assert not logged_in(client)
    attempt = AccessAttempt.objects.get(username="anna")
    assert attempt.ip_address == "10.1.1.1"
    assert attempt.failures_since_start >= 5
    assert "fel" not in attempt.post_data  # the passwords tried are not kept


def test_the_lock_holds_for_one_username_from_one_address_only(client):
    factories.UserFactory(username="anna", password=PASSWORD)
    factories.UserFactory(username="bertil", password=PASSWORD)
    for _ in range(5):
        try_login(client, "/login/", "anna", "fel", address="10.1.1.1")
    assert try_login(client, "/login/", "anna", PASSWORD, address="10.1.1.1").status_code == 429
    # Someone else at the same address (a whole office behind one NAT) still gets in ...
    assert try_login(client, "/login/", "bertil", PASSWORD, address="10.1.1.1").status_code == 302
    client.logout()
    # ... and so does Anna from her own desk: an attacker cannot lock a named person out from afar.
    assert try_login(client, "/login/", "anna", PASSWORD, address="10.2.2.2").status_code == 302


def test_a_successful_login_starts_the_count_again(client):
    factories.UserFactory(username="anna", password=PASSWORD)
    for _ in range(4):
        try_login(client, "/login/", "anna", "fel")
    assert try_login(client, "/login/", "anna", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert try_login(client, "/login/", "anna", "fel").status_code == 200
    assert try_login(client, "/login/", "anna", PASSWORD).status_code == 302
    assert AccessLog.objects.filter(username="anna").count() == 2  # successful logins are recorded too


def test_the_lock_lifts_after_an_hour(client):
    factories.UserFactory(username="anna", password=PASSWORD)
    for _ in range(5):
        try_login(client, "/login/", "anna", "fel")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=61))
    assert try_login(client, "/login/", "anna", PASSWORD).status_code == 302


def test_an_operator_unlocks_a_person_with_a_management_command(client):
    factories.UserFactory(username="anna", password=PASSWORD)
    for _ in range(5):
        try_login(client, "/login/", "anna", "fel")
    assert try_login(client, "/login/", "anna", PASSWORD).status_code == 429
    call_command("axes_reset_username", "anna")
    assert try_login(client, "/login/", "anna", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_break_glass_login_is_throttled_with_sso_on(client, sso, settings):
    """With SSO on, /admin/login/ takes superusers' passwords only; wrong ones are throttled like any other."""
    settings.AUTHENTICATION_BACKENDS = [
        "intranet.accounts.throttling.PasswordLoginThrottle",
        "intranet.accounts.backends.IntranetAdfsAuthCodeBackend",
        "intranet.accounts.backends.IntranetAdfsAccessTokenBackend",
        "intranet.accounts.backends.BreakGlassModelBackend",
    ]
    factories.UserFactory(username="root", password=PASSWORD, is_superuser=True)
    for _ in range(4):
        assert try_login(client, "/admin/login/", "root", "fel").status_code == 200
    assert try_login(client, "/admin/login/", "root", "fel").status_code == 429
    assert try_login(client, "/admin/login/", "root", PASSWORD).status_code == 429


def test_behind_the_proxy_the_lock_follows_the_address_the_proxy_saw(client, settings):
    settings.AXES_CLIENT_IP_CALLABLE = "intranet.accounts.throttling.client_address"
    settings.TRUSTED_PROXY_HOPS = 1
    factories.UserFactory(username="anna", password=PASSWORD)
    for _ in range(5):
        # An attacker puts a different made-up address first each time; the proxy appends the real one.
        client.post(
            "/login/",
            {"username": "anna", "password": "fel"},
            REMOTE_ADDR="192.168.0.10",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{_}, 10.1.1.1",
        )
    assert AccessAttempt.objects.get().ip_address == "10.1.1.1"
    from_elsewhere = client.post(
        "/login/",
        {"username": "anna", "password": PASSWORD},
        REMOTE_ADDR="192.168.0.10",
        HTTP_X_FORWARDED_FOR="10.2.2.2",
    )
    assert from_elsewhere.status_code == 302


def test_settings_put_the_throttle_first_with_and_without_sso():
    code = (
        "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']);"
        "print(settings.AUTHENTICATION_BACKENDS)"
    )
    environment = {"DEBUG": "true", "ADFS_SERVER": "", "ADFS_TENANT_ID": ""}
    without_sso = run_manage("shell", "-c", code, **environment)
    assert without_sso.stdout.strip().splitlines()[-1] == (
        "['intranet.accounts.throttling.PasswordLoginThrottle', 'django.contrib.auth.backends.ModelBackend']"
    ), without_sso.stderr
    with_sso = run_manage("shell", "-c", code, **{**environment, "ADFS_SERVER": "adfs.kommunen.example"})
    backends = eval(with_sso.stdout.strip().splitlines()[-1])  # a printed list of strings
    assert backends[0] == "intranet.accounts.throttling.PasswordLoginThrottle", with_sso.stderr
    assert "intranet.accounts.backends.BreakGlassModelBackend" in backends
    # After a session runs out, a posted form is sent on to the provider's login: form-action allows it.
    assert with_sso.stdout.strip().splitlines()[-2] == "[\"'self'\", 'https://adfs.kommunen.example']"
    assert without_sso.stdout.strip().splitlines()[-2] == "[\"'self'\"]"


def test_failed_sso_tokens_lock_nobody_out(client, sso):
    """Throttling is for passwords: bad bearer tokens from a front end's address must not lock its readers out."""
    for _ in range(8):
        assert (
            client.get("/api/v2/pages/", HTTP_AUTHORIZATION="Bearer x.y.z", REMOTE_ADDR="10.1.1.1").status_code == 401
        )
    assert not AccessAttempt.objects.exists()
    good = client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {sso.mint()}", REMOTE_ADDR="10.1.1.1")
    assert good.status_code == 200


# Security headers


@pytest.fixture
def reader(client):
    user = factories.UserFactory()
    client.force_login(user)
    return user


def csp(response):
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split(";") if part
    )


def test_reader_pages_have_a_strict_content_security_policy(client, reader):
    factories.guide_page("Boka lokal")
    for path in ["/", "/guider/boka-lokal/", "/sok/?q=lokal"]:
        response = client.get(path)
        assert response.status_code == 200, path
        policy = csp(response)
        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == "'self'"
        assert policy["style-src"].startswith("'self' 'nonce-")
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'self'"
        assert policy["base-uri"] == "'self'"
        # The nonce in the header is the one on the page's own <style>.
        nonce = policy["style-src"].split("'nonce-")[1].rstrip("'")
        assert f'<style nonce="{nonce}">' in response.content.decode()
        assert "style=" not in response.content.decode()


def test_login_page_and_api_have_the_policy_too(client, reader):
    assert csp(client.get("/api/v2/pages/"))["default-src"] == "'self'"
    client.logout()
    assert csp(client.get("/login/"))["script-src"] == "'self'"
    assert csp(client.get("/health/"))["default-src"] == "'self'"


def test_the_admin_policy_allows_only_what_wagtail_needs(client):
    client.force_login(factories.editor())
    policy = csp(client.get("/admin/"))
    assert policy["default-src"] == "'self'"
    # Wagtail 8 still writes inline scripts for its date chooser and inline panels.
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["object-src"] == "'none'"
    assert "connect-src" not in policy  # default-src 'self' holds for fetches and websockets
    assert policy["frame-ancestors"] == "'self'"  # the preview panel frames our own pages


def test_permissions_policy_turns_off_device_features(client, reader):
    header = client.get("/")["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in header


# Private caching


def test_pages_for_a_logged_in_reader_are_private(client, reader):
    factories.guide_page("Boka lokal")
    cache_control = client.get("/guider/boka-lokal/")["Cache-Control"]
    assert "private" in cache_control and "public" not in cache_control


def test_admin_pages_are_private(client):
    client.force_login(factories.editor())
    assert "private" in client.get("/admin/")["Cache-Control"]


def test_api_responses_are_neither_shared_nor_stored(client, reader):
    factories.guide_page()
    for path in ["/api/v2/pages/", "/api/v2/news/for-me/"]:
        cache_control = client.get(path)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, path
    client.logout()
    _, token = APIToken.create_token(user=factories.UserFactory(), name="Front end")
    cache_control = client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {token}")["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_documents_are_private(client, reader):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(title="Lista", file=ContentFile(b"%PDF-1.4 x", name="lista.pdf"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


# The load balancer's probe


def test_health_answers_plain_http_without_a_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    # Everything else still goes to HTTPS.
    redirected = client.get("/login/")
    assert redirected.status_code == 301
    assert redirected["Location"] == "https://testserver/login/"


# Nothing leaves the municipality's network


def test_admin_pages_fetch_no_avatars_or_updates_from_outside(client):
    admin = factories.UserFactory(is_superuser=True, email="chef@kommunen.example")
    client.force_login(admin)
    for url in [reverse("wagtailadmin_home"), reverse("wagtailadmin_account"), reverse("wagtailusers_users:index")]:
        html = client.get(url).content.decode()
        assert "gravatar" not in html.lower(), url
        assert 'data-controller="w-upgrade' not in html, url  # the check that asks wagtail.org for new releases


def test_the_headless_preview_may_frame_the_front_end_and_nothing_else(rf, settings):
    page = factories.guide_page("Boka lokal")
    request = rf.get("/admin/")
    request.user = factories.editor()
    response = page.make_preview_request(request, preview_mode="headless")
    assert response.status_code == 200
    policy = csp(response)
    assert policy["frame-src"] == "'self' http://127.0.0.1:3000"  # PREVIEW_CLIENT_URL's origin
    assert policy["style-src"].startswith("'self' 'nonce-")
    assert "http://127.0.0.1:3000/preview" in response.content.decode()
    # The intranet's own preview keeps the reader site's policy.
    assert "frame-src" not in csp(page.make_preview_request(request, preview_mode=""))
