"""Property-based fuzzing of every API endpoint's query parameters: hostile values get a 4xx, never a 5xx.

Each example is one GET to one endpoint (as a member of staff; previews as an editor) with a few parameters:
the ones the endpoint knows (read from the endpoint classes, so a new parameter is fuzzed too) with good values,
and one or two, known or unknown, with hostile values: unicode digits, huge and negative numbers, NUL and
other control characters, full-text syntax, long strings, percent-encoded bytes that are no UTF-8. A 5xx is
not raised at once: every request runs, and the test fails at the end with the count of requests, the count
of 5xx and each distinct cause, as the fuzzing that found issue 9's point 7 reported them (`-s` prints the
counts of a run that passes).

`FUZZ_EXAMPLES=10000 pytest tests/test_fuzz_api.py -s` fuzzes longer than the suite does; without
DATABASE_URL the database-backend test fuzzes SQLite's full-text search, as `make run` has it.
"""

import os
import time
import traceback
from collections import Counter
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from cms.api import DocumentsEndpoint, ImagesEndpoint, PagesEndpoint, PreviewEndpoint
from cms.api import urlpatterns as api_urlpatterns
from intranet.notifications.api import ListParameters as NotificationListParameters
from intranet.pages.api import NewsParameters, content_page_models
from intranet.people.api import ListParameters as PeopleListParameters
from intranet.posts import services as posts_services
from intranet.posts.attachments import attach
from intranet.startpage.serializers import FeedParameters, StartParameters
from search.api import SearchParameters

from . import factories
from .test_documents import make_docx

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "600"))

UNICODE_DIGITS = ["²", "³", "¹", "٣", "১", "߀", "๓", "Ⅻ", "①", "𝟙", "９", "½"]
NUMBERS = [
    "0", "-0", "1", "-1", "20", "21", "100", "101", "9990", "10000", "10001",
    str(2**31 - 1), str(2**31), str(2**53 + 1), str(2**63 - 1), str(2**63), str(2**64), "9" * 40,
    "-" + str(2**63 + 1), "1.0", "1.5", "1e5", "0x10", "NaN", "inf", " 1", "1 ", "+1", "01",
]  # fmt: skip
FULL_TEXT_SYNTAX = [
    '"', '"elcykel', 'el"cykel"', '""', "NEAR(elcykel boka)", "elcykel AND (", "OR", "NOT", "*", "elcykel*",
    "^elcykel", "-elcykel", "title:elcykel", "{title}: elcykel", "'", "\\", "%", "_", ":", "()", "[", "a & b",
    "a | b", "!a", "a <-> b", "a:*", "*:*", "~1", "elcykel~", "/re/", "@@", "';--", "\u200b", "\ufeff",
]  # fmt: skip
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\t", "\n", "\r", "\x1b", "\x7f", "a\x00b", "\x00\x00"]
#: Sent as they are: percent-encoded bytes that are not UTF-8, or no escape at all.
RAW_VALUES = ["%ff", "%c3%28", "%ed%a0%80", "%f4%90%80%80", "%e2%82", "%", "%zz", "%00", "a%ffb", "%c0%80"]
#: Names no endpoint knows; some of them hostile too.
UNKNOWN_NAMES = ["unknown", "q[]", "id[]", "__proto__", "", "a\x00", "²", "fields[]", "x" * 300]
RAW_NAMES = ["%ff", "%00", "id%00", "q%c3%28", "%"]


def known_parameters(endpoint, models):
    """What an endpoint reads: Wagtail's operations, its find parameters and every field it filters on."""
    names = set(endpoint.known_query_parameters) | set(endpoint.find_query_parameters)
    for model in models:
        names |= set(endpoint.get_available_fields(model, db_fields_only=True))
    return sorted(names)


