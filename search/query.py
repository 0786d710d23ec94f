"""The reader's search: one function, `search()`, over pages and documents.

On a real engine the query is written here, in a few named parts with their
boosts in one place (QUERY_BOOSTS), against the index Wagtail's backend keeps:
Wagtail maintains the index (on save, publish, unpublish, move, delete and
`update_index`), we decide how to ask it. Without an engine, Wagtail's database
backend answers, with the same result shape and simpler ranking.

Both ask only for what the reader may open (intranet.access.visibility): on the engine the restricted
pages and collections are excluded in the query itself, so that totals, facets and pages of results count
only what the reader sees.
"""

import itertools
import logging
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from intranet.access.visibility import Visibility
from intranet.ownership.models import review_status
from intranet.pages.models import ContentPage, GuidePage, InfoPage, NewsPage, PolicyPage

from . import conversations
from .backends import is_engine
from .models import count_search, promoted_pages

#: Result kinds a reader can filter on, and what each is.
PAGE_KINDS = {"news": NewsPage, "guide": GuidePage, "policy": PolicyPage, "info": InfoPage}
DOCUMENT_KIND = "document"
KINDS = [*PAGE_KINDS, DOCUMENT_KIND]
KIND_LABELS = {
    "news": gettext_lazy("News"),
    "guide": gettext_lazy("Guides"),
    "policy": gettext_lazy("Policies"),
    "info": gettext_lazy("Information"),
    DOCUMENT_KIND: gettext_lazy("Documents"),
}
KIND_LABELS.update(conversations.KIND_LABELS)  # people, posts and comments (search.conversations)

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
#: Below this many results, offer a spelling suggestion.
FEW_RESULTS = 3
#: A spelling suggestion is made only if it finds at least this many times as many pages and documents with every
#: word as the query typed (and at least one): "clearly more" (issue 13).
SUGGESTION_FINDS_MORE = 2
#: Near spellings weighed for each misspelt word: the most frequent may not go with the query's other words
#: ("boka elcyklr": "elcyklar" is more frequent, "elcykel" is what "boka" goes with).
SUGGESTION_OPTIONS = 3
PER_PAGE = 10

# How ours ranks, and the figure that decided each choice. Figures are MRR@10 on the original set (issue 10's,
# 48 queries) / the frozen held-out set (tests/relevance/heldout_sv.json, 231 queries), measured through the API on
# OpenSearch after `seed_demo` + `update_index`, one change at a time on top of the previous ones. Before any of
# them: 0.964 / 0.598 (two stemmers; 0.964 / 0.625 with search.analysis's one Snowball stemmer, the base below).
# Wagtail's stock search on the same index: 0.958 / 0.547; plain BM25 with one Snowball stemmer: 0.896 / 0.531.
# All of them together, with every compound part indexed (search.analysis): 0.964 / 0.764.

