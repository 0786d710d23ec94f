"""Relevance, measured: Swedish queries over the demo content, each with the answers staff expect.

Two query sets:

- the original set (ORIGINAL_JUDGEMENTS below), mostly words from the titles, which issue 10 asserts on;
- a held-out set (tests/relevance/heldout_sv.json, frozen before any tuning; see the README there): questions,
  everyday and English words, inflected, compound, misspelt, department-qualified and multiword queries with
  graded answers (2 = the answer, 1 = acceptable), and queries the content has no answer to.

Ours is measured as a reader gets it: `GET /api/v2/search/` as a logged-in staff member, with the query
cleaning, promoted answers and search counting on the way, ranks read from the JSON (promoted answers first).
In the same run and over the same pages it is compared with three baselines:

- Wagtail's stock `.search()` on the same OpenSearch index (the same Swedish analysis, Wagtail's own query);
- plain BM25 with one Snowball Swedish stemmer: an index of its own on the same node, built here from the same
  live pages (title, lead, body text, department name), searched with a plain multi_match over those fields;
- Wagtail's database backend on PostgreSQL with the `swedish` configuration, its index (the IndexEntry
  table) built here by `update_index`, with Wagtail's own query.

All search the same candidates: live pages of the four content types. Printed for each, overall and per kind:
MRR@10 (first acceptable answer), recall@3 (share of the judged answers in the top three), nDCG@10 (gain 2^grade-1)
and the zero-result rate over queries that have an answer; for the queries without one, how often nothing came
back. Asserted: MRR@10 >= 0.8 for ours on the original set, and more than each baseline named in ASSERTED_WINS.
A baseline ours does not beat yet is named in KNOWN_LOSSES with the reason: the test then ends as an expected
failure that prints the figures, never as a pass.
"""

import json
import math
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from search.backends import is_engine
from search.query import PAGE_KINDS

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "swedish", "AUTO_UPDATE": False}
TOP = 10
HELD_OUT_FILE = Path(__file__).parent / "relevance" / "heldout_sv.json"

OURS = "ours (API, OpenSearch)"
STOCK = "Wagtail stock search (OpenSearch)"
BM25 = "plain BM25, one Snowball stemmer (OpenSearch)"
DATABASE = "Wagtail database backend (PostgreSQL, swedish)"
OURS_ON_THE_DATABASE = "for information: ours (API, database backend)"

ORIGINAL = "original"
HELD_OUT = "held-out"

#: The baselines ours must beat on MRR@10, per query set.
ASSERTED_WINS = {ORIGINAL: [STOCK, DATABASE], HELD_OUT: [STOCK, BM25]}

#: (query set, baseline) pairs that ours does not beat yet, with the reason seen in the misses. Remove the entry
#: when ours wins: the test fails until it is removed, so a win cannot go unrecorded and a loss cannot pass as a win.
KNOWN_LOSSES = {}


