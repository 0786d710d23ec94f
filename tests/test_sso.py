"""Single sign-on through a real identity provider that answers like ADFS, on loopback over HTTPS."""

import time
from urllib.parse import urlparse

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import factories

pytestmark = pytest.mark.django_db
User = get_user_model()
EDITORS_DN = "CN=Intranät-redaktörer,OU=Grupper,OU=Kommunen,DC=kommunen,DC=test"


def sign_in(client, provider, next_url="/"):
    """The whole browser round trip: our login → the provider → our callback → the page asked for."""
    response = client.get("/oauth2/login", {"next": next_url})
    assert response.status_code == 302
    authorize = response["Location"]
    assert authorize.startswith(f"https://{provider.server}/adfs/oauth2/authorize")
    at_provider = requests.get(authorize, allow_redirects=False, verify=str(provider.tls_cert_file), timeout=10)
    assert at_provider.status_code == 302
    callback = urlparse(at_provider.headers["Location"])
    assert callback.path == "/oauth2/callback"
    return client.get(f"{callback.path}?{callback.query}")


def test_anonymous_readers_are_sent_to_sso(client, sso):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/oauth2/login")
    admin = client.get("/admin/")
    assert admin.status_code == 302 and admin["Location"].startswith("/oauth2/login")


def test_the_login_flow_creates_then_updates_the_user(client, sso, settings):
    settings.DIRECTORY = {**settings.DIRECTORY, "GROUP_MAP": {EDITORS_DN: "Redaktörer"}}
    sso.set_user("anna.berg", department="Socialförvaltningen", group=["Intranät-redaktörer", "Alla anställda"])
    response = sign_in(client, sso, next_url="/")
    assert response.status_code == 302 and response["Location"] == "/"
    anna = User.objects.get(username="anna.berg")  # DOMAIN\\ stripped: the name the directory sync uses
    assert (anna.first_name, anna.last_name, anna.email) == ("Anna", "Berg", "anna.berg@kommunen.se")
    assert anna.profile.department.name == "Socialförvaltningen"
    assert list(anna.groups.values_list("name", flat=True)) == ["Redaktörer"]
    assert client.get("/").status_code == 200

    client.logout()
    sso.set_user("anna.berg", family_name="Lind", department="Socialförvaltningen", group=[])
    sign_in(client, sso)
    anna.refresh_from_db()
    assert anna.last_name == "Lind"
    assert User.objects.filter(username__iexact="anna.berg").count() == 1
    assert not anna.groups.filter(name="Redaktörer").exists()


def test_sign_in_keeps_groups_the_directory_does_not_manage(client, sso):
    anna = factories.UserFactory(username="anna.berg")
    own = Group.objects.create(name="Projektgrupp bygglov")
    anna.groups.add(own)
    sign_in(client, sso)
    assert anna.groups.filter(pk=own.pk).exists()


def test_an_inactive_user_cannot_log_in(client, sso):
    factories.UserFactory(username="anna.berg", is_active=False)
    response = sign_in(client, sso)
    assert response.status_code == 403
    assert client.get("/").status_code == 302


def test_logout_ends_the_session(client, sso):
    sign_in(client, sso)
    assert client.get("/").status_code == 200
    response = client.get("/oauth2/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_the_api_accepts_the_provider_s_bearer_token(client, sso):
    token = requests.post(
        f"https://{sso.server}/adfs/oauth2/token",
        data={"grant_type": "client_credentials", "client_id": "intranet-test", "client_secret": "x"},
        verify=str(sso.tls_cert_file),
        timeout=10,
    ).json()["access_token"]
    response = client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {tampered}").status_code == 401


@pytest.mark.parametrize(
    "case",
    ["bad signature", "wrong audience", "wrong issuer", "expired"],
)
def test_tokens_that_must_be_refused(client, sso, case):
    if case == "bad signature":
        token = sso.mint(key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
    elif case == "wrong audience":
        token = sso.mint(aud="api://another-app")
    elif case == "wrong issuer":
        token = sso.mint(iss="https://evil.example/adfs/services/trust")
    else:
        now = int(time.time())
        token = sso.mint(iat=now - 7200, nbf=now - 7200, exp=now - 3600)
    assert client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    # our own well-formed token is accepted, so the refusal above is about the case
    assert client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {sso.mint()}").status_code == 200


def test_password_login_is_for_the_break_glass_superuser_only(client, sso, settings):
    settings.AUTHENTICATION_BACKENDS = ["intranet.accounts.backends.BreakGlassModelBackend"]
    factories.UserFactory(username="staff", password="correct horse battery")
    factories.UserFactory(username="root", password="correct horse battery", is_superuser=True)
    assert not client.login(username="staff", password="correct horse battery")
    assert client.login(username="root", password="correct horse battery")
