"""Owners, editors and readers see who answers for what, and how current it is."""

import datetime
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model

from intranet.documents.reports import unused_documents
from intranet.organisation.models import EmployeeProfile
from intranet.ownership.reports import responsibility_counts
from intranet.pages.models import GuidePage

from .factories import DepartmentFactory, UserFactory, editor, guide_page, policy_page, writer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def in_days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def social():
    return DepartmentFactory(name="Socialförvaltningen", code="SOC")


@pytest.fixture
def school():
    return DepartmentFactory(name="Utbildningsförvaltningen", code="UTB")


# "Mina sidor att granska"


def bulk_action_url(action, *objects, **query):
    """Wagtail's bulk action URL for `objects` (pages or documents), as its footer and our reports build it."""
    from wagtail.models import Page

    model = Page if isinstance(objects[0], Page) else type(objects[0])
    url = reverse("wagtail_bulk_action", args=[model._meta.app_label, model._meta.model_name, action])
    return f"{url}?{urlencode([('id', obj.pk) for obj in objects] + list(query.items()))}"


def test_an_owner_sees_and_marks_their_pages_and_documents_in_bulk(client):
    from django.utils.formats import date_format

    owner = writer(username="agaren")
    due = guide_page("Boka resa", owner=owner, review_date=in_days(10))
    late = policy_page("Inköpspolicy", owner=owner, review_date=in_days(-5))
    later = guide_page("Senare", owner=owner, review_date=in_days(90))
    guide_page("Någon annans", review_date=in_days(-5))
    form = make_document("Reseräkning", content_owner=owner, review_date=in_days(2))
    client.force_login(owner)

    html = client.get(reverse("ownership_my_reviews")).content.decode()
    assert "Boka resa" in html and "Inköpspolicy" in html and "Reseräkning" in html
    assert "Senare" not in html and "Någon annans" not in html
    # Each row links to the bulk action for that one item; pages also have checkboxes for Wagtail's footer.
    assert bulk_action_url("mark_reviewed", form).split("?")[0] in html
    assert html.count('data-bulk-action-checkbox class="bulk-action-checkbox"') == 2

    pages = bulk_action_url("mark_reviewed", due, late)
    confirmation = client.get(pages).content.decode()
    assert "Boka resa" in confirmation and date_format(TODAY + due.review_interval, "j F Y") in confirmation
    response = client.post(pages)
    assert response.status_code == 302
    for page in (due, late):
        page.refresh_from_db()
        assert page.last_reviewed_by == owner and page.review_date > in_days(300)
    later.refresh_from_db()
    assert later.last_reviewed_at is None
    assert due.revisions.count() == 1  # a review makes no new revision

    assert client.post(bulk_action_url("mark_reviewed", form)).status_code == 302
    form.refresh_from_db()
    assert form.last_reviewed_by == owner and form.review_date == TODAY + form.review_interval
    assert "Reseräkning" not in client.get(reverse("ownership_my_reviews")).content.decode()


def test_bulk_marking_skips_what_the_user_may_not_review(client):
    someone_elses = guide_page("Någon annans", review_date=in_days(-5))
    not_owned_content = someone_elses.get_parent()  # an index page has no owner or review date
    document = make_document("Någon annans blankett", review_date=in_days(-5))
    client.force_login(writer())
    for objects in ([someone_elses, not_owned_content], [document]):
        confirmation = client.get(bulk_action_url("mark_reviewed", *objects)).content.decode()
        assert "Endast innehållsansvarig eller en redaktör" in confirmation
        assert client.post(bulk_action_url("mark_reviewed", *objects)).status_code == 302
    someone_elses.refresh_from_db()
    document.refresh_from_db()
    assert someone_elses.last_reviewed_at is None and document.last_reviewed_at is None


def test_the_admin_dashboard_shows_my_pages_to_review(client):
    owner = writer(username="agaren")
    guide_page("Boka resa", owner=owner, review_date=in_days(-1))
    client.force_login(owner)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Mina sidor att granska" in html and "Boka resa" in html and "1 försenad" in html


