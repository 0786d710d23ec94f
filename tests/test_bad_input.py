"""Bad input answers 400 with a clear message, never a 500: one test per cause the fuzzing found.

The API's messages are Swedish (the intranet's language) in `{"message": …}`, as Wagtail's API answers.
"""

from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from intranet.pages.models import GuidePage

from . import factories

pytestmark = pytest.mark.django_db

BIGINT_PAST = str(2**63)  # one past PostgreSQL's bigint
TWENTY_NINES = "9" * 20


@pytest.fixture
def staff(client):
    client.force_login(factories.UserFactory())
    # A 500 is answered, as in production, instead of raised into the test.
    client.raise_request_exception = False
    return client


@pytest.fixture
def content():
    department = factories.DepartmentFactory(name="Socialförvaltningen", code="SOC", slug="socialforvaltningen")
    return factories.guide_page(title="Boka elcykel", department=department)


def message_of(response):
    assert response.status_code == 400, (response.status_code, response.content[:300])
    return response.json()["message"]


@pytest.mark.parametrize(
    "url, message",
    [
        ("/api/v2/pages/?department=²", "Okänd förvaltning: ²"),
        ("/api/v2/search/?q=elcykel&department=²", "Okänd förvaltning: ²"),
        ("/api/v2/search/?q=elcykel&page=²", "page måste vara ett heltal från 1 till 100"),
        ("/api/v2/search/?q=elcykel&page=٣²", "page måste vara ett heltal från 1 till 100"),
        ("/api/v2/pages/?offset=²", "offset måste vara ett heltal från 0 till 2147483647"),
        ("/api/v2/images/?limit=²", "limit måste vara ett heltal från 0 till 2147483647"),
    ],
)
def test_unicode_digits_that_are_no_numbers(staff, content, url, message):
    """ "²" passes str.isdigit() but not int()."""
    assert message_of(staff.get(url)) == message


def test_unicode_digits_in_the_news_page_number(staff):
    response = staff.get("/api/v2/news/for-me/?page=²")
    assert response.status_code == 400
    assert response.json() == {
        "message": "page måste vara ett heltal från 1 till 10000",
        "errors": {"page": ["page måste vara ett heltal från 1 till 10000"]},
    }
    assert staff.get("/api/v2/news/for-me/?page_size=²").json()["message"] == (
        "page_size måste vara ett heltal från 1 till 100"
    )


@pytest.mark.parametrize("filters", ["page=²", "page=0", "department=finns-inte", "department=social%00", "type=blogg"])
def test_the_search_page_and_the_search_api_read_their_parameters_alike(staff, content, filters):
    """One parser: what the API refuses with a message, /sok/ refuses with the same message (and no results)."""
    api = staff.get(f"/api/v2/search/?q=elcykel&{filters}")
    page = staff.get(f"/sok/?q=elcykel&{filters}")
    assert (api.status_code, page.status_code) == (400, 400)
    assert escape(message_of(api)) in page.content.decode()
    assert "Boka elcykel" not in page.content.decode()


def test_the_search_page_accepts_what_the_api_accepts(staff, content):
    for department in (content.department.slug, content.department.pk):
        response = staff.get(f"/sok/?q=elcykel&page=1&type=guide&department={department}")
        assert response.status_code == 200
        assert "Boka elcykel" in response.content.decode()


@pytest.mark.parametrize(
    "url, message",
    [
        ("/api/v2/pages/?department=social%00", "Parametrar får inte innehålla styrtecken (department)."),
        ("/api/v2/search/?q=elcykel&department=social%00", "department: Null-tecken är inte tillåtna."),
        ("/api/v2/pages/?locale=%00", "Parametrar får inte innehålla styrtecken (locale)."),
        ("/api/v2/pages/?site=%00", "Parametrar får inte innehålla styrtecken (site)."),
        ("/api/v2/pages/find/?html_path=%00", "Parametrar får inte innehålla styrtecken (html_path)."),
        ("/api/v2/documents/?title=a%00", "Parametrar får inte innehålla styrtecken (title)."),
        ("/api/v2/pages/?ti%00tle=a", "Parametrar får inte innehålla styrtecken (ti?tle)."),
    ],
)
def test_a_nul_byte_that_postgresql_refuses(staff, content, url, message):
    assert message_of(staff.get(url)) == message


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
@pytest.mark.parametrize("value", ["x", "²", TWENTY_NINES, "0"])
def test_find_by_an_id_that_is_no_id(staff, content, endpoint, value):
    assert message_of(staff.get(f"/api/v2/{endpoint}/find/?id={value}")).startswith(
        "id måste vara ett heltal från 1 till "
    )


