"""The headless API: shape, authentication, filters and the reader's own news."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import APIToken

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def social():
    return factories.DepartmentFactory(name="Socialförvaltningen", code="SOC", slug="socialforvaltningen")


@pytest.fixture
def school():
    return factories.DepartmentFactory(name="Utbildningsförvaltningen", code="UTB", slug="utbildningsforvaltningen")


@pytest.fixture
def reader(client, social):
    user = factories.UserFactory(department=social)
    client.force_login(user)
    return user


def test_content_pages_expose_owner_department_and_review(client, reader, social):
    owner = factories.UserFactory(first_name="Karin", last_name="Lindqvist", email="karin@kommunen.example")
    owner.profile.job_title = "Upphandlare"
    owner.profile.save()
    page = factories.guide_page(title="Beställa tjänsteresa", owner=owner, department=social)
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["meta"]["type"] == "pages.GuidePage"
    assert data["title"] == "Beställa tjänsteresa"
    assert data["lead"] == "En kort ingress."
    assert data["body"] == []
    assert data["department"] == {
        "id": social.pk,
        "name": "Socialförvaltningen",
        "code": "SOC",
        "slug": "socialforvaltningen",
    }
    assert data["content_owner"] == {
        "name": "Karin Lindqvist",
        "title": "Upphandlare",
        "email": "karin@kommunen.example",
    }
    assert data["review_date"] == page.review_date.isoformat()
    assert data["review_status"] == "ok"
    assert data["last_reviewed_at"] is None
    assert data["meta"]["first_published_at"] is not None
    assert data["last_published_at"] is not None


def test_filter_by_type_and_department(client, reader, social, school):
    news_social = factories.news_page(title="Nytt från soc", department=social)
    factories.news_page(title="Nytt från skolan", department=school)
    guide_social = factories.guide_page(title="Guide för soc", department=social)

    listing = client.get("/api/v2/pages/?department=socialforvaltningen").json()
    assert {item["id"] for item in listing["items"]} == {news_social.pk, guide_social.pk}
    by_id = client.get(f"/api/v2/pages/?department={social.pk}&type=pages.NewsPage").json()
    assert [item["id"] for item in by_id["items"]] == [news_social.pk]
    guides = client.get("/api/v2/pages/?type=pages.GuidePage&fields=department").json()
    assert [item["department"]["slug"] for item in guides["items"]] == ["socialforvaltningen"]


@pytest.mark.parametrize(
    "query",
    [
        "type=pages.NoSuchPage",
        "type=nonsense",
        "department=no-such-department",
        "department=999999999999999999999999",
        "department=",
        "type=pages.NewsPage&date=not-a-date",
        "type=pages.NewsPage&content_owner=abc",
        "order=nonexistent",
        "limit=-1",
    ],
)
def test_invalid_filters_answer_400_with_a_message(client, reader, query):
    factories.news_page()
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["message"]


def test_api_requires_authentication_and_accepts_wagtail_tokens(client):
    page = factories.guide_page()
    assert client.get("/api/v2/pages/").status_code == 401
    assert client.get("/api/v2/pages/").headers["WWW-Authenticate"].startswith("Bearer")
    user = factories.UserFactory()
    _, token = APIToken.create_token(user=user, name="Front end")
    response = client.get(f"/api/v2/pages/{page.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {tampered}").status_code == 401
    APIToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_token_of_an_inactive_user_is_refused(client):
    user = factories.UserFactory(is_active=False)
    _, token = APIToken.create_token(user=user, name="Old")
    assert client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_api_shows_only_live_pages(client, reader):
    draft = factories.guide_page(title="Utkast", live=False)
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_news_for_me_is_own_department_and_municipality_newest_first(client, reader, social, school):
    today = timezone.localdate()
    old_mine = factories.news_page(title="Äldre soc", department=social, date=today - datetime.timedelta(days=5))
    everyone = factories.news_page(title="Alla", department=None, date=today - datetime.timedelta(days=1))
    new_mine = factories.news_page(title="Ny soc", department=social, date=today)
    other = factories.news_page(title="Skolan", department=school, date=today - datetime.timedelta(days=2))
    factories.news_page(title="Opublicerad", department=social, live=False)

    data = client.get("/api/v2/news/for-me/").json()
    assert data["count"] == 3
    assert [(item["id"], item["reason"]) for item in data["results"]] == [
        (new_mine.pk, "department"),
        (everyone.pk, "municipality"),
        (old_mine.pk, "department"),
    ]
    assert data["results"][0]["department"]["slug"] == "socialforvaltningen"
    assert data["results"][1]["department"] is None

    everything = client.get("/api/v2/news/for-me/?scope=all").json()
    assert [(item["id"], item["reason"]) for item in everything["results"]] == [
        (new_mine.pk, "department"),
        (everyone.pk, "municipality"),
        (other.pk, "all"),
        (old_mine.pk, "department"),
    ]


def test_news_for_me_without_a_department_is_municipality_news(client):
    client.force_login(factories.UserFactory())
    factories.news_page(title="Alla", department=None)
    factories.news_page(title="Soc", department=factories.DepartmentFactory())
    data = client.get("/api/v2/news/for-me/").json()
    assert [item["reason"] for item in data["results"]] == ["municipality"]


def test_news_for_me_is_paginated_and_validates_scope(client, reader):
    for number in range(25):
        factories.news_page(title=f"Nyhet {number}", department=None)
    first = client.get("/api/v2/news/for-me/").json()
    assert first["count"] == 25 and len(first["results"]) == 20 and first["next"]
    second = client.get("/api/v2/news/for-me/?page=2").json()
    assert len(second["results"]) == 5
    assert client.get("/api/v2/news/for-me/?page=99").status_code == 404
    bad = client.get("/api/v2/news/for-me/?scope=everything")
    assert bad.status_code == 400 and "scope" in bad.json()["errors"] and bad.json()["message"]


def test_news_for_me_needs_login(client):
    assert client.get("/api/v2/news/for-me/").status_code == 401


def test_api_links_are_on_base_url_whatever_the_host_header(client, reader, settings):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "evil.example"]
    base_url = settings.WAGTAILADMIN_BASE_URL  # BASE_URL
    assert base_url == "https://intranet.kommunen.test"
    page = factories.guide_page(title="Beställa tjänsteresa")
    document = get_document_model()(title="Resepolicy")
    document.file.save("resepolicy.txt", ContentFile(b"text"), save=False)
    document.save()

    pages = client.get("/api/v2/pages/", HTTP_HOST="evil.example").json()["items"]
    assert [item["meta"]["detail_url"] for item in pages if item["id"] == page.pk] == [
        f"{base_url}/api/v2/pages/{page.pk}/"
    ]
    listed = client.get("/api/v2/documents/", HTTP_HOST="evil.example").json()["items"]
    assert [item["meta"]["download_url"] for item in listed] == [f"{base_url}{document.url}"]
    data = client.get(f"/api/v2/documents/{document.pk}/", HTTP_HOST="evil.example").json()
    assert data["meta"]["detail_url"] == f"{base_url}/api/v2/documents/{document.pk}/"
    assert data["meta"]["download_url"] == f"{base_url}{document.url}"
