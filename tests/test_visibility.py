"""Restricted stays restricted: what a staff member may not open, no listing, search hit, suggestion or snippet shows.

The world below has a section, a news item and an info page restricted to Redaktörer, a news item behind a
shared password, a guide for every logged-in user, and a collection of salary lists restricted to Redaktörer
(with a sub-collection). An outsider is a staff member outside the group; a member is an editor in it.
Every route is asked as both, over the database backend and the real engine where search is involved.
"""

import io
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from intranet.pages.models import InfoPage
from intranet.publishing.services import EDITORS_GROUP

from . import factories
from .test_documents import make_docx

pytestmark = pytest.mark.django_db

#: Found by "lönerevision" for everyone: a public guide, a guide for logged-in staff, a public form.
PUBLIC = {"Lönerevision – så går det till", "Lönerevision för alla inloggade", "Blankett för lönerevision"}
#: Found by "lönerevision" only by members of Redaktörer.
MEMBERS_ONLY = {
    "Lönerevision för chefer",  # inside the restricted section "Chefsstöd"
    "Lönerevision – tidplan",  # restricted itself, under a public page
    "Lönerevision klar",  # restricted news
    "Lönelista lönerevision 2026",  # document in the restricted collection
    "Underlag lönerevision",  # document in its sub-collection
}
#: Behind a shared password: listed to nobody, since a listing would show what the password protects.
PASSWORD_PROTECTED = "Lönerevision med lösenord"
SALARY = "45 000"


def info_page(title, parent, **kwargs):
    page = InfoPage(**factories._content_defaults(title, kwargs))
    return factories._add(parent, page, live=True)


def restrict_page(page, restriction_type, groups=(), password=""):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=restriction_type, password=password)
    restriction.groups.set(groups)
    return restriction


def restrict_collection(collection, groups):
    restriction = CollectionViewRestriction.objects.create(collection=collection, restriction_type="groups")
    restriction.groups.set(groups)
    return restriction


def png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def build_world():
    from django.contrib.auth.models import Group

    editors = Group.objects.get(name=EDITORS_GROUP)
    personnel = factories.DepartmentFactory(name="Personalavdelningen", code="PER", slug="personalavdelningen")
    home = factories.home_page()

    managers = info_page("Chefsstöd", home, lead="Stöd för chefer.", department=personnel)
    restrict_page(managers, "groups", [editors])
    info_page(
        "Lönerevision för chefer", managers, lead="Löneglidning och lönespridning per chef.", department=personnel
    )
    staff = info_page("Personal", home, lead="Om din anställning.")
    timetable = info_page("Lönerevision – tidplan", staff, lead="När lönerna sätts.", department=personnel)
    restrict_page(timetable, "groups", [editors])
    info_page("Semester", staff, lead="Så söker du semester.")

    restrict_page(factories.news_page(title="Lönerevision klar", department=personnel), "groups", [editors])
    restrict_page(factories.news_page(title=PASSWORD_PROTECTED), "password", password="hemligt")
    factories.news_page(title="Personalfest i maj")

    root = Collection.get_first_root_node()
    salaries = root.add_child(name="Lönelistor")
    salaries_2026 = salaries.add_child(name="2026")
    restrict_collection(salaries, [editors])
    Document = get_document_model()
    salary_list = Document.objects.create(
        title="Lönelista lönerevision 2026",
        collection=salaries,
        file=ContentFile(make_docx(f"Lönerevision 2026: Anna Berg {SALARY} kr."), name="lonelista.docx"),
    )
    Document.objects.create(
        title="Underlag lönerevision",
        collection=salaries_2026,
        file=ContentFile(make_docx(f"Lönerevision, underlag: Per Ek {SALARY} kr."), name="underlag.docx"),
    )
    form = Document.objects.create(
        title="Blankett för lönerevision",
        file=ContentFile(make_docx("Lönerevision: fyll i blanketten."), name="blankett.docx"),
    )
    # Linked only from a draft: documents are visible by their collection's restriction alone.
    draft_only = Document.objects.create(
        title="Rutin från ett utkast", file=ContentFile(make_docx("Rutin för utkast."), name="rutin.docx")
    )
    factories.guide_page(title="Utkast till rutin", live=False, documents=[("document", draft_only)])

    # The public guide links the salary list: the link must not show its title to outsiders.
    guide = factories.guide_page(
        title="Lönerevision – så går det till",
        lead="Så går lönerevisionen till.",
        documents=[("document", form), ("document", salary_list)],
        body=[("document", salary_list), ("paragraph", "<p>Läs mer.</p>")],
    )
    restrict_page(factories.guide_page(title="Lönerevision för alla inloggade", lead="För alla anställda."), "login")

    Image = get_image_model()
    Image.objects.create(title="Lönediagram", collection=salaries, file=ContentFile(png(), name="diagram.png"))
    Image.objects.create(title="Personalfest", file=ContentFile(png(), name="fest.png"))
    return SimpleNamespace(
        editors=editors, personnel=personnel, managers=managers, staff=staff, guide=guide, draft_only=draft_only
    )