def endpoints(world):
    pages = known_parameters(PagesEndpoint, [Page, *content_page_models()])
    images = known_parameters(ImagesEndpoint, [get_image_model()])
    documents = known_parameters(DocumentsEndpoint, [get_document_model()])
    preview = known_parameters(PreviewEndpoint, [Page, *content_page_models()])
    search = sorted(SearchParameters().fields)
    page_id, image_id, document_id = world["page"].pk, world["image"].pk, world["document"].pk
    preview_needs = ["content_type", "token"]
    return [  # path, the parameters it knows, those it needs to get anywhere
        ("/api/v2/pages/", pages, []),
        (f"/api/v2/pages/{page_id}/", pages, []),
        ("/api/v2/pages/99999999999999999999/", pages, []),
        ("/api/v2/pages/find/", pages, []),
        ("/api/v2/images/", images, []),
        (f"/api/v2/images/{image_id}/", images, []),
        ("/api/v2/images/find/", images, []),
        ("/api/v2/documents/", documents, []),
        (f"/api/v2/documents/{document_id}/", documents, []),
        ("/api/v2/documents/find/", documents, []),
        ("/api/v2/preview/", preview, preview_needs),
        (f"/api/v2/preview/{page_id}/", preview, preview_needs),
        ("/api/v2/preview/find/", preview, preview_needs),
        ("/api/v2/news/for-me/", sorted(NewsParameters().fields), []),
        ("/api/v2/me/start/", sorted(StartParameters().fields), []),
        ("/api/v2/me/feed/", sorted(FeedParameters().fields), []),
        ("/api/v2/search/", search, ["q"]),
        ("/api/v2/search/suggest/", ["q"], ["q"]),
        ("/api/v2/search/clicks/", ["format"], []),  # POST only: GET answers 405 whatever it is sent
        ("/sok/", search, ["q"]),  # the reader site's search page, on the same parameters
        *group_endpoints(world),
        *posts_endpoints(world),
        # Notifications (issue 11); the routes that only take POST, PUT or DELETE answer GET with 405. Those that
        # read no parameter get `format` (DRF's) so that there is a name to fuzz.
        ("/api/v2/notifications/", sorted(NotificationListParameters().fields), []),
        ("/api/v2/notifications/unread-count/", ["format"], []),
        ("/api/v2/notifications/read-all/", ["format"], []),
        ("/api/v2/notifications/99999999999999999999/read/", ["format"], []),
        ("/api/v2/notifications/settings/", ["format"], []),
        ("/api/v2/notifications/muted-groups/", ["format"], []),
        ("/api/v2/notifications/muted-groups/99999999999999999999/", ["format"], []),
    ]


def group_endpoints(world):
    """Groups (issue 11): the list's parameters on every route; GET on a write-only route is a 405."""
    from intranet.groups.api import ListParameters, RequestParameters

    group, known = world["group"].pk, sorted(ListParameters().fields)
    requests = sorted(RequestParameters().fields)
    return [
        ("/api/v2/groups/", known, []),
        (f"/api/v2/groups/{group}/", known, []),
        ("/api/v2/groups/99999999999999999999/", known, []),
        (f"/api/v2/groups/{group}/members/", known, []),
        (f"/api/v2/groups/{group}/members/{world['staff'].pk}/", known, []),
        (f"/api/v2/groups/{group}/requests/", requests, []),
        (f"/api/v2/groups/{group}/requests/1/approve/", known, []),
        (f"/api/v2/groups/{group}/requests/1/decline/", known, []),
        (f"/api/v2/groups/{group}/requests/1/withdraw/", known, []),
        (f"/api/v2/groups/{group}/join/", known, []),
        (f"/api/v2/groups/{group}/leave/", known, []),
        (f"/api/v2/groups/{group}/archive/", known, []),
        (f"/api/v2/groups/{group}/unarchive/", known, []),
    ]


def posts_endpoints(world):
    """Posts, comments, reactions, attachments and the moderation log (intranet/posts/api.py)."""
    post, comment, attachment = world["post"].pk, world["comment"].pk, world["attachment"].pk
    listing, item = ["group", "cursor"], ["format"]
    return [
        ("/api/v2/posts/", listing, []),
        (f"/api/v2/posts/{post}/", item, []),
        ("/api/v2/posts/99999999999999999999/", item, []),
        (f"/api/v2/posts/{post}/remove/", item, []),
        (f"/api/v2/posts/{post}/edits/", item, []),
        (f"/api/v2/posts/{post}/reactions/like/", item, []),
        (f"/api/v2/posts/{post}/comments/", ["cursor"], []),
        (f"/api/v2/posts/{post}/attachments/", item, []),
        (f"/api/v2/posts/{post}/attachments/{attachment}/", item, []),
        (f"/api/v2/comments/{comment}/", item, []),
        (f"/api/v2/comments/{comment}/remove/", item, []),
        (f"/api/v2/comments/{comment}/edits/", item, []),
        (f"/api/v2/comments/{comment}/reactions/like/", item, []),
        ("/api/v2/moderation-log/", listing, []),
        # The people directory (issue 11)
        ("/api/v2/people/", sorted(PeopleListParameters().fields), []),
        ("/api/v2/people/suggest/", ["q"], ["q"]),
        # (endpoints that read no parameter get one they ignore: the fuzzer needs something to vary)
        ("/api/v2/people/following/", ["format"], []),
        ("/api/v2/people/org/", ["department"], ["department"]),
        (f"/api/v2/people/{world['staff'].pk}/", ["format"], []),
        (f"/api/v2/people/{world['staff'].pk}/photo/", ["format"], []),
        ("/api/v2/people/99999999999999999999/follow/", ["format"], []),
    ]


