"""Analysis for names, where "Asa Ostrom" must find "Åsa Öström" and the reverse.

The Swedish analysis (search.analysis) keeps å, ä and ö apart from a and o on purpose: "får" is not "far".
Names are different: colleagues type them on phones and foreign keyboards, and the directory spells some
without diacritics. These analyzers fold to ASCII and keep the original word as well, so an exact spelling
still counts; fields of people (and authors' names) name them in their mapping (`es_extra`).
"""

FOLDED = "folded_name"
FOLDED_PREFIXES = "folded_name_prefixes"


def folded_name_settings():
    """Index settings to merge into every index Wagtail's engine backend creates."""
    return {
        "settings": {
            "analysis": {
                "filter": {
                    "folded_keep_original": {"type": "asciifolding", "preserve_original": True},
                    "name_prefixes": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
                },
                "analyzer": {
                    FOLDED: {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "folded_keep_original"],
                    },
                    # Indexed as every beginning of every word of a name, for the @mention picker.
                    FOLDED_PREFIXES: {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding", "name_prefixes"],
                    },
                    "folded_name_search": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding"],
                    },
                },
            }
        }
    }
