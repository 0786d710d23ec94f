"""The search API on the real engine: shape, facets, filters, bad input and an engine that is down."""

import json

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.search.backends import get_search_backend

from . import factories
from .test_documents import make_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    client.force_login(factories.UserFactory())
    return client


@pytest.fixture
def content(search_engine, django_capture_on_commit_callbacks):
    social = factories.DepartmentFactory(name="Socialförvaltningen", code="SOC", slug="socialforvaltningen")
    owner = factories.UserFactory(first_name="Karin", last_name="Lindqvist")
    guide = factories.guide_page(
        title="Boka elcykel", lead="Så bokar du en elcykel för tjänsteärenden.", owner=owner, department=social
    )
    news = factories.news_page(title="Nya elcyklar vid kommunhuset", lead="Tio elcyklar finns att låna.")
    factories.guide_page(title="Utkast om elcykel", live=False)
    with django_capture_on_commit_callbacks(execute=True):  # the worker reads the document's text
        document = get_document_model().objects.create(
            title="Cykelregler", file=ContentFile(make_docx("Elcykel lånas i receptionen mot kvittens."), name="c.docx")
        )
    search_engine.get_index_for_model(get_document_model()).refresh()
    search_engine.get_index_for_model(type(guide)).refresh()
    return {"guide": guide, "news": news, "document": document, "social": social}


def test_results_facets_and_highlights(reader, content):
    data = reader.get("/api/v2/search/?q=elcykel").json()
    titles = [result["title"] for result in data["results"]]
    assert titles[0] == "Boka elcykel"
    assert set(titles) == {"Boka elcykel", "Nya elcyklar vid kommunhuset", "Cykelregler"}  # not the draft
    assert data["total"] == 3
    assert data["facets"]["type"] == {"guide": 1, "news": 1, "document": 1}
    assert data["facets"]["department"] == [
        {"id": content["social"].pk, "slug": "socialforvaltningen", "name": "Socialförvaltningen", "count": 1}
    ]
    guide = data["results"][0]
    assert guide["type"] == "guide"
    assert guide["url"] == content["guide"].url
    assert "<mark>elcykel</mark>" in guide["snippet"]
    assert guide["owner"]["name"] == "Karin Lindqvist"
    assert guide["department"]["slug"] == "socialforvaltningen"
    assert guide["review_status"] == "ok"
    document = next(result for result in data["results"] if result["type"] == "document")
    assert "receptionen" in document["snippet"]


def test_filter_by_type_and_department(reader, content):
    documents = reader.get("/api/v2/search/?q=elcykel&type=document").json()
    assert [result["title"] for result in documents["results"]] == ["Cykelregler"]
    social = reader.get("/api/v2/search/?q=elcykel&department=socialforvaltningen").json()
    assert [result["title"] for result in social["results"]] == ["Boka elcykel"]


@pytest.mark.parametrize(
    "query, status",
    [
        ("", 400),
        ("q=", 400),
        ("q=%20%20", 400),
        ("q=elcykel&type=recipe", 400),
        ("q=elcykel&department=nowhere", 400),
        ("q=elcykel&page=0", 400),
        ("q=elcykel&page=abc", 400),
        ("q=" + "elcykel%20" * 1100, 200),  # about 10 kB
        ("q=elcykel%00%07", 200),
        ('q="elcykel', 200),
        ("q=title:*", 200),
        ("q=*:*", 400),  # no words left once the syntax is taken out
        ("q=elcykel%20AND%20(boka%20OR", 200),
    ],
)
def test_bad_input_gives_results_or_a_clear_400_never_a_500(reader, content, query, status):
    response = reader.get(f"/api/v2/search/?{query}")
    assert response.status_code == status
    if status == 400:
        assert response.json()["message"]


def test_query_syntax_is_not_passed_to_the_engine(reader, content):
    assert reader.get("/api/v2/search/?q=*:*").status_code == 400  # not "match all"
    fielded = reader.get("/api/v2/search/?q=title:elcykel")
    assert fielded.status_code == 200
    assert fielded.json()["query"] == "title elcykel"  # plain words, not a field query