def good_values(world):
    """Values each parameter can take, so that a request gets past its first check to the next one."""
    page, department = world["page"], world["department"]
    ids = [str(page.pk), str(world["image"].pk), str(world["document"].pk)]
    return {
        "q": ["elcykel", "boka elcykel", "cykel"],
        "search": ["elcykel", "boka elcykel", ""],
        "search_operator": ["and", "or"],
        "type": [
            "guide",
            "document",
            "person",
            "post",
            "comment",
            "pages.GuidePage",
            "pages.NewsPage",
            "pages.GuidePage,pages.NewsPage",
        ],
        "department": [department.slug, str(department.pk)],
        "page": ["1", "2"],
        "page_size": ["1", "100"],
        "scope": ["mine", "all"],
        "limit": ["0", "1", "20"],
        "offset": ["0", "1", "9980"],
        "fields": ["*", "_,title", "title,department,content_owner", "content_owner(name)", "-title", "body"],
        "order": ["title", "-first_published_at", "random", "id"],
        "child_of": ["root", str(page.get_parent().pk)],
        "descendant_of": ["root", str(page.get_parent().pk)],
        "ancestor_of": [str(page.pk)],
        "translation_of": [str(page.pk)],
        "locale": ["sv", "en"],
        "site": ["localhost", "testserver"],
        "html_path": [page.url, "/"],
        "id": ids,
        "content_owner": [str(page.content_owner_id)],
        "content_type": ["pages.guidepage", "pages.newspage"],
        "token": [world["preview"].token],
        "title": [page.title],
        "slug": [page.slug],
        "show_in_menus": ["true", "false"],
        "review_date": ["2026-01-01"],
        "date": ["2026-01-01"],
        "width": ["640"],
        "height": ["480"],
        "tags": ["cykel"],
        "rich_text_format": ["html", "draftail"],
        "format": ["json"],
        "mine": ["true", "false"],
        "kind": ["staff", "department"],
        "archived": ["false", "true", "all"],
        "status": ["pending", "approved"],
        "group": [str(world["post"].group_id)],
        "cursor": ["cD0yMDI2LTAxLTAx"],
    }


def hostile_values():
    text = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)  # a lone surrogate has no URL form
    long = st.sampled_from(["a ", "a", "9", "%", "²", "elcykel "]).flatmap(
        lambda unit: st.integers(100, 6000).map(lambda count: unit * count)
    )
    as_text = st.one_of(
        st.sampled_from(UNICODE_DIGITS),
        st.sampled_from(NUMBERS),
        st.integers(-(10**30), 10**30).map(str),
        st.sampled_from(FULL_TEXT_SYNTAX),
        st.sampled_from(CONTROL),
        long,
        text,
        st.lists(st.sampled_from(["elcykel", "1", *UNICODE_DIGITS, *CONTROL, *FULL_TEXT_SYNTAX]), max_size=4).map(
            "".join
        ),
    ).map(lambda value: quote(value, safe=""))
    return st.one_of(as_text, st.sampled_from(RAW_VALUES))


def requests(world):
    """A URL: an endpoint, some of its parameters with good values, and none to a few with hostile ones."""
    good = good_values(world)
    hostile = hostile_values()

    def good_parameter(name):
        return st.sampled_from(good.get(name, ["1", "elcykel"])).map(lambda value: (name, quote(value, safe="")))

    def query(endpoint):
        path, known, needed = endpoint
        # What the endpoint needs to get anywhere (a query, a preview token) comes first; a hostile value
        # for the same name later in the URL replaces it.
        needed = [good_parameter(name) for name in needed]
        fine = st.lists(st.sampled_from(known).flatmap(good_parameter), max_size=4)
        name = st.one_of(
            st.sampled_from(known).map(lambda name: quote(name, safe="")),
            st.sampled_from(UNKNOWN_NAMES).map(lambda name: quote(name, safe="")),
            st.sampled_from(RAW_NAMES),
        )
        bad = st.lists(st.tuples(name, hostile), max_size=2)
        rest = st.tuples(fine, bad).flatmap(lambda parts: st.permutations(parts[0] + parts[1]))
        return st.tuples(st.tuples(*needed), rest).map(
            lambda parts: path + "?" + "&".join(f"{name}={value}" for name, value in [*parts[0], *parts[1]])
        )

    return st.sampled_from(endpoints(world)).flatmap(query)


