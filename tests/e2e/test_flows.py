"""The main journeys of staff, writers, editors and owners, in Debian's Chromium against the live intranet."""

import datetime
import re
import uuid

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from intranet.pages.models import GuidePage, NewsIndexPage, NewsPage
from intranet.reminders.links import read_token

from .. import factories


def user(username):
    return get_user_model().objects.select_related("profile__department").get(username=username)


def test_log_in_and_read_the_start_page(visitor):
    staff = visitor()
    page = staff.page
    page.goto("/")
    assert page.url.endswith("/login/?next=/")  # nothing without logging in
    staff.log_in("medarbetare")
    assert page.url == staff.base + "/"
    me = user("medarbetare")
    expect(page.get_by_role("navigation", name="Mitt konto")).to_contain_text(me.get_full_name())
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_be_visible()
    expect(page.locator("main h1")).to_be_visible()


def test_a_wrong_password_says_so_in_swedish(visitor):
    page = visitor().log_in("medarbetare", password="fel-losenord")
    expect(page.get_by_role("alert")).to_have_text("Användarnamnet eller lösenordet stämmer inte. Försök igen.")


def open_action_menu(page):
    """Wagtail's page editor keeps its other actions behind a toggle beside the primary button."""
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()


def test_news_from_writer_through_editor_to_its_department(visitor):
    writer, editor_user = user("skribent"), user("redaktor")
    department = writer.profile.department
    title = f"Ny rutin för fika {uuid.uuid4().hex[:6]}"

    # The writer writes the news in the admin and submits it to the editors' review.
    writer_browser = visitor()
    page = writer_browser.log_in("skribent", next_path="/admin/")
    news_index = NewsIndexPage.objects.live().first()
    page.goto(f"/admin/pages/add/pages/newspage/{news_index.pk}/")
    page.locator("#id_title").fill(title)
    page.locator("#id_lead").fill("Från måndag bjuder förvaltningen på fika varje fredag.")
    open_action_menu(page)
    submit = page.locator("button[name='action-submit']")
    expect(submit).to_contain_text("Lämna in till Redaktörsgranskning")
    with page.expect_navigation():
        submit.click()
    news = NewsPage.objects.get(title=title)
    assert not news.live
    assert news.department_id == department.pk  # the writer's own department, filled in for them
    assert news.current_workflow_state.status == "in_progress"

    # The editor previews the draft in the admin, rendered by the reader site, and publishes it.
    editor_browser = visitor()
    page = editor_browser.log_in("redaktor", next_path=f"/admin/pages/{news.pk}/edit/")
    page.locator("button[data-side-panel-toggle='preview']").first.click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("main h1")).to_have_text(title)
    expect(preview.locator("header.site-header")).to_be_visible()
    open_action_menu(page)
    with page.expect_navigation():
        page.locator("button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])").click()
    news.refresh_from_db()
    assert news.live
    assert news.live_revision.user_id == editor_user.pk  # published by the editor's approval

    # Staff of the department see it on their start page; staff of another department do not.
    colleague = (
        get_user_model()
        .objects.filter(profile__department=department, is_active=True)
        .exclude(pk__in=[writer.pk])
        .exclude(groups__name__in=["Redaktörer", "Skribenter"])
        .first()
    )
    outsider = user("medarbetare")
    assert outsider.profile.department_id != department.pk
    for person in (colleague, outsider):
        person.set_password("intranat-demo")
        person.save(update_fields=["password"])
    page = visitor().log_in(colleague.username)
    expect(page.locator("main")).to_contain_text(title)
    page = visitor().log_in(outsider.username)
    expect(page.locator("main")).not_to_contain_text(title)


def test_an_owner_marks_a_page_reviewed_from_the_emailed_link(visitor, mail_server):
    owner = user("skribent")
    due = timezone.localdate() + datetime.timedelta(days=10)
    guide = factories.guide_page(title=f"Rutin för nycklar {uuid.uuid4().hex[:6]}", owner=owner, review_date=due)

    call_command("send_review_reminders", verbosity=0)
    text = "\n".join(
        part.get_content()
        for mail in mail_server.to(owner.email)
        for part in mail.walk()
        if part.get_content_type() == "text/plain"
    )
    # The digest lists every page the owner must review, each with its own signed link.
    links = {read_token(token)[1]: f"/granska/{token}/" for token in re.findall(r"/granska/([^\s/]+)/", text)}
    link = links[guide.pk]

    browser = visitor()
    page = browser.page
    page.goto(link)
    assert "/login/" in page.url  # a mail scanner following the link meets the login page
    browser.log_in("skribent", next_path=link)
    expect(page.locator("main")).to_contain_text(f"Tack! ”{guide.title}” är markerad som granskad.")
    assert GuidePage.objects.get(pk=guide.pk).review_date > due
