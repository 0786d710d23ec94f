"""Reader pages are private, revalidated every time, and answered with a 304 when nothing changed (point 7)."""

import pytest

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    client.force_login(factories.UserFactory())
    return client


def test_a_content_page_is_private_revalidated_and_tagged(reader):
    page = factories.guide_page(title="Boka elcykel")
    response = reader.get(page.url)
    assert response.status_code == 200
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"private", "max-age=0", "must-revalidate"}
    assert response["ETag"].startswith('W/"')


def test_asking_again_with_the_tag_gets_a_304_without_the_page(reader):
    page = factories.guide_page(title="Boka elcykel")
    first = reader.get(page.url)
    again = reader.get(page.url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    # The kept page has its own nonce: a new policy on the 304 would refuse its inline style.
    assert "Content-Security-Policy" not in again


def test_a_changed_page_gets_a_new_tag_and_the_whole_page(reader):
    page = factories.guide_page(title="Boka elcykel")
    first = reader.get(page.url)
    page.title = "Boka elcykel eller lånecykel"
    page.save_revision().publish()
    again = reader.get(page.url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "lånecykel" in again.content.decode()


def test_a_new_login_never_reuses_a_page_with_the_old_csrf_token(client):
    person = factories.UserFactory()
    page = factories.guide_page(title="Boka elcykel")
    client.post("/login/", {"username": person.username, "password": "password"})
    first = client.get(page.url)
    client.post("/logout/")
    client.post("/login/", {"username": person.username, "password": "password"})  # rotates the CSRF secret
    again = client.get(page.url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200


def test_the_login_page_keeps_django_never_cache(client):
    response = client.get("/login/")
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {
        "private",
        "max-age=0",
        "must-revalidate",
        "no-cache",
        "no-store",
    }


def test_api_answers_keep_their_own_headers(reader):
    factories.guide_page(title="Boka elcykel")
    response = reader.get("/api/v2/pages/")
    assert response.status_code == 200
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-store"}
    assert "ETag" not in response


def test_admin_pages_keep_their_own_headers(client):
    client.force_login(factories.editor())
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # Wagtail's never_cache
    assert "ETag" not in response
