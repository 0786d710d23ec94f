"""Relevance, measured: realistic Swedish queries over the demo content, each with the answers staff expect.

Ours is measured as a reader gets it: `GET /api/v2/search/` as a logged-in staff member, with the query
cleaning, promoted answers and search counting on the way, ranks read from the JSON (promoted answers first).
In the same run and over the same pages it is compared with two baselines:

- Wagtail's stock `.search()` on the same OpenSearch index (the same Swedish analysis, Wagtail's own query);
- Wagtail's database backend on PostgreSQL with the `swedish` configuration, its index (the IndexEntry
  table) built here by `update_index`, with Wagtail's own query.

Both baselines search the same candidates as ours: live pages of the four content types.
Prints MRR@10 and recall@3 for each (and, for information, ours through the API on the database backend,
what readers get without an engine); requires MRR@10 >= 0.8 for ours, and more than each baseline.
A baseline ours does not beat yet is named in KNOWN_LOSSES with the reason: the test then ends as an
expected failure that prints the figures, never as a pass.
"""

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

OURS = "ours (API, OpenSearch)"
STOCK = "Wagtail stock search (OpenSearch)"
DATABASE = "Wagtail database backend (PostgreSQL, swedish)"
OURS_ON_THE_DATABASE = "for information: ours (API, database backend)"

#: Baselines that ours does not beat yet, with the reason seen in the misses. Remove the entry when ours wins:
#: the test fails until it is removed, so a win cannot go unrecorded and a loss cannot pass as a win.
KNOWN_LOSSES = {
    STOCK: (
        "ours loses to Wagtail's stock query on the same index (issue 13): a two-word query needs both words "
        "('ny dator' misses the guide that says 'dator' but not 'ny'), and a news item outranks the guide for "
        "'ledighet'; only the misspelt 'tjänsteesa' goes ours' way"
    ),
}


# query → titles that must appear in the top three
JUDGEMENTS = {
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


def evaluate(ranked_titles):
    """MRR@10, recall@3 and the queries whose first answer was not first, for a function query → titles."""
    reciprocal_ranks, recalls, misses = [], [], []
    for query, expected in JUDGEMENTS.items():
        titles = ranked_titles(query)[:TOP]
        rank = next((position for position, title in enumerate(titles, 1) if title in expected), None)
        reciprocal_ranks.append(1 / rank if rank else 0)
        recalls.append(sum(title in titles[:3] for title in expected) / len(expected))
        if rank != 1:
            misses.append(f"  {query!r}: expected {expected}, got {titles[:3]}")
    count = len(JUDGEMENTS)
    return sum(reciprocal_ranks) / count, sum(recalls) / count, misses


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


def test_relevance_through_the_api_against_wagtail_stock_search_and_the_database_backend(
    search_engine, settings, client
):
    assert len(JUDGEMENTS) >= 40
    if connection.vendor != "postgresql":
        pytest.skip("the database baseline is PostgreSQL's Swedish full-text search; `make test` runs PostgreSQL")
    call_command("seed_demo", verbosity=0)
    search_engine.get_index_for_model(Page).refresh()
    # The database backend as a second backend beside the engine, its index built from the same pages.
    settings.WAGTAILSEARCH_BACKENDS = {**settings.WAGTAILSEARCH_BACKENDS, "database": DATABASE_BACKEND}
    assert not IndexEntry.objects.exists()
    call_command("update_index", backend_name="database", verbosity=0)
    live_content_pages = Page.objects.live().type(*PAGE_KINDS.values()).count()
    assert IndexEntry.objects.count() >= live_content_pages > 40
    assert is_engine(get_search_backend("default")) and not is_engine(get_search_backend("database"))

    client.force_login(get_user_model().objects.get(username="medarbetare"))
    lines = {
        OURS: evaluate(through_the_api(client)),
        STOCK: evaluate(wagtail_stock_search("default")),
        DATABASE: evaluate(wagtail_stock_search("database")),
    }
    settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE_BACKEND}
    lines[OURS_ON_THE_DATABASE] = evaluate(through_the_api(client))
    print(f"\nRelevance over {len(JUDGEMENTS)} queries, {live_content_pages} live content pages")
    print(f"  {'':<48} {'MRR@10':>7} {'recall@3':>9}")
    for label, (mrr, recall, _) in lines.items():
        print(f"  {label:<48} {mrr:>7.3f} {recall:>9.3f}")
    for label, (_, _, misses) in lines.items():
        print(f"{label}, first answer not first:\n" + "\n".join(misses))

    ours = lines[OURS][0]
    assert ours >= 0.8
    losses = []
    for label in [STOCK, DATABASE]:
        baseline = lines[label][0]
        if label in KNOWN_LOSSES:
            assert ours <= baseline, (
                f"ours ({ours:.3f}) now beats {label} ({baseline:.3f}): remove it from KNOWN_LOSSES"
            )
            losses.append(f"{label} {baseline:.3f} against ours {ours:.3f}: {KNOWN_LOSSES[label]}")
        else:
            assert ours > baseline, f"{label} ({baseline:.3f}) is not beaten by ours ({ours:.3f})"
    if losses:
        pytest.xfail("; ".join(losses))
