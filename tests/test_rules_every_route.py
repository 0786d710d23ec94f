"""The deletion rule, the publishing rules and the archive record hold on every route Wagtail offers.

Each test is a hostile colleague: a writer (Skribenter) or an editor (Redaktörer) with a real session,
using the admin's JSON API as a browser script would (session cookie and CSRF header), the bulk actions,
the admin views, or plain code. Each asserts the one right answer and that nothing was destroyed or
published.
"""

import datetime
import json

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.delete_page import DeletePageAction
from wagtail.models import Page, PageLogEntry, Revision

from intranet.archive.deletion import RecordDeletionRefused, delete_with_reason
from intranet.archive.models import ArchivedPage
from intranet.ownership.models import PublishingRefused
from intranet.pages.models import GuidePage, InfoPage

from . import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = datetime.date(2020, 1, 1)


def overdue_by(days):
    return TODAY - datetime.timedelta(days=days)


def browser_session(user):
    """A logged-in browser: CSRF checks on, the token taken from the cookie the admin sets."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    return client


def api_action(client, page, action, data=None):
    return client.post(
        reverse("wagtailadmin_api:pages:action", args=[page.pk, action]),
        data=json.dumps(data or {}),
        content_type="application/json",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )


def bulk_action(client, action, pages, data=None):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
    query = "&".join(f"id={page.pk}" for page in pages)
    return client.post(f"{url}?{query}", data or {})


@pytest.fixture
def archived_page():
    page = factories.guide_page("Gammal rutin", review_date=overdue_by(100))
    call_command("archive_overdue_pages", f"--today={TODAY.isoformat()}")
    page.refresh_from_db()
    assert not page.live and ArchivedPage.objects.current().filter(page=page).exists()
    return page


@pytest.fixture
def draft_parent_with_published_child():
    """A draft that was never published, holding a page that was: deleting the draft deletes the record."""
    parent = factories.info_page("Utkast till avsnitt", live=False)
    child = factories.info_page("Publicerad rutin", parent=parent)
    assert parent.first_published_at is None and child.live
    return parent, child


def nothing_deleted(*pages):
    return Page.objects.filter(pk__in=[page.pk for page in pages]).count() == len(pages) and not (
        PageLogEntry.objects.filter(page_id__in=[page.pk for page in pages], action="wagtail.delete").exists()
    )


def published_draft_with_review_date(review_date, title="Boka elcykel", **kwargs):
    """A draft whose latest revision would be published with this review date."""
    page = factories.guide_page(title, live=False, **kwargs)
    GuidePage.objects.filter(pk=page.pk).update(review_date=review_date)
    page.refresh_from_db()
    page.save_revision(user=page.content_owner)
    return page


# Deleting ------------------------------------------------------------------------------------------


def test_a_writer_cannot_delete_an_archived_page_through_the_admin_api(archived_page):
    response = api_action(browser_session(factories.writer()), archived_page, "delete")
    assert response.status_code == 403
    assert nothing_deleted(archived_page)
    assert ArchivedPage.objects.current().filter(page=archived_page).exists()


def test_an_editor_cannot_delete_a_live_page_through_the_admin_api_without_a_reason():
    page = factories.guide_page("Publicerad rutin")
    response = api_action(browser_session(factories.editor()), page, "delete")
    assert response.status_code == 400
    assert (
        "tas bara bort i redigeringsläget, av en redaktör, med en skriftlig motivering"
        in response.json()["errors"]["reason"][0]
    )
    assert nothing_deleted(page)


def test_an_editor_cannot_delete_an_archived_page_through_the_admin_api_either(archived_page):
    response = api_action(browser_session(factories.editor()), archived_page, "delete")
    assert response.status_code == 400
    assert nothing_deleted(archived_page)
    assert ArchivedPage.objects.current().filter(page=archived_page).exists()


def test_deleting_a_never_published_parent_does_not_take_its_published_children(draft_parent_with_published_child):
    parent, child = draft_parent_with_published_child
    assert api_action(browser_session(factories.editor()), parent, "delete").status_code == 400
    assert nothing_deleted(parent, child)


def test_a_writer_cannot_delete_a_never_published_parent_holding_published_pages(draft_parent_with_published_child):
    parent, child = draft_parent_with_published_child
    Page.objects.filter(pk__in=[parent.pk, child.pk]).update(live=False)  # the child archived, say
    writer = factories.writer()
    Page.objects.filter(pk__in=[parent.pk, child.pk]).update(owner=writer)
    assert api_action(browser_session(writer), parent, "delete").status_code == 403
    assert nothing_deleted(parent, child)


def test_a_writer_still_deletes_their_own_draft_that_was_never_published():
    writer = factories.writer()
    draft = factories.guide_page("Mitt utkast", live=False)
    Page.objects.filter(pk=draft.pk).update(owner=writer)
    response = api_action(browser_session(writer), draft, "delete")
    assert response.status_code == 204
    assert not Page.objects.filter(pk=draft.pk).exists()


def test_the_admin_asks_an_editor_for_a_reason_before_deleting_a_draft_that_holds_a_record(
    client, draft_parent_with_published_child
):
    parent, child = draft_parent_with_published_child
    client.force_login(factories.editor())
    url = reverse("wagtailadmin_pages:delete", args=[parent.pk])
    assert 'name="reason"' in client.get(url).content.decode()
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert nothing_deleted(parent, child)

    response = client.post(url, {"reason": "Avsnittet ersätts av Så gör du"})
    assert response.status_code == 302
    assert not Page.objects.filter(pk__in=[parent.pk, child.pk]).exists()
    entry = PageLogEntry.objects.get(page_id=parent.pk, action="intranet.delete")
    assert entry.data["reason"] == "Avsnittet ersätts av Så gör du" and entry.data["descendants"] == 1


def test_an_editor_deletes_an_archived_page_in_the_admin_with_a_reason(client, archived_page):
    client.force_login(factories.editor())
    response = client.post(reverse("wagtailadmin_pages:delete", args=[archived_page.pk]), {"reason": "Dubblett"})
    assert response.status_code == 302
    assert not Page.objects.filter(pk=archived_page.pk).exists()
    assert PageLogEntry.objects.filter(page_id=archived_page.pk, action="intranet.delete").exists()


def test_a_bulk_delete_of_a_draft_holding_a_record_is_refused(client, draft_parent_with_published_child):
    parent, child = draft_parent_with_published_child
    client.force_login(factories.editor())
    response = bulk_action(client, "delete", [parent])
    assert response.status_code == 302
    assert nothing_deleted(parent, child)


def test_code_cannot_delete_a_record_without_a_reason(archived_page, draft_parent_with_published_child):
    parent, child = draft_parent_with_published_child
    with pytest.raises(RecordDeletionRefused):
        archived_page.delete()
    with pytest.raises(RecordDeletionRefused):
        Page.objects.get(pk=parent.pk).specific.delete()
    # Wagtail's own action and a plain queryset delete meet the same refusal.
    for deletion in (
        lambda: DeletePageAction(Page.objects.get(pk=parent.pk)).execute(),
        lambda: Page.objects.filter(pk=child.pk).delete(),
        lambda: InfoPage.objects.filter(pk=child.pk).delete(),
    ):
        with pytest.raises(RecordDeletionRefused), transaction.atomic():
            deletion()
    assert nothing_deleted(archived_page, parent, child)
    assert ArchivedPage.objects.current().filter(page=archived_page).exists()


def test_code_deletes_a_record_only_through_the_reasoned_deletion_by_someone_who_can_publish(archived_page):
    with pytest.raises(PermissionDenied):
        delete_with_reason(archived_page, factories.writer(), "Vill bort")
    the_editor = factories.editor()
    with pytest.raises(ValidationError):
        delete_with_reason(archived_page, the_editor, "   ")
    assert nothing_deleted(archived_page)

    delete_with_reason(archived_page, the_editor, "Felaktig")
    assert not Page.objects.filter(pk=archived_page.pk).exists()
    assert not ArchivedPage.objects.filter(page_id=archived_page.pk).exists()
    entry = PageLogEntry.objects.get(page_id=archived_page.pk, action="intranet.delete")
    assert entry.user == the_editor and entry.data["reason"] == "Felaktig"


# Publishing ----------------------------------------------------------------------------------------


def test_an_editor_cannot_publish_a_passed_review_date_through_the_admin_api():
    page = published_draft_with_review_date(LONG_AGO)
    response = api_action(browser_session(factories.editor()), page, "publish")
    assert response.status_code == 400
    assert "review_date" in response.json()["errors"]
    page.refresh_from_db()
    assert not page.live and page.first_published_at is None
    assert not PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish").exists()


def test_the_admin_api_refuses_an_inactive_owner_and_a_review_date_too_far_ahead():
    editor_session = browser_session(factories.editor())
    too_far = published_draft_with_review_date(TODAY + relativedelta(months=25))
    ownerless = published_draft_with_review_date(TODAY + relativedelta(months=6), title="Ägarlös")
    ownerless.content_owner.is_active = False  # the owner left after the draft was written
    ownerless.content_owner.save()
    assert api_action(editor_session, too_far, "publish").status_code == 400
    assert api_action(editor_session, ownerless, "publish").json()["errors"].keys() == {"content_owner"}
    assert not GuidePage.objects.filter(pk__in=[too_far.pk, ownerless.pk], live=True).exists()


def test_a_writer_cannot_publish_through_the_admin_api():
    page = published_draft_with_review_date(TODAY + relativedelta(months=6))
    assert api_action(browser_session(factories.writer()), page, "publish").status_code == 403
    page.refresh_from_db()
    assert not page.live


def test_an_editor_publishes_a_page_that_keeps_the_rules_through_the_admin_api():
    page = published_draft_with_review_date(TODAY + relativedelta(months=6))
    assert api_action(browser_session(factories.editor()), page, "publish").status_code == 200
    page.refresh_from_db()
    assert page.live


def test_an_archived_page_cannot_be_republished_as_it_was(archived_page):
    response = api_action(browser_session(factories.editor()), archived_page, "publish")
    assert response.status_code == 400
    archived_page.refresh_from_db()
    assert not archived_page.live
    assert ArchivedPage.objects.current().filter(page=archived_page).exists()


def test_a_bulk_publish_is_refused_when_a_page_breaks_the_rules(client):
    page = published_draft_with_review_date(LONG_AGO)
    client.force_login(factories.editor())
    response = bulk_action(client, "publish", [page])
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live


def test_a_bulk_publish_with_subpages_is_refused_when_a_subpage_breaks_the_rules(client):
    parent = factories.info_page("Avsnitt", live=False)
    child = factories.info_page("Gammal undersida", live=False, parent=parent)
    InfoPage.objects.filter(pk=child.pk).update(review_date=LONG_AGO)
    child.refresh_from_db()
    child.save_revision()
    client.force_login(factories.editor())
    response = bulk_action(client, "publish", [parent], {"include_descendants": "on"})
    assert response.status_code == 302
    assert not InfoPage.objects.filter(pk__in=[parent.pk, child.pk], live=True).exists()


def test_the_edit_view_refuses_to_publish_a_passed_review_date(client):
    page = factories.guide_page("Boka elcykel")
    client.force_login(factories.editor())
    from .test_page_rules import guide_form

    data = guide_form(page.content_owner, LONG_AGO, slug=page.slug, title=page.title)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    page.refresh_from_db()
    assert page.review_date != LONG_AGO


def test_code_cannot_publish_against_the_rules():
    page = published_draft_with_review_date(LONG_AGO)
    with pytest.raises(PublishingRefused) as refusal:
        page.get_latest_revision().publish()
    assert "review_date" in refusal.value.message_dict
    page.refresh_from_db()
    assert not page.live


def test_restoring_an_ownerless_archived_page_asks_for_an_owner_first(client, archived_page):
    leaver = archived_page.content_owner
    leaver.is_active = False
    leaver.save()
    client.force_login(factories.editor())
    record = ArchivedPage.objects.current().get(page=archived_page)
    response = client.post(reverse("archive_restore", args=[record.pk]))
    assert response.status_code == 302
    archived_page.refresh_from_db()
    assert not archived_page.live
    assert ArchivedPage.objects.current().filter(pk=record.pk).exists()


def test_a_scheduled_publication_that_breaks_the_rules_when_it_is_due_is_skipped_and_logged():
    from intranet.scheduling.tasks import publish_scheduled_pages

    refused = published_draft_with_review_date(TODAY + relativedelta(months=6), title="Väntar")
    fine = factories.guide_page("Boka konferensrum", live=False)
    due = timezone.now() - datetime.timedelta(minutes=5)
    for page in (refused, fine):
        Revision.page_revisions.filter(pk=page.latest_revision_id).update(approved_go_live_at=due)
    # The owner left between scheduling and the go-live time.
    refused.content_owner.is_active = False
    refused.content_owner.save()

    publish_scheduled_pages.call()

    refused.refresh_from_db()
    fine.refresh_from_db()
    assert fine.live and not refused.live
    assert not Revision.page_revisions.filter(pk=refused.latest_revision_id, approved_go_live_at__isnull=False).exists()
    assert PageLogEntry.objects.filter(page_id=refused.pk, action="intranet.publish.refused").exists()


# Copying, aliases, moving, reverting ---------------------------------------------------------------


def overdue_live_page():
    return factories.guide_page("Gammal rutin", review_date=overdue_by(10))


def test_a_live_copy_of_an_overdue_page_is_refused_through_the_admin_api():
    page = overdue_live_page()
    pages = Page.objects.count()
    response = api_action(browser_session(factories.editor()), page, "copy", {"keep_live": True})
    assert response.status_code == 400
    assert Page.objects.count() == pages


def test_a_draft_copy_of_an_overdue_page_is_allowed():
    page = overdue_live_page()
    response = api_action(browser_session(factories.editor()), page, "copy", {"keep_live": False})
    assert response.status_code == 201
    copy = GuidePage.objects.get(pk=response.json()["id"])
    assert not copy.live and copy.first_published_at is None


def test_a_writer_cannot_make_a_live_copy():
    page = factories.guide_page("Publicerad rutin")
    pages = Page.objects.count()
    assert api_action(browser_session(factories.writer()), page, "copy").status_code == 403
    assert Page.objects.count() == pages


def test_a_recursive_live_copy_is_refused_when_a_subpage_is_overdue():
    parent = factories.info_page("Avsnitt")
    factories.info_page("Gammal undersida", parent=parent, review_date=overdue_by(10))
    pages = Page.objects.count()
    response = api_action(browser_session(factories.editor()), parent, "copy", {"recursive": True, "keep_live": True})
    assert response.status_code == 400
    assert Page.objects.count() == pages


def test_the_admin_copy_view_refuses_a_live_copy_of_an_overdue_page(client):
    page = overdue_live_page()
    pages = Page.objects.count()
    client.force_login(factories.editor())
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {
            "new_title": "Kopia",
            "new_slug": "kopia",
            "new_parent_page": page.get_parent().pk,
            "publish_copies": "on",
        },
    )
    assert response.status_code == 200
    assert "Granskningsdatumet har redan passerat" in response.content.decode()
    assert Page.objects.count() == pages


def test_an_alias_of_an_overdue_page_is_refused_through_the_admin_api():
    page = overdue_live_page()
    pages = Page.objects.count()
    response = api_action(browser_session(factories.editor()), page, "create_alias", {"update_slug": "alias"})
    assert response.status_code == 400
    assert Page.objects.count() == pages


def test_a_writer_cannot_move_an_archived_page():
    page = factories.info_page("Gammal rutin", review_date=overdue_by(100))
    call_command("archive_overdue_pages", f"--today={TODAY.isoformat()}")
    destination = factories.info_page("Någon annanstans")
    response = api_action(
        browser_session(factories.writer()),
        page,
        "move",
        {"destination_page_id": destination.pk, "position": "last-child"},
    )
    assert response.status_code == 403
    assert Page.objects.get(pk=page.pk).get_parent().pk == factories.home_page().pk
    assert ArchivedPage.objects.current().filter(page=page).exists()


def test_an_editor_moves_a_published_page_and_it_stays_a_record():
    page = factories.info_page("Flyttad rutin")
    destination = factories.info_page("Nytt avsnitt", live=False)
    editor_session = browser_session(factories.editor())
    response = api_action(
        editor_session, page, "move", {"destination_page_id": destination.pk, "position": "last-child"}
    )
    assert response.status_code == 200
    page = Page.objects.get(pk=page.pk)
    assert page.live and page.get_parent().pk == destination.pk
    # Under a draft it is still an official record: the draft cannot be deleted without a reason now.
    assert api_action(editor_session, destination, "delete").status_code == 400
    assert nothing_deleted(destination, page)


def test_reverting_through_the_admin_api_makes_a_draft_and_publishes_nothing():
    page = factories.guide_page("Publicerad rutin")
    live_revision = page.live_revision_id
    old = page.live_revision
    page.title = "Ny titel"
    page.save_revision()
    writer = factories.writer()
    response = api_action(browser_session(writer), page, "revert_to_page_revision", {"revision_id": old.pk})
    assert response.status_code == 200
    page.refresh_from_db()
    assert page.live_revision_id == live_revision and page.has_unpublished_changes


def test_a_writer_cannot_unpublish_through_the_admin_api():
    page = factories.guide_page("Publicerad rutin")
    assert api_action(browser_session(factories.writer()), page, "unpublish").status_code == 403
    page.refresh_from_db()
    assert page.live


def test_code_cannot_copy_or_move_its_way_around_the_rules():
    overdue = overdue_live_page()
    section = factories.info_page("Avsnitt")
    factories.info_page("Gammal undersida", parent=section, review_date=overdue_by(10))
    pages = Page.objects.count()
    for copying in (
        lambda: overdue.copy(update_attrs={"slug": "kopia"}),
        lambda: CopyPageAction(section, recursive=True, update_attrs={"slug": "kopia"}).execute(),
        lambda: overdue.create_alias(update_slug="alias"),
    ):
        with pytest.raises(PublishingRefused), transaction.atomic():
            copying()
    assert Page.objects.count() == pages
    # A draft copy is working material, and allowed.
    assert not overdue.copy(update_attrs={"slug": "utkast"}, keep_live=False).live

    # Moved under a draft, a record is still a record.
    draft = factories.info_page("Utkast", live=False)
    Page.objects.get(pk=section.pk).move(draft, pos="last-child")
    with pytest.raises(RecordDeletionRefused):
        InfoPage.objects.get(pk=draft.pk).delete()
    assert InfoPage.objects.filter(pk=section.pk, live=True).exists()


def test_converting_an_alias_publishes_nothing_new_and_the_page_is_archived_like_any_other():
    page = factories.info_page("Rutin", review_date=TODAY + datetime.timedelta(days=5))
    editor_session = browser_session(factories.editor())
    response = api_action(editor_session, page, "create_alias", {"update_slug": "rutin-alias"})
    assert response.status_code == 201
    alias = InfoPage.objects.get(pk=response.json()["id"])
    assert alias.live
    # Converting it makes a page of its own, as live as it was: nothing new is shown to readers.
    assert api_action(editor_session, alias, "convert_alias").status_code == 200
    alias = InfoPage.objects.get(pk=alias.pk)
    assert alias.live and alias.alias_of_id is None and alias.review_date == page.review_date
    # ... and it is archived like any page when its review date is long past.
    call_command("archive_overdue_pages", f"--today={(TODAY + datetime.timedelta(days=100)).isoformat()}")
    assert not InfoPage.objects.filter(pk__in=[page.pk, alias.pk], live=True).exists()


def test_a_writer_cannot_copy_for_translation_through_the_admin_api():
    page = factories.guide_page("Publicerad rutin")
    pages = Page.objects.count()
    response = api_action(
        browser_session(factories.writer()), page, "copy_for_translation", {"locale": "sv", "alias": True}
    )
    assert response.status_code == 403
    assert Page.objects.count() == pages