#: Title ranks above lead above body. The catch-all field (department and owner names among it) counts as much as
#: body text: at half a body's weight, department-qualified queries ("socialförvaltningen handledning") lost to
#: pages sharing one word in a title; at 1 (with the news floor below): 0.960 / 0.751 → 0.964 / 0.760.
#: Questions lose to Wagtail's stock search on the held-out set (0.893 against 0.953; three of 32 questions, where
#: a page with one common word of the question in its title, "hösten", "kommunens medarbetarenkät", or a
#: synonym's ("anställd": "personal", Personalpolicy), ranks above the answer, which has the words in its text).
#: Halving the title's weight for a query that starts with a question word took them to 0.922, still below stock;
#: not taken: no query of the original set is a question, so it would have been tuned on the held-out set alone.
QUERY_BOOSTS = {
    "title": 6,
    "lead": 3,
    "body": 1,
    "all_text": 1,
    # Pages with every word of the query above pages with some of them (see WORDS_MATCH).
    "all_words": 1,
    "phrase_in_title": 4,
    "fuzzy": 0.4,
    # The query's compounds split into their parts (search.analysis.COMPOUND_PARTS), well below whole words: a
    # reader's "semesteransökan" or "lönekonto" meets pages that say "semester" or "lön", while "tjänsteresa"
    # still ranks pages with "tjänsteresa" above pages that only say "resa". 0.950 / 0.656 → 0.962 / 0.719;
    # compound queries 0.14 → 0.64, the zero-result rate 0.26 → 0.16. Its cost: half the held-out queries the
    # content has no answer to (5 of 10) now show some page that shares a part, where they showed none.
    "parts": 0.3,
}
#: The words, matched across fields as if they were one (cross_fields: "hjälm elcykel" finds the guide with the
#: word in its title and the other in its body), where one word of two, or of three, may miss and a quarter of
#: longer queries: before, a two-word query needed both, so "ny dator" missed the guide that says "dator" but not
#: "ny", and "2<75%" per field found nothing where the words sat in different fields. The all-words clause then
#: ranks pages with every word first. msm alone 0.964 / 0.625 → 0.948 / 0.627, with the all-words clause
#: 0.953 / 0.636, across fields (and fuzziness on every field, FUZZY) 0.938 / 0.642; the original set's loss came
#: back with the news weighting below. tie_breaker: a word found in title and lead counts a little more than in
#: the title alone, 0.964 / 0.760 → 0.965 / 0.760.
WORDS_MATCH = {"type": "cross_fields", "minimum_should_match": "1<-1 4<75%", "tie_breaker": 0.3}
ALL_WORDS_CLAUSE = "all_words"
#: Misspellings: on every text field (issue 13: only title and two page types' leads had it), after the first letter.
#: It was most of the engine's time, asked with every query: 103 ms of the engine's took at p50 (p95 272) for
#: bench/search_bench.py's queries at 10,104 pages (three in ten news). Measured with bench/fuzzy_bench.py, all
#: variants in one run (took p50 / p95 ms; MRR@10 original / held-out set, and the held-out misspelt and question
#: kinds, 0.936 and 0.893 before). Made cheaper, it stayed costly and gained nothing: prefix_length 2 94 / 273 ms and
#: misspelt queries 0.936 → 0.881 ("tjänsteesa" still found, a typo in the second letter not); max_expansions 10
#: 99 / 289, 20 106 / 289; no transpositions 84 / 257; AUTO:5,8 (no fuzziness below five letters) 96 / 287 ms,
#: 0.959 / 0.876, questions 0.893 → 0.891; prefix 2 with max_expansions 10 90 / 283 (max_expansions and transpositions
#: moved no MRR). Asked only when the exact clauses find little (FUZZY_ONLY_BELOW): 12 / 69 ms (and 47 / 107 ms for the
#: whole request, 141 / 306 before), every query of both sets ranked as before, 0.959 / 0.874, misspelt 0.936,
#: questions 0.893. Asking it only when nothing has every word measured 13 / 64 ms, 0.968 / 0.877 (one original query
#: better, one worse, one held-out query better): not taken, since a misspelling that also sits in one or two pages'
#: text would then never meet the pages spelt right. What the fuzzy clause no longer does for a query that finds
#: enough: match the forms the stemmer keeps apart ("elcykel" stems to "elcykel", "elcyklar" to "elcykl"), so "elcykel"
#: finds the pages that say only "elcyklar" when fewer than three say "elcykel". The sets' inflected queries stay at
#: 1.000.
FUZZY = {"fuzziness": "AUTO", "prefix_length": 1}
#: The fuzzy clause is asked, in a second request, only when fewer than this many of the pages and documents searched
#: (those the reader may open, of the kind and department asked for) have every word of the query (all_words):
#: counted by the first request whatever page of results was asked for, so every page of one search ranks alike.
FUZZY_ONLY_BELOW = FEW_RESULTS
#: The parts clause takes the same "one word may miss" rule and crosses fields like the words do:
#: 0.962 / 0.719 (best_fields, any part) → 0.960 / 0.736; department-qualified queries 0.68 → 0.78.
PARTS_MATCH = {"type": "cross_fields", "minimum_should_match": WORDS_MATCH["minimum_should_match"]}
#: Evergreen pages (guides, policies, information) above news when the query does not ask for news: news is
#: weighed by NEWS_WEIGHT × (NEWS_FLOOR + (1 − NEWS_FLOOR) × its decay with age, NEWS_DECAY). The weight took
#: "ledighet" from the planning news to the guide: 0.938 / 0.642 → 0.950 / 0.656. The floor keeps an old news
#: item that is the answer ahead of a page that shares one word with the query: without it a year-old item kept
#: 6 % of its score and department-qualified queries, mostly answered by news, fell to 0.78 (stock: 0.89);
#: floor 0.3 → 0.749, 0.5 → 0.751 on the held-out set (department 0.91, 0.94).
NEWS_WEIGHT = 0.6
NEWS_FLOOR = 0.5
#: News loses half its decaying part in half a year.
NEWS_DECAY = {"scale": "180d", "decay": 0.5}
#: A query with one of these words asks for news: news then keeps its full weight (still decaying with age).
NEWS_CUES = {"nyhet", "nyheten", "nyheter", "nyheterna", "aktuellt", "senaste", "pressmeddelande"}
#: What a result shows besides the page itself, fetched with it.
RESULT_RELATIONS = ["department", "content_owner__profile"]