def test_an_owner_without_edit_rights_on_the_page_may_mark_it_reviewed_in_the_admin(client):
    owner = writer(username="agaren")
    page = guide_page("Boka resa", owner=owner, review_date=in_days(3))
    client.force_login(owner)
    assert client.post(reverse("ownership_mark_reviewed", args=[page.pk])).status_code == 302
    page.refresh_from_db()
    assert page.last_reviewed_by == owner
    # Another writer, neither owner nor editor, may not.
    other = guide_page("Annan", review_date=in_days(3))
    client.post(reverse("ownership_mark_reviewed", args=[other.pk]))
    other.refresh_from_db()
    assert other.last_reviewed_at is None


def test_marking_news_as_reviewed_sets_the_date_the_confirmation_promised(client):
    from django.utils.formats import date_format

    from .factories import news_page

    owner = writer(username="nyhetsagaren")
    # A news item's first review date counts from its own date; a review counts from today.
    page = news_page("Gammal nyhet", owner=owner, date=in_days(-360), review_date=in_days(3))
    client.force_login(owner)
    confirmation = client.get(reverse("ownership_mark_reviewed", args=[page.pk])).content.decode()
    client.post(reverse("ownership_mark_reviewed", args=[page.pk]))
    page.refresh_from_db()
    assert page.review_date == TODAY + page.review_interval
    assert date_format(page.review_date, "j F Y") in confirmation


# "Innehållsansvar"


def test_counts_by_department_and_by_owner(social, school):
    anna = UserFactory(username="anna", department=social)
    bo = UserFactory(username="bo", department=school)
    guide_page("Ok", owner=anna, department=social, review_date=in_days(200))
    guide_page("Snart", owner=anna, department=social, review_date=in_days(20))
    guide_page("Sen", owner=bo, department=school, review_date=in_days(-3))
    policy_page("Ägarlös", owner=bo, department=school, review_date=in_days(100))
    guide_page("Arkiverad", owner=bo, department=school, review_date=in_days(-100))
    from django.core.management import call_command

    call_command("archive_overdue_pages")
    bo.is_active = False
    bo.save()

    by_department = responsibility_counts("department", today=TODAY)
    assert by_department[social.pk] == {"ok": 1, "due_soon": 1, "overdue": 0, "ownerless": 0, "archived": 0}
    assert by_department[school.pk] == {"ok": 1, "due_soon": 0, "overdue": 1, "ownerless": 2, "archived": 1}
    by_owner = responsibility_counts("owner", today=TODAY)
    assert by_owner[anna.pk]["ok"] == 1 and by_owner[bo.pk]["archived"] == 1
    only_policies = responsibility_counts("department", page_type="policypage", today=TODAY)
    assert only_policies[school.pk]["ok"] == 1 and social.pk not in only_policies


