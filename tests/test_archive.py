"""Staged archiving: overdue pages are unpublished into the archive, kept whole, and restored in one action."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry

from intranet.archive.models import ArchivedPage
from intranet.pages.models import GuidePage
from intranet.reminders.models import ReviewNotice, Stage

from .factories import DepartmentFactory, UserFactory, editor, guide_page, writer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def overdue_by(n):
    return TODAY - datetime.timedelta(days=n)


def archive(**options):
    call_command("archive_overdue_pages", f"--today={TODAY.isoformat()}", **options)


def test_a_page_overdue_by_90_days_is_archived_and_kept_whole(client):
    page = guide_page("Gammal rutin", review_date=overdue_by(90))
    fresh = guide_page("Nästan gammal", review_date=overdue_by(89))
    revisions = page.revisions.count()

    archive()

    page.refresh_from_db()
    assert not page.live
    assert page.revisions.count() == revisions
    record = ArchivedPage.objects.current().get()
    assert record.page_id == page.pk and record.missed_review_date == overdue_by(90)
    assert record.revision_id is not None
    assert PageLogEntry.objects.filter(page=page, action="intranet.archive").exists()
    fresh.refresh_from_db()
    assert fresh.live

    # Hidden from readers, the API and search.
    client.force_login(UserFactory())
    assert client.get(page.url_path.replace("/start", "", 1) or "/").status_code == 404
    api = client.get(reverse("wagtailapi:pages:listing"), {"type": "pages.GuidePage"}).json()
    assert [item["title"] for item in api["items"]] == ["Nästan gammal"]
    assert "Gammal rutin" not in client.get(reverse("search"), {"q": "rutin"}).content.decode()


def test_the_archive_limit_is_set_per_page_type(monkeypatch):
    monkeypatch.setattr(GuidePage, "archive_after", datetime.timedelta(days=30))
    guide_page("Snabbt arkiverad", review_date=overdue_by(31))
    archive()
    assert ArchivedPage.objects.current().count() == 1


def test_dry_run_archives_nothing(capsys):
    guide_page("Gammal rutin", review_date=overdue_by(120))
    archive(dry_run=True)
    assert "Would archive: Gammal rutin" in capsys.readouterr().out
    assert not ArchivedPage.objects.exists()
    assert GuidePage.objects.get().live


def test_owner_and_editors_are_warned_at_60_days_and_told_when_it_happens(mail_server):
    department = DepartmentFactory(name="Socialförvaltningen", code="SOC")
    owner = UserFactory(username="agaren", department=department)
    department_editor = editor(username="red-soc", department=department)
    guide_page("Gammal rutin", owner=owner, review_date=overdue_by(60), department=department)

    call_command("send_review_reminders", f"--today={TODAY.isoformat()}")
    for person in (owner, department_editor):
        [message] = mail_server.to(person.email)
        assert "Arkiveras om den inte granskas" in message.get_body(preferencelist=("plain",)).get_content()

    later = TODAY + datetime.timedelta(days=30)
    call_command("archive_overdue_pages", f"--today={later.isoformat()}")
    call_command("send_review_reminders", f"--today={later.isoformat()}")
    for person in (owner, department_editor):
        last = mail_server.to(person.email)[-1]
        assert "Arkiverad eftersom granskningen är försenad" in last.get_body(preferencelist=("plain",)).get_content()
    assert ReviewNotice.objects.filter(stage=Stage.ARCHIVED).count() == 2


def test_an_editor_restores_an_archived_page_in_one_action(client):
    page = guide_page("Gammal rutin", review_date=overdue_by(100))
    archive()
    record = ArchivedPage.objects.current().get()
    the_editor = editor(username="redaktoren")
    client.force_login(the_editor)

    report = client.get(reverse("archive_report"))
    assert "Gammal rutin" in report.content.decode()
    csv = client.get(reverse("archive_report"), {"export": "csv"})
    assert "Gammal rutin" in b"".join(csv.streaming_content).decode("utf-8-sig")

    response = client.post(reverse("archive_restore", args=[record.pk]))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.review_date > TODAY and page.last_reviewed_by == the_editor
    record.refresh_from_db()
    assert record.restored_at is not None and record.restored_by == the_editor
    assert not ArchivedPage.objects.current().exists()
    # The next night does not archive it again.
    archive()
    page.refresh_from_db()
    assert page.live


def test_a_writer_cannot_restore_or_see_the_archive(client):
    guide_page("Gammal rutin", review_date=overdue_by(100))
    archive()
    record = ArchivedPage.objects.current().get()
    client.force_login(writer())
    # Wagtail's admin answers a refusal with a redirect and a message.
    for response in [client.get(reverse("archive_report")), client.post(reverse("archive_restore", args=[record.pk]))]:
        assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert ArchivedPage.objects.current().exists()


def test_publishing_an_archived_page_anew_closes_its_archive_record():
    page = guide_page("Gammal rutin", review_date=overdue_by(100))
    archive()
    page.refresh_from_db()
    page.review_date = TODAY + datetime.timedelta(days=100)
    page.save_revision().publish()
    assert not ArchivedPage.objects.current().exists()


def test_deleting_a_published_page_needs_an_editor_and_a_reason_in_the_audit_log(client):
    page = guide_page("Felaktig sida", review_date=overdue_by(100))
    archive()
    delete_url = reverse("wagtailadmin_pages:delete", args=[page.pk])

    client.force_login(writer())
    response = client.post(delete_url, {"reason": "Vill bort"})
    assert response.status_code == 302
    assert Page.objects.filter(pk=page.pk).exists()

    the_editor = editor(username="redaktoren")
    client.force_login(the_editor)
    form = client.get(delete_url)
    assert 'name="reason"' in form.content.decode()
    response = client.post(delete_url, {"reason": "  "})
    assert "Skriv varför sidan tas bort." in response.content.decode()
    assert Page.objects.filter(pk=page.pk).exists()

    response = client.post(delete_url, {"reason": "Dubblett av Boka resa"})
    assert response.status_code == 302
    assert not Page.objects.filter(pk=page.pk).exists()
    entry = PageLogEntry.objects.get(page_id=page.pk, action="intranet.delete")
    assert entry.user == the_editor and entry.data["reason"] == "Dubblett av Boka resa"
    assert entry.label == "Felaktig sida" and entry.timestamp is not None
    assert PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.delete").exists()


def test_a_draft_that_was_never_published_is_deleted_as_usual(client):
    author = writer()
    page = guide_page("Utkast", live=False, owner=author)
    client.force_login(author)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=page.pk).exists()


def test_published_pages_are_not_deleted_in_bulk(client):
    page = guide_page("Publicerad")
    client.force_login(editor())
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    response = client.post(f"{url}?id={page.pk}")
    assert response.status_code == 302
    assert Page.objects.filter(pk=page.pk).exists()


def test_archived_pages_leave_the_search_engine_s_results(client, search_engine):
    guide_page("Boka tjänsteresa", review_date=overdue_by(100))
    guide_page("Tjänsteresa utomlands")
    archive()
    search_engine.get_index_for_model(GuidePage).refresh()
    client.force_login(UserFactory())
    response = client.get(reverse("wagtailapi:search"), {"q": "tjänsteresa"})
    assert response.status_code == 200
    assert [hit["title"] for hit in response.json()["results"]] == ["Tjänsteresa utomlands"]


def test_the_archive_report_costs_the_same_for_many_pages(client, django_assert_max_num_queries):
    department = DepartmentFactory(name="Socialförvaltningen", code="SOC")
    for n in range(12):
        guide_page(f"Gammal rutin {n}", review_date=overdue_by(100), department=department, owner=UserFactory())
    archive()
    client.force_login(editor())
    with django_assert_max_num_queries(40):
        html = client.get(reverse("archive_report")).content.decode()
    assert html.count("Socialförvaltningen") == 12


def test_a_restore_whose_archived_revision_was_purged_publishes_the_latest_revision():
    """Wagtail's purge_revisions may delete the archived revision once a later draft exists (the record keeps None)."""
    from intranet.archive.services import restore_page

    page = guide_page("Gammal rutin", review_date=overdue_by(90))
    archive()
    page = GuidePage.objects.get(pk=page.pk)
    page.lead = "Omskriven medan den var arkiverad."
    draft = page.save_revision()
    call_command("purge_revisions", verbosity=0)
    record = ArchivedPage.objects.current().get()
    assert record.revision is None

    restore_page(record, editor())

    page.refresh_from_db()
    assert page.live and page.live_revision_id == draft.pk
    assert page.lead == "Omskriven medan den var arkiverad."
