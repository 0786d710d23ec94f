"""Staff never read "Wagtail" in the admin: tab titles, the login page, the dashboard and the help menu carry the
intranet's name, and the help links lead to the project's own editor guide (docs/editor-guide.md), in Swedish.
The language is the person's choice: Swedish by default, English through the reader site's footer or the
admin's account settings."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from . import factories

pytestmark = pytest.mark.django_db

SITE_NAME = "Intranätet"


def what_staff_read(html):
    """Text on the page, its title, and the names assistive technology reads out: no markup, no class names."""
    page = BeautifulSoup(html, "html.parser")
    for hidden in page(["script", "style", "template", "noscript"]):
        hidden.decompose()
    names = [
        element[attribute]
        for attribute in ("alt", "title", "aria-label", "placeholder")
        for element in page.select(f"[{attribute}]")
    ]
    return " ".join([page.get_text(" "), *names])


def sidebar_texts(html):
    """The admin's sidebar is drawn by a script from JSON props: the labels, footers and links of its menus."""
    props = BeautifulSoup(html, "html.parser").select_one("#wagtail-sidebar-props")
    found = []

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in {"label", "footer_text", "url", "title", "aria-label"} and isinstance(item, str):
                    found.append(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(props.string))
    return " | ".join(found)


@pytest.fixture
def editor(client):
    client.force_login(factories.editor())
    return client


def test_the_admin_login_page_in_swedish_says_intranatet_not_wagtail(client):
    html = client.get(reverse("wagtailadmin_login"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    page = BeautifulSoup(html, "html.parser")
    assert page.title.get_text(strip=True) == f"Logga in - {SITE_NAME}"
    assert page.h1.get_text(strip=True) == f"Logga in på {SITE_NAME}"
    assert "Wagtail" not in what_staff_read(html)
    assert "wagtail" not in page.title.get_text().lower()


@pytest.mark.parametrize(
    "url",
    [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_account"),
        "/admin/reports/aging-pages/",
    ],
)
def test_admin_tabs_and_screens_name_the_intranet_not_wagtail(editor, url):
    html = editor.get(url).content.decode()
    title = BeautifulSoup(html, "html.parser").title.get_text(strip=True)
    assert title.endswith(f" - {SITE_NAME}")
    assert "Wagtail" not in what_staff_read(html)
    assert "Wagtail" not in sidebar_texts(html)


def test_the_page_explorer_tab_reads_in_swedish(editor):
    guide = factories.guide_page("Boka elcykel")
    html = editor.get(reverse("wagtailadmin_explore", args=[guide.get_parent().pk])).content.decode()
    title = BeautifulSoup(html, "html.parser").title.get_text(strip=True)
    assert title == f"Utforskar: {guide.get_parent().title} - {SITE_NAME}"
    assert "Exploring" not in title


def test_help_menu_and_dashboard_link_to_our_editor_guide_not_wagtails(editor):
    home = editor.get(reverse("wagtailadmin_home")).content.decode()
    assert "guide.wagtail.org" not in home
    assert "guide.wagtail.org" not in sidebar_texts(home)
    assert "/admin/redaktorsguide/" in sidebar_texts(home)
    guide = editor.get("/admin/redaktorsguide/")
    assert guide.status_code == 200
    page = BeautifulSoup(guide.content, "html.parser")
    assert page.title.get_text(strip=True) == f"Redaktörsguide - {SITE_NAME}"
    text = page.select_one("main").get_text(" ")
    assert "Innehållsansvarig" in text and "Markera som granskad" in text  # the guide itself, rendered
    assert page.select_one("main h2")  # markdown became headings, not a block of text


def test_the_editor_guide_is_for_staff_in_the_admin_only(client):
    response = client.get("/admin/redaktorsguide/")
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(factories.UserFactory())  # staff without admin access
    assert client.get("/admin/redaktorsguide/").status_code == 302


def test_a_reader_can_choose_english_from_the_footer_and_back(client):
    client.force_login(factories.UserFactory())
    page = BeautifulSoup(client.get("/tillganglighet/").content, "html.parser")
    form = page.select_one("footer form[action='/i18n/setlang/']")
    assert form.select_one("button[name=language][value=en]").get_text(strip=True) == "English"
    assert form.select_one("input[name=next]")["value"] == "/tillganglighet/"

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/tillganglighet/"})
    assert response.status_code == 302 and response["Location"] == "/tillganglighet/"
    english = client.get("/tillganglighet/").content.decode()
    assert '<html lang="en"' in english and "Accessibility statement" in english
    back = BeautifulSoup(english, "html.parser").select_one("footer button[name=language]")
    assert (back["value"], back.get_text(strip=True), back["lang"]) == ("sv", "Svenska", "sv")
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert "Tillgänglighetsredogörelse" in client.get("/tillganglighet/").content.decode()


def test_choosing_a_language_refuses_a_link_to_another_site(client):
    client.force_login(factories.UserFactory())
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_rich_text_fields_get_their_labels_as_accessible_names_on_the_edit_form(editor):
    """Draftail's text boxes have no accessible name of their own (axe: aria-input-field-name); the script that
    names them by their field's label comes with every edit form. tests/e2e runs axe on the edit forms."""
    guide = factories.guide_page("Boka elcykel")
    page = BeautifulSoup(editor.get(reverse("wagtailadmin_pages:edit", args=[guide.pk])).content, "html.parser")
    assert page.select_one('script[src$="publishing/js/rich-text-names.js"]')
