"""Staff journeys through the start page, search, people and groups, in Debian's Chromium against the live intranet."""

import uuid

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from intranet.notifications.models import Notification, NotificationKind
from intranet.organisation.models import Department

from .. import factories


def person(username):
    return get_user_model().objects.select_related("profile__department").get(username=username)


def colleague_of(someone, **filters):
    """An active colleague in the same department who may log in with the demo password."""
    colleague = (
        get_user_model()
        .objects.filter(profile__department=someone.profile.department, is_active=True, **filters)
        .exclude(pk=someone.pk)
        .order_by("pk")
        .first()
    )
    colleague.set_password("intranat-demo")
    colleague.save(update_fields=["password"])
    return colleague


def test_switch_the_start_page_to_all_departments(visitor):
    me = person("medarbetare")
    elsewhere = Department.objects.exclude(pk=me.profile.department_id).order_by("pk").first()
    news = factories.news_page(title=f"Nytt från {elsewhere.name} {uuid.uuid4().hex[:6]}", department=elsewhere)
    page = visitor().log_in("medarbetare")
    section = page.locator("section[aria-labelledby='nyheter']")
    expect(section.get_by_role("heading", level=2)).to_have_text("Nyheter för dig")
    expect(section).not_to_contain_text(news.title)
    section.get_by_role("link", name="Visa alla förvaltningar").click()
    expect(section.get_by_role("heading", level=2)).to_have_text("Nyheter från alla förvaltningar")
    expect(section).to_contain_text(news.title)
    section.get_by_role("link", name="Visa min förvaltnings nyheter").click()
    expect(section.get_by_role("heading", level=2)).to_have_text("Nyheter för dig")
    expect(section).not_to_contain_text(news.title)


def test_search_elcykel_from_the_header_and_open_the_guide(visitor):
    page = visitor().log_in("medarbetare")
    box = page.get_by_role("combobox", name="Sök på intranätet")
    box.press_sequentially("elcyk", delay=80)
    option = page.get_by_role("option", name="Boka elcykel")
    expect(option).to_be_visible()
    # From the keyboard alone: arrows to the guide, Enter to open it.
    for _ in range(page.get_by_role("option").count()):
        box.press("ArrowDown")
        if option.get_attribute("aria-selected") == "true":
            break
    expect(option).to_have_attribute("aria-selected", "true")
    with page.expect_navigation():
        box.press("Enter")
    expect(page.locator("main h1")).to_have_text("Boka elcykel")


def test_find_a_colleague_by_name(visitor):
    me = person("medarbetare")
    colleague = get_user_model().objects.filter(is_active=True).exclude(pk=me.pk).order_by("-pk").first()
    name = colleague.get_full_name()
    page = visitor().log_in("medarbetare")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Hitta medarbetare").click()
    page.get_by_label("Namn, titel eller förvaltning").fill(name)
    page.get_by_label("Namn, titel eller förvaltning").press("Enter")
    page.locator("main").get_by_role("link", name=name).first.click()
    expect(page.locator("main h1")).to_have_text(name)
    expect(page.locator("main")).to_contain_text(colleague.email)


def test_post_comment_and_mention_a_colleague_who_is_notified(visitor):
    me = person("medarbetare")
    colleague = colleague_of(me)
    marker = uuid.uuid4().hex[:6]
    page = visitor().log_in("medarbetare")
    page.goto(f"/grupper/{me.profile.department.slug}/")
    page.get_by_label("Skriv ett inlägg").fill(
        f"Fika i personalrummet på fredag ({marker}), @{colleague.username} tar du med kaffe?"
    )
    page.locator("form.post-form button[type=submit]").click()
    post = page.locator("article", has_text=marker).first
    expect(post).to_be_visible()  # swapped in by htmx, without a reload
    expect(post.locator("a.mention")).to_be_visible()  # the mention, as a link to the colleague
    post.locator("time").click()
    page.locator("#ny-kommentar").fill("Jag tar med kanelbullar!")
    page.locator("#ny-kommentar").locator("xpath=ancestor::form").locator("button[type=submit]").click()
    expect(page.locator("#kommentarer")).to_contain_text("Jag tar med kanelbullar!")

    assert Notification.objects.filter(recipient=colleague, kind=NotificationKind.MENTION, actor=me).exists()
    theirs = visitor().log_in(colleague.username)
    expect(theirs.get_by_role("navigation", name="Mitt konto").get_by_role("link", name="Notiser")).to_contain_text(
        "oläst"
    )
    theirs.get_by_role("navigation", name="Mitt konto").get_by_role("link", name="Notiser").click()
    expect(theirs.locator("main")).to_contain_text(me.get_full_name())