def test_an_engine_that_is_down_answers_503_with_a_message(reader, settings, search_engine):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "URLS": ["http://127.0.0.1:9"], "TIMEOUT": 2}
    }
    response = reader.get("/api/v2/search/?q=elcykel")
    assert response.status_code == 503
    assert "inte tillgänglig" in response.json()["message"]


def test_search_needs_login(client):
    assert client.get("/api/v2/search/?q=elcykel").status_code == 401


def test_a_synonym_added_by_an_editor_takes_effect_without_a_deploy(
    reader, content, django_capture_on_commit_callbacks
):
    assert reader.get("/api/v2/search/?q=velociped").json()["total"] == 0
    from search.models import Synonym

    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.create(terms="elcykel, velociped")
    titles = [result["title"] for result in reader.get("/api/v2/search/?q=velociped").json()["results"]]
    assert "Boka elcykel" in titles


def test_suggest_completes_titles(reader, content):
    data = reader.get("/api/v2/search/suggest/?q=bok").json()
    assert data["suggestions"] == [{"title": "Boka elcykel", "url": content["guide"].url, "type": "guide"}]
    completed = reader.get("/api/v2/search/suggest/?q=elcyk").json()["suggestions"]
    assert {item["title"] for item in completed} == {"Boka elcykel", "Nya elcyklar vid kommunhuset"}
    assert reader.get("/api/v2/search/suggest/?q=").status_code == 400
    assert reader.get("/api/v2/search/suggest/?q=%00*").status_code == 400


def test_promoted_answers_come_first_while_they_are_valid(reader, content):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    policy = factories.policy_page(title="Resepolicy", lead="Så reser vi.")
    factories.promoted_result("elcykel", policy, starts_on=today, ends_on=today)
    factories.promoted_result("elcykel", content["news"], ends_on=today - datetime.timedelta(days=1))
    factories.promoted_result("elcykel", content["guide"], starts_on=today + datetime.timedelta(days=1))
    data = reader.get("/api/v2/search/?q=Elcykel").json()
    assert [item["title"] for item in data["promoted"]] == ["Resepolicy"]
    assert "Nya elcyklar vid kommunhuset" in [item["title"] for item in data["results"]]  # expired pick: ordinary
    assert reader.get("/api/v2/search/?q=elcykel&page=2").json()["promoted"] == []


def promotion_form(page, starts_on="", ends_on="", query_string="elcykel"):
    """Wagtail's "Promoted search results" form with one promoted page, as an editor fills it in."""
    return {
        "query_string": query_string,
        "editors_picks-TOTAL_FORMS": "1",
        "editors_picks-INITIAL_FORMS": "0",
        "editors_picks-MIN_NUM_FORMS": "0",
        "editors_picks-MAX_NUM_FORMS": "1000",
        "editors_picks-0-page": str(page.pk),
        "editors_picks-0-external_link_url": "",
        "editors_picks-0-external_link_text": "",
        "editors_picks-0-description": "",
        "editors_picks-0-starts_on": starts_on,
        "editors_picks-0-ends_on": ends_on,
        "editors_picks-0-ORDER": "0",
        "editors_picks-0-DELETE": "",
    }


