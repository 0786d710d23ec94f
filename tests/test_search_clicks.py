"""Learning from use (issue 13, point 4): which search results readers open, counted without saying who.

`POST /api/v2/search/clicks/` counts an opened result; "Sökningar utan klick" lists the queries whose results
nobody opens; the dashboard shows click-through per week; `prune_search_statistics` deletes old counts.
"""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.models import APIToken, PageViewRestriction

from search.clicks import weekly_click_through
from search.models import QueryDailyClicks, QueryDailyZeroResults

from . import factories

pytestmark = pytest.mark.django_db

CLICKS = "/api/v2/search/clicks/"


def post_json(client, body, **headers):
    return client.post(CLICKS, data=json.dumps(body), content_type="application/json", **headers)


#: The CSRF cookie the reader site's pages set, and the header its script sends with every write.
CSRF_SECRET = "k" * 32


@pytest.fixture
def reader():
    """A logged-in reader on the reader site: a session, and Django's CSRF check as the browser meets it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.UserFactory())
    client.cookies["csrftoken"] = CSRF_SECRET
    return client


def csrf(client):
    return {"HTTP_X_CSRFTOKEN": CSRF_SECRET}


def counts():
    return {
        (row.query.query_string, row.date, row.rank, row.kind, row.object_id): row.clicks
        for row in QueryDailyClicks.objects.select_related("query")
    }


def test_an_opened_result_is_counted_by_query_rank_result_and_day_and_names_nobody(reader):
    guide = factories.guide_page(title="Boka elcykel")
    today = timezone.localdate()
    body = {"query": "  Boka   ELCYKEL ", "rank": 3, "type": "guide", "id": guide.pk}

    first = post_json(reader, body, **csrf(reader))
    assert first.status_code == 204, first.content
    assert first.content == b""
    assert post_json(reader, body, **csrf(reader)).status_code == 204
    assert post_json(reader, {**body, "rank": 1}, **csrf(reader)).status_code == 204

    assert counts() == {
        ("boka elcykel", today, 3, "guide", guide.pk): 2,
        ("boka elcykel", today, 1, "guide", guide.pk): 1,
    }
    # Nothing that says who, or when in the day.
    assert {field.name for field in QueryDailyClicks._meta.get_fields()} == {
        "id",
        "query",
        "date",
        "rank",
        "kind",
        "object_id",
        "clicks",
    }


def test_the_reader_site_clicks_what_the_search_answered(reader):
    """The journey: search, then send the hit's own type and id with its place in the list."""
    factories.guide_page(title="Boka elcykel", lead="Så bokar du en elcykel.")
    news = factories.news_page(title="Elcykel att låna", lead="Tio elcyklar finns vid kommunhuset.")
    answer = reader.get("/api/v2/search/?q=elcykel").json()
    rank, hit = next((rank, hit) for rank, hit in enumerate(answer["results"], start=1) if hit["id"] == news.pk)

    response = post_json(
        reader, {"query": answer["query"], "rank": rank, **{k: hit[k] for k in ("type", "id")}}, **csrf(reader)
    )

    assert response.status_code == 204, response.content
    assert counts() == {("elcykel", timezone.localdate(), rank, "news", news.pk): 1}


