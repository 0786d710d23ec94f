"""Search benchmark: indexing throughput, and search/suggest latency through our API beside the engine's own time.

Run (outside the test suite; it needs a real engine, and minutes per 10,000 pages):

    bin/with-postgres bin/with-opensearch .venv/bin/python bench/search_bench.py --pages 10000 50000

For each size it creates that many pages of real-looking Swedish intranet text (bench/corpus.py: guides and
news on HR, IT, travel, procurement, safety, school and care), rebuilds the index with `update_index`
(timed), then sends the same queries through /api/v2/search/ and prefixes through /api/v2/search/suggest/
(Django's test client: the whole stack but the network). The engine's own `took` and the client's round
trip are recorded for every engine call made *inside* each API request (the engine client's `search` is
wrapped), so the API's time and the engine's time come from the same request. It prints throughput,
p50/p95 latencies, our overhead (API time minus the engine's `took`, per request) and each query's hit
count; it exits non-zero if a query finds nothing or a prefix suggests nothing.
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
#: One page in this many is a news item; the rest are guides.
NEWS_EVERY = 5


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


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
            self.calls.append((response["took"], (time.perf_counter() - started) * 1000))
            return response

        client_class.search = search

    def during(self, request, *args):
        """(response, ms for the whole request, [(took, round trip)] of the engine calls made inside it)."""
        self.calls = []
        started = time.perf_counter()
        response = request(*args)
        return response, (time.perf_counter() - started) * 1000, self.calls


def create_pages(total, rng):
    from intranet.organisation.models import Department
    from intranet.pages.models import GuidePage, NewsPage
    from tests import factories

    existing = GuidePage.objects.count() + NewsPage.objects.count()
    if existing >= total:
        return
    owner = factories.UserFactory(username="bench-owner")
    departments = [
        Department.objects.get_or_create(slug=slug, defaults={"name": name, "code": code})[0]
        for name, code, slug in corpus.DEPARTMENTS
    ]
    parents = {"guide": factories.guide_index(), "news": factories.news_index()}
    today = timezone.localdate()
    started = time.perf_counter()
    for number in range(existing, total):
        _, title, lead, paragraphs = corpus.page_text(number, rng)
        fields = {
            "title": title,
            "slug": f"sida-{number}",
            "lead": lead,
            "body": [("paragraph", f"<p>{text}</p>") for text in paragraphs],
            "department": rng.choice(departments),
            "content_owner": owner,
            "review_date": today + datetime.timedelta(days=rng.randint(30, 365)),
        }
        if number % NEWS_EVERY == 0:
            published = corpus.published_at(number, rng, today)
            page = NewsPage(date=published.date(), first_published_at=published, last_published_at=published, **fields)
            kind = "news"
        else:
            page = GuidePage(**fields)
            kind = "guide"
        parent = Page.objects.get(pk=parents[kind].pk)  # add_child changes the parent's tree fields
        parent.add_child(instance=page)
        if number % 5000 == 4999:
            print(f"    created {number + 1} pages ({time.perf_counter() - started:.0f} s)", flush=True)


def measure(client, engine, label, rounds):
    """Latencies of `rounds` passes over QUERIES and PREFIXES; returns what found nothing."""
    api_ms, took_ms, round_trip_ms, overhead_ms, engine_calls = [], [], [], [], []
    suggest_ms, suggest_took_ms = [], []
    hits, suggestions = {}, {}
    for _ in range(rounds):
        for query in QUERIES:
            response, elapsed, calls = engine.during(client.get, "/api/v2/search/", {"q": query})
            assert response.status_code == 200, response.content
            assert calls, f"{query!r}: the API answered without asking the engine"
            hits[query] = response.json()["total"]
            took = sum(call[0] for call in calls)
            api_ms.append(elapsed)
            took_ms.append(took)
            round_trip_ms.append(sum(call[1] for call in calls))
            overhead_ms.append(elapsed - took)
            engine_calls.append(len(calls))
        for prefix in PREFIXES:
            response, elapsed, calls = engine.during(client.get, "/api/v2/search/suggest/", {"q": prefix})
            assert response.status_code == 200, response.content
            suggestions[prefix] = len(response.json()["suggestions"])
            suggest_ms.append(elapsed)
            suggest_took_ms.append(sum(call[0] for call in calls))

    def p50_p95(values):
        return f"p50 {percentile(values, 0.5):.1f} ms, p95 {percentile(values, 0.95):.1f} ms"

    print(f"  {label}, {rounds} rounds of {len(QUERIES)} queries and {len(PREFIXES)} prefixes:")
    print(f"    search through the API:        {p50_p95(api_ms)}")
    print(f"      engine took (same requests): {p50_p95(took_ms)}")
    print(f"      engine round trip:           {p50_p95(round_trip_ms)}")
    print(f"      our overhead (API - took):   {p50_p95(overhead_ms)}")
    # A second call inside one request is the spelling suggestion, asked when a query finds little.
    print(f"      engine calls per request:    {min(engine_calls)}–{max(engine_calls)}")
    print(f"    suggest through the API:       {p50_p95(suggest_ms)}")
    print(f"      engine took (same requests): {p50_p95(suggest_took_ms)}")
    print("    hits per query:   " + ", ".join(f"{query} {count}" for query, count in hits.items()))
    print("    titles per prefix: " + ", ".join(f"{prefix} {count}" for prefix, count in suggestions.items()))
    return [f"{query!r} finds nothing" for query, count in hits.items() if not count] + [
        f"{prefix!r} suggests nothing" for prefix, count in suggestions.items() if not count
    ]


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
    from tests import factories

    client.force_login(factories.UserFactory(username="bench-reader"))
    engine = EngineCalls(type(backend.es))
    failures = []
    try:
        for total in sorted(set(args.pages)):
            print(f"{total} pages:", flush=True)
            started = time.perf_counter()
            create_pages(total, rng)
            print(f"  created in {time.perf_counter() - started:.0f} s", flush=True)
            started = time.perf_counter()
            call_command("update_index", verbosity=0)
            seconds = time.perf_counter() - started
            indexed = Page.objects.count()
            print(f"  update_index: {indexed} pages in {seconds:.1f} s = {indexed / seconds:.0f} pages/s", flush=True)
            failures += [
                f"{total} pages: {failure}" for failure in measure(client, engine, f"{total} pages", args.rounds)
            ]
    finally:
        backend.es.indices.delete(index="bench_*")
    if failures:
        sys.exit("The corpus does not answer every benchmark query:\n" + "\n".join(f"  - {f}" for f in failures))


if __name__ == "__main__":
    main()