def test_find_by_id_still_finds(staff, content):
    response = staff.get(f"/api/v2/pages/find/?id={content.pk}")
    assert response.status_code == 302
    assert urlsplit(response.url).path == f"/api/v2/pages/{content.pk}/"


@pytest.mark.parametrize("path", ["pages/{id}/?type=pages.NewsPage", "pages/{id}/", "images/{id}/", "documents/{id}/"])
def test_an_id_in_the_path_past_what_the_database_holds_is_a_404(staff, content, path):
    """SQLite (`make run`) failed to compare it with a page type's key, a foreign key that Django does not
    keep in range as it does an integer field."""
    response = staff.get("/api/v2/" + path.format(id=TWENTY_NINES))
    assert response.status_code == 404
    assert response.json()["message"]


def test_find_in_a_page_type_that_does_not_hold_the_page_is_a_404(staff, content):
    response = staff.get(f"/api/v2/pages/find/?type=pages.NewsPage&id={content.pk}")
    assert response.status_code == 404
    assert response.json() == {"message": "not found"}


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_an_offset_past_the_database_bigint(staff, content, endpoint):
    response = staff.get(f"/api/v2/{endpoint}/?offset={BIGINT_PAST}")
    assert message_of(response) == "offset måste vara ett heltal från 0 till 2147483647"


def test_an_offset_past_the_end_is_still_an_empty_page(staff, content):
    response = staff.get("/api/v2/pages/?offset=2147483647")
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_an_unknown_search_operator(staff, content, endpoint):
    response = staff.get(f"/api/v2/{endpoint}/?search=elcykel&search_operator=xor")
    assert message_of(response) == "search_operator måste vara en av: and, or"
    assert staff.get(f"/api/v2/{endpoint}/?search=elcykel&search_operator=or").status_code == 200


@pytest.mark.parametrize(
    "search, message",
    [
        ("elcykel%00", "Parametrar får inte innehålla styrtecken (search)."),
        # Thousands of words: Wagtail's query builder recursed itself to death on the database backend.
        ("a%20" * 3000, "search får vara högst 200 tecken lång"),
    ],
)
def test_search_text_the_database_backend_cannot_take(staff, content, search, message):
    assert message_of(staff.get(f"/api/v2/pages/?search={search}")) == message


@pytest.mark.parametrize("search", ["%22elcykel", "el%22cykel%22%22", "NEAR(elcykel", "elcykel%20AND%20(", "%27", "*"])
def test_full_text_syntax_in_a_search_is_searched_as_words(staff, content, search):
    """SQLite's FTS5 (`make run`) answered 500 to a double quote; PostgreSQL and the engine read words."""
    response = staff.get(f"/api/v2/pages/?search={search}")
    assert response.status_code == 200
    assert "items" in response.json()


@pytest.mark.parametrize("search", ["%22", "%20", "%22%20%22"])
def test_a_search_without_words_is_answered(staff, content, search):
    """SQLite's backend built no query at all for these (a 500); what each backend finds for them varies."""
    response = staff.get(f"/api/v2/pages/?search={search}")
    assert response.status_code == 200
    assert isinstance(response.json()["items"], list)


def test_a_double_quote_in_a_search_is_no_syntax(staff, content):
    items = staff.get("/api/v2/pages/?search=%22elcykel").json()["items"]
    assert [item["id"] for item in items] == [content.pk]


def test_sqlite_full_text_search_is_given_words_not_syntax():
    """The database backend of `make run` on SQLite: modelsearch quotes each word for FTS5 without escaping.

    This suite runs on PostgreSQL, where modelsearch's SQLite module cannot even be imported; so this checks
    our part (search/backends/database.py) and, on a real FTS5 table, why it is needed.
    """
    import sqlite3

    from modelsearch.query import Phrase, PlainText

    from search.backends.database import FTS5SafeWords

    class ModelsearchCompiler:
        def build_search_query_content(self, query, config=None):
            return query

    class Compiler(FTS5SafeWords, ModelsearchCompiler):
        pass

    hostile = 'el"cykel\x00 "boka'
    words = Compiler().build_search_query_content(PlainText(hostile, operator="or"))
    assert (words.query_string, words.operator) == ("el cykel   boka", "or")
    assert Compiler().build_search_query_content(Phrase(hostile)).query_string == "el cykel   boka"

    fts5 = sqlite3.connect(":memory:")
    fts5.execute("CREATE VIRTUAL TABLE entry USING fts5(title, body)")
    fts5.execute("INSERT INTO entry VALUES ('Boka elcykel', '')")

    def match(text):  # as modelsearch's Lexeme writes the words of a query
        expression = " OR ".join(f'"{word}"' for word in text.split())
        return fts5.execute("SELECT title FROM entry WHERE entry MATCH ?", [f"{{title body}} : ({expression})"])

    with pytest.raises(sqlite3.OperationalError):  # "unterminated string", "fts5: syntax error"
        match(hostile)
    assert match(words.query_string).fetchall() == [("Boka elcykel",)]