def test_an_editor_promotes_a_page_for_a_period_in_wagtail_s_admin(client, reader, content):
    import datetime

    from django.urls import reverse
    from django.utils import timezone
    from wagtail.contrib.search_promotions.models import Query

    today = timezone.localdate()
    client.force_login(factories.editor())
    form = client.get(reverse("wagtailsearchpromotions:add")).content.decode()
    assert "Visas från" in form and "Visas till och med" in form
    # An end before the start is refused, with the field named.
    response = client.post(
        reverse("wagtailsearchpromotions:add"),
        promotion_form(content["guide"], starts_on=today.isoformat(), ends_on=str(today - datetime.timedelta(days=1))),
    )
    assert response.status_code == 200 and "Slutdatumet kan inte ligga före startdatumet." in response.content.decode()
    assert not Query.objects.filter(editors_picks__isnull=False).exists()

    # An external link (Wagtail offers them) has no place in the reader's search: refused, with the field named.
    link = promotion_form(content["guide"])
    link.update({"editors_picks-0-page": "", "editors_picks-0-external_link_url": "https://example.com/"})
    link["editors_picks-0-external_link_text"] = "Extern"
    response = client.post(reverse("wagtailsearchpromotions:add"), link)
    assert response.status_code == 200 and "Intranätets sökning lyfter bara fram sidor" in response.content.decode()
    assert not Query.objects.filter(editors_picks__isnull=False).exists()

    tomorrow = today + datetime.timedelta(days=1)
    response = client.post(reverse("wagtailsearchpromotions:add"), promotion_form(content["guide"], starts_on=tomorrow))
    assert response.status_code == 302
    assert reader.get("/api/v2/search/?q=elcykel").json()["promoted"] == []  # not yet
    query = Query.objects.get(query_string="elcykel")
    edit = client.get(reverse("wagtailsearchpromotions:edit", args=[query.pk])).content.decode()
    assert tomorrow.isoformat() in edit
    data = promotion_form(content["guide"], starts_on=today.isoformat())
    data.update({"editors_picks-INITIAL_FORMS": "1", "editors_picks-0-id": str(query.editors_picks.get().pk)})
    assert client.post(reverse("wagtailsearchpromotions:edit", args=[query.pk]), data).status_code == 302
    assert [hit["title"] for hit in reader.get("/api/v2/search/?q=elcykel").json()["promoted"]] == ["Boka elcykel"]


def test_every_search_is_counted_without_who_asked(reader, content):
    from django.utils import timezone
    from wagtail.contrib.search_promotions.models import QueryDailyHits

    from search.models import QueryDailyZeroResults, search_counts

    for query in ("Elcykel", "elcykel", "  ELCYKEL ", "ingenting-här", "elcykel&page=2"):
        reader.get(f"/api/v2/search/?q={query}")
    counts = {row.query_string: (row.searches, row.zero_result_searches) for row in search_counts(timezone.localdate())}
    assert counts == {"elcykel": (3, 0), "ingenting-här": (1, 1)}  # page 2 is the same search, not a new one
    for model in (QueryDailyHits, QueryDailyZeroResults):
        assert {field.name for field in model._meta.get_fields()} == {"id", "query", "date", "hits"}


def test_search_reports_list_zero_results_and_popular_queries_with_csv(client):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    factories.search_count("parkeringstillstånd", today, searches=7, zero_result_searches=7)
    factories.search_count("parkeringstillstånd", today - datetime.timedelta(days=1), 2, zero_result_searches=2)
    factories.search_count("elcykel", today, searches=40)
    factories.search_count("gammalt", today - datetime.timedelta(days=40), searches=99, zero_result_searches=99)
    client.force_login(factories.writer())  # everyone with admin access: the counts name nobody
    zero = client.get("/admin/reports/searches-without-results/")
    assert zero.status_code == 200
    html = zero.content.decode()
    assert "parkeringstillstånd" in html and "elcykel" not in html and "gammalt" not in html
    csv = b"".join(client.get("/admin/reports/searches-without-results/?export=csv").streaming_content).decode()
    assert "parkeringstillstånd,9,9" in csv
    popular = b"".join(client.get("/admin/reports/popular-searches/?export=csv").streaming_content).decode()
    lines = [line for line in popular.splitlines() if line]
    assert lines[1].startswith("elcykel,40") and lines[2].startswith("parkeringstillstånd,9")
    assert "parkering" in client.get("/admin/reports/popular-searches/?q=parkering").content.decode()
    assert "elcykel" not in client.get("/admin/reports/popular-searches/?q=parkering").content.decode()


def test_did_you_mean_when_a_query_finds_little(reader, content):
    # A misspelling that no stem rescues ("elcykle" stems as "elcyklar" does, and finds what "elcykel" finds)
    response = reader.get("/api/v2/search/?q=elcykkel")
    data = response.json()
    assert response.status_code == 200, data
    assert data["did_you_mean"] == "elcykel"
    assert reader.get("/api/v2/search/?q=elcykel").json()["did_you_mean"] is None
    # both are words in the index, one letter away
    assert reader.get("/api/v2/search/?q=boka%20elcyklr").json()["did_you_mean"] in {"boka elcyklar", "boka elcykel"}