@pytest.fixture
def world():
    """A little of everything the endpoints show: a department, pages of each kind, an image, a document,
    a draft with its preview token."""
    department = factories.DepartmentFactory(name="Socialförvaltningen", code="SOC", slug="socialforvaltningen")
    page = factories.guide_page(title="Boka elcykel", lead="Så bokar du en elcykel.", department=department)
    factories.news_page(title="Nya elcyklar", department=department)
    factories.news_page(title="Nyheter för alla")
    factories.policy_page(title="Cykelpolicy")
    page.title = "Boka elcykel (utkast)"
    page.save_revision()
    preview = page.get_latest_revision_as_object().create_page_preview()
    image = get_image_model().objects.create(title="Elcykel", file=get_test_image_file())
    document = get_document_model().objects.create(
        title="Cykelregler", file=ContentFile(make_docx("Elcykel lånas i receptionen."), name="cykelregler.docx")
    )
    staff = factories.UserFactory(department=department)
    group = factories.staff_group(admin=staff, name="Elcykelgruppen")
    post = posts_services.write_post(staff, group, "Vem cyklar till jobbet? @" + staff.username)
    comment = posts_services.write_comment(staff, post, "Jag!")
    attachment = attach(post, ContentFile(make_docx("Cykelregler"), name="regler.docx"), staff)
    return {
        "group": group,
        "post": post,
        "comment": comment,
        "attachment": attachment,
        "department": department,
        "page": page,
        "preview": preview,
        "image": image,
        "document": document,
        "staff": staff,
        "editor": factories.editor(),
    }


def fuzz(world, examples):
    """Send `examples` requests; return their count, the 5xx count and the distinct causes of the 5xx."""
    counts = Counter()
    statuses = Counter()
    causes = {}
    # Previews need someone who may edit the page; everything else is read as a member of staff.
    # A 500 is answered, as in production, instead of raised into the test.
    as_staff, as_editor = Client(raise_request_exception=False), Client(raise_request_exception=False)
    as_staff.force_login(world["staff"])
    as_editor.force_login(world["editor"])

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,  # nothing written beside the code; a failure prints the request that failed
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(url=requests(world))
    def one_request(url):
        client = as_editor if url.startswith("/api/v2/preview/") else as_staff
        # Each request in a savepoint of its own: in production a failed query does not spoil the next request.
        with transaction.atomic():
            response = client.get(url)
        counts["requests"] += 1
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            counts["5xx"] += 1
            error = response.exc_info[1] if response.exc_info else None
            cause = (url.split("?")[0], f"{type(error).__name__}: {str(error)[:200]}" if error else "")
            if cause not in causes:
                where = traceback.extract_tb(response.exc_info[2])[-1] if response.exc_info else None
                causes[cause] = (url[:300], response.status_code, f"{where.filename}:{where.lineno}" if where else "")

    started = time.monotonic()
    one_request()
    return counts["requests"], counts["5xx"], causes, time.monotonic() - started, statuses


def report(name, requests_sent, server_errors, causes, seconds, statuses):
    summary = f"{name}: {requests_sent} requests, {server_errors} answered 5xx ({seconds:.0f} s)"
    print(f"\n{summary}; by status: {dict(sorted(statuses.items()))}")
    for (path, cause), (url, status, where) in causes.items():
        print(f"  {status} {path} {cause}\n      e.g. {url}\n      at {where}")
    return summary + "".join(f"\n  {status} {url} → {cause}" for (_, cause), (url, status, _) in causes.items())


def test_every_api_endpoint_is_fuzzed(world):
    """A new endpoint (or a new route of one) is fuzzed too, or this fails until it is listed in endpoints()."""
    fuzzed = {resolve(path).route for path, _, _ in endpoints(world)}
    assert fuzzed == {f"api/v2/{route}" for route in routes(api_urlpatterns)} | {"sok/"}


def routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern).removeprefix("^")  # as resolve() joins them
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        else:
            yield route


def test_no_query_parameter_gets_a_5xx_on_postgresql_and_the_search_engine(world, search_engine):
    search_engine.get_index_for_model(Page).refresh()
    search_engine.get_index_for_model(get_document_model()).refresh()
    sent, server_errors, causes, seconds, statuses = fuzz(world, EXAMPLES)
    summary = report("API fuzz on PostgreSQL and the search engine", sent, server_errors, causes, seconds, statuses)
    assert server_errors == 0, summary


def test_no_query_parameter_gets_a_5xx_on_the_database_search_backend(world):
    """Without an engine, ?search= goes to the database: PostgreSQL's full-text search here, SQLite's in `make run`."""
    sent, server_errors, causes, seconds, statuses = fuzz(world, EXAMPLES // 3)
    summary = report("API fuzz on the database search backend", sent, server_errors, causes, seconds, statuses)
    assert server_errors == 0, summary