# query → titles that must appear in the top three
ORIGINAL_JUDGEMENTS = {
    "elcykel": ["Boka elcykel"],
    "boka elcykel": ["Boka elcykel"],
    "tjänsteresor": ["Beställa tjänsteresa"],
    "tjänsteesa": ["Beställa tjänsteresa"],  # a typo
    "regler för inköp": ["Inköpsregler"],
    "inköp": ["Inköpsregler"],
    "resepolicy": ["Resepolicy"],
    "resa i tjänsten": ["Beställa tjänsteresa", "Resepolicy"],
    "ny dator": ["Beställa IT-utrustning"],
    "mobiltelefon": ["Beställa IT-utrustning"],
    "sjukanmäla": ["Rapportera sjukfrånvaro"],
    "sjukfrånvaro": ["Rapportera sjukfrånvaro"],
    "semester": ["Ansöka om semester"],
    "ledighet": ["Ansöka om semester"],
    "passerkort": ["Beställa passerkort"],
    "tillbud": ["Rapportera en incident eller ett tillbud"],
    "arbetsskada": ["Rapportera en incident eller ett tillbud"],
    "servicedesk": ["Få hjälp av IT-servicedesk"],
    "konferensrum": ["Boka konferensrum"],
    "mötesrum": ["Boka konferensrum"],
    "attestera faktura": ["Attestera fakturor"],
    "direktupphandling": ["Göra en direktupphandling"],
    "friskvård": ["Beställa friskvårdsbidrag", "Friskvårdsbidraget höjs till 3 000 kronor"],
    "övertid": ["Registrera övertid"],
    "kontonummer": ["Ändra kontonummer för lön"],
    "visitkort": ["Beställa visitkort"],
    "publicera på intranätet": ["Publicera på intranätet"],
    "logotyp": ["Använda kommunens grafiska profil"],
    "tolk": ["Beställa tolk"],
    "allmänna handlingar": ["Hantera allmänna handlingar"],
    "nyanställd": ["Ta emot en ny medarbetare"],
    "avsluta anställning": ["Avsluta en anställning"],
    "tjänstebil": ["Boka tjänstebil"],
    "skriva ut": ["Skriva ut och skanna"],
    "vpn": ["Ansluta till VPN hemifrån"],
    "distansarbete": ["Policy för distansarbete"],
    "informationssäkerhet": ["Informationssäkerhetspolicy"],
    "mutor": ["Policy mot mutor och jäv"],
    "lönepolicy": ["Lönepolicy"],
    "alkohol": ["Alkohol- och drogpolicy"],
    "sociala medier": ["Policy för sociala medier"],
    "representation": ["Representationspolicy"],
    "gallra handlingar": ["Dokumenthanteringspolicy"],
    "miljöpolicy": ["Miljöpolicy"],
    "förskola": ["Ny förskola invigs i Norrby"],
    "simhallen": ["Simhallen stänger för renovering"],
    "medarbetarenkät": ["Kommunens medarbetarenkät öppnar i mars"],
    "bygglov": ["Bygglov handläggs snabbare"],
}


def original_set():
    """The original judgements as graded queries: every expected title is an answer (grade 2)."""
    return [
        {"query": query, "kind": "title words", "answers": dict.fromkeys(titles, 2)}
        for query, titles in ORIGINAL_JUDGEMENTS.items()
    ]


def held_out_set():
    return json.loads(HELD_OUT_FILE.read_text(encoding="utf-8"))["queries"]


def dcg(gains):
    return sum((2**gain - 1) / math.log2(position + 1) for position, gain in enumerate(gains, 1))


class Figures:
    """MRR@10, recall@3, nDCG@10 and zero-result rate over a list of graded queries, and the misses."""

    def __init__(self, queries, ranked_titles):
        self.per_query = []
        self.misses = []
        for entry in queries:
            titles = ranked_titles(entry["query"])[:TOP]
            answers = entry["answers"]
            row = {"kind": entry["kind"], "answerable": bool(answers), "zero": not titles}
            if answers:
                rank = next((position for position, title in enumerate(titles, 1) if title in answers), None)
                ideal = dcg(sorted(answers.values(), reverse=True)[:TOP])
                row.update(
                    reciprocal_rank=1 / rank if rank else 0,
                    recall=sum(title in titles[:3] for title in answers) / len(answers),
                    ndcg=dcg([answers.get(title, 0) for title in titles]) / ideal,
                )
                if rank != 1:
                    self.misses.append(f"  [{entry['kind']}] {entry['query']!r}: expected {answers}, got {titles[:3]}")
            self.per_query.append(row)

    def summary(self, kind=None):
        rows = [row for row in self.per_query if kind is None or row["kind"] == kind]
        answerable = [row for row in rows if row["answerable"]]
        unanswerable = [row for row in rows if not row["answerable"]]

        def mean(key, among):
            return sum(row[key] for row in among) / len(among) if among else None

        return {
            "n": len(rows),
            "mrr": mean("reciprocal_rank", answerable),
            "recall": mean("recall", answerable),
            "ndcg": mean("ndcg", answerable),
            "zero": mean("zero", answerable),
            "nothing_for_no_answer": mean("zero", unanswerable),
        }

    @property
    def mrr(self):
        return self.summary()["mrr"]

    def kinds(self):
        return list(dict.fromkeys(row["kind"] for row in self.per_query))