def test_the_reader_site_search_page(reader, content):
    html = reader.get("/sok/?q=elcykel").content.decode()
    assert "Sök på intranätet" in html
    assert f'href="{content["guide"].url}" data-rank="1" data-result-type="guide"' in html
    assert "<mark>elcykel</mark>" in html
    assert "3 träffar" in html
    assert "Guider (1)" in html and "Dokument (1)" in html


def test_the_reader_site_says_so_in_swedish_when_search_is_down(reader, settings, search_engine):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "URLS": ["http://127.0.0.1:9"], "TIMEOUT": 1}
    }
    response = reader.get("/sok/?q=elcykel")
    assert response.status_code == 503
    assert "Sökningen är inte tillgänglig just nu" in response.content.decode()


def test_a_page_of_results_costs_a_few_queries_not_one_per_hit(reader, content, django_assert_max_num_queries):
    for number in range(8):
        factories.guide_page(
            title=f"Elcykel nummer {number}", owner=factories.UserFactory(), department=content["social"]
        )
    get_search_backend().get_index_for_model(type(content["guide"])).refresh()
    reader.get("/api/v2/search/?q=elcykel")  # warm caches (site root paths, content types)
    with django_assert_max_num_queries(20):
        data = reader.get("/api/v2/search/?q=elcykel").json()
    assert len(data["results"]) == 10


@pytest.fixture
def asked(monkeypatch):
    """The bodies of the pages-and-documents searches the engine is asked while the test runs."""
    client_class = type(get_search_backend().es)
    original = client_class.search
    bodies = []

    def search(client, *args, **kwargs):
        body = kwargs.get("body") or {}
        if "function_score" in body.get("query", {}):
            bodies.append(json.dumps(body))
        return original(client, *args, **kwargs)

    monkeypatch.setattr(client_class, "search", search)
    return bodies


def test_the_fuzzy_clause_is_asked_only_when_few_pages_have_every_word(reader, content, asked):
    """Issue 13: fuzziness on every text field was most of the engine's time, asked with every query."""
    for number in range(3):
        factories.guide_page(title=f"Elcykel i tjänsten {number}", owner=factories.UserFactory())
    get_search_backend().get_index_for_model(type(content["guide"])).refresh()

    data = reader.get("/api/v2/search/?q=elcykel").json()
    assert {"Boka elcykel", "Cykelregler", "Elcykel i tjänsten 0"} <= {hit["title"] for hit in data["results"]}
    # Five pages and documents have the word: one request, which counts them, without fuzziness.
    assert len(asked) == 1 and "fuzziness" not in asked[0]
    assert json.loads(asked[0])["aggs"]["all_words"]["filter"]["multi_match"]["operator"] == "and"

    asked.clear()
    assert reader.get("/api/v2/search/?q=boka%20elcykel").json()["results"][0]["title"] == "Boka elcykel"
    # One page has both words: asked again with fuzziness.
    assert ["fuzziness" in body for body in asked] == [False, True]

    asked.clear()
    for page in (1, 2):
        response = reader.get(f"/api/v2/search/?q=elcykkel&page={page}")
        assert response.status_code == 200, response.content
    data = reader.get("/api/v2/search/?q=elcykkel").json()
    assert data["results"][0]["title"] == "Boka elcykel" and data["did_you_mean"] == "elcykel"
    # Nothing has the word as typed; near spellings on every text field do, on every page of results alike.
    assert ["fuzziness" in body for body in asked] == [False, True] * 3
    should = json.loads(asked[1])["query"]["function_score"]["query"]["bool"]["must"][0]["bool"]["should"]
    [fields] = [clause["multi_match"]["fields"] for clause in should if "fuzziness" in clause.get("multi_match", {})]
    assert {"title^6", "extracted_text^1", "_all_text^1"} <= set(fields) and len(fields) == 11
