"""Swedish text analysis for OpenSearch/Elasticsearch, given to Wagtail's backend as index settings.

- Stemming and stop words for Swedish ("resor" and "resorna" find "resa", "skolan" finds "skola").
- Compound words: "förskola" is also indexed as "skola", "tjänsteresa" as "resa",
  from the word list below (a curated list of parts, since a whole dictionary
  splits "konto" into "kon" + "to" and ruins precision).
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


def swedish_index_settings(synonyms=()):
    """Index settings to merge into Wagtail's (INDEX_SETTINGS); `synonyms` in Solr format ("a, b, c")."""
    search_filters = ["lowercase"]
    filters = {
        "swedish_stop": {"type": "stop", "stopwords": STOP_WORDS},
        # The light stemmer takes the definite forms ("skolan" → "skola") that Snowball's Swedish
        # stemmer leaves alone; Snowball then takes the rest ("skola" → "skol").
        "swedish_light_stemmer": {"type": "stemmer", "language": "light_swedish"},
        "swedish_stemmer": {"type": "stemmer", "language": "swedish"},
        "swedish_compounds": {
            "type": "dictionary_decompounder",
            "word_list": COMPOUND_PARTS,
            "min_subword_size": 3,
            "only_longest_match": True,
        },
    }
    if synonyms:
        filters["swedish_synonyms"] = {"type": "synonym_graph", "synonyms": list(synonyms), "lenient": True}
        search_filters.append("swedish_synonyms")
    stemming = ["swedish_stop", "swedish_light_stemmer", "swedish_stemmer"]
    search_filters += stemming
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
                    "default_search": {"type": "custom", "tokenizer": "standard", "filter": search_filters},
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