def asks_for_news(query):
    return not NEWS_CUES.isdisjoint(query.lower().split())


class SearchUnavailable(Exception):
    """The engine did not answer; the caller tells the reader, the pages stay as they are."""


@dataclass
class SearchHit:
    kind: str
    object: object
    title: str
    url: str
    snippet: str
    department: object = None
    owner: object = None
    review_status: str | None = None
    #: What people, posts and comments show besides (search.conversations.hit_fields).
    extra: dict = field(default_factory=dict)


@dataclass
class SearchResponse:
    query: str
    total: int
    hits: list
    facets: dict = field(default_factory=dict)
    page: int = 1
    per_page: int = PER_PAGE
    #: Editors' picks for this phrase, shown before the results.
    promoted: list = field(default_factory=list)
    #: "Did you mean": the query with misspelt words replaced, when it found little.
    suggestion: str | None = None
    #: The people who match best, beside pages and documents (a search over every kind).
    people: list = field(default_factory=list)


def clean_query(text):
    """The words of a reader's query: no control characters, no engine syntax, at most MAX_QUERY_LENGTH."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text or "")
    # Query syntax is never passed on: the engine sees plain words (match queries do not parse it anyway).
    text = re.sub(r'[*:"()\[\]{}\\^~<>=/!?+&|]', " ", text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search(query, user, kind=None, department=None, page=1, per_page=PER_PAGE):
    """What `user` may open among the pages and documents that match `query`."""
    if kind in conversations.KINDS:
        return collaboration_search(query, kind, department, page, per_page)
    visibility = Visibility(user)
    backend = get_search_backend()
    if is_engine(backend):
        response = EngineSearch(backend).run(query, kind, department, page, per_page, visibility=visibility)
    else:
        response = DatabaseSearch().run(query, kind, department, page, per_page, visibility=visibility)
    if page == 1:
        # Counted once per search, not per page of results; never who searched.
        count_search(query, found=bool(response.total), today=timezone.localdate())
    if kind is None:
        found, people = conversations.beside_pages(query, department, people_shown=PEOPLE_SHOWN if page == 1 else 0)
        response.facets["type"].update(found)
        response.people = [collaboration_hit(*hit) for hit in people]
    if page == 1 and kind is None and department is None:
        response.promoted = [
            _hit_for(promoted, "")
            for promoted in promoted_pages(query, timezone.localdate())
            if visibility.can_view(promoted)
        ]
        promoted_ids = {hit.object.pk for hit in response.promoted}
        response.hits = [hit for hit in response.hits if hit.object.pk not in promoted_ids or hit.kind == DOCUMENT_KIND]
    return response


def _hit_for(obj, snippet):
    if isinstance(obj, ContentPage):
        kind = next(name for name, model in PAGE_KINDS.items() if isinstance(obj, model))
        return SearchHit(
            kind=kind,
            object=obj,
            title=obj.title,
            url=obj.url,
            snippet=snippet or escape(obj.lead),
            department=obj.department,
            owner=obj.content_owner,
            review_status=review_status(obj.review_date),
        )
    return SearchHit(kind=DOCUMENT_KIND, object=obj, title=obj.title, url=obj.url, snippet=snippet)


class EngineSearch:
    def __init__(self, backend):
        self.backend = backend
        self.page_index = backend.get_index_for_model(Page).name
        self.document_index = backend.get_index_for_model(get_document_model()).name

    @staticmethod
    def field_names(name):
        """Wagtail names a field that a page type defines itself "<app>_<model>__<field>" in the index."""
        return [f"{model._meta.app_label}_{model.__name__.lower()}__{name}" for model in PAGE_KINDS.values()]

    def text_fields(self):
        """Every text field a reader's words are looked for in, with its boost."""
        boosts = QUERY_BOOSTS
        return (
            [f"title^{boosts['title']}"]
            + [f"{name}^{boosts['lead']}" for name in self.field_names("lead")]
            + [f"{name}^{boosts['body']}" for name in self.field_names("body")]
            + [f"extracted_text^{boosts['body']}", f"_all_text^{boosts['all_text']}"]
        )

    def all_words(self, query):
        """Pages and documents with every word of `query` as typed (stemmed; no fuzziness, no compound parts)."""
        return {
            "multi_match": {
                "query": query,
                "fields": self.text_fields(),
                "type": WORDS_MATCH["type"],
                "operator": "and",
            }
        }

    def build(self, query, kind, department, offset, per_page, *, visibility, fuzzy=True):
        boosts = QUERY_BOOSTS
        words = {"query": query, "fields": self.text_fields()}
        fuzzy_clause = {"multi_match": {**words, **FUZZY, "boost": boosts["fuzzy"]}}
        matches = {
            "bool": {
                "should": [
                    {"multi_match": {**words, **WORDS_MATCH}},
                    {
                        "multi_match": {
                            **words,
                            "type": WORDS_MATCH["type"],
                            "operator": "and",
                            "boost": boosts["all_words"],
                            "_name": ALL_WORDS_CLAUSE,
                        }
                    },
                    {"match_phrase": {"title": {"query": query, "boost": boosts["phrase_in_title"]}}},
                    *([fuzzy_clause] if fuzzy else []),
                    {
                        "multi_match": {
                            **words,
                            **PARTS_MATCH,
                            "analyzer": "swedish_compound_parts_search",
                            "boost": boosts["parts"],
                        }
                    },
                ],
                "minimum_should_match": 1,
            }
        }
        filters = [self.kind_filter(kind)]
        if department is not None:
            filters.append(
                {
                    "bool": {
                        "should": [{"term": {name: department.pk}} for name in self.field_names("department_id_filter")]
                    }
                }
            )
        aggregations = {}
        if not fuzzy:
            # How many have every word, whatever page of results is asked for: whether to ask again with fuzziness.
            aggregations[ALL_WORDS_CLAUSE] = {"filter": self.all_words(query)}
        return {
            "from": offset,
            "size": per_page,
            "track_total_hits": True,
            "_source": ["pk", "_django_content_type"],
            "query": {
                "function_score": {
                    "query": {"bool": {"must": [matches], "filter": filters, "must_not": self.hidden(visibility)}},
                    "functions": self.news_functions(query),
                    "score_mode": "sum",
                    "boost_mode": "multiply",
                }
            },
            "highlight": {
                "encoder": "html",
                "pre_tags": ["<mark>"],
                "post_tags": ["</mark>"],
                "fragment_size": 180,
                "number_of_fragments": 1,
                "fields": {
                    name: {} for name in [*self.field_names("lead"), *self.field_names("body"), "extracted_text"]
                },
            },
            "aggs": {
                **aggregations,
                "kinds": {"terms": {"field": "_django_content_type", "size": 50}},
                **{
                    f"department_{number}": {"terms": {"field": name, "size": 100}}
                    for number, name in enumerate(self.field_names("department_id_filter"))
                },
            },
        }

    @staticmethod
    def news_functions(query):
        """News × weight × (floor + (1 − floor) × decay with age), summed from two functions; other pages × 1."""
        weight = 1 if asks_for_news(query) else NEWS_WEIGHT
        is_news = {"term": {"_django_content_type": NewsPage._meta.label}}
        # A field that both indexes map: a query naming a field one index lacks fails on that index's shards.
        published = "first_published_at_filter"
        return [
            {"filter": is_news, "weight": weight * NEWS_FLOOR},
            {
                "filter": is_news,
                "gauss": {published: {"origin": "now", **NEWS_DECAY}},
                "weight": weight * (1 - NEWS_FLOOR),
            },
        ]

    @staticmethod
    def hidden(visibility):
        """What the reader may not open, in the index's own terms: restricted pages with what lies below them
        (by tree path, so a new restriction counts at once, without reindexing), aliases of those, and
        documents in restricted collections.

        A field one index lacks matches nothing there: the page clauses never exclude a document, nor the
        reverse; content types keep the ids apart.
        """
        clauses = [{"prefix": {"path_filter": path}} for path in visibility.hidden_page_paths]
        if visibility.hidden_alias_ids:
            clauses.append(
                {
                    "bool": {
                        "filter": [
                            {"terms": {"id_filter": visibility.hidden_alias_ids}},
                            {"term": {"_django_content_type": Page._meta.label}},
                        ]
                    }
                }
            )
        if visibility.hidden_collection_ids:
            clauses.append(
                {
                    "bool": {
                        "filter": [
                            {"terms": {"collection_id_filter": visibility.hidden_collection_ids}},
                            {"term": {"_django_content_type": get_document_model()._meta.label}},
                        ]
                    }
                }
            )
        return clauses

    def kind_filter(self, kind):
        """Live content pages and documents; or one kind of them."""
        page_types = [model._meta.label for model in PAGE_KINDS.values()]
        live_pages = {
            "bool": {"filter": [{"term": {"live_filter": True}}, {"terms": {"_django_content_type": page_types}}]}
        }
        documents = {"term": {"_django_content_type": get_document_model()._meta.label}}
        if kind is None:
            return {"bool": {"should": [live_pages, documents], "minimum_should_match": 1}}
        if kind == DOCUMENT_KIND:
            return documents
        return {
            "bool": {
                "filter": [
                    {"term": {"live_filter": True}},
                    {"term": {"_django_content_type": PAGE_KINDS[kind]._meta.label}},
                ]
            }
        }

    def run(self, query, kind, department, page, per_page, *, visibility):
        asked = (query, kind, department, (page - 1) * per_page, per_page)
        if FUZZY_ONLY_BELOW is None:
            response = self.ask(self.build(*asked, visibility=visibility))
        else:
            response = self.ask(self.build(*asked, visibility=visibility, fuzzy=False))
            if response["aggregations"][ALL_WORDS_CLAUSE]["doc_count"] < FUZZY_ONLY_BELOW:
                response = self.ask(self.build(*asked, visibility=visibility))
        if response["_shards"].get("failed"):
            logger.error("Search failed on some shards: %s", response["_shards"].get("failures"))
        hits = self.load(response["hits"]["hits"], visibility)
        return SearchResponse(
            query=query,
            total=response["hits"]["total"]["value"],
            hits=hits,
            facets=self.facets(response["aggregations"]),
            page=page,
            per_page=per_page,
            suggestion=self.did_you_mean(query, visibility) if self.found_little(response) else None,
        )

    def ask(self, body):
        try:
            return self.backend.es.search(index=[self.page_index, self.document_index], body=body)
        except Exception as error:  # connection refused, timeout, a red cluster: all the same to a reader
            raise SearchUnavailable(str(error)) from error

    @staticmethod
    def found_little(response):
        """Few results, or none of the first page has every word as written: what it shows are near misses
        (a misspelling matched fuzzily, one word of two, a compound's part), and a spelling may do better."""
        if response["hits"]["total"]["value"] < FEW_RESULTS:
            return True
        return not any(ALL_WORDS_CLAUSE in hit.get("matched_queries", []) for hit in response["hits"]["hits"])

    #: A method's field is named after the (abstract) class that defines it.
    spelling_field = f"{ContentPage._meta.app_label}_contentpage__spelling_text"

    def did_you_mean(self, query, visibility):
        """The query with each misspelt word replaced by its most frequent near spelling, if that finds clearly more.

        Issue 13: the suggester read the query with the index's search analyzer, which stems, so it suggested
        stems and rewrote words that were right. Now it reads the words as typed (the "spelling" analyzer, as the
        field is indexed), and a word is rewritten only if no page or document the reader may open has it
        (stemmed, in any text field), into a word such a page has; and the suggestion is made only if it finds
        at least SUGGESTION_FINDS_MORE times as many pages and documents with every word as the query typed.
        Asked of the page index alone: the suggester fails on an index without the field.
        """
        suggesters = {
            "spelling": {
                "term": {
                    "field": self.spelling_field,
                    "analyzer": "spelling",
                    "suggest_mode": "missing",
                    "min_word_length": 4,
                }
            }
        }
        try:
            response = self.backend.es.search(
                index=self.page_index, body={"size": 0, "suggest": {"text": query, **suggesters}}
            )
        except Exception:
            logger.warning("Spelling suggestions failed", exc_info=True)
            return None
        options = {}  # offset → (length, [replacements, most frequent first])
        for entries in response.get("suggest", {}).values():
            for entry in entries:
                ranked = sorted(entry["options"], key=lambda option: -option["freq"])[:SUGGESTION_OPTIONS]
                if ranked:
                    options[entry["offset"]] = (entry["length"], [option["text"] for option in ranked])
        if not options:
            return None
        typed = query.lower()
        known = self.found_on_visible_pages(
            words={typed[offset : offset + length] for offset, (length, _) in options.items()},
            spellings={text for _, replacements in options.values() for text in replacements},
            visibility=visibility,
        )
        if known is None:
            return None
        known_words, known_spellings = known
        # The suggester knows every word in the index, drafts' and restricted pages' too: offer only words
        # that a page the reader may open has, and never instead of a word such a page or document has.
        options = {
            offset: (length, [text for text in replacements if text in known_spellings])
            for offset, (length, replacements) in options.items()
            if typed[offset : offset + length] not in known_words
        }
        options = {offset: choice for offset, choice in options.items() if choice[1]}
        if not options:
            return None
        # Every way of correcting the words, most frequent spellings first; the first that finds clearly more.
        candidates = []
        spellings = [texts for _length, texts in options.values()]
        for replacements in itertools.islice(itertools.product(*spellings), SUGGESTION_OPTIONS**3):
            corrected = typed
            for offset, replacement in sorted(zip(options, replacements, strict=True), reverse=True):
                corrected = corrected[:offset] + replacement + corrected[offset + options[offset][0] :]
            candidates.append(corrected)
        return self.first_finding_clearly_more(candidates, than=query, visibility=visibility)

    def visible(self, visibility):
        return {"bool": {"filter": [self.kind_filter(None)], "must_not": self.hidden(visibility)}}

    def found_on_visible_pages(self, words, spellings, visibility):
        """Which `words` (as a reader's words: stemmed, any text field, pages and documents) and which
        `spellings` (as indexed: unstemmed, in the spelling field of pages) the reader's pages have; None if
        the engine did not answer."""
        words, spellings = sorted(words), sorted(spellings)
        aggregations = {
            **{f"word_{number}": {"filter": self.all_words(word)} for number, word in enumerate(words)},
            # The suggester offers terms as indexed: compare them as terms, past the field's search analyzer.
            **{
                f"spelling_{number}": {"filter": {"term": {self.spelling_field: spelling}}}
                for number, spelling in enumerate(spellings)
            },
        }
        body = {"size": 0, "query": self.visible(visibility), "aggs": aggregations}
        try:
            response = self.backend.es.search(index=[self.page_index, self.document_index], body=body)
        except Exception:
            logger.warning("Spelling suggestions failed", exc_info=True)
            return None
        counts = response["aggregations"]
        return (
            {word for number, word in enumerate(words) if counts[f"word_{number}"]["doc_count"]},
            {spelling for number, spelling in enumerate(spellings) if counts[f"spelling_{number}"]["doc_count"]},
        )

    def first_finding_clearly_more(self, candidates, than, visibility):
        aggregations = {"typed": {"filter": self.all_words(than)}}
        aggregations.update(
            {f"candidate_{number}": {"filter": self.all_words(text)} for number, text in enumerate(candidates)}
        )
        body = {"size": 0, "query": self.visible(visibility), "aggs": aggregations}
        try:
            response = self.backend.es.search(index=[self.page_index, self.document_index], body=body)
        except Exception:
            logger.warning("Spelling suggestions failed", exc_info=True)
            return None
        counts = response["aggregations"]
        typed = counts["typed"]["doc_count"]
        for number, text in enumerate(candidates):
            found = counts[f"candidate_{number}"]["doc_count"]
            if found > 0 and found >= SUGGESTION_FINDS_MORE * typed:
                return text
        return None

    def load(self, raw_hits, visibility):
        # Hits name their concrete index, not the alias Wagtail's atomic rebuild searches through;
        # the content type says what each hit is.
        document_label = get_document_model()._meta.label
        is_document = {id(hit): document_label in hit["_source"]["_django_content_type"] for hit in raw_hits}
        page_ids = [int(hit["_source"]["pk"]) for hit in raw_hits if not is_document[id(hit)]]
        document_ids = [int(hit["_source"]["pk"]) for hit in raw_hits if is_document[id(hit)]]
        # One query per page type, with what a result shows, instead of one per hit.
        pages = {}
        for model in PAGE_KINDS.values():
            # Checked again here: a page moved or a document re-filed since the engine last heard of it.
            live = visibility.pages(model.objects.filter(pk__in=page_ids).live())
            pages.update(live.select_related(*RESULT_RELATIONS).in_bulk())
        documents = visibility.documents(get_document_model().objects.all()).in_bulk(document_ids)
        hits = []
        for raw in raw_hits:
            pk = int(raw["_source"]["pk"])
            obj = documents.get(pk) if is_document[id(raw)] else pages.get(pk)
            if obj is None:  # deleted or unpublished since it was indexed
                continue
            fragments = [text for texts in raw.get("highlight", {}).values() for text in texts]
            hits.append(_hit_for(obj, fragments[0] if fragments else ""))
        return hits

    def facets(self, aggregations):
        labels = {model._meta.label: kind for kind, model in PAGE_KINDS.items()}
        kinds = {
            labels[bucket["key"]]: bucket["doc_count"]
            for bucket in aggregations["kinds"]["buckets"]
            if bucket["key"] in labels
        }
        documents = sum(
            bucket["doc_count"]
            for bucket in aggregations["kinds"]["buckets"]
            if bucket["key"] == get_document_model()._meta.label
        )
        if documents:
            kinds[DOCUMENT_KIND] = documents
        departments = {}
        for name, aggregation in aggregations.items():
            if name.startswith("department_"):
                for bucket in aggregation["buckets"]:
                    departments[bucket["key"]] = departments.get(bucket["key"], 0) + bucket["doc_count"]
        return {"type": kinds, "department": _department_facet(departments)}