@pytest.fixture
def world():
    return build_world()


@pytest.fixture(params=["database", pytest.param("engine", marks=pytest.mark.search_engine)])
def searchable(request):
    """The world, indexed by the database backend or by the real engine."""
    engine = request.getfixturevalue("search_engine") if request.param == "engine" else None
    # Documents' text is read by the worker once the upload is committed (intranet/documents/tasks.py).
    with request.getfixturevalue("django_capture_on_commit_callbacks")(execute=True):
        world = build_world()
    if engine:
        engine.get_index_for_model(Page).refresh()
        engine.get_index_for_model(get_document_model()).refresh()
    world.engine = engine
    return world


@pytest.fixture(params=["outsider", "member"])
def reader(request, client):
    """A staff member outside Redaktörer, or an editor in it; `sees` is what "lönerevision" finds for them."""
    member = request.param == "member"
    user = factories.editor() if member else factories.UserFactory()
    client.force_login(user)
    return SimpleNamespace(client=client, user=user, member=member, sees=PUBLIC | (MEMBERS_ONLY if member else set()))


def titles_in(html):
    return {title for title in PUBLIC | MEMBERS_ONLY | {PASSWORD_PROTECTED} if title in html}


def test_search_api_results_totals_facets_and_snippets(searchable, reader):
    response = reader.client.get("/api/v2/search/?q=lönerevision")
    data = response.json()
    assert {hit["title"] for hit in data["results"]} == reader.sees
    # Filtered in the query, not after paging: the total and the facets count only what the reader may open.
    assert data["total"] == len(reader.sees)
    expected_kinds = {"guide": 2, "document": 1}
    if reader.member:
        expected_kinds.update({"info": 2, "news": 1, "document": 3})
    assert data["facets"]["type"] == expected_kinds
    personnel = [{"slug": "personalavdelningen", "count": 3}] if reader.member else []
    assert [{"slug": item["slug"], "count": item["count"]} for item in data["facets"]["department"]] == personnel
    # The salary list's text shows in a snippet to members only (the database backend shows no document text).
    assert (SALARY in response.content.decode()) == (reader.member and searchable.engine is not None)


@pytest.mark.parametrize("kind", ["info", "news", "document"])
def test_search_api_filtered_by_type(searchable, reader, kind):
    data = reader.client.get(f"/api/v2/search/?q=lönerevision&type={kind}").json()
    found = {hit["title"] for hit in data["results"]}
    assert data["total"] == len(found)
    assert found <= reader.sees
    assert bool(found & MEMBERS_ONLY) == reader.member


def test_search_api_filtered_by_department(searchable, reader):
    data = reader.client.get("/api/v2/search/?q=lönerevision&department=personalavdelningen").json()
    expected = {"Lönerevision för chefer", "Lönerevision – tidplan", "Lönerevision klar"} if reader.member else set()
    assert {hit["title"] for hit in data["results"]} == expected
    assert data["total"] == len(expected)


def test_suggestions(searchable, reader):
    data = reader.client.get("/api/v2/search/suggest/?q=lönerev").json()
    expected = {"Lönerevision – så går det till", "Lönerevision för alla inloggade"}
    if reader.member:
        expected |= {"Lönerevision för chefer", "Lönerevision – tidplan", "Lönerevision klar"}
    assert {item["title"] for item in data["suggestions"]} == expected


def test_reader_site_search(searchable, reader):
    html = reader.client.get("/sok/?q=lönerevision").content.decode()
    assert titles_in(html) == reader.sees
    assert f"{len(reader.sees)} träffar" in html
    assert ("Nyheter (1)" in html) == reader.member
    assert (SALARY in html) == (reader.member and searchable.engine is not None)


def test_did_you_mean_offers_no_word_from_a_restricted_page(search_engine, reader):
    build_world()
    search_engine.get_index_for_model(Page).refresh()
    # "löneglidning" is written only in the lead of a page in the restricted section.
    data = reader.client.get("/api/v2/search/?q=loneglidning").json()
    assert data["did_you_mean"] == ("löneglidning" if reader.member else None)