def number(value):
    return "    –" if value is None else f"{value:5.3f}"


def report(set_name, queries, lines):
    print(f"\n=== {set_name} set: {len(queries)} queries ===")
    print(f"  {'':<48} {'MRR@10':>7} {'rec@3':>7} {'nDCG@10':>7} {'zero':>7} {'none ok':>7}")
    for label, figures in lines.items():
        total = figures.summary()
        print(
            f"  {label:<48} {number(total['mrr']):>7} {number(total['recall']):>7} {number(total['ndcg']):>7}"
            f" {number(total['zero']):>7} {number(total['nothing_for_no_answer']):>7}"
        )
    kinds = next(iter(lines.values())).kinds()
    if len(kinds) > 1:
        print("  per kind: MRR@10 / recall@3 / nDCG@10 / zero-result rate (no_answer: share answered with nothing)")
        labels = list(lines)
        print(f"  {'kind':<12} {'n':>3}  " + "  ".join(f"{label[:26]:<26}" for label in labels))
        for kind in kinds:
            cells = []
            for label in labels:
                figures = lines[label].summary(kind)
                if figures["mrr"] is None:
                    cells.append(f"{'':>19}{number(figures['nothing_for_no_answer'])}  ")
                else:
                    cells.append(
                        f"{figures['mrr']:.3f}/{figures['recall']:.3f}/{figures['ndcg']:.3f}/{figures['zero']:.2f}"
                    )
            print(f"  {kind:<12} {lines[labels[0]].summary(kind)['n']:>3}  " + "  ".join(f"{c:<26}" for c in cells))
    for label, figures in lines.items():
        print(f"{set_name} / {label}, first answer not first ({len(figures.misses)}):\n" + "\n".join(figures.misses))


def through_the_api(client):
    def ranked_titles(query):
        response = client.get("/api/v2/search/", {"q": query})
        assert response.status_code == 200, response.content
        answer = response.json()
        return [hit["title"] for hit in answer["promoted"] + answer["results"]]

    return ranked_titles


def wagtail_stock_search(backend_name):
    """Wagtail's own `.search()` with its default query and operator, over the pages ours can find."""

    def ranked_titles(query):
        pages = Page.objects.live().type(*PAGE_KINDS.values()).search(query, backend=backend_name)
        return [page.title for page in pages[:TOP]]

    return ranked_titles


#: One Snowball Swedish stemmer after lower-casing and Swedish stop words: the plain baseline issue 13 names.
BM25_SNOWBALL_SETTINGS = {
    "settings": {
        "number_of_shards": 1,
        "analysis": {
            "filter": {
                "swedish_stop": {"type": "stop", "stopwords": "_swedish_"},
                "swedish_snowball": {"type": "snowball", "language": "Swedish"},
            },
            "analyzer": {
                "swedish_snowball": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "swedish_stop", "swedish_snowball"],
                }
            },
        },
    },
    "mappings": {
        "properties": {
            "title": {"type": "text", "analyzer": "swedish_snowball"},
            "lead": {"type": "text", "analyzer": "swedish_snowball"},
            "body": {"type": "text", "analyzer": "swedish_snowball"},
            "department": {"type": "text", "analyzer": "swedish_snowball"},
        }
    },
}