def _department_facet(counts_by_id):
    from intranet.organisation.models import Department

    departments = Department.objects.in_bulk(list(counts_by_id))
    return [
        {"id": pk, "slug": departments[pk].slug, "name": departments[pk].name, "count": count}
        for pk, count in sorted(counts_by_id.items(), key=lambda item: -item[1])
        if pk in departments
    ]


class DatabaseSearch:
    """Wagtail's database backend: same answers in shape, PostgreSQL's Swedish full-text ranking."""

    def run(self, query, kind, department, page, per_page, *, visibility):
        kinds = [kind] if kind else KINDS
        hits = []
        facets = {"type": {}, "department": {}}
        for name in kinds:
            if name == DOCUMENT_KIND:
                if department is not None:
                    continue  # documents have no department: the engine leaves them out too
                objects = visibility.documents(get_document_model().objects.all())
            else:
                objects = visibility.pages(PAGE_KINDS[name].objects.live().select_related(*RESULT_RELATIONS))
                if department is not None:
                    objects = objects.filter(department=department)
            results = list(objects.search(query, operator="or").annotate_score("_score")[:200])
            if results:
                facets["type"][name] = len(results)
            for obj in results:
                score = getattr(obj, "_score", None) or 0
                hits.append((score, obj))
                dept = getattr(obj, "department_id", None)
                if dept:
                    facets["department"][dept] = facets["department"].get(dept, 0) + 1
        hits.sort(key=lambda pair: -pair[0])
        start = (page - 1) * per_page
        return SearchResponse(
            query=query,
            total=len(hits),
            hits=[_hit_for(obj, "") for _, obj in hits[start : start + per_page]],
            facets={"type": facets["type"], "department": _department_facet(facets["department"])},
            page=page,
            per_page=per_page,
        )