def test_promoted_answer_to_a_restricted_page(world, reader):
    restricted = InfoPage.objects.get(title="Lönerevision för chefer")
    factories.promoted_result("lönerevision", restricted)
    data = reader.client.get("/api/v2/search/?q=lönerevision").json()
    assert [hit["title"] for hit in data["promoted"]] == (["Lönerevision för chefer"] if reader.member else [])


def test_news_for_me(world, reader):
    # The restricted news is the reader's own department's: "mine" would list it.
    reader.user.profile.department = world.personnel
    reader.user.profile.save()
    for scope in ("mine", "all"):
        data = reader.client.get(f"/api/v2/news/for-me/?scope={scope}").json()
        found = {item["title"] for item in data["results"]}
        assert found == {"Personalfest i maj"} | ({"Lönerevision klar"} if reader.member else set())
        assert data["count"] == len(found)


def test_reader_site_lists(world, reader):
    news = reader.client.get(factories.news_index().url).content.decode()
    assert "Personalfest i maj" in news
    assert ("Lönerevision klar" in news) == reader.member
    assert PASSWORD_PROTECTED not in news
    # The main menu on every page names the top sections in menus: a restricted one only to who may open it.
    InfoPage.objects.filter(title__in=["Personal", "Chefsstöd"]).update(show_in_menus=True)
    home = reader.client.get("/").content.decode()
    assert '">Personal</a>' in home
    assert ("Chefsstöd" in home) == reader.member
    staff = reader.client.get(world.staff.url).content.decode()
    assert "Semester" in staff
    assert ("Lönerevision – tidplan" in staff) == reader.member
    guides = reader.client.get(factories.guide_index().url).content.decode()
    assert titles_in(guides) == {"Lönerevision – så går det till", "Lönerevision för alla inloggade"}


def test_a_public_page_does_not_show_the_title_of_a_restricted_document_it_links(world, reader):
    html = reader.client.get(world.guide.url).content.decode()
    assert "Blankett för lönerevision" in html
    assert ("Lönelista lönerevision 2026" in html) == reader.member


def test_pages_api(world, reader):
    listed = {page["title"] for page in reader.client.get("/api/v2/pages/?limit=20").json()["items"]}
    assert "Personal" in listed and "Lönerevision för alla inloggade" in listed
    assert PASSWORD_PROTECTED not in listed
    assert bool(listed & {"Chefsstöd", "Lönerevision för chefer", "Lönerevision klar"}) == reader.member
    restricted = InfoPage.objects.get(title="Lönerevision för chefer")
    assert reader.client.get(f"/api/v2/pages/{restricted.pk}/").status_code == (200 if reader.member else 404)
    searched = reader.client.get("/api/v2/pages/?search=lönerevision&limit=20").json()["items"]
    assert bool({page["title"] for page in searched} & MEMBERS_ONLY) == reader.member


def test_documents_and_images_api(world, reader):
    documents = {item["title"] for item in reader.client.get("/api/v2/documents/?limit=20").json()["items"]}
    members_documents = {"Lönelista lönerevision 2026", "Underlag lönerevision"}
    assert documents == {"Blankett för lönerevision", "Rutin från ett utkast"} | (
        members_documents if reader.member else set()
    )
    salary_list = get_document_model().objects.get(title="Lönelista lönerevision 2026")
    assert reader.client.get(f"/api/v2/documents/{salary_list.pk}/").status_code == (200 if reader.member else 404)
    images = {item["title"] for item in reader.client.get("/api/v2/images/").json()["items"]}
    assert images == {"Personalfest"} | ({"Lönediagram"} if reader.member else set())


def test_a_password_once_given_opens_the_page_or_document_but_lists_nothing(world, client):
    """Wagtail's API lists what a session has the password for; ours lists password-protected content to nobody."""
    from django.urls import reverse

    client.force_login(factories.UserFactory())
    news = Page.objects.get(title=PASSWORD_PROTECTED)
    page_restriction = PageViewRestriction.objects.get(page=news)
    url = reverse("wagtailcore_authenticate_with_password", args=[page_restriction.pk, news.pk])
    assert client.post(url, {"password": "hemligt", "return_url": news.url}).status_code == 302
    assert client.get(news.url).status_code == 200
    assert PASSWORD_PROTECTED not in {page["title"] for page in client.get("/api/v2/pages/?limit=20").json()["items"]}

    minutes = Collection.get_first_root_node().add_child(name="Protokoll")
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=minutes, restriction_type="password", password="hemligt"
    )
    document = get_document_model().objects.create(
        title="Protokoll från samverkan", collection=minutes, file=ContentFile(make_docx("Protokoll."), name="p.docx")
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=[collection_restriction.pk])
    assert client.post(url, {"password": "hemligt", "return_url": document.url}).status_code == 302
    assert client.get(document.url).status_code == 200
    listed = {item["title"] for item in client.get("/api/v2/documents/").json()["items"]}
    assert "Protokoll från samverkan" not in listed


