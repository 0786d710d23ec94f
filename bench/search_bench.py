"""Search benchmark: latency at 10,000 and 50,000 pages beside a baseline, indexing throughput, and relevance.

Run (outside the test suite; it needs a real engine and about ten minutes on two shared cores):

    bin/with-postgres bin/with-opensearch .venv/bin/python bench/search_bench.py --pages 10000 50000

In one run, printed as one table at the end:

1. Relevance, as tests/test_relevance.py measures it (its functions, reused): `seed_demo` + `update_index`,
   then both query sets (the original and the frozen held-out set) through `GET /api/v2/search/`, beside
   Wagtail's stock `.search()` on the same index and plain BM25 with one Snowball stemmer. MRR@10, recall@3,
   nDCG@10 and zero-result rate.
2. For the demo content and then at each size, pages of real-looking Swedish intranet text are added
   (bench/corpus.py: HR, IT, travel, procurement, safety, school and care; three pages in ten are news published
   over the last two years, so that news weighting and decay run at scale; through intranet.demo.bulk: a
   page through Wagtail's add_child costs tens of milliseconds, 50,000 of them most of an hour), the index is
   rebuilt with `update_index` (timed: pages per second), and the same queries go through /api/v2/search/
   and prefixes through /api/v2/search/suggest/ (Django's test client: the whole stack but the network).
   The baseline, in the same run on the same index: Wagtail's stock `.search()` for the same queries.
   The engine's own `took` comes from the same requests: the engine client's `search` is wrapped, and every
   call made inside a request is recorded with it.

It exits non-zero if a benchmark query finds nothing or a prefix suggests nothing in the corpus. The first
row, the demo content alone, is the small-site reference (two of its queries have no answer there).
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from bench import corpus  # noqa: E402
from search.query import PAGE_KINDS  # noqa: E402

QUERIES = [
    "elcykel",
    "tjänsteresa",
    "regler för inköp",
    "semester",
    "passerkort",
    "ny dator",
    "skola",
    "friskvårdsbidrag",
    "tjänsteesa",  # a typo
    "vpn hemifrån",
    "faktura",
    "sjukfrånvaro",
    "hemtjänst",
    "brandövning",
    "skolskjuts",
    "läkemedel",
]
PREFIXES = ["bok", "tjä", "ele", "sem", "fak", "pas", "sju", "reg", "hem", "läk"]
BENCH_PARENT_SLUG = "bench-rutiner"
BENCH_NEWS_SLUG = "bench-aktuellt"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def what_was_asked(kwargs):
    """Which index a call searched, and whether for spelling suggestions: to say where the engine's time goes."""
    index = kwargs.get("index", "?")
    index = "+".join(name.removeprefix("bench_") for name in ([index] if isinstance(index, str) else index))
    body = kwargs.get("body") or {}
    return f"{index} (suggest)" if isinstance(body, dict) and "suggest" in body else index


class EngineCalls:
    """Records every search the engine answers: its own `took` and the round trip the client saw, in ms.

    The API builds its own backend and client per request, so the client class's `search` is wrapped,
    not one client's: whatever calls the engine during a request is recorded with that request.
    """

    def __init__(self, client_class):
        self.calls = []
        original = client_class.search

        def search(client, *args, **kwargs):
            started = time.perf_counter()
            response = original(client, *args, **kwargs)
            self.calls.append((response["took"], (time.perf_counter() - started) * 1000, what_was_asked(kwargs)))
            return response

        client_class.search = search

    def during(self, request, *args):
        """(response, ms for the whole request, [(took, round trip, what)] of the engine calls made inside it)."""
        self.calls = []
        started = time.perf_counter()
        response = request(*args)
        return response, (time.perf_counter() - started) * 1000, self.calls