def bm25_snowball_search(backend):
    """Plain BM25 over the same live pages, in an index of its own (removed with the test's other indexes)."""
    name = f"{backend.index_prefix}bm25_snowball"
    es = backend.es
    if backend.use_new_elasticsearch_api:
        es.indices.create(index=name, **BM25_SNOWBALL_SETTINGS)
    else:
        es.indices.create(name, BM25_SNOWBALL_SETTINGS)
    for page in Page.objects.live().type(*PAGE_KINDS.values()).specific():
        body_field = type(page)._meta.get_field("body")
        document = {
            "title": page.title,
            "lead": page.lead,
            "body": " ".join(body_field.get_searchable_content(page.body)),
            "department": page.department.name if page.department else "",
        }
        if backend.use_new_elasticsearch_api:
            es.index(index=name, id=page.pk, document=document)
        else:
            es.index(index=name, id=page.pk, body=document)
    es.indices.refresh(index=name)
    titles = dict(Page.objects.live().type(*PAGE_KINDS.values()).values_list("pk", "title"))

    def ranked_titles(query):
        body = {
            "size": TOP,
            "_source": False,
            "query": {"multi_match": {"query": query, "fields": ["title", "lead", "body", "department"]}},
        }
        response = es.search(index=name, body=body)
        return [titles[int(hit["_id"])] for hit in response["hits"]["hits"]]

    return ranked_titles


def test_relevance_through_the_api_against_wagtail_stock_search_bm25_and_the_database_backend(
    search_engine, settings, client
):
    sets = {ORIGINAL: original_set(), HELD_OUT: held_out_set()}
    assert len(sets[ORIGINAL]) >= 40 and len(sets[HELD_OUT]) >= 150
    if connection.vendor != "postgresql":
        pytest.skip("the database baseline is PostgreSQL's Swedish full-text search; `make test` runs PostgreSQL")
    call_command("seed_demo", verbosity=0)
    # As `make run` does: seed_demo backdates news after publishing them (a queryset update the index never
    # hears of), so without a rebuild every news item would be searched as published today.
    call_command("update_index", verbosity=0)
    search_engine.es.cluster.health(wait_for_status="yellow", timeout="100s", request_timeout=120)
    search_engine.get_index_for_model(Page).refresh()
    live_content_pages = Page.objects.live().type(*PAGE_KINDS.values())
    judged = {title for queries in sets.values() for entry in queries for title in entry["answers"]}
    assert judged <= set(live_content_pages.values_list("title", flat=True)), "a judged title is not a live page"
    # The database backend as a second backend beside the engine, its index built from the same pages.
    settings.WAGTAILSEARCH_BACKENDS = {**settings.WAGTAILSEARCH_BACKENDS, "database": DATABASE_BACKEND}
    assert not IndexEntry.objects.exists()
    call_command("update_index", backend_name="database", verbosity=0)
    assert IndexEntry.objects.count() >= live_content_pages.count() > 40
    assert is_engine(get_search_backend("default")) and not is_engine(get_search_backend("database"))
    plain_bm25 = bm25_snowball_search(search_engine)

    client.force_login(get_user_model().objects.get(username="medarbetare"))
    results = {}
    for set_name, queries in sets.items():
        results[set_name] = {
            OURS: Figures(queries, through_the_api(client)),
            STOCK: Figures(queries, wagtail_stock_search("default")),
            BM25: Figures(queries, plain_bm25),
            DATABASE: Figures(queries, wagtail_stock_search("database")),
        }
    settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE_BACKEND}
    for set_name, queries in sets.items():
        results[set_name][OURS_ON_THE_DATABASE] = Figures(queries, through_the_api(client))
    print(f"\nRelevance over {live_content_pages.count()} live content pages")
    for set_name, queries in sets.items():
        report(set_name, queries, results[set_name])

    assert results[ORIGINAL][OURS].mrr >= 0.8
    losses = []
    for set_name, baselines in ASSERTED_WINS.items():
        ours = results[set_name][OURS].mrr
        for label in baselines:
            baseline = results[set_name][label].mrr
            if (set_name, label) in KNOWN_LOSSES:
                assert ours <= baseline, (
                    f"ours ({ours:.3f}) now beats {label} ({baseline:.3f}) on the {set_name} set: "
                    "remove it from KNOWN_LOSSES"
                )
                losses.append(
                    f"{set_name}: {label} {baseline:.3f} against ours {ours:.3f}: {KNOWN_LOSSES[set_name, label]}"
                )
            else:
                assert ours > baseline, f"{set_name}: {label} ({baseline:.3f}) is not beaten by ours ({ours:.3f})"
    if losses:
        pytest.xfail("; ".join(losses))
