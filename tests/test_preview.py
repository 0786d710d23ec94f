"""Drafts reach a front end only with a valid, unexpired token AND a user who may edit the page."""

import pytest
from django.core.signing import TimestampSigner
from django.urls import reverse
from django.utils.http import urlencode
from pytest_django.asserts import assertInHTML
from wagtail_headless_preview.models import PagePreview

from intranet.pages.models import GuidePage

from . import factories
from .test_page_rules import TODAY, guide_form, relativedelta

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_preview():
    """A page with an unpublished change, previewed through the headless mode."""
    page = factories.guide_page(title="Boka elcykel")
    page.title = "Boka elcykel (nytt utkast)"
    page.save_revision()
    preview = page.get_latest_revision_as_object().create_page_preview()
    return page, preview


def preview_url(preview):
    return f"/api/v2/preview/?content_type=pages.guidepage&token={preview.token}"


def test_a_valid_token_shows_the_draft_to_an_editor(client, draft_preview):
    page, preview = draft_preview
    client.force_login(factories.editor())
    response = client.get(preview_url(preview))
    assert response.status_code == 200
    assert response.json()["title"] == "Boka elcykel (nytt utkast)"
    assert GuidePage.objects.get(pk=page.pk).title == "Boka elcykel"  # the live page is unchanged


def test_a_writer_who_may_edit_the_page_can_preview_it(client, draft_preview):
    _, preview = draft_preview
    client.force_login(factories.writer())
    assert client.get(preview_url(preview)).status_code == 200


def test_a_tampered_token_is_refused(client, draft_preview):
    _, preview = draft_preview
    client.force_login(factories.editor())
    value, signature = preview.token.rsplit(":", 1)
    forged = TimestampSigner(salt="headlesspreview.token").sign("id=1").rsplit(":", 1)[0] + ":" + signature
    for token in (preview.token[:-2] + "xx", forged, "id=2"):
        response = client.get(f"/api/v2/preview/?content_type=pages.guidepage&token={token}")
        assert response.status_code == 403
        assert "ogiltig" in response.json()["message"]


def test_an_expired_token_is_refused(client, draft_preview, settings):
    _, preview = draft_preview
    settings.HEADLESS_PREVIEW_MAX_AGE_SECONDS = -1
    client.force_login(factories.editor())
    response = client.get(preview_url(preview))
    assert response.status_code == 403
    assert "gått ut" in response.json()["message"]


def test_a_staff_member_without_edit_rights_is_refused_a_valid_token(client, draft_preview):
    _, preview = draft_preview
    client.force_login(factories.UserFactory())
    response = client.get(preview_url(preview))
    assert response.status_code == 403


def test_an_anonymous_request_is_refused(client, draft_preview):
    _, preview = draft_preview
    assert client.get(preview_url(preview)).status_code == 401


def test_a_missing_token_is_a_bad_request(client):
    client.force_login(factories.editor())
    assert client.get("/api/v2/preview/").status_code == 400


def preview_in_admin(client, preview_view_url, data, mode):
    """What the editor's browser does: post the form, then open the preview in the chosen mode."""
    assert client.post(preview_view_url, data).json()["is_valid"]
    return client.get(preview_view_url + f"?mode={mode}")


def test_a_new_page_can_be_previewed_by_someone_who_may_add_it(client):
    parent = factories.guide_index()
    writer = factories.writer()
    client.force_login(writer)
    data = guide_form(writer, TODAY + relativedelta(months=6), title="Ny guide", slug="ny-guide")
    url = reverse("wagtailadmin_pages:preview_on_add", args=["pages", "guidepage", parent.pk])
    response = preview_in_admin(client, url, data, "headless")
    assert response.status_code == 200
    preview = PagePreview.objects.get()
    assert urlencode({"token": preview.token}) in response.content.decode()  # the front end's URL carries it
    assert "http://127.0.0.1:3000/preview" in response.content.decode()

    api = client.get(preview_url(preview))
    assert api.status_code == 200
    assert api.json()["title"] == "Ny guide"
    client.force_login(factories.UserFactory())
    assert client.get(preview_url(preview)).status_code == 403


def test_the_admin_offers_both_previews(client):
    page = factories.guide_page(title="Boka elcykel")
    editor = factories.editor()
    client.force_login(editor)
    assert dict(page.preview_modes).keys() == {"", "headless"}
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = guide_form(editor, TODAY + relativedelta(months=6), title="Boka elcykel i dag", slug=page.slug)
    built_in = preview_in_admin(client, url, data, "")
    assert built_in.status_code == 200
    assertInHTML('<h1 class="ds-heading" data-size="xl">Boka elcykel i dag</h1>', built_in.content.decode())
    assert not PagePreview.objects.exists()
    headless = preview_in_admin(client, url, data, "headless")
    assert headless.status_code == 200
    assert PagePreview.objects.count() == 1


def test_the_preview_shows_the_whole_draft_without_being_told_its_type_or_fields(client, draft_preview):
    page, preview = draft_preview
    client.force_login(factories.editor())
    response = client.get(f"/api/v2/preview/?token={preview.token}")
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["type"] == "pages.GuidePage"
    assert data["title"] == "Boka elcykel (nytt utkast)"
    assert data["lead"] == page.lead
    assert data["review_date"] == page.review_date.isoformat()
    assert data["content_owner"]["email"] == page.content_owner.email
    assert "body" in data and "related_links" in data