def create_pages(total, rng):
    """Pages of the corpus until `total` of them exist: live info pages with a lead and a body, and, three in ten
    (corpus.is_news), news items published over the last two years."""
    from intranet.demo.bulk import add_pages
    from intranet.organisation.models import Department
    from intranet.pages.models import InfoPage, NewsIndexPage, NewsPage
    from tests import factories

    parent = InfoPage.objects.filter(slug=BENCH_PARENT_SLUG).first() or factories.info_page(
        title="Rutiner och riktlinjer", slug=BENCH_PARENT_SLUG
    )
    news_parent = NewsIndexPage.objects.filter(slug=BENCH_NEWS_SLUG).first()
    if news_parent is None:
        news_parent = NewsIndexPage(title="Aktuellt", slug=BENCH_NEWS_SLUG)
        factories.home_page().add_child(instance=news_parent)
    existing = parent.get_children().count() + news_parent.get_children().count()
    if existing >= total:
        return
    owner = factories.UserFactory()
    departments = [
        Department.objects.get_or_create(slug=slug, defaults={"name": name, "code": code})[0]
        for name, code, slug in corpus.DEPARTMENTS
    ]
    today = timezone.localdate()
    rows = {InfoPage: [], NewsPage: []}
    for number in range(existing, total):
        news = corpus.is_news(number)
        _, title, lead, paragraphs = (corpus.news_text if news else corpus.page_text)(number, rng)
        row = {
            "title": title,
            "lead": lead,
            "body": [("paragraph", f"<p>{text}</p>") for text in paragraphs],
            "department_id": rng.choice(departments).pk,
            "owner_id": owner.pk,
            "review_date": today + datetime.timedelta(days=rng.randint(30, 365)),
        }
        if news:
            published = corpus.published_at(number, rng, today)
            row.update(first_published_at=published, date=published.date())
        rows[NewsPage if news else InfoPage].append(row)
    add_pages(parent, rows[InfoPage], InfoPage)
    add_pages(news_parent, rows[NewsPage], NewsPage)


def stock_search(query):
    """Wagtail's own `.search()` over the same pages, as tests/test_relevance.py's baseline asks it."""
    return list(Page.objects.live().type(*PAGE_KINDS.values()).search(query)[:10])


def p50_p95(values):
    return f"{percentile(values, 0.5):.0f} / {percentile(values, 0.95):.0f}"


def measure(client, engine, rounds):
    """Latencies (ms) of `rounds` passes over QUERIES and PREFIXES, ours and the baseline, and what found nothing."""
    times = {name: [] for name in ("api", "took", "overhead", "stock", "stock_took", "suggest", "suggest_took")}
    engine_calls, hits, stock_hits, suggestions = [], {}, {}, {}
    took_by_call = {}
    for _ in range(rounds):
        for query in QUERIES:
            response, elapsed, calls = engine.during(client.get, "/api/v2/search/", {"q": query})
            assert response.status_code == 200, response.content
            assert calls, f"{query!r}: the API answered without asking the engine"
            hits[query] = response.json()["total"]
            took = sum(call[0] for call in calls)
            times["api"].append(elapsed)
            times["took"].append(took)
            times["overhead"].append(elapsed - took)
            engine_calls.append(len(calls))
            for call in calls:
                took_by_call.setdefault(call[2], []).append(call[0])
            found, elapsed, calls = engine.during(stock_search, query)
            stock_hits[query] = len(found)
            times["stock"].append(elapsed)
            times["stock_took"].append(sum(call[0] for call in calls))
        for prefix in PREFIXES:
            response, elapsed, calls = engine.during(client.get, "/api/v2/search/suggest/", {"q": prefix})
            assert response.status_code == 200, response.content
            suggestions[prefix] = len(response.json()["suggestions"])
            times["suggest"].append(elapsed)
            times["suggest_took"].append(sum(call[0] for call in calls))
    print("    hits per query:    " + ", ".join(f"{query} {count}" for query, count in hits.items()), flush=True)
    print("    titles per prefix: " + ", ".join(f"{prefix} {n}" for prefix, n in suggestions.items()), flush=True)
    print(
        "    engine took inside a search request, by call (p50 / p95 ms, calls): "
        + "; ".join(f"{what} {p50_p95(took)}, {len(took)}" for what, took in took_by_call.items()),
        flush=True,
    )
    # A second engine call inside one request is the spelling suggestion or the people beside the pages.
    figures = {name: p50_p95(values) for name, values in times.items()}
    figures["calls"] = f"{min(engine_calls)}–{max(engine_calls)}"
    failures = [f"{query!r} finds nothing" for query, count in hits.items() if not count]
    failures += [f"{prefix!r} suggests nothing" for prefix, count in suggestions.items() if not count]
    return figures, failures