def test_a_session_write_needs_the_csrf_token_and_an_api_token_does_not(reader):
    guide = factories.guide_page()
    body = {"query": "elcykel", "rank": 1, "type": "guide", "id": guide.pk}

    refused = post_json(reader, body)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["message"]

    user = factories.UserFactory()
    _, token = APIToken.create_token(user=user, name="Front end")
    assert post_json(Client(enforce_csrf_checks=True), body, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 204
    assert sum(counts().values()) == 1


def test_nobody_logged_in_gets_401(client):
    guide = factories.guide_page()
    assert post_json(client, {"query": "x", "rank": 1, "type": "guide", "id": guide.pk}).status_code == 401
    assert not QueryDailyClicks.objects.exists()


@pytest.mark.parametrize(
    "body, message",
    [
        ({"rank": 1, "type": "guide", "id": "GUIDE"}, "Say which search the result was opened from (query)."),
        ({"query": " *:* ", "rank": 1, "type": "guide", "id": "GUIDE"}, "Say which search the result was opened from"),
        ({"query": "elcykel", "type": "guide", "id": "GUIDE"}, "rank"),
        ({"query": "elcykel", "rank": 0, "type": "guide", "id": "GUIDE"}, "rank must be a whole number from 1 to 1100"),
        ({"query": "elcykel", "rank": 1101, "type": "guide", "id": "GUIDE"}, "rank must be a whole number"),
        ({"query": "elcykel", "rank": "tre", "type": "guide", "id": "GUIDE"}, "rank must be a whole number"),
        ({"query": "elcykel", "rank": 1, "type": "recipe", "id": "GUIDE"}, "type must be one of: news, guide"),
        ({"query": "elcykel", "rank": 1, "kind": "page", "id": "GUIDE"}, "type"),
        ({"query": "elcykel", "rank": 1, "type": "guide"}, "id"),
        ({"query": "elcykel", "rank": 1, "type": "guide", "id": 2**63}, "id must be a whole number"),
        ({"query": "elcykel", "rank": 1, "type": "news", "id": "GUIDE"}, "There is no such result to open."),
        ({"query": "elcykel", "rank": 1, "type": "guide", "id": 999_999}, "There is no such result to open."),
        ({"query": "elcykel", "rank": 1, "type": "person", "id": 999_999}, "There is no such result to open."),
        ({"query": "elcykel", "rank": 1, "type": "post", "id": 999_999}, "There is no such result to open."),
        (["elcykel", 1, "guide"], "Send a JSON object."),
    ],
)
def test_bad_input_is_a_json_400_and_counts_nothing(reader, body, message):
    guide = factories.guide_page()
    if isinstance(body, dict) and body.get("id") == "GUIDE":
        body = {**body, "id": guide.pk}
    response = post_json(reader, body, **csrf(reader), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    assert message in response.json()["message"]
    assert not QueryDailyClicks.objects.exists()


@pytest.mark.parametrize("payload", [b"{not json", b"", b"\x00\xff"])
def test_a_body_that_is_not_json_is_a_json_400(reader, payload):
    response = reader.post(CLICKS, data=payload, content_type="application/json", **csrf(reader))
    assert response.status_code == 400
    assert response.json()["message"]
    assert not QueryDailyClicks.objects.exists()


def test_the_message_is_in_swedish_for_a_swedish_reader(reader):
    response = post_json(reader, {"query": "lön", "rank": 1, "type": "guide", "id": 999_999}, **csrf(reader))
    assert response.json() == {"message": "Det finns ingen sådan träff att öppna."}


def test_a_page_the_reader_may_not_see_is_refused_as_if_it_did_not_exist(reader):
    """No click on what the reader could not have been shown, and no way to learn that a restricted page exists."""
    secret = factories.guide_page(title="Löneglidning i ledningsgruppen")
    restriction = PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.create(name="Ledningsgruppen")])
    draft = factories.guide_page(title="Utkast", live=False)

    answers = [
        post_json(reader, {"query": "lön", "rank": 1, "type": "guide", "id": pk}, **csrf(reader)).json()
        for pk in (secret.pk, draft.pk, 999_999)
    ]

    assert answers[0] == answers[1] == answers[2]
    assert not QueryDailyClicks.objects.exists()


def test_people_and_posts_are_results_too(reader):
    colleague = factories.UserFactory(first_name="Åsa", last_name="Öström")
    group = factories.staff_group(admin=colleague)
    post = factories.PostFactory(group=group, author=colleague)
    removed = factories.PostFactory(group=group, author=colleague, removed_at=timezone.now())
    for kind, pk, status in [("person", colleague.pk, 204), ("post", post.pk, 204), ("post", removed.pk, 400)]:
        response = post_json(reader, {"query": "åsa", "rank": 2, "type": kind, "id": pk}, **csrf(reader))
        assert response.status_code == status, (kind, response.content)
    assert {(kind, pk) for (_q, _d, _r, kind, pk) in counts()} == {("person", colleague.pk), ("post", post.pk)}


# "Sökningar utan klick"


def click_count(text, day, rank=1, clicks=1):
    query = Query.objects.filter(query_string=text).first() or Query.objects.create(query_string=text)
    QueryDailyClicks.objects.create(query=query, date=day, rank=rank, kind="guide", object_id=1, clicks=clicks)


