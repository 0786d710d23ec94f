"""The page and document models, built the way Wagtail expects: edit forms, sections, block templates, fields."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertInHTML
from wagtail.admin.panels import ObjectList
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from intranet.documents.models import IntranetDocument
from intranet.ownership.models import OwnedContentMixin
from intranet.pages.blocks import BodyBlock, DocumentListBlock, LinkListBlock
from intranet.pages.models import ContentPage, GuidePage, NewsPage
from intranet.publishing.services import EDITORS_GROUP

from . import factories
from .test_documents import make_docx
from .test_visibility import png, restrict_collection, restrict_page

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


# Block templates


def test_every_block_renders_through_a_template():
    for stream in (BodyBlock(), LinkListBlock(), DocumentListBlock()):
        for name, block in stream.child_blocks.items():
            assert block.meta.template, name
    with open("templates/pages/_content_page.html") as template:
        assert "block_type" not in template.read()


def test_a_document_block_rendered_without_the_page_s_visibility_names_nothing():
    document = get_document_model().objects.create(
        title="Blankett", file=ContentFile(make_docx("x"), name="blankett.docx")
    )
    assert BodyBlock().child_blocks["document"].render(document).strip() == ""
    assert DocumentListBlock().child_blocks["document"].render(document).strip() == ""


@pytest.fixture
def page_with_every_block():
    from django.contrib.auth.models import Group

    secret = Collection.get_first_root_node().add_child(name="Hemligt")
    restrict_collection(secret, [Group.objects.get(name=EDITORS_GROUP)])
    Document = get_document_model()
    form = Document.objects.create(title="Öppen blankett", file=ContentFile(make_docx("x"), name="oppen.docx"))
    secret_list = Document.objects.create(
        title="Hemlig lista", collection=secret, file=ContentFile(make_docx("y"), name="hemlig.docx")
    )
    image = get_image_model().objects.create(title="Diagram", file=ContentFile(png(), name="diagram.png"))
    target = factories.info_page(title="Målsida")
    body = [
        {"type": "paragraph", "value": f'<p>Fyll i <a linktype="document" id="{form.pk}">blanketten</a>.</p>'},
        {"type": "steps", "value": [{"title": "Steg ett", "text": "<p>Gör så här.</p>"}, {"title": "Steg två"}]},
        {"type": "notice", "value": {"kind": "warning", "text": "<p>Varning!</p>"}},
        {"type": "image", "value": {"image": image.pk, "alt_text": "Ett diagram", "decorative": False}},
        {"type": "document", "value": form.pk},
        {"type": "document", "value": secret_list.pk},
    ]
    guide = factories.guide_page(
        title="Guiden",
        body=json.dumps(body),
        related_links=[
            ("link", {"title": "Till målsidan", "page": target, "url": ""}),
            ("link", {"title": "Extern", "page": None, "url": "https://example.com/"}),
        ],
        documents=[("document", form), ("document", secret_list)],
    )
    return guide, form, secret_list


@pytest.mark.parametrize("member", [False, True], ids=["outsider", "member"])
def test_a_page_renders_its_blocks_as_before_and_names_a_restricted_document_only_to_who_may_open_it(
    client, page_with_every_block, member
):
    guide, form, secret_list = page_with_every_block
    client.force_login(factories.editor() if member else factories.UserFactory())
    html = client.get(guide.url).content.decode()
    assertInHTML(f'<p>Fyll i <a href="{form.url}">blanketten</a>.</p>', html)
    assertInHTML(
        "<ol><li><strong>Steg ett</strong><p>Gör så här.</p></li><li><strong>Steg två</strong></li></ol>", html
    )
    assertInHTML('<div class="notice notice-warning"><p>Varning!</p></div>', html)
    assert '<img alt="Ett diagram"' in html
    assertInHTML(f'<p><a href="{form.url}">Öppen blankett</a></p>', html)
    assertInHTML(
        '<h2 class="ds-heading" data-size="sm">Relaterade länkar</h2>'
        '<ul class="ds-list"><li><a href="/malsida/">Till målsidan</a></li>'
        '<li><a href="https://example.com/">Extern</a></li></ul>',
        html,
    )
    listed = f'<li><a href="{form.url}">Öppen blankett</a></li>'
    if member:
        assertInHTML(f'<p><a href="{secret_list.url}">Hemlig lista</a></p>', html)
        listed += f'<li><a href="{secret_list.url}">Hemlig lista</a></li>'
    else:
        assert "Hemlig lista" not in html and secret_list.url not in html
    assertInHTML(f'<h2 class="ds-heading" data-size="sm">Dokument</h2><ul class="ds-list">{listed}</ul>', html)


# The document model


def deconstructed(model, name):
    return model._meta.get_field(name).deconstruct()[3]


def test_a_document_s_owner_and_review_date_are_the_mixin_s_with_only_their_differences():
    owner, page_owner = deconstructed(IntranetDocument, "content_owner"), deconstructed(NewsPage, "content_owner")
    assert {key for key in owner.keys() | page_owner.keys() if owner.get(key) != page_owner.get(key)} == {
        "blank",  # empty means the uploader
        "help_text",
        "related_name",
    }
    review, page_review = deconstructed(IntranetDocument, "review_date"), deconstructed(GuidePage, "review_date")
    assert {key for key in review.keys() | page_review.keys() if review.get(key) != page_review.get(key)} == {
        "default",  # documents arrive many at a time, by drag-and-drop
        "help_text",
    }
    assert IntranetDocument._meta.get_field("review_date").default() == timezone.localdate() + (
        OwnedContentMixin.review_interval
    )