def relevance(client):
    """tests/test_relevance.py's figures for ours, Wagtail's stock search and plain BM25, over the demo content."""
    from django.contrib.auth import get_user_model

    from tests import test_relevance as measured

    backend = get_search_backend()
    plain_bm25 = measured.bm25_snowball_search(backend)
    client.force_login(get_user_model().objects.get(username="medarbetare"))
    sets = {measured.ORIGINAL: measured.original_set(), measured.HELD_OUT: measured.held_out_set()}
    return {
        set_name: {
            "ours": measured.Figures(queries, measured.through_the_api(client)),
            "stock": measured.Figures(queries, measured.wagtail_stock_search("default")),
            "bm25": measured.Figures(queries, plain_bm25),
        }
        for set_name, queries in sets.items()
    }


def relevance_cell(figures):
    total = figures.summary()
    return f"{total['mrr']:.3f} / {total['recall']:.3f} / {total['ndcg']:.3f} / {total['zero']:.3f}"


def index_everything():
    """`update_index` (an atomic rebuild of every index), timed; (content pages, pages per second)."""
    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    seconds = time.perf_counter() - started
    backend = get_search_backend()
    backend.es.cluster.health(wait_for_status="yellow", timeout="100s", request_timeout=120)
    backend.get_index_for_model(Page).refresh()
    pages = Page.objects.live().type(*PAGE_KINDS.values()).count()
    return pages, Page.objects.count() / seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, nargs="+", default=[10000, 50000])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, keepdb=False)
    rng = random.Random(2026)
    backend = get_search_backend()
    client = Client()
    engine = EngineCalls(type(backend.es))
    rows, failures = [], []
    try:
        print("demo content (seed_demo), relevance:", flush=True)
        call_command("seed_demo", verbosity=0)
        pages, per_second = index_everything()
        found = relevance(client)  # logs the client in as the demo's staff member
        for total in [0, *sorted(set(args.pages))]:
            if total:
                print(f"{total} corpus pages:", flush=True)
                started = time.perf_counter()
                create_pages(total, rng)
                print(f"  created in {time.perf_counter() - started:.0f} s", flush=True)
                pages, per_second = index_everything()
            figures, missing = measure(client, engine, args.rounds)
            rows.append((pages, per_second, figures))
            if total:  # the demo content is not written for the benchmark's queries; the corpus is
                failures += [f"{pages} pages: {failure}" for failure in missing]
    finally:
        backend.es.indices.delete(index="bench_*")
    print_table(rows, found, args.rounds)
    if failures:
        sys.exit("The corpus does not answer every benchmark query:\n" + "\n".join(f"  - {f}" for f in failures))


def print_table(rows, found, rounds):
    from tests import test_relevance as measured

    print(
        f"\nSearch benchmark: {rounds} rounds of {len(QUERIES)} queries and {len(PREFIXES)} prefixes; milliseconds"
        " p50 / p95; the baseline is Wagtail's stock .search() on the same index in the same run."
    )
    header = [
        "live content pages",
        "update_index pages/s (all pages)",
        "ours: API",
        "ours: engine took",
        "ours: overhead",
        "engine calls",
        "stock .search()",
        "stock: engine took",
        "suggest: API",
        "suggest: took",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for pages, per_second, f in rows:
        cells = [f"{pages:,}", f"{per_second:,.0f}", f["api"], f["took"], f["overhead"], f["calls"]]
        cells += [f["stock"], f["stock_took"], f["suggest"], f["suggest_took"]]
        print("| " + " | ".join(cells) + " |")
    print(
        f"\nRelevance over the demo content ({rows[0][0]} live content pages), MRR@10 / recall@3 / nDCG@10 /"
        " zero-result rate, measured in the same run as tests/test_relevance.py measures it:"
    )
    print("| query set | queries | ours (API) | Wagtail stock | BM25 + one Snowball stemmer |")
    print("|---|---|---|---|---|")
    for set_name, figures in found.items():
        cells = [relevance_cell(figures[name]) for name in ("ours", "stock", "bm25")]
        print(f"| {set_name} | {figures['ours'].summary()['n']} | " + " | ".join(cells) + " |")
    held_out = found[measured.HELD_OUT]
    print("\nHeld-out set per kind, MRR@10 (ours / stock / BM25):")
    for kind in held_out["ours"].kinds():
        values = [held_out[name].summary(kind)["mrr"] for name in ("ours", "stock", "bm25")]
        if values[0] is not None:
            n = held_out["ours"].summary(kind)["n"]
            print(f"  {kind:<16} {n:>3}  " + " / ".join(f"{value:.3f}" for value in values))


if __name__ == "__main__":
    main()
