"""Single sign-on down must not mean intranet down: an identity provider that refuses, and one that hangs.

Both are real sockets on loopback. The client timeout (ADFS_TIMEOUT) is set to one second here, so a
request that takes longer than HANG_BOUND has hung: that bound detects a hang, it does not measure speed.
"""

import datetime
import socket
import threading
import time

import pytest
from django_auth_adfs.config import provider_config
from django_auth_adfs.config import settings as adfs_settings

from cms.settings import base as production_settings

from . import factories
from .conftest import forget_provider_config

pytestmark = pytest.mark.django_db

TIMEOUT = 1  # ADFS_TIMEOUT for these tests, in seconds
HANG_BOUND = 15  # seconds: far above what one timeout costs; only a hanging request takes this long
PASSWORD = "correct horse battery"
UNAVAILABLE_PAGE = "Inloggningen fungerar inte just nu"
UNAVAILABLE_API = "Inloggningstjänsten svarar inte just nu. Försök igen om några minuter."


class RefusingProvider:
    """A port that is bound but never listens: every connection is refused at once."""

    counts_connections = False

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.server = f"127.0.0.1:{self.socket.getsockname()[1]}"

    def close(self):
        self.socket.close()


class HangingProvider:
    """A server that accepts every connection and never sends a byte (not even its half of TLS)."""

    counts_connections = True

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.server = f"127.0.0.1:{self.socket.getsockname()[1]}"
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        self.socket.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self.socket.close()
        for connection in self.connections:
            connection.close()


def timed(request):
    started = time.monotonic()
    response = request()
    assert time.monotonic() - started < HANG_BOUND, "the request waited for the provider beyond its timeout"
    return response


@pytest.fixture
def hanging_provider():
    provider = HangingProvider()
    yield provider
    provider.close()


@pytest.fixture(params=["refuses", "hangs"])
def provider_down(request, settings, monkeypatch):
    """Single sign-on pointed at a provider that is down, in a process that never reached it."""
    provider = RefusingProvider() if request.param == "refuses" else HangingProvider()
    settings.LOGIN_URL = "django_auth_adfs:login"
    settings.WAGTAILADMIN_LOGIN_URL = "django_auth_adfs:login"
    monkeypatch.setattr(adfs_settings, "SERVER", provider.server)
    monkeypatch.setattr(adfs_settings, "TIMEOUT", TIMEOUT)
    forget_provider_config()
    yield provider
    forget_provider_config()
    provider.close()


def test_break_glass_password_login_never_waits_for_the_provider(client, provider_down, settings):
    settings.AUTHENTICATION_BACKENDS = production_settings.AUTHENTICATION_BACKENDS
    factories.UserFactory(username="root", password=PASSWORD, is_superuser=True)
    factories.UserFactory(username="staff", password=PASSWORD, is_staff=True)

    refused = timed(lambda: client.post("/admin/login/", {"username": "staff", "password": PASSWORD}))
    assert refused.status_code == 200
    assert refused.context["form"].errors
    response = timed(lambda: client.post("/admin/login/", {"username": "root", "password": PASSWORD}))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    if provider_down.counts_connections:
        assert provider_down.connections == []


def test_sso_login_answers_a_swedish_503_page_and_remembers_the_failure(client, provider_down):
    response = timed(lambda: client.get("/", follow=True))
    assert response.redirect_chain == [("/oauth2/login?next=/", 302)]
    assert response.status_code == 503
    assert "registration/sso_unavailable.html" in [template.name for template in response.templates]
    assert UNAVAILABLE_PAGE in response.content.decode()
    assert response["Retry-After"] == "30"
    if provider_down.counts_connections:
        assert len(provider_down.connections) == 1  # asked once: ADFS_RETRIES is 0

    # The next visitor gets the page at once: the provider is not asked again for ADFS_RETRY_AFTER seconds.
    again = timed(lambda: client.get("/oauth2/login"))
    assert again.status_code == 503
    if provider_down.counts_connections:
        assert len(provider_down.connections) == 1


def test_an_api_bearer_token_gets_a_503_json_answer(client, provider_down):
    response = timed(lambda: client.get("/api/v2/pages/", HTTP_AUTHORIZATION="Bearer x.y.z"))
    assert response.status_code == 503
    assert response.json() == {"message": UNAVAILABLE_API}
    assert response["Retry-After"] == "30"
    search = timed(lambda: client.get("/api/v2/search/", {"q": "semester"}, HTTP_AUTHORIZATION="Bearer x.y.z"))
    assert search.status_code == 503
    assert search.json() == {"message": UNAVAILABLE_API}
    assert client.get("/health/").json() == {"status": "ok"}


def test_logout_while_the_provider_is_down_still_logs_out(client, provider_down):
    client.force_login(factories.UserFactory())
    response = timed(lambda: client.get("/oauth2/logout"))
    assert response.status_code == 503
    assert "Du är utloggad från intranätet" in response.content.decode()
    assert client.get("/api/v2/pages/").status_code == 401


def test_the_callback_answers_503_when_the_provider_stops_answering(client, sso, hanging_provider, monkeypatch):
    provider_config.load_config()  # loaded from the real provider when the login began
    monkeypatch.setattr(provider_config, "token_endpoint", f"https://{hanging_provider.server}/adfs/oauth2/token")
    monkeypatch.setattr(adfs_settings, "TIMEOUT", TIMEOUT)
    response = timed(lambda: client.get("/oauth2/callback", {"code": "a-code", "state": "Lw=="}))
    assert response.status_code == 503
    assert UNAVAILABLE_PAGE in response.content.decode()
    assert len(hanging_provider.connections) == 1


def test_a_loaded_configuration_outlives_the_provider(client, sso, hanging_provider, monkeypatch, caplog):
    token = sso.mint()
    assert client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200

    # The provider hangs when the configuration is due for its daily reload.
    monkeypatch.setattr(adfs_settings, "SERVER", hanging_provider.server)
    monkeypatch.setattr(adfs_settings, "TIMEOUT", TIMEOUT)
    provider_config._config_timestamp = datetime.datetime.now() - datetime.timedelta(days=2)
    response = timed(lambda: client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {token}"))
    assert response.status_code == 200
    assert len(hanging_provider.connections) == 1
    assert "keeping the configuration loaded" in caplog.text

    assert client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert len(hanging_provider.connections) == 1  # not asked again until ADFS_RETRY_AFTER has passed


def test_sign_in_works_again_when_the_provider_is_back(client, sso, settings, monkeypatch):
    settings.SSO_PROVIDER_RETRY_AFTER = 0  # instead of waiting for the back-off to pass
    refusing = RefusingProvider()
    try:
        monkeypatch.setattr(adfs_settings, "SERVER", refusing.server)
        assert client.get("/oauth2/login").status_code == 503
    finally:
        refusing.close()
    monkeypatch.setattr(adfs_settings, "SERVER", sso.server)
    response = client.get("/oauth2/login")
    assert response.status_code == 302
    assert response["Location"].startswith(f"https://{sso.server}/adfs/oauth2/authorize")