def unavailable_message():
    return _("Search is not available right now. Try again in a few minutes.")


SUGGESTIONS = 8


def suggest(prefix, user):
    """Titles of live content pages that `user` may open and that start with what they have typed so far."""
    pages = Visibility(user).pages(Page.objects.live().type(*PAGE_KINDS.values()).specific())
    try:
        return list(pages.autocomplete(prefix, fields=["title"])[:SUGGESTIONS])
    except Exception as error:
        raise SearchUnavailable(str(error)) from error


#: People shown beside the pages and documents of a search over every kind.
PEOPLE_SHOWN = 3


def collaboration_search(query, kind, department, page, per_page):
    """People, posts or comments (search.conversations): what every logged-in employee may read."""
    try:
        total, hits, departments = conversations.search_kind_with_departments(
            kind, query, department, (page - 1) * per_page, per_page
        )
    except conversations.Unavailable as error:
        raise SearchUnavailable(str(error)) from error
    if page == 1:
        count_search(query, found=bool(total), today=timezone.localdate())
    return SearchResponse(
        query=query,
        total=total,
        hits=[collaboration_hit(*hit) for hit in hits],
        facets={"type": {kind: total} if total else {}, "department": _department_facet(departments)},
        page=page,
        per_page=per_page,
    )


def collaboration_hit(kind, obj, snippet):
    fields = conversations.hit_fields(kind, obj)
    department = obj.department if kind == conversations.PERSON_KIND else conversations.group_of(obj).department
    return SearchHit(
        kind=kind,
        object=obj,
        title=fields["title"],
        url=fields["url"],
        snippet=snippet,
        department=department,
        extra=fields,
    )