def test_searches_without_clicks_lists_queries_that_found_something_nobody_opened(client):
    today = timezone.localdate()
    factories.search_count("semesterväxling", today, searches=12)
    factories.search_count("semesterväxling", today - datetime.timedelta(days=3), searches=3, zero_result_searches=1)
    factories.search_count("elcykel", today, searches=40)
    click_count("elcykel", today)
    factories.search_count("parkeringstillstånd", today, searches=7, zero_result_searches=7)  # "utan träffar"
    factories.search_count("friskvård", today - datetime.timedelta(days=20), searches=5)
    factories.search_count("friskvård", today - datetime.timedelta(days=40), searches=9)
    click_count("friskvård", today - datetime.timedelta(days=40))  # opened, but not in the period
    client.force_login(factories.writer())  # everyone with admin access: the counts name nobody

    report = client.get("/admin/reports/searches-without-clicks/")
    assert report.status_code == 200
    html = report.content.decode()
    assert "Sökningar utan klick" in html
    assert "semesterväxling" in html and "friskvård" in html
    assert "elcykel" not in html and "parkeringstillstånd" not in html

    csv = b"".join(client.get("/admin/reports/searches-without-clicks/?export=csv").streaming_content).decode()
    rows = [line for line in csv.splitlines() if line]
    assert rows[1:] == ["semesterväxling,15,14", "friskvård,5,5"]  # most searches with results first

    week = client.get("/admin/reports/searches-without-clicks/?days=7").content.decode()
    assert "semesterväxling" in week and "friskvård" not in week
    quarter = b"".join(
        client.get("/admin/reports/searches-without-clicks/?days=90&export=csv").streaming_content
    ).decode()
    assert "friskvård" not in quarter  # opened 40 days ago
    assert client.get("/admin/reports/searches-without-clicks/?days=9999").status_code == 200


def test_the_report_sits_next_to_searches_without_results_in_the_reports_menu(client):
    client.force_login(factories.writer())
    html = client.get("/admin/").content.decode()
    assert html.index("/admin/reports/searches-without-results/") < html.index(
        "/admin/reports/searches-without-clicks/"
    )


# The dashboard


def test_click_through_per_week_on_the_dashboard(client):
    today = datetime.date(2026, 11, 25)  # a Wednesday
    monday = datetime.date(2026, 11, 23)
    factories.search_count("elcykel", monday, searches=30)
    factories.search_count("parkering", today, searches=10, zero_result_searches=10)
    click_count("elcykel", monday, rank=1, clicks=12)
    click_count("elcykel", today, rank=2, clicks=3)
    factories.search_count("elcykel", monday - datetime.timedelta(days=1), searches=8)  # the Sunday before
    click_count("elcykel", monday - datetime.timedelta(days=1), clicks=2)

    weeks = weekly_click_through(today, weeks=3)

    assert [(w.monday, w.searches, w.searches_with_results, w.clicks) for w in weeks] == [
        (datetime.date(2026, 11, 9), 0, 0, 0),
        (datetime.date(2026, 11, 16), 8, 8, 2),
        (monday, 40, 30, 15),
    ]
    assert weeks[0].click_through is None
    assert weeks[2].click_through == 0.5


def test_the_dashboard_panel_shows_this_weeks_figure(client):
    today = timezone.localdate()
    factories.search_count("elcykel", today, searches=20)
    click_count("elcykel", today, clicks=5)
    client.force_login(factories.writer())
    html = client.get("/admin/").content.decode()
    assert '<h2 id="search-click-through-heading">Klick på sökträffar</h2>' in html
    week = today.isocalendar().week
    row = html[html.index(f"{week} (") :]
    assert [cell.split("</td>")[0].strip() for cell in row.split("<td>")[1:5]] == ["20", "20", "5", "25 %"]


# Pruning


def test_prune_search_statistics_deletes_counts_past_their_age_and_keeps_promoted_queries(capsys):
    today = datetime.date(2026, 11, 29)
    old, recent = today - datetime.timedelta(days=400), today - datetime.timedelta(days=10)
    factories.search_count("gammal", old, searches=5, zero_result_searches=2)
    click_count("gammal", old)
    factories.search_count("aktuell", old, searches=5)
    factories.search_count("aktuell", recent, searches=5)
    click_count("aktuell", recent)
    factories.search_count("lönerevision", old, searches=5)
    factories.promoted_result("lönerevision", factories.guide_page())

    call_command("prune_search_statistics", "--today", today.isoformat(), "--dry-run")
    assert "Would delete the counts from before 2025-11-29: 3 day(s) of searches" in capsys.readouterr().out
    assert QueryDailyHits.objects.count() == 4

    call_command("prune_search_statistics", "--today", today.isoformat())

    assert "1 query(ies) left with none" in capsys.readouterr().out
    assert set(Query.objects.values_list("query_string", flat=True)) == {"aktuell", "lönerevision"}
    assert list(QueryDailyHits.objects.values_list("date", flat=True)) == [recent]
    assert not QueryDailyZeroResults.objects.exists()
    assert list(QueryDailyClicks.objects.values_list("date", flat=True)) == [recent]


def test_pruning_runs_every_night(settings):
    from search.tasks import prune_search_statistics

    job = settings.SCHEDULED_TASKS["prune_search_statistics"]
    assert job["task"] == "search.tasks.prune_search_statistics"
    assert prune_search_statistics.func.__module__ == "search.tasks"
    assert settings.WAGTAILSEARCH_HITS_MAX_AGE == 365
