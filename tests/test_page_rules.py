"""The rules every content page lives by: an active owner and a review date within reach."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, streamfield

from intranet.pages.models import GuidePage, HomePage, InfoPage, NewsPage, PolicyPage

from . import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def guide_form(owner, review_date, action="action-publish", **extra):
    data = nested_form_data(
        {
            "title": "Boka elcykel",
            "slug": "boka-elcykel",
            "lead": "Så bokar du en elcykel.",
            "body": streamfield([]),
            "related_links": streamfield([]),
            "documents": streamfield([]),
            "content_owner": owner.pk if owner else "",
            "review_date": review_date.isoformat() if review_date else "",
            "department": "",
            **extra,
        }
    )
    data[action] = "1"
    return data


def add_guide(client, data):
    parent = factories.guide_index()
    return client.post(reverse("wagtailadmin_pages:add", args=["pages", "guidepage", parent.pk]), data)


@pytest.fixture
def editor_client(client):
    editor = factories.editor()
    client.force_login(editor)
    client.editor = editor
    return client


def test_publishing_with_owner_and_review_date_succeeds(editor_client):
    owner = factories.UserFactory()
    response = add_guide(editor_client, guide_form(owner, TODAY + relativedelta(months=6)))
    assert response.status_code == 302
    page = GuidePage.objects.get(slug="boka-elcykel")
    assert page.live
    assert page.content_owner == owner


def test_publishing_without_owner_is_refused_with_a_clear_message(editor_client):
    response = add_guide(editor_client, guide_form(None, TODAY + relativedelta(months=6)))
    assert response.status_code == 200
    assert not GuidePage.objects.exists()
    assert "Sidan måste ha en innehållsansvarig innan den publiceras." in response.content.decode()


def test_review_date_in_the_past_is_refused_at_publishing(editor_client):
    response = add_guide(editor_client, guide_form(factories.UserFactory(), TODAY - datetime.timedelta(days=1)))
    assert response.status_code == 200
    assert not GuidePage.objects.exists()
    assert "Granskningsdatumet har redan passerat" in response.content.decode()


def test_review_date_more_than_24_months_ahead_is_refused(editor_client):
    too_late = TODAY + relativedelta(months=24) + datetime.timedelta(days=1)
    response = add_guide(editor_client, guide_form(factories.UserFactory(), too_late))
    assert response.status_code == 200
    assert "högst 24 månader" in response.content.decode()
    response = add_guide(editor_client, guide_form(factories.UserFactory(), TODAY + relativedelta(months=24)))
    assert response.status_code == 302


def test_submitting_for_approval_applies_the_same_rules(client):
    writer = factories.writer()
    client.force_login(writer)
    data = guide_form(writer, TODAY - datetime.timedelta(days=3), action="action-submit")
    response = add_guide(client, data)
    assert response.status_code == 200
    assert "Granskningsdatumet har redan passerat" in response.content.decode()


def test_a_draft_may_be_saved_with_a_past_review_date(editor_client):
    response = add_guide(
        editor_client, guide_form(factories.UserFactory(), TODAY - datetime.timedelta(days=5), action="action-save")
    )
    assert response.status_code == 302
    page = GuidePage.objects.get(slug="boka-elcykel")
    assert not page.live


def test_an_inactive_user_cannot_be_chosen_as_owner(editor_client):
    leaver = factories.UserFactory(is_active=False)
    for action in ("action-publish", "action-save"):
        response = add_guide(editor_client, guide_form(leaver, TODAY + relativedelta(months=6), action=action))
        assert response.status_code == 200
        assert not GuidePage.objects.exists()


def test_publishing_errors_name_an_inactive_owner():
    leaver = factories.UserFactory(first_name="Per", last_name="Slutat", is_active=False)
    page = GuidePage(content_owner=leaver, review_date=TODAY)
    assert "Per Slutat är inte längre aktiv" in str(page.publishing_errors()["content_owner"])


def test_new_pages_start_with_the_editor_as_owner_and_the_type_s_interval(editor_client):
    parent = factories.guide_index()
    response = editor_client.get(reverse("wagtailadmin_pages:add", args=["pages", "guidepage", parent.pk]))
    form = response.context["form"]
    assert form.initial["review_date"] == TODAY + relativedelta(months=12)
    assert form.initial["content_owner"] == editor_client.editor.pk


def test_review_intervals_per_page_type():
    assert GuidePage().default_review_date(TODAY) == TODAY + relativedelta(months=12)
    assert PolicyPage().default_review_date(TODAY) == TODAY + relativedelta(months=12)
    assert InfoPage().default_review_date(TODAY) == TODAY + relativedelta(months=6)
    published = datetime.date(2026, 3, 1)
    assert NewsPage(date=published).default_review_date(TODAY) == datetime.date(2027, 3, 1)


def test_mark_as_reviewed_moves_the_date_and_makes_no_revision(editor_client):
    page = factories.guide_page(review_date=TODAY + datetime.timedelta(days=3))
    revisions = page.revisions.count()
    last_published_at = GuidePage.objects.get(pk=page.pk).last_published_at
    url = reverse("ownership_mark_reviewed", args=[page.pk])
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.review_date == TODAY + relativedelta(months=12)
    assert page.last_reviewed_by == editor_client.editor
    assert page.last_reviewed_at is not None
    assert page.revisions.count() == revisions
    assert page.last_published_at == last_published_at


def test_a_review_survives_publishing_an_older_draft():
    page = factories.guide_page(review_date=TODAY + datetime.timedelta(days=3))
    draft = page.save_revision()
    reviewer = factories.editor()
    page.mark_reviewed(reviewer)
    draft.publish()
    page.refresh_from_db()
    assert page.review_date == TODAY + relativedelta(months=12)
    assert page.last_reviewed_by == reviewer


def test_mark_as_reviewed_needs_edit_rights(client):
    page = factories.guide_page()
    client.force_login(factories.UserFactory())  # staff member without admin rights
    response = client.post(reverse("ownership_mark_reviewed", args=[page.pk]))
    # Someone without access to the admin is sent to its login, as Wagtail does for every admin URL.
    assert response.status_code == 302
    assert response.url == f"{reverse('wagtailadmin_login')}?next={reverse('ownership_mark_reviewed', args=[page.pk])}"
    page.refresh_from_db()
    assert page.last_reviewed_at is None


def test_the_page_tree_is_a_contract():
    assert GuidePage.allowed_parent_page_models() == [factories.guide_index().specific_class]
    assert NewsPage.allowed_subpage_models() == []
    assert HomePage.max_count == 1
    assert {model.__name__ for model in HomePage.allowed_subpage_models()} == {
        "NewsIndexPage",
        "GuideIndexPage",
        "PolicyIndexPage",
        "InfoPage",
    }


def test_policy_validity_must_not_end_before_it_starts():
    from django.core.exceptions import ValidationError

    page = factories.policy_page()
    page.valid_to = page.valid_from - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "valid_to" in error.value.message_dict


def test_every_content_page_type_renders_at_its_url(client):
    client.force_login(factories.UserFactory())
    for page in (factories.news_page(), factories.guide_page(), factories.policy_page()):
        response = client.get(page.url)
        assert response.status_code == 200
        assert page.title in response.content.decode()
        assert page.content_owner.get_full_name() in response.content.decode()


def test_the_edit_view_offers_mark_as_reviewed(editor_client):
    page = factories.guide_page()
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert reverse("ownership_mark_reviewed", args=[page.pk]) in html
    assert "Markera som granskad" in html


def test_mark_as_reviewed_ignores_an_outside_next_url(editor_client):
    page = factories.guide_page()
    response = editor_client.post(reverse("ownership_mark_reviewed", args=[page.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_the_owner_chooser_finds_active_staff_only(editor_client):
    karin = factories.UserFactory(first_name="Karin", last_name="Lindqvist")
    factories.UserFactory(first_name="Karin", last_name="Slutat", is_active=False)
    response = editor_client.get("/admin/content-owner-chooser/results/?q=karin")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Karin Lindqvist ({karin.username})" in html
    assert "Slutat" not in html
    chosen = editor_client.get(f"/admin/content-owner-chooser/chosen/{karin.pk}/").json()
    assert chosen["result"]["title"] == f"Karin Lindqvist ({karin.username})"


def test_a_writer_s_new_page_starts_in_the_writer_s_department(client):
    department = factories.DepartmentFactory(name="Kultur- och fritidsförvaltningen")
    writer = factories.writer(department=department)
    client.force_login(writer)
    parent = factories.guide_index()
    response = client.get(reverse("wagtailadmin_pages:add", args=["pages", "guidepage", parent.pk]))
    form = response.context["form"]
    assert form.initial["department"] == department.pk
    assert form["department"].value() == department.pk


def test_a_new_page_of_someone_without_a_department_starts_municipality_wide(client):
    writer = factories.writer()
    client.force_login(writer)
    parent = factories.guide_index()
    response = client.get(reverse("wagtailadmin_pages:add", args=["pages", "guidepage", parent.pk]))
    assert response.context["form"]["department"].value() is None
