"""Only Redaktörer publish; writers submit; anonymous users see nothing at all."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Workflow, WorkflowState

from intranet.pages.models import GuidePage
from intranet.publishing.services import publishing_routes

from . import factories
from .test_page_rules import TODAY, add_guide, guide_form, relativedelta

pytestmark = pytest.mark.django_db


def test_stock_groups_and_workflow_are_gone():
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    workflow = factories.home_page().get_workflow()
    assert workflow.name == "Redaktörsgranskning"
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == ["Redaktörer"]
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()


def test_a_writer_cannot_publish_through_the_admin(client):
    writer = factories.writer()
    client.force_login(writer)
    response = add_guide(client, guide_form(writer, TODAY + relativedelta(months=6)))
    page = GuidePage.objects.filter(slug="boka-elcykel").first()
    assert page is None or not page.live, response.status_code


def test_a_writer_cannot_publish_by_posting_to_the_edit_view(client):
    page = factories.guide_page(live=False)
    writer = factories.writer()
    client.force_login(writer)
    data = guide_form(writer, TODAY + relativedelta(months=6), slug=page.slug, title=page.title)
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    page.refresh_from_db()
    assert not page.live


def test_a_writer_cannot_approve_their_own_submission(client):
    writer = factories.writer()
    page = factories.guide_page(live=False, owner=writer)
    workflow_state = page.get_workflow().start(page, writer)
    task_state = workflow_state.current_task_state
    client.force_login(writer)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    client.post(url, {"comment": ""})
    page.refresh_from_db()
    assert not page.live
    assert WorkflowState.objects.get(pk=workflow_state.pk).status == WorkflowState.STATUS_IN_PROGRESS


def test_an_editor_can_publish(client):
    client.force_login(factories.editor())
    response = add_guide(client, guide_form(factories.UserFactory(), TODAY + relativedelta(months=6)))
    assert response.status_code == 302
    assert GuidePage.objects.get(slug="boka-elcykel").live


def test_workflow_from_writer_submission_to_editor_approval(client):
    writer = factories.writer()
    client.force_login(writer)
    response = add_guide(client, guide_form(writer, TODAY + relativedelta(months=6), action="action-submit"))
    assert response.status_code == 302
    page = GuidePage.objects.get(slug="boka-elcykel")
    assert not page.live
    workflow_state = page.current_workflow_state
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = workflow_state.current_task_state

    editor = factories.editor()
    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Boka elcykel" in dashboard  # waiting in the editor's "awaiting your review" panel
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": "Bra!"})
    assert response.status_code == 302  # the approval is not a modal request: Wagtail redirects
    page.refresh_from_db()
    assert page.live
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_APPROVED


def test_only_editors_and_superusers_can_publish():
    editors = [factories.editor() for _ in range(3)]
    factories.writer()
    factories.UserFactory()
    factories.editor(is_active=False)
    admin = factories.UserFactory(is_superuser=True)
    routes = publishing_routes()
    assert set(routes) == {user.pk for user in editors} | {admin.pk}


def test_who_can_publish_report_lists_each_route_and_the_total(client):
    editors = [factories.editor(first_name="Eva", last_name=f"Redaktör{n}") for n in range(2)]
    extra = Group.objects.create(name="Webbgruppen")
    from wagtail.models import GroupPagePermission

    GroupPagePermission.objects.create(group=extra, page=factories.guide_index(), permission_type="publish")
    side_door = factories.UserFactory(first_name="Sid", last_name="Dörr")
    side_door.groups.add(extra)
    factories.writer()
    client.force_login(editors[0])
    response = client.get(reverse("who_can_publish"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 personer kan publicera" in html
    assert "Sid Dörr" in html and "Webbgruppen" in html
    export = client.get(reverse("who_can_publish") + "?export=csv")
    csv = b"".join(export.streaming_content).decode()
    assert len([line for line in csv.splitlines() if line.strip()]) == 1 + 3


def test_who_can_publish_is_closed_to_writers(client):
    client.force_login(factories.writer())
    # Wagtail's admin answers a refusal with a redirect to the dashboard and a message.
    response = client.get(reverse("who_can_publish"))
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))


@pytest.mark.parametrize("path", ["/", "/start/", "/api/v2/pages/", "/admin/", "/media/original_images/x.png"])
def test_anonymous_users_see_nothing(client, path):
    response = client.get(path)
    if path.startswith("/api/"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_anonymous_users_get_no_page_image_or_document(client):
    page = factories.guide_page()
    document = get_document_model().objects.create(
        title="Inköpsregler", file=ContentFile(b"%PDF-1.4", name="regler.pdf")
    )
    from wagtail.images.models import Image

    image = Image.objects.create(title="Elcykel", file=get_test_image_file())
    for url in (page.url, document.url, image.file.url):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/")
    for endpoint in ("pages", "images", "documents"):
        assert client.get(f"/api/v2/{endpoint}/").status_code == 401
        assert client.get(f"/api/v2/{endpoint}/{page.pk}/").status_code == 401

    client.force_login(factories.UserFactory())
    assert client.get(page.url).status_code == 200
    assert client.get(document.url).status_code == 200
    assert client.get(image.file.url).status_code == 200


def test_the_login_page_and_health_check_are_open(client):
    assert client.get("/login/").status_code == 200
    assert client.get("/health/").json() == {"status": "ok"}


def test_an_approval_after_the_review_date_has_passed_is_refused(client):
    import datetime

    from django.utils import timezone

    writer = factories.writer()
    page = factories.guide_page(live=False, owner=writer)
    revision = page.save_revision(user=writer)
    workflow_state = page.get_workflow().start(page, writer)
    # Submitted with a valid date; the date passed before an editor got to it.
    passed = timezone.localdate() - datetime.timedelta(days=2)
    revision.content["review_date"] = passed.isoformat()
    revision.save()
    GuidePage.objects.filter(pk=page.pk).update(review_date=passed)
    client.force_login(factories.editor())
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", workflow_state.current_task_state.pk])
    response = client.post(url, {"comment": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    page.refresh_from_db()
    assert not page.live
    assert WorkflowState.objects.get(pk=workflow_state.pk).status == WorkflowState.STATUS_IN_PROGRESS


def test_editors_and_writers_reach_the_image_and_document_libraries(client):
    for user in (factories.editor(), factories.writer()):
        client.force_login(user)
        assert client.get("/admin/documents/").status_code == 200
        assert client.get("/admin/documents/multiple/add/").status_code == 200
        assert client.get("/admin/images/").status_code == 200
    client.force_login(factories.UserFactory())
    assert client.get("/admin/documents/").status_code == 302  # staff without admin access


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailsnippets_intranet_search_synonym:list",
        "wagtailsearchpromotions:index",
        "wagtailsnippets_organisation_departmentalias:list",
        "wagtailsnippets_organisation_employeeprofile:list",
        "wagtailsnippets_intranet_search_synonym:add",
        "wagtailsearchpromotions:add",
        "wagtailsnippets_organisation_departmentalias:add",
    ],
)
def test_editors_reach_the_snippets_the_docs_promise_them(client, url_name):
    client.force_login(factories.editor())
    assert client.get(reverse(url_name)).status_code == 200


def test_an_editor_corrects_a_profile_but_neither_creates_nor_deletes_one(client):
    editor = factories.editor()
    client.force_login(editor)
    profile = editor.profile
    assert (
        client.get(reverse("wagtailsnippets_organisation_employeeprofile:edit", args=[profile.pk])).status_code == 200
    )
    # Profiles come from the directory: Wagtail sends the editor back to the dashboard.
    assert client.get(reverse("wagtailsnippets_organisation_employeeprofile:add")).status_code == 302
    assert (
        client.get(reverse("wagtailsnippets_organisation_employeeprofile:delete", args=[profile.pk])).status_code == 302
    )


@pytest.mark.parametrize(
    "url_name", ["wagtailsnippets_intranet_search_synonym:list", "wagtailsnippets_organisation_departmentalias:list"]
)
def test_writers_do_not_manage_search_vocabulary(client, url_name):
    client.force_login(factories.writer())
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