def test_the_overview_is_for_editors_and_exports_csv(client, social):
    import csv
    import io

    guide_page("Sen", department=social, review_date=in_days(-3))
    client.force_login(writer())
    # Wagtail's admin answers a refusal with a redirect to the dashboard and a message.
    refused = client.get(reverse("content_responsibility"))
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    client.force_login(editor())
    html = client.get(reverse("content_responsibility"), {"group_by": "department"}).content.decode()
    assert "Innehållsansvar" in html and "Socialförvaltningen" in html
    export = client.get(reverse("content_responsibility"), {"export": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0] == ["Förvaltning", "Aktuell", "Granskas snart", "Försenad", "Ägarlös", "Arkiverat", "Totalt"]
    assert ["Socialförvaltningen", "0", "0", "1", "0", "0", "1"] in rows
    by_owner = client.get(reverse("content_responsibility"), {"export": "csv", "group_by": "owner"})
    assert b"".join(by_owner.streaming_content).decode().startswith("Innehållsansvarig,")


def test_the_overview_filters_by_page_type_and_department(client, social, school):
    guide_page("Guide", department=social, review_date=in_days(-3))
    policy_page("Policy", department=school, review_date=in_days(200))
    client.force_login(editor())

    def rows(**filters):
        export = client.get(reverse("content_responsibility"), {"export": "csv", **filters})
        return b"".join(export.streaming_content).decode().splitlines()[1:]

    assert rows(page_type="policypage") == ["Utbildningsförvaltningen,1,0,0,0,0,1"]
    assert rows(department=social.pk) == ["Socialförvaltningen,0,0,1,0,0,1"]
    # A filter value that is none: Wagtail's filter form says so, and the counts are made without it.
    response = client.get(reverse("content_responsibility"), {"page_type": "x", "department": "²"})
    assert response.status_code == 200 and "Välj ett giltigt alternativ" in response.content.decode()
    assert len(rows(page_type="x")) == 2


# Owners who leave


def test_when_an_owner_is_deactivated_the_department_s_editors_get_one_digest(
    mail_server, social, django_capture_on_commit_callbacks
):
    leaver = UserFactory(username="slutar", department=social)
    department_editor = editor(username="red-soc", department=social)
    guide_page("Rutin ett", owner=leaver, department=social)
    guide_page("Rutin två", owner=leaver, department=social)
    with django_capture_on_commit_callbacks(execute=True):
        leaver.is_active = False
        leaver.save()
    [message] = mail_server.to(department_editor.email)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Ägarlös: ägaren har slutat (2)" in text and "Rutin ett" in text and "Rutin två" in text
    # The pages keep working for readers.
    assert GuidePage.objects.live().count() == 2


def test_ownerless_pages_are_reassigned_in_bulk_to_the_leaver_s_manager_by_default(client, social):
    manager = UserFactory(username="chefen", department=social)
    leaver = UserFactory(username="slutar", department=social)
    EmployeeProfile.objects.filter(user=leaver).update(manager=manager)
    first = guide_page("Rutin ett", owner=leaver, department=social)
    second = guide_page("Rutin två", owner=leaver, department=social)
    orphan = guide_page("Rutin tre", department=social)
    orphan.content_owner.delete()
    leaver.is_active = False
    leaver.save()

    client.force_login(editor())
    html = client.get(reverse("ownership_ownerless")).content.decode()
    assert "Rutin ett" in html and "Rutin tre" in html and "borttagen användare" in html
    assert html.count('data-bulk-action-checkbox class="bulk-action-checkbox"') == 3

    pages = bulk_action_url("change_owner", first, second, orphan, next=reverse("ownership_ownerless"))
    confirmation = client.get(pages).content.decode()
    assert "Föreslagen ägare" in confirmation and manager.get_full_name() in confirmation
    response = client.post(pages, {"new_owner": ""}, follow=True)
    assert "2 sidor har fått nya ägare." in response.content.decode()
    assert "Ingen föreslagen ägare för: Rutin tre" in response.content.decode()
    for page in (first, second):
        page.refresh_from_db()
        assert page.content_owner == manager
    chosen = UserFactory(username="ny-agare")
    client.post(bulk_action_url("change_owner", orphan), {"new_owner": chosen.pk})
    orphan.refresh_from_db()
    assert orphan.content_owner == chosen


def test_only_editors_change_the_owner_and_only_of_ownerless_pages(client, social):
    leaver = UserFactory(username="slutar", department=social)
    ownerless = guide_page("Rutin", owner=leaver, department=social)
    owned = guide_page("Ägd", department=social)
    leaver.is_active = False
    leaver.save()
    successor = UserFactory(username="efterträdare")
    client.force_login(writer())
    assert client.get(reverse("ownership_ownerless")).status_code == 302
    client.post(bulk_action_url("change_owner", ownerless), {"new_owner": successor.pk})
    client.force_login(editor())
    client.post(bulk_action_url("change_owner", owned), {"new_owner": successor.pk})
    for page, owner in ((ownerless, leaver), (owned, owned.content_owner)):
        page.refresh_from_db()
        assert page.content_owner == owner
    # A new owner that is no active user is refused by the form; nothing changes.
    response = client.post(bulk_action_url("change_owner", ownerless), {"new_owner": "²"})
    assert response.status_code == 200 and "Välj ett giltigt alternativ" in response.content.decode()
    ownerless.refresh_from_db()
    assert ownerless.content_owner == leaver


def test_the_ownerless_report_filters_by_department_and_exports(client, social, school):
    for name, department in (("slutar-soc", social), ("slutar-utb", school)):
        leaver = UserFactory(username=name, department=department)
        guide_page(f"Rutin {name}", owner=leaver, department=department)
        leaver.is_active = False
        leaver.save()
    client.force_login(editor())
    html = client.get(reverse("ownership_ownerless"), {"department": social.pk}).content.decode()
    assert "Rutin slutar-soc" in html and "Rutin slutar-utb" not in html
    export = client.get(reverse("ownership_ownerless"), {"export": "csv"})
    text = b"".join(export.streaming_content).decode()
    assert text.splitlines()[0] == "Sida,Sökväg,Förvaltning,Tidigare ägare,Föreslagen ägare"
    assert "Rutin slutar-soc" in text and "Rutin slutar-utb" in text


def test_a_chooser_given_an_id_that_is_no_id_shows_the_form_error(client):
    """Every chooser widget (ours for owners, Wagtail's for pages): a 500 before, when the form was drawn again."""
    from .test_page_rules import guide_form, relativedelta

    page = guide_page("Rutin")
    client.force_login(editor())
    client.raise_request_exception = False
    data = guide_form(UserFactory(), TODAY + relativedelta(months=6), slug=page.slug, title=page.title)
    data["content_owner"] = "²"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200 and "Välj ett giltigt alternativ" in response.content.decode()
    promotion = {"query_string": "rutin", "editors_picks-TOTAL_FORMS": "1", "editors_picks-INITIAL_FORMS": "0"}
    promotion.update({"editors_picks-0-page": "²", "editors_picks-0-ORDER": "0"})
    response = client.post(reverse("wagtailsearchpromotions:add"), promotion)
    assert response.status_code == 200 and "Välj ett giltigt alternativ" in response.content.decode()


def test_a_reassigned_owner_survives_publishing_an_older_draft(social):
    leaver = UserFactory(username="slutar", department=social)
    page = guide_page("Rutin", owner=leaver, department=social)
    draft = page.save_revision()
    leaver.is_active = False
    leaver.save()
    successor = UserFactory(username="efterträdare")
    GuidePage.objects.filter(pk=page.pk).update(content_owner=successor)
    type(draft).objects.get(pk=draft.pk).publish()  # as the admin does: the revision and page loaded afresh
    page.refresh_from_db()
    assert page.content_owner == successor


# Readers


def test_readers_see_the_review_status_and_a_notice_on_overdue_pages(client, social):
    from django.utils import translation
    from django.utils.formats import date_format

    owner = UserFactory(username="agaren", first_name="Eva", last_name="Ek")
    missed = in_days(-30)
    late = guide_page("Gammal", owner=owner, department=social, review_date=missed)
    guide_page("Ny", owner=owner, department=social, review_date=in_days(200))
    client.force_login(UserFactory())
    items = {
        item["title"]: item
        for item in client.get(
            reverse("wagtailapi:pages:listing"),
            {"type": "pages.GuidePage", "fields": "review_status,review_notice,last_reviewed_at"},
        ).json()["items"]
    }
    assert items["Ny"]["review_status"] == "ok" and items["Ny"]["review_notice"] is None
    assert items["Gammal"]["review_status"] == "overdue"
    with translation.override("sv"):
        swedish_date = date_format(missed, "j F Y")  # e.g. "1 september 2026"
    notice = f"Sidan skulle ha granskats {swedish_date}. Innehållsansvarig: Eva Ek."
    assert items["Gammal"]["review_notice"] == notice
    assert notice in client.get(late.url).content.decode()


def test_an_ownerless_page_names_no_owner_to_readers(client):
    leaver = UserFactory(username="slutar", first_name="Lasse", last_name="Slutar")
    page = guide_page("Rutin", owner=leaver, review_date=in_days(-2))
    leaver.is_active = False
    leaver.save()
    client.force_login(UserFactory())
    detail = client.get(reverse("wagtailapi:pages:detail", args=[page.pk])).json()
    assert detail["content_owner"] is None
    assert "saknas (sidan är ägarlös)" in detail["review_notice"]
    assert "Lasse" not in client.get(page.url).content.decode()


# Documents


def make_document(title, created_at=None, **kwargs):
    Document = get_document_model()
    document = Document(title=title, **kwargs)
    document.file.save(f"{title}.txt", ContentFile(b"text"), save=False)
    document.save()
    if created_at:
        Document.objects.filter(pk=document.pk).update(created_at=created_at)
    return document


def test_documents_get_the_uploader_as_owner_and_a_review_date():
    uploader = UserFactory(username="laddare")
    document = make_document("Blankett", uploaded_by_user=uploader)
    assert document.content_owner == uploader
    assert document.review_date == TODAY + document.review_interval


def test_the_document_form_has_owner_and_review_date(client):
    client.force_login(editor())
    document = make_document("Blankett")
    html = client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
    assert 'name="content_owner"' in html and 'name="review_date"' in html


def test_document_owners_are_reminded_too(mail_server):
    from django.core.management import call_command

    owner = UserFactory(username="agaren")
    make_document("Reseräkning", content_owner=owner, review_date=in_days(-1))
    call_command("send_review_reminders")
    [message] = mail_server.to(owner.email)
    assert "Reseräkning" in message.get_body(preferencelist=("plain",)).get_content()
    assert "/admin/documents/edit/" in message.get_body(preferencelist=("html",)).get_content()


def test_unused_documents_are_old_ones_no_live_page_refers_to(client):
    from wagtail.models import ReferenceIndex

    old = timezone.now() - datetime.timedelta(days=200)
    unused = make_document("Oanvänd", created_at=old)
    used = make_document("Använd", created_at=old)
    only_in_archive = make_document("Bara i utkast", created_at=old)
    make_document("Ny", created_at=timezone.now() - datetime.timedelta(days=10))
    guide_page("Med bilaga", documents=[("document", used)])
    draft_only = guide_page("Opublicerad", live=False, documents=[("document", only_in_archive)])
    ReferenceIndex.create_or_update_for_object(draft_only)
    assert ReferenceIndex.get_references_to(used).count() == 1

    assert {document.title for document in unused_documents()} == {"Oanvänd", "Bara i utkast"}
    client.force_login(editor())
    html = client.get(reverse("unused_documents")).content.decode()
    assert unused.title in html and "Bara i utkast" in html
    client.force_login(writer())
    refused = client.get(reverse("unused_documents"))
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))


def test_search_marks_pages_overdue_for_review(client):
    guide_page("Boka tjänsteresa", review_date=in_days(-3))
    guide_page("Tjänsteresa utomlands", review_date=in_days(100))
    client.force_login(UserFactory())
    results = client.get(reverse("wagtailapi:search"), {"q": "tjänsteresa"}).json()["results"]
    assert {hit["title"]: hit["review_status"] for hit in results} == {
        "Boka tjänsteresa": "overdue",
        "Tjänsteresa utomlands": "ok",
    }
    html = client.get(reverse("search"), {"q": "tjänsteresa"}).content.decode()
    assert html.count("granskning försenad") == 1


def test_one_answer_to_page_or_document():
    from intranet.ownership.services import is_page, owned_models

    document = get_document_model().objects.create(title="Blankett", file=ContentFile(b"text", name="blankett.txt"))
    assert is_page(guide_page("Boka lokal")) and is_page(GuidePage)
    assert not is_page(document) and not is_page(get_document_model())
    assert [model for model in owned_models() if not is_page(model)] == [get_document_model()]
