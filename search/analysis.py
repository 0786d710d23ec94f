"""Swedish text analysis for OpenSearch/Elasticsearch, given to Wagtail's backend as index settings.

- Stemming and stop words for Swedish ("resor" and "resorna" find "resa", "skolan" finds "skola"), with one
  stemmer; the verbs questions are built with are stop words in queries.
- Compound words: "förskola" is also indexed as "skola", "tjänsteresa" as "resa",
  from the word list below (a curated list of parts, since a whole dictionary
  splits "konto" into "kon" + "to" and ruins precision). A reader's compounds are split
  the same way for one clause of the query (search.query), not for the main one.
- Case is folded, but å, ä and ö stay letters of their own: "får" is not "far".
  Wagtail's default edge-n-gram analyzers fold them to a and o; ours do not.
- Synonyms that editors keep in the admin are applied when searching, not when
  indexing, so that a synonym change needs no new documents, only a new index
  built from the same ones (see search.signal_handlers).
"""

#: Word parts that Swedish compounds in a municipality's texts are built from, with their common inflections.
COMPOUND_PARTS = sorted(
    {
        # people and work
        "anställd",
        "anställda",
        "chef",
        "chefer",
        "chefen",
        "medarbetare",
        "personal",
        "lön",
        "löner",
        "lönen",
        "tjänst",
        "tjänster",
        "ledighet",
        "semester",
        "schema",
        "arbete",
        "arbetet",
        "miljö",
        "miljön",
        # travel and vehicles
        "resa",
        "resor",
        "resan",
        "resorna",
        "bil",
        "bilar",
        "bilen",
        "cykel",
        "cyklar",
        "cykeln",
        "tåg",
        "buss",
        # school and care
        "skola",
        "skolan",
        "skolor",
        "skolorna",
        "förskola",
        "elev",
        "elever",
        "barn",
        "omsorg",
        "vård",
        "boende",
        # money and purchasing
        "inköp",
        "köp",
        "avtal",
        "avtalet",
        "faktura",
        "fakturor",
        "budget",
        "kostnad",
        "kostnader",
        "bidrag",
        "upphandling",
        "ersättning",
        "kvitto",
        "kvitton",
        # things and places
        "dator",
        "datorer",
        "datorn",
        "telefon",
        "telefoner",
        "utrustning",
        "kort",
        "kortet",
        "rum",
        "lokal",
        "lokaler",
        "nyckel",
        "nycklar",
        "kontor",
        "hus",
        "huset",
        "bibliotek",
        "hall",
        # documents and rules
        "policy",
        "policyn",
        "regel",
        "regler",
        "reglerna",
        "rutin",
        "rutiner",
        "plan",
        "planer",
        "beslut",
        "blankett",
        "blanketter",
        "mall",
        "mallar",
        "handling",
        "handlingar",
        "säkerhet",
        "information",
        "informationssäkerhet",
        "friskvård",
        "representation",
        "distans",
        "utbildning",
        "utbildningar",
    }
)

STOP_WORDS = "_swedish_"

#: One stemmer: Snowball's Swedish. It was light_swedish followed by Snowball, which stems a word's base and
#: definite forms apart ("mobiltelefon" → "mobiltelefo", "mobiltelefonen" → "mobiltelefon"; issue 13). Snowball
#: alone keeps the definite "-an" ("skolan" stays, "skola" → "skol"; the compound parts below give the index
#: both, and fuzziness covers the rest). Measured through the API (MRR@10, original / held-out set,
#: tests/test_relevance.py), with search.query's first query: two stemmers 0.964 / 0.598, Snowball alone
#: 0.964 / 0.625 (inflected queries 0.73 → 0.91); with its final query: two stemmers 0.964 / 0.738, light_swedish
#: alone 0.965 / 0.756, Snowball alone 0.965 / 0.760. Wagtail's stock search on the same index does best with
#: Snowball alone too (held-out 0.531 two, 0.514 light, 0.547 Snowball).
STEMMER = "swedish"

#: Words of a question that are not in Snowball's Swedish stop list ("hur", "vad", "när", "jag", "kan" are): the
#: verbs a question is built with. Left in, "hur får jag en ny mobiltelefon" ranked "Hemtjänsten får elbilar"
#: first. Searching only: an index keeps them, so a title's phrase still matches. Measured on its own (with the
#: query of the time) it moved nothing on either set (0.960 / 0.736 with and without): the other changes in
#: search.query (one word of two may miss; the words' weight across fields) had already taken those hits away. It
#: is kept for the queries the sets do not have, as issue 13 asks.
QUESTION_WORDS = ["får", "fick", "gör", "ska", "skall", "måste", "vill", "behöver", "bör", "finns", "hittar"]


def swedish_index_settings(synonyms=()):
    """Index settings to merge into Wagtail's (INDEX_SETTINGS); `synonyms` in Solr format ("a, b, c")."""
    search_filters = ["lowercase"]
    filters = {
        "swedish_stop": {"type": "stop", "stopwords": STOP_WORDS},
        "swedish_question_words": {"type": "stop", "stopwords": QUESTION_WORDS},
        "swedish_stemmer": {"type": "stemmer", "language": STEMMER},
        "swedish_compounds": {
            "type": "dictionary_decompounder",
            "word_list": COMPOUND_PARTS,
            "min_subword_size": 3,
            # Every listed part, not only the longest at each place: with one Snowball stemmer, which keeps the
            # definite "-an", "förskolan" gave only "skolan" and a reader's "skola" did not meet it. All parts:
            # MRR@10 0.965 / 0.760 → 0.964 / 0.764 (original / held-out set), a wash bought for that.
            "only_longest_match": False,
        },
    }
    if synonyms:
        filters["swedish_synonyms"] = {"type": "synonym_graph", "synonyms": list(synonyms), "lenient": True}
        search_filters.append("swedish_synonyms")
    search_filters.append("swedish_question_words")
    stemming = ["swedish_stop", "swedish_stemmer"]
    return {
        "settings": {
            "analysis": {
                "filter": filters,
                "analyzer": {
                    # Every text field Wagtail maps without an analyzer of its own gets these.
                    "default": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "swedish_compounds", *stemming],
                    },
                    "default_search": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": [*search_filters, *stemming],
                    },
                    # The reader's compounds split as pages' are when indexed, for one low-boosted clause of the
                    # query (search.query.QUERY_BOOSTS["parts"]): the default search analyzer keeps a compound
                    # whole, so that "tjänsteresa" does not rank every page about a "resa" as high.
                    "swedish_compound_parts_search": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": [*search_filters, "swedish_compounds", *stemming],
                    },
                    # Autocomplete: Wagtail's own, without the ASCII folding that merges å/ä/ö into a/o.
                    "edgengram_analyzer": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "edgengram"],
                    },
                    "ngram_analyzer": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "ngram"]},
                    # Words as staff write them, for spelling suggestions.
                    "spelling": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
                },
            }
        }
    }
