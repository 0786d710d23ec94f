"""The reader site's search page /sok/ on the real engine: results with snippets, facets of type and department,
people and posts beside pages, promoted answers, "menade du", numbered pages, every result carrying the rank and
id a click reports, and the header's suggestions wired as a combobox; all of it plain links without JavaScript."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from intranet.people.models import Person
from search.conversation_index import IndexedComment, IndexedPost

from . import factories

pytestmark = pytest.mark.django_db


def refresh(*models):
    backend = get_search_backend()
    for model in (Page, *models):
        backend.get_index_for_model(model).refresh()


def soup(response):
    assert response.status_code == 200, response.content.decode()[:500]
    return BeautifulSoup(response.content, "html.parser")


def result_links(page):
    """(title, href, rank, type) of every result link in the order shown."""
    return [
        (link.get_text(strip=True), link["href"], int(link["data-rank"]), link["data-result-type"])
        for link in page.select("[data-search-query] a[data-rank]")
    ]


@pytest.fixture
def reader(client):
    client.force_login(factories.UserFactory())
    return client


@pytest.fixture
def content(search_engine):
    social = factories.DepartmentFactory(name="Socialförvaltningen", code="SOC", slug="socialforvaltningen")
    building = factories.DepartmentFactory(name="Samhällsbyggnad", code="SBF", slug="sbf")
    owner = factories.person("karin.lindqvist", "Karin", "Lindqvist", social, job_title="Cykelsamordnare")
    guide = factories.guide_page(
        title="Boka elcykel", lead="Så bokar du en elcykel för tjänsteärenden.", owner=owner, department=social
    )
    news = factories.news_page(title="Nya elcyklar vid kommunhuset", lead="Tio elcyklar.", department=building)
    policy = factories.policy_page(title="Resepolicy", lead="Elcykel före bil på korta resor.")
    refresh(Person)
    return {"guide": guide, "news": news, "policy": policy, "social": social, "building": building, "owner": owner}


def test_results_show_title_snippet_kind_department_and_owner_with_ranks_in_the_order_shown(reader, content):
    page = soup(reader.get("/sok/?q=elcykel"))
    assert page.select_one("[data-search-query]")["data-search-query"] == "elcykel"
    links = result_links(page)
    pages_shown = [link for link in links if link[3] != "person"]
    assert pages_shown[0] == ("Boka elcykel", content["guide"].url, 1, "guide")
    assert [rank for _title, _href, rank, _kind in links] == list(range(1, len(links) + 1))
    first = page.select_one("ol.search-hits > li")
    assert "<mark>elcykel</mark>" in str(first)
    assert "Guider" in first.get_text() and "Socialförvaltningen" in first.get_text()
    assert "Innehållsansvarig: Karin Lindqvist" in first.get_text()
    assert page.select_one("ol.search-hits > li a")["data-result-id"] == str(content["guide"].pk)
    assert "3 träffar" in page.get_text()


def test_facets_of_type_and_department_are_links_that_keep_the_other_filter(reader, content):
    page = soup(reader.get("/sok/?q=elcykel"))
    type_facets = {a.get_text(strip=True): a["href"] for a in page.select("nav[aria-labelledby=search-facet-type] a")}
    assert type_facets["Guider (1)"] == "?q=elcykel&type=guide"
    assert type_facets["Nyheter (1)"] == "?q=elcykel&type=news"
    department_facets = {
        a.get_text(strip=True): a["href"] for a in page.select("nav[aria-labelledby=search-facet-department] a")
    }
    assert department_facets["Socialförvaltningen (1)"] == "?q=elcykel&department=socialforvaltningen"

    guides = soup(reader.get("/sok/?q=elcykel&type=guide"))
    assert [link[0] for link in result_links(guides)] == ["Boka elcykel"]
    current = guides.select_one("nav[aria-labelledby=search-facet-type] a[aria-current]")
    assert current.get_text(strip=True) == "Guider (1)"
    departments = {
        a.get_text(strip=True): a["href"] for a in guides.select("nav[aria-labelledby=search-facet-department] a")
    }
    assert departments["Socialförvaltningen (1)"] == "?q=elcykel&type=guide&department=socialforvaltningen"
    assert departments["Alla förvaltningar"] == "?q=elcykel&type=guide"
    # The search box keeps the filter so that a new query stays within it.
    assert guides.select_one("form.search-page__form input[name=type]")["value"] == "guide"


def test_people_who_match_are_shown_beside_the_pages_and_link_to_their_profile(reader, content):
    page = soup(reader.get("/sok/?q=cykelsamordnare"))
    people = page.select(".search-people a[data-rank]")
    assert [(a.get_text(strip=True), a["href"], a["data-result-type"], a["data-result-id"]) for a in people] == [
        ("Karin Lindqvist", f"/medarbetare/{content['owner'].pk}/", "person", str(content["owner"].pk))
    ]
    facets = [a.get_text(strip=True) for a in page.select("nav[aria-labelledby=search-facet-type] a")]
    assert "Personer (1)" in facets  # people are a facet like pages
    only_people = soup(reader.get("/sok/?q=cykelsamordnare&type=person"))
    assert [link[:2] for link in result_links(only_people)] == [
        ("Karin Lindqvist", f"/medarbetare/{content['owner'].pk}/")
    ]


def test_a_post_found_links_to_its_page_in_the_groups_not_to_the_api(reader, search_engine):
    group = factories.WorkGroupFactory(name="Cykelklubben", slug="cykelklubben")
    post = factories.PostFactory(group=group, body="Vårens tandemcykeltur går till Sundsvall.")
    comment = factories.CommentFactory(post=post, body="Jag tar med tandemcykeln!")
    refresh(IndexedPost, IndexedComment)
    posts = soup(reader.get("/sok/?q=tandemcykeltur&type=post"))
    assert [link[1:] for link in result_links(posts)] == [(f"/grupper/cykelklubben/inlagg/{post.pk}/", 1, "post")]
    comments = soup(reader.get("/sok/?q=tandemcykeln&type=comment"))
    assert [link[1] for link in result_links(comments)] == [
        f"/grupper/cykelklubben/inlagg/{post.pk}/#kommentar-{comment.pk}"
    ]


def test_a_promoted_answer_comes_first_with_rank_one_and_the_results_continue_the_count(reader, content):
    factories.promoted_result("elcykel", content["policy"])
    page = soup(reader.get("/sok/?q=elcykel"))
    promoted = page.select(".search-hit--promoted a[data-rank]")
    assert [(a.get_text(strip=True), a["data-rank"]) for a in promoted] == [("Resepolicy", "1")]
    assert "Rekommenderas" in page.select_one(".search-hit--promoted").get_text()
    hits = page.select("ol.search-hits a[data-rank]")
    assert hits[0]["data-rank"] == "2"
    assert page.select_one("ol.search-hits")["start"] == "2"
    assert "Resepolicy" not in [a.get_text(strip=True) for a in hits]


def test_did_you_mean_links_to_the_corrected_search(reader, content):
    page = soup(reader.get("/sok/?q=elcykkel"))
    suggestion = page.select_one(".search-page__did-you-mean a")
    assert suggestion["href"] == "?q=elcykel"
    assert "Menade du" in page.select_one(".search-page__did-you-mean").get_text()


def test_results_are_numbered_in_pages_and_the_ranks_continue_on_the_next(reader, search_engine):
    for number in range(23):
        factories.guide_page(title=f"Lokalbokning {number}", lead="Om lokalbokning.")
    refresh()
    first = soup(reader.get("/sok/?q=lokalbokning"))
    pagination = first.select_one("nav.ds-pagination")
    labels = [a.get_text(" ", strip=True) for a in pagination.select("a")]
    assert labels == ["1 (denna sida)", "2", "3", "Nästa"]
    assert pagination.select_one("a[aria-current=true]").get_text(" ", strip=True) == "1 (denna sida)"
    assert pagination.select_one("a[rel=next]")["href"] == "?q=lokalbokning&page=2"

    second = soup(reader.get("/sok/?q=lokalbokning&page=2"))
    ranks = [link[2] for link in result_links(second)]
    assert ranks == list(range(11, 21))
    assert second.select_one("a[rel=prev]")["href"] == "?q=lokalbokning"
    third = soup(reader.get("/sok/?q=lokalbokning&page=3"))
    assert [link[2] for link in result_links(third)] == [21, 22, 23]
    assert third.select_one("a[rel=next]") is None


def test_what_was_typed_is_shown_as_text_never_as_markup(reader, content):
    response = reader.get("/sok/?q=elcykel%20%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    html = response.content.decode()
    assert "<img src=x" not in html and "onerror=alert(1)>" not in html
    assert soup(response).select_one("#q")["value"] == "elcykel img src x onerror alert 1"


def test_the_search_works_without_javascript_and_loads_the_suggestions_script(reader, content):
    page = soup(reader.get("/sok/?q=elcykel"))
    form = page.select_one("form.search-page__form")
    assert (form["method"], form["action"]) == ("get", "/sok/")
    header = page.select_one("form.site-search")
    assert (header["method"], header["action"], header["data-suggest-url"]) == (
        "get",
        "/sok/",
        "/api/v2/search/suggest/",
    )
    combobox = header.select_one("#site-search-q")
    assert combobox["role"] == "combobox" and combobox["aria-expanded"] == "false"
    assert combobox["aria-controls"] == "site-search-suggestions"
    assert combobox["value"] == "elcykel"  # the header says what was searched for
    listbox = page.select_one("#site-search-suggestions")
    assert listbox["role"] == "listbox" and "förslag" in listbox["data-count-many"]
    scripts = [script["src"] for script in page.select("script[src]")]
    assert any(src.endswith("reader/js/suggest.js") for src in scripts)
    suggestions = reader.get("/api/v2/search/suggest/?q=boka").json()["suggestions"]
    assert {"title": "Boka elcykel", "url": content["guide"].url, "type": "guide"} in suggestions


def test_a_page_of_results_costs_the_same_queries_whatever_the_data(reader, search_engine):
    department = factories.DepartmentFactory(name="Kulturförvaltningen", slug="kultur")

    made = []

    def queries_for_a_page_of(count):
        for _ in range(count):
            made.append(
                factories.guide_page(title=f"Simhall {len(made)}", owner=factories.UserFactory(), department=department)
            )
        refresh()
        reader.get("/sok/?q=simhall")  # warm caches (site root paths, content types)
        with CaptureQueriesContext(connection) as queries:
            assert reader.get("/sok/?q=simhall").status_code == 200
        return len(queries)

    few = queries_for_a_page_of(3)
    assert queries_for_a_page_of(6) == few  # 9 results: still one page, three times the hits
    assert queries_for_a_page_of(21) == few  # 30 results: pages of ten, three times the data
