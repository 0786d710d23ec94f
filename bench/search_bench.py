"""Search benchmark: indexing throughput, and search/suggest latency through our API versus the engine's own time.

Run (outside the test suite; it needs a few minutes and a real engine):

    bin/with-postgres bin/with-opensearch .venv/bin/python bench/search_bench.py --pages 10000 50000

For each size it creates that many guide pages (generated Swedish text), rebuilds the
index with `update_index` (timed), then sends the same queries through
/api/v2/search/ and /api/v2/search/suggest/ (Django's test client: the whole stack
but the network) and straight to the engine. It prints throughput, p50/p95 latencies,
and the ratio of our API's time to the engine's own `took`: our overhead.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from intranet.access.visibility import Visibility  # noqa: E402
from intranet.demo import content  # noqa: E402
from search.query import EngineSearch  # noqa: E402

WORDS = sorted(
    {
        word.strip(".,:;!?()").lower()
        for text in [lead for _, _, lead in content.NEWS] + [lead for _, lead, _ in content.GUIDES]
        for word in text.split()
        if len(word) > 3
    }
)
QUERIES = [
    "elcykel",
    "tjänsteresa",
    "regler för inköp",
    "semester",
    "passerkort",
    "ny dator",
    "skola",
    "friskvårdsbidrag",
    "tjänsteesa",
    "vpn hemifrån",
    "faktura",
    "sjukfrånvaro",
]
PREFIXES = ["bok", "tjä", "ele", "sem", "fak", "pas", "sju", "reg"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def create_pages(total, rng):
    from intranet.pages.models import GuideIndexPage, GuidePage
    from tests import factories

    existing = GuidePage.objects.count()
    if existing >= total:
        return
    owner = factories.UserFactory(username="bench-owner")
    parent = GuideIndexPage.objects.first() or factories.guide_index()
    started = time.perf_counter()
    for number in range(existing, total):
        title = " ".join(rng.sample(WORDS, 3)).capitalize() + f" {number}"
        page = GuidePage(
            title=title,
            slug=f"guide-{number}",
            lead=" ".join(rng.sample(WORDS, 12)) + ".",
            body=[("paragraph", "<p>" + " ".join(rng.choices(WORDS, k=80)) + "</p>")],
            content_owner=owner,
            review_date="2027-06-01",
        )
        parent = Page.objects.get(pk=parent.pk)
        parent.add_child(instance=page)
        if number % 5000 == 4999:
            print(f"    created {number + 1} pages ({time.perf_counter() - started:.0f} s)", flush=True)


def measure(client, backend, label, rounds):
    engine = EngineSearch(backend)
    reader = Visibility(get_user_model().objects.get(username="bench-reader"))
    api_ms, took_ms, suggest_ms = [], [], []
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            response = client.get("/api/v2/search/", {"q": query})
            api_ms.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content
            body = engine.build(query, None, None, 0, 10, visibility=reader)
            took_ms.append(backend.es.search(index=[engine.page_index, engine.document_index], body=body)["took"])
        for prefix in PREFIXES:
            started = time.perf_counter()
            assert client.get("/api/v2/search/suggest/", {"q": prefix}).status_code == 200
            suggest_ms.append((time.perf_counter() - started) * 1000)
    print(
        f"  {label}: search p50 {percentile(api_ms, 0.5):.1f} ms, p95 {percentile(api_ms, 0.95):.1f} ms "
        f"(engine took p50 {percentile(took_ms, 0.5):.1f} ms, p95 {percentile(took_ms, 0.95):.1f} ms; "
        f"API/engine ratio {statistics.median(api_ms) / max(statistics.median(took_ms), 1):.1f}x); "
        f"suggest p50 {percentile(suggest_ms, 0.5):.1f} ms, p95 {percentile(suggest_ms, 0.95):.1f} ms"
    )


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
    for total in args.pages:
        print(f"{total} pages:", flush=True)
        started = time.perf_counter()
        create_pages(total, rng)
        print(f"  created in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        seconds = time.perf_counter() - started
        indexed = Page.objects.count()
        print(f"  update_index: {indexed} pages in {seconds:.1f} s = {indexed / seconds:.0f} pages/s", flush=True)
        measure(client, backend, f"{total} pages", args.rounds)
    backend.es.indices.delete(index="bench_*")


if __name__ == "__main__":
    main()