@pytest.mark.parametrize(
    "url, message",
    [
        (f"/api/v2/pages/?id={TWENTY_NINES}&search=elcykel", "id måste vara ett heltal från 1 till 2147483647"),
        (f"/api/v2/documents/?id={TWENTY_NINES}&search=elcykel", "id måste vara ett heltal från 1 till "),
        (
            f"/api/v2/pages/?type=pages.GuidePage&content_owner={TWENTY_NINES}&search=elcykel",
            "content_owner måste vara ett heltal från 1 till 2147483647",
        ),
        (
            "/api/v2/pages/?search=elcykel&offset=9990",
            "En sökning visar bara sina första 10000 träffar (offset + limit).",
        ),
        (
            "/api/v2/images/?search=elcykel&offset=10000&limit=1",
            "En sökning visar bara sina första 10000 träffar (offset + limit).",
        ),
    ],
)
def test_numbers_the_search_engine_cannot_take(staff, content, search_engine, url, message):
    assert message_of(staff.get(url)).startswith(message)


def test_an_id_filter_within_range_still_filters_on_the_engine(staff, content, search_engine):
    search_engine.get_index_for_model(GuidePage).refresh()
    items = staff.get(f"/api/v2/pages/?id={content.pk}&search=elcykel").json()["items"]
    assert [item["id"] for item in items] == [content.pk]


@pytest.fixture
def owner_with_a_page_due(client):
    owner = factories.writer(username="agaren")
    page = factories.guide_page("Boka resa", owner=owner, review_date=timezone.localdate())
    client.force_login(owner)
    client.raise_request_exception = False
    return owner, page


def bulk_action(action, model="wagtailcore/page"):
    """Wagtail's bulk action URL: "Markera som granskad" and "Byt innehållsansvarig" are page bulk actions."""
    return reverse("wagtail_bulk_action", args=[*model.split("/"), action])


@pytest.mark.parametrize("bad", ["x", "²", "٣", "junk", TWENTY_NINES, BIGINT_PAST, "-1", ""])
@pytest.mark.parametrize("parameter", ["id", "childOf"])
def test_mark_reviewed_refuses_a_selection_that_is_no_page_or_document(client, owner_with_a_page_due, bad, parameter):
    owner, page = owner_with_a_page_due
    query = {"id": [page.pk, bad]} if parameter == "id" else {"id": "all", "childOf": bad}
    for model in ("wagtailcore/page", "documents/intranetdocument"):
        response = client.post(f"{bulk_action('mark_reviewed', model)}?{urlencode(query, doseq=True)}")
        assert response.status_code == 400
        assert f"Det här valet kan inte användas: {bad}" in response.content.decode()
    page.refresh_from_db()
    assert page.last_reviewed_at is None  # all or nothing: the page ticked with it is not marked either


def test_mark_reviewed_for_another_content_type_is_a_404(client, owner_with_a_page_due):
    owner, page = owner_with_a_page_due
    assert client.post(f"{bulk_action('mark_reviewed', 'auth/user')}?id={owner.pk}").status_code == 404
    assert client.post(f"{bulk_action('no_such_action')}?id={page.pk}").status_code == 404


def test_mark_reviewed_marks_what_was_ticked(client, owner_with_a_page_due):
    owner, page = owner_with_a_page_due
    response = client.post(f"{bulk_action('mark_reviewed')}?id={page.pk}")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.last_reviewed_by == owner


def test_change_owner_refuses_a_selection_that_is_no_page(client):
    editor = factories.editor()
    leaver = factories.UserFactory()
    page = factories.guide_page("Lämnad", owner=leaver)
    leaver.is_active = False
    leaver.save()
    client.force_login(editor)
    client.raise_request_exception = False
    for bad in ("²", TWENTY_NINES, "x"):
        response = client.post(f"{bulk_action('change_owner')}?id={page.pk}&id={bad}", {"new_owner": editor.pk})
        assert response.status_code == 400
    page.refresh_from_db()
    assert page.content_owner == leaver
