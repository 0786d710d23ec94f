"""The page and document models, built the way Wagtail expects: edit forms, sections, block templates, fields."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import ObjectList

from intranet.pages.models import ContentPage
from intranet.publishing.services import EDITORS_GROUP

from . import factories
from .test_visibility import restrict_page

pytestmark = pytest.mark.django_db

OWNERSHIP_FIELDS = {"department", "content_owner", "review_date"}


def content_page_types():
    """Every concrete page type that inherits ContentPage, however deep."""
    found, pending = [], list(ContentPage.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        if not model._meta.abstract:
            found.append(model)
    return sorted(found, key=lambda model: model.__name__)


def field_names(model, panels):
    return set(ObjectList(panels).bind_to_model(model).get_form_options()["fields"])


def first_tab(html):
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select('[role="tab"]')[0].get_text(strip=True).startswith("Innehåll")  # then a count of errors
    return soup.select('section[role="tabpanel"]')[0]


def fields_in(tab):
    """The fields a tab of the edit form shows, by the content path Wagtail marks each one with."""
    return {element["data-contentpath"] for element in tab.select("[data-contentpath]")}


# Edit forms


def test_there_are_four_content_page_types():
    assert [model.__name__ for model in content_page_types()] == ["GuidePage", "InfoPage", "NewsPage", "PolicyPage"]


@pytest.mark.parametrize("model", content_page_types(), ids=lambda model: model.__name__)
def test_the_edit_form_shows_the_type_s_content_and_ownership_on_the_first_tab(client, model):
    client.force_login(factories.editor())
    make = {"NewsPage": factories.news_page, "GuidePage": factories.guide_page, "PolicyPage": factories.policy_page}
    page = make.get(model.__name__, factories.info_page)(title="Sidan")
    assert type(page) is model
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    tab = first_tab(html)
    # Everything the type's own content_panels name is there, ownership included, and nothing from the other tabs.
    expected = field_names(model, model.content_panels) | OWNERSHIP_FIELDS
    assert expected > {"title", "lead", "body"}
    shown = fields_in(tab)
    assert expected <= shown
    assert "slug" not in shown and "go_live_at" not in shown


def test_a_new_page_shows_ownership_on_the_first_tab_too(client):
    client.force_login(factories.editor())
    parent = factories.news_index()
    html = client.get(reverse("wagtailadmin_pages:add", args=["pages", "newspage", parent.pk])).content.decode()
    assert OWNERSHIP_FIELDS | {"date", "image", "body"} <= fields_in(first_tab(html))


def test_wagtail_can_reset_its_cached_edit_forms():
    """Wagtail clears every page type's cached edit handler when a setting that shapes it changes."""
    before = {model: model.get_edit_handler() for model in content_page_types()}
    with override_settings(WAGTAILADMIN_COMMENTS_ENABLED=False):
        for model, handler in before.items():
            rebuilt = model.get_edit_handler()
            assert rebuilt is not handler
            assert rebuilt is model.get_edit_handler()  # cached again
            assert OWNERSHIP_FIELDS <= set(rebuilt.children[0].get_form_options()["fields"])


# Sections


def test_sections_list_their_children_in_their_own_order_and_hide_what_the_reader_may_not_open():
    from django.contrib.auth.models import Group

    outsider, member = factories.UserFactory(), factories.editor()
    editors = Group.objects.get(name=EDITORS_GROUP)
    today = timezone.localdate()
    for days_ago, title in ((3, "Äldre"), (1, "Nyast"), (2, "Mellan")):
        factories.news_page(title=title, date=today - datetime.timedelta(days=days_ago))
    restrict_page(factories.news_page(title="Bara redaktörer", date=today), "groups", [editors])
    for make in (factories.guide_page, factories.policy_page):
        for title in ("Ö", "A", "M"):
            make(title=f"{title} {make.__name__}")
        restrict_page(make(title=f"B {make.__name__} för redaktörer"), "groups", [editors])
    make(title="Utkast", live=False)

    def titles(section, user):
        return [page.title for page in section.listed_children(user)]

    news = factories.news_index()
    assert titles(news, outsider) == ["Nyast", "Mellan", "Äldre"]
    assert titles(news, member) == ["Bara redaktörer", "Nyast", "Mellan", "Äldre"]
    for section, name in ((factories.guide_index(), "guide_page"), (factories.policy_index(), "policy_page")):
        assert titles(section, outsider) == [f"A {name}", f"M {name}", f"Ö {name}"]
        assert titles(section, member) == [f"A {name}", f"B {name} för redaktörer", f"M {name}", f"Ö {name}"]


def test_the_start_page_and_the_sections_share_one_introduction_field():
    from intranet.pages.models import HomePage, IndexPage, ListingPage

    for model in (HomePage, IndexPage):
        assert issubclass(model, ListingPage)
        assert model.content_panels is ListingPage.content_panels and model.api_fields is ListingPage.api_fields
