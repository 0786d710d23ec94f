"""Swedish analysis on the real engine: stems, compounds, å/ä/ö kept apart, question words, synonyms, and the
"did you mean" built on them."""

import importlib

import pytest
from django.apps import apps
from wagtail.models import Page

from search.models import Synonym
from search.synonyms import starter_groups

from . import factories

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
    assert "res" not in query
    assert query == tokens(search_engine, "tjänsteresor", "default_search")


def test_compounds_split_only_at_word_boundaries(search_engine):
    # A listed part inside a word that is no compound of it is not split off (issue 13: "bil" in "stabilitet").
    for word, part in [("stabilitet", "bil"), ("stabil", "bil"), ("mobilen", "bil"), ("lönsamhet", "lön")]:
        assert len(tokens(search_engine, word, "default")) == 1, word
        assert part not in tokens(search_engine, word, "default")
    # A first part and a last part, however long (the decompounder stopped at 15 letters): stemmed as
    # "informationssäker" and "policy".
    policy = tokens(search_engine, "informationssäkerhetspolicyn", "default")
    assert {"informationssäker", "policy"} <= set(policy)
    salary_account = tokens(search_engine, "lönekonto", "default")
    assert {"lön", "konto"} <= set(salary_account)
    assert "cykel" in tokens(search_engine, "elcykeln", "default")
    assert "telefon" in tokens(search_engine, "mobiltelefonen", "default")


def test_a_readers_compound_splits_as_a_pages_does(search_engine):
    for word in ["lönekonto", "tjänsteresorna", "förskolan", "arbetsmiljöpolicy", "stabilitet"]:
        indexed = set(tokens(search_engine, word, "default"))
        assert set(tokens(search_engine, word, "swedish_compound_parts_search")) == indexed, word


def test_stemming_and_stop_words(search_engine):
    assert tokens(search_engine, "resorna", "default_search") == tokens(search_engine, "resa", "default_search")
    # One stemmer: a base and a definite form stem alike (two in a row stemmed them apart, issue 13)
    assert tokens(search_engine, "mobiltelefonen", "default") == ["mobiltelefon", "telefon"]
    assert tokens(search_engine, "mobiltelefon", "default") == ["mobiltelefon", "telefon"]
    # and a synonym applies to every form (the starter synonyms: "mobiltelefon, …, smartphone, …")
    assert tokens(search_engine, "mobiltelefonen", "default_search") == tokens(
        search_engine, "mobiltelefon", "default_search"
    )
    assert "smartphon" in tokens(search_engine, "mobiltelefonen", "default_search")
    assert tokens(search_engine, "och för att", "default_search") == []


def test_question_words_need_not_match(search_engine):
    assert tokens(search_engine, "hur får jag en ny dator", "default_search") == tokens(
        search_engine, "ny dator", "default_search"
    )
    # English: what is left once the synonyms have carried the word over
    english = tokens(search_engine, "how do I get a new computer", "default_search")
    assert "new" in english and tokens(search_engine, "dator", "default")[0] in english
    assert not {"how", "do", "get", "a"} & set(english)
    # English words that are Swedish words too stay ("is" is ice)
    assert tokens(search_engine, "is", "default_search") == ["is"]


def test_a_ring_and_umlauts_are_letters_of_their_own(search_engine):
    assert tokens(search_engine, "FÅR", "default_search") != tokens(search_engine, "far", "default_search")
    assert tokens(search_engine, "Får", "edgengram_analyzer")[-1] == "får"


def test_editors_synonyms_apply_when_searching(search_engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the change rebuilds the index
        Synonym.objects.create(terms="elcykel, elektrisk cykel, e-cykel")
    searched = tokens(search_engine, "elcykel", "default_search")
    assert "elektrisk" in searched and "cykel" in searched


def test_starter_synonyms_are_loaded_on_install_and_kept_as_editors_leave_them():
    groups = starter_groups()
    assert len(groups) >= 300
    assert Synonym.objects.filter(terms__in=groups).count() == len(groups)
    # An editor changes a group; taking the starter list out and back (the migration reversed and applied again)
    # leaves the editor's group as the editor left it, and restores the others.
    migration = importlib.import_module("search.migrations.0007_starter_synonyms")
    payslip = Synonym.objects.get(terms__startswith="lönespecifikation,")
    payslip.terms = "lönespecifikation, lönebesked, lönespec"
    payslip.save()
    migration.remove_starter_synonyms(apps, None)
    assert list(Synonym.objects.values_list("terms", flat=True)) == ["lönespecifikation, lönebesked, lönespec"]
    migration.load_starter_synonyms(apps, None)
    assert Synonym.objects.count() == len(groups) + 1


@pytest.fixture
def reader(client):
    client.force_login(factories.UserFactory())
    return client


def search(reader, query):
    data = reader.get("/api/v2/search/", {"q": query}).json()
    return [hit["title"] for hit in data["results"]], data["did_you_mean"]


def test_starter_synonyms_find_the_formal_word(search_engine, reader):
    factories.guide_page(title="Din lönespecifikation", lead="Så läser du lönebeskedet.")
    factories.guide_page(title="Ansöka om tjänstledighet", lead="Ledigt utan lön.")
    search_engine.get_index_for_model(Page).refresh()
    assert search(reader, "payslip")[0] == ["Din lönespecifikation"]
    assert search(reader, "unpaid leave")[0][0] == "Ansöka om tjänstledighet"


def test_did_you_mean_never_rewrites_a_word_the_index_has(search_engine, reader):
    # "velocipedens" is in a page's body, never in a title or lead, where suggestions come from ("velocipeder")
    factories.guide_page(title="Velocipeder", lead="Om velocipeder.")
    factories.guide_page(title="Cykelhistoria", lead="Förr.", body=[("paragraph", "<p>Velocipedens historia.</p>")])
    search_engine.get_index_for_model(Page).refresh()
    titles, suggestion = search(reader, "velocipedens")
    assert "Cykelhistoria" in titles
    assert suggestion is None
    # a word the index lacks is corrected as typed, not as its stem
    assert search(reader, "velocipederr")[1] == "velocipeder"


def test_did_you_mean_speaks_only_when_the_suggestion_finds_more(search_engine, reader):
    factories.guide_page(title="Boka elcykel", lead="Elcykeln står i garaget.")
    factories.guide_page(title="Simhallen", lead="Simhallen har öppet.")
    search_engine.get_index_for_model(Page).refresh()
    assert search(reader, "elcykkel")[1] == "elcykel"
    # each word corrects, but no page has both corrected words: the suggestion would find nothing more
    assert search(reader, "elcykkel simhalen")[1] is None


def test_no_starter_synonym_phrase_holds_a_word_queries_lose(search_engine):
    # Stop and question words leave a query before the synonyms see it: a phrase holding one would never match
    # (and the engine would skip it without a word).
    from search.analysis import QUESTION_WORDS, STOP_WORDS

    words_queries_lose = [
        "lowercase",
        {"type": "stop", "stopwords": STOP_WORDS},
        {"type": "stop", "stopwords": QUESTION_WORDS},
    ]
    phrases = {word for group in starter_groups() for word in group.split(", ") if " " in word}
    assert len(phrases) > 50
    for phrase in phrases:
        analysed = search_engine.es.indices.analyze(
            body={"tokenizer": "standard", "filter": words_queries_lose, "text": phrase}
        )
        written = search_engine.es.indices.analyze(body={"tokenizer": "standard", "text": phrase})
        assert len(analysed["tokens"]) == len(written["tokens"]), phrase