def test_document_serve_view_agrees(world, reader):
    salary_list = get_document_model().objects.get(title="Lönelista lönerevision 2026")
    response = reader.client.get(salary_list.url)
    assert response.status_code == (200 if reader.member else 302)


def test_preview_endpoint_needs_edit_rights_whatever_the_restriction(world, client):
    page = InfoPage.objects.get(title="Lönerevision för chefer")
    page.title = "Utkast om löneglidning"
    preview = page.save_revision().as_object().create_page_preview()
    url = f"/api/v2/preview/?content_type=pages.infopage&token={preview.token}"
    client.force_login(factories.UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(factories.editor())
    assert client.get(url).json()["title"] == "Utkast om löneglidning"


def test_documents_linked_only_from_a_draft_follow_their_collection(searchable, reader):
    """Documents are visible by their collection's restriction alone, whatever page links them (docs/permissions.md)."""
    data = reader.client.get("/api/v2/search/?q=rutin&type=document").json()
    assert [hit["title"] for hit in data["results"]] == ["Rutin från ett utkast"]


def test_an_alias_of_a_restricted_page_is_not_found_either(searchable, reader):
    restricted = InfoPage.objects.get(title="Lönerevision för chefer")
    alias = restricted.create_alias(parent=searchable.staff, update_slug="alias-av-lonerevision")
    if searchable.engine:
        searchable.engine.get_index_for_model(Page).refresh()
    data = reader.client.get("/api/v2/search/?q=löneglidning").json()
    # Other pages about "löne-" may match the compound's parts; what matters is the restricted page and its alias.
    found = {hit["url"] for hit in data["results"]} & {restricted.url, alias.url}
    assert found == ({restricted.url, alias.url} if reader.member else set())


# The helper itself: Wagtail's rules for one user, without a request.


@pytest.fixture
def rules(world):
    from django.contrib.auth.models import AnonymousUser

    from intranet.access.visibility import Visibility

    return SimpleNamespace(
        world=world,
        outsider=Visibility(factories.UserFactory()),
        member=Visibility(factories.editor()),
        superuser=Visibility(factories.UserFactory(is_superuser=True)),
        anonymous=Visibility(AnonymousUser()),
    )


def test_visible_pages_follow_wagtails_rules(rules):
    all_pages = Page.objects.live()
    titles = {
        name: set(visibility.pages(all_pages).values_list("title", flat=True))
        for name, visibility in vars(rules).items()
        if name != "world"
    }
    for name in ("outsider", "member", "superuser"):
        assert "Lönerevision för alla inloggade" in titles[name]  # login restriction: every logged-in user
        assert PASSWORD_PROTECTED not in titles[name]  # password: listed to nobody
    assert "Lönerevision för alla inloggade" not in titles["anonymous"]
    group_only = {"Chefsstöd", "Lönerevision för chefer", "Lönerevision – tidplan", "Lönerevision klar"}
    assert group_only <= titles["member"] and group_only <= titles["superuser"]
    assert not group_only & titles["outsider"] and not group_only & titles["anonymous"]
    restricted = InfoPage.objects.get(title="Lönerevision för chefer")
    assert rules.member.can_view(restricted) and not rules.outsider.can_view(restricted)
    assert rules.outsider.can_view(rules.world.staff)


def test_visible_documents_follow_their_collection(rules):
    documents = get_document_model().objects.all()
    hidden = {"Lönelista lönerevision 2026", "Underlag lönerevision"}
    assert not hidden & set(rules.outsider.documents(documents).values_list("title", flat=True))
    assert hidden <= set(rules.member.documents(documents).values_list("title", flat=True))
    assert hidden <= set(rules.superuser.documents(documents).values_list("title", flat=True))
    salary_list = documents.get(title="Lönelista lönerevision 2026")
    assert rules.member.can_view(salary_list) and not rules.outsider.can_view(salary_list)
    assert rules.outsider.can_view(rules.world.draft_only)


def test_an_alias_of_a_restricted_page_is_hidden_like_its_source(rules):
    restricted = InfoPage.objects.get(title="Lönerevision för chefer")
    alias = restricted.create_alias(parent=rules.world.staff, update_slug="alias-av-lonerevision")
    assert not rules.outsider.can_view(alias)
    assert alias.pk not in set(rules.outsider.pages(Page.objects.all()).values_list("pk", flat=True))
    assert alias.pk in set(rules.member.pages(Page.objects.all()).values_list("pk", flat=True))
