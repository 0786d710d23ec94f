"""Swedish analysis on the real engine: stems, compounds, å/ä/ö kept apart, synonyms."""

import pytest
from wagtail.models import Page

from search.models import Synonym

pytestmark = pytest.mark.django_db


def tokens(backend, text, analyzer):
    index = backend.get_index_for_model(Page)
    if not index.exists():
        index.put()
    result = backend.es.indices.analyze(index=index.name, body={"analyzer": analyzer, "text": text})
    return [token["token"] for token in result["tokens"]]


def test_compounds_are_indexed_with_their_parts(search_engine):
    assert "skol" in tokens(search_engine, "förskolan", "default")
    assert "skol" in tokens(search_engine, "Grundskolor", "default")
    assert "res" in tokens(search_engine, "tjänsteresa", "default")
    assert "res" in tokens(search_engine, "tjänsteresor", "default")
    # a query is not split: "tjänsteresa" should not find every trip
    query = tokens(search_engine, "tjänsteresa", "default_search")
    assert len(query) == 1
    assert query == tokens(search_engine, "tjänsteresor", "default_search")


def test_stemming_and_stop_words(search_engine):
    assert tokens(search_engine, "resorna", "default_search") == tokens(search_engine, "resa", "default_search")
    # One stemmer: a base and a definite form stem alike (two in a row stemmed them apart, issue 13)
    assert tokens(search_engine, "mobiltelefonen", "default_search") == ["mobiltelefon"]
    assert tokens(search_engine, "mobiltelefon", "default_search") == ["mobiltelefon"]
    assert tokens(search_engine, "och för att", "default_search") == []


def test_a_ring_and_umlauts_are_letters_of_their_own(search_engine):
    assert tokens(search_engine, "FÅR", "default_search") != tokens(search_engine, "far", "default_search")
    assert tokens(search_engine, "Får", "edgengram_analyzer")[-1] == "får"


def test_editors_synonyms_apply_when_searching(search_engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the change rebuilds the index
        Synonym.objects.create(terms="elcykel, elektrisk cykel, e-cykel")
    searched = tokens(search_engine, "elcykel", "default_search")
    assert "elektrisk" in searched and "cykel" in searched
