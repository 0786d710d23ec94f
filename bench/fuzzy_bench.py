"""The fuzzy clause's variants side by side: engine time at a corpus size and relevance on both query sets.

Run (outside the test suite; about fifteen minutes at 10,000 pages on two shared cores):

    bin/with-postgres bin/with-opensearch .venv/bin/python bench/fuzzy_bench.py --pages 10000

search.query's fuzzy clause is the costliest part of the reader's query (issue 13). Each variant below sets
search.query.FUZZY and FUZZY_ONLY_BELOW for the length of its measurement, in one run and on one index:

1. relevance over the demo content (`seed_demo` + `update_index`), as tests/test_relevance.py measures it:
   both query sets through `GET /api/v2/search/`, MRR@10 overall and for the held-out set's misspelt and
   question kinds;
2. then the corpus of bench/search_bench.py at `--pages`, and search_bench's queries through the API, the
   variants taking turns query by query (so that load from elsewhere on the machine falls on all of them):
   p50 / p95 of the whole request, of the engine's `took` summed over the request, and of the `took` of the
   pages-and-documents search alone (both requests when the fuzzy clause is asked second).
"""

import argparse
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from bench import search_bench  # noqa: E402
from search import query as search_query  # noqa: E402

AUTO = {"fuzziness": "AUTO", "prefix_length": 1}
#: name → (FUZZY, FUZZY_ONLY_BELOW)
VARIANTS = {
    "as before: AUTO, prefix 1": (AUTO, None),
    "prefix 2": ({**AUTO, "prefix_length": 2}, None),
    "max_expansions 10": ({**AUTO, "max_expansions": 10}, None),
    "max_expansions 20": ({**AUTO, "max_expansions": 20}, None),
    "no transpositions": ({**AUTO, "fuzzy_transpositions": False}, None),
    "AUTO:5,8": ({**AUTO, "fuzziness": "AUTO:5,8"}, None),
    "prefix 2, max_expansions 10": ({**AUTO, "prefix_length": 2, "max_expansions": 10}, None),
    "second, if none has every word": (AUTO, 1),
    "second, if fewer than 3 have every word": (AUTO, 3),
}


def use(variant):
    search_query.FUZZY, search_query.FUZZY_ONLY_BELOW = VARIANTS[variant]


def relevance(client, variants):
    from django.contrib.auth import get_user_model

    from tests import test_relevance as measured

    client.force_login(get_user_model().objects.get(username="medarbetare"))
    sets = {measured.ORIGINAL: measured.original_set(), measured.HELD_OUT: measured.held_out_set()}
    found = {}
    plain_bm25 = measured.bm25_snowball_search(get_search_backend())
    for set_name, queries in sets.items():
        found["stock", set_name] = measured.Figures(queries, measured.wagtail_stock_search("default"))
        found["bm25", set_name] = measured.Figures(queries, plain_bm25)
    for variant in variants:
        use(variant)
        for set_name, queries in sets.items():
            found[variant, set_name] = measured.Figures(queries, measured.through_the_api(client))
        print(f"  relevance measured: {variant}", flush=True)
    return found


def latencies(client, engine, variants, rounds):
    times = {(variant, what): [] for variant in variants for what in ("api", "took", "pages_took")}
    for _ in range(rounds):
        for query in search_bench.QUERIES:
            for variant in variants:
                use(variant)
                response, elapsed, calls = engine.during(client.get, "/api/v2/search/", {"q": query})
                assert response.status_code == 200, response.content
                times[variant, "api"].append(elapsed)
                times[variant, "took"].append(sum(call[0] for call in calls))
                # The pages-and-documents search names both indexes; people, posts and spelling one each.
                times[variant, "pages_took"].append(sum(call[0] for call in calls if "+" in call[2]))
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=list(VARIANTS))
    args = parser.parse_args()

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, keepdb=False)
    backend = get_search_backend()
    client = Client()
    engine = search_bench.EngineCalls(type(backend.es))
    try:
        call_command("seed_demo", verbosity=0)
        search_bench.index_everything()
        found = relevance(client, args.variants)
        search_bench.create_pages(args.pages, random.Random(2026))
        pages, _ = search_bench.index_everything()
        times = latencies(client, engine, args.variants, args.rounds)
    finally:
        backend.es.indices.delete(index="bench_*")
    from tests import test_relevance as measured

    p = search_bench.p50_p95
    print(
        f"\nFuzzy clause variants: {args.rounds} rounds of {len(search_bench.QUERIES)} queries at {pages:,} live"
        " content pages (ms p50 / p95); relevance MRR@10 over the demo content."
    )
    header = ["variant", "engine took", "pages search took", "API", "original", "held-out", "misspelled", "question"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for variant in args.variants:
        original, held_out = found[variant, measured.ORIGINAL], found[variant, measured.HELD_OUT]
        cells = [variant, p(times[variant, "took"]), p(times[variant, "pages_took"]), p(times[variant, "api"])]
        cells += [f"{original.mrr:.3f}", f"{held_out.mrr:.3f}"]
        cells += [f"{held_out.summary(kind)['mrr']:.3f}" for kind in ("misspelled", "question")]
        print("| " + " | ".join(cells) + " |")
    for baseline in ("stock", "bm25"):
        original, held_out = found[baseline, measured.ORIGINAL], found[baseline, measured.HELD_OUT]
        cells = [baseline, "", "", "", f"{original.mrr:.3f}", f"{held_out.mrr:.3f}"]
        cells += [f"{held_out.summary(kind)['mrr']:.3f}" for kind in ("misspelled", "question")]
        print("| " + " | ".join(cells) + " |")
    print("\nHeld-out set per kind, MRR@10:")
    kinds = found[args.variants[0], measured.HELD_OUT].kinds()
    print("  " + f"{'':<44}" + " ".join(f"{kind[:10]:>10}" for kind in kinds))
    for name in [*args.variants, "stock", "bm25"]:
        values = [found[name, measured.HELD_OUT].summary(kind)["mrr"] for kind in kinds]
        print(f"  {name:<44}" + " ".join(f"{'–' if v is None else f'{v:.3f}':>10}" for v in values))


if __name__ == "__main__":
    main()
