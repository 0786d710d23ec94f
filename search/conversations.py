"""People, group posts and comments in the reader's search (`/api/v2/search/?type=person|post|comment`).

`search.query.search()` hands these kinds here: people through `intranet.people.search` (the directory's own
query), posts and comments through the indexes of `search.conversation_index`. Every logged-in employee may
read every group, so what is indexed is what anyone may see: nothing removed, nothing from an archived group,
nobody inactive; the query filters on that too and the database is asked again before a hit is shown.
Without a session nobody reaches the API at all.
"""

import logging

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy
from wagtail.search.backends import get_search_backend

from intranet.groups.models import WorkGroup
from intranet.organisation.models import display_name
from intranet.people.search import PeopleSearchUnavailable, column, find_people
from intranet.posts.models import author_name

from .backends import is_engine
from .conversation_index import IndexedComment, IndexedPost

logger = logging.getLogger(__name__)

PERSON_KIND, POST_KIND, COMMENT_KIND = "person", "post", "comment"
CONVERSATION_KINDS = {POST_KIND: IndexedPost, COMMENT_KIND: IndexedComment}
KINDS = [PERSON_KIND, *CONVERSATION_KINDS]
KIND_LABELS = {
    PERSON_KIND: gettext_lazy("People"),
    POST_KIND: gettext_lazy("Posts"),
    COMMENT_KIND: gettext_lazy("Comments"),
}
#: Where a front end reads one post or comment (the posts app's API).
URLS = {POST_KIND: "/api/v2/posts/{id}/", COMMENT_KIND: "/api/v2/comments/{id}/"}
SNIPPET_LENGTH = 180


class Unavailable(Exception):
    pass


def search_kind(kind, query, department, offset, limit):
    """(total, hits as (kind, object, snippet)) for one of KINDS."""
    return search_kind_with_departments(kind, query, department, offset, limit)[:2]


def search_kind_with_departments(kind, query, department, offset, limit):
    """(total, hits, {department id: count}): people are counted by department; posts have none of their own."""
    if kind == PERSON_KIND:
        try:
            result = find_people(query, department=department, offset=offset, limit=limit)
        except PeopleSearchUnavailable as error:
            raise Unavailable(str(error)) from error
        return result.total, [(PERSON_KIND, person, "") for person in result.people], result.facets["department"]
    return (*ConversationSearch().run(query, [kind], department, offset, limit), {})


def beside_pages(query, department, people_shown=3):
    """For a search over every kind: (counts of people, posts and comments for the type facet, best people).

    The engine being down for these is not the reader's search failing: pages and documents still answer.
    """
    found, people = {}, []
    try:
        total, people = search_kind(PERSON_KIND, query, department, 0, people_shown)
        if total:
            found[PERSON_KIND] = total
        found.update(ConversationSearch().counts(query, department))
    except Unavailable:
        logger.warning("Counting people, posts and comments failed", exc_info=True)
    return found, people


def group_of(obj):
    return obj.group if isinstance(obj, IndexedPost) else obj.post.group


def hit_fields(kind, obj):
    """What a hit of these kinds shows beyond the common ones (search.api.serialize_hit adds them)."""
    if kind == PERSON_KIND:
        user = obj.user
        return {
            "id": user.pk,
            "title": display_name(user),
            "url": reverse("wagtailapi:people_detail", args=[user.pk]),
            "job_title": obj.job_title,
            "unit": obj.unit,
            "phone": obj.phone,
            "email": user.email,
        }
    group = group_of(obj)
    return {
        "title": group.name,
        "url": URLS[kind].format(id=obj.pk),
        "group": {"id": group.pk, "slug": group.slug, "name": group.name},
        "post_id": obj.pk if kind == POST_KIND else obj.post_id,
        "author": author_name(obj.author),
        "created_at": obj.created_at.isoformat(),
    }


class ConversationSearch:
    def __init__(self):
        self.backend = get_search_backend()

    def run(self, query, kinds, department, offset, limit):
        if not is_engine(self.backend):
            return self.run_on_database(query, kinds, department, offset, limit)
        body = self.build(query, kinds, department)
        body.update(
            {
                "from": offset,
                "size": limit,
                "highlight": {
                    "encoder": "html",
                    "pre_tags": ["<mark>"],
                    "post_tags": ["</mark>"],
                    "fragment_size": SNIPPET_LENGTH,
                    "number_of_fragments": 1,
                    "fields": {"body": {}},
                },
            }
        )
        response = self.ask(body, kinds)
        return response["hits"]["total"]["value"], self.load(response["hits"]["hits"])

    def counts(self, query, department):
        if not is_engine(self.backend):
            totals = {kind: self.run_on_database(query, [kind], department, 0, 0)[0] for kind in CONVERSATION_KINDS}
            return {kind: total for kind, total in totals.items() if total}
        body = self.build(query, list(CONVERSATION_KINDS), department)
        body.update({"size": 0, "aggs": {"kinds": {"terms": {"field": "_django_content_type", "size": 10}}}})
        response = self.ask(body, list(CONVERSATION_KINDS))
        labels = {model._meta.label: kind for kind, model in CONVERSATION_KINDS.items()}
        return {
            labels[bucket["key"]]: bucket["doc_count"]
            for bucket in response["aggregations"]["kinds"]["buckets"]
            if bucket["key"] in labels and bucket["doc_count"]
        }

    def ask(self, body, kinds):
        indexes = [self.backend.get_index_for_model(CONVERSATION_KINDS[kind]).name for kind in kinds]
        try:
            return self.backend.es.search(index=indexes, body=body)
        except Exception as error:
            raise Unavailable(str(error)) from error

    @staticmethod
    def build(query, kinds, department):
        models = [CONVERSATION_KINDS[kind] for kind in kinds]
        fields = ["body^3"]
        for model in models:
            fields += [f"{column(model, 'group_name')}^0.5", f"{column(model, 'author_name')}^0.5"]
            if model is IndexedPost:
                fields.append(column(model, "attachment_text"))
        filters = [
            {"terms": {"_django_content_type": [model._meta.label for model in models]}},
            # A field one index lacks matches nothing there: one term per model, any of them.
            {"bool": {"should": [{"term": {column(m, "searchable", "filter"): True}} for m in models]}},
        ]
        if department is not None:
            # Posts belong to a department through its department group.
            group_ids = list(WorkGroup.objects.filter(department=department).values_list("pk", flat=True)) or [0]
            filters.append(
                {
                    "bool": {
                        "should": [{"terms": {column(m, "conversation_group_id", "filter"): group_ids}} for m in models]
                    }
                }
            )
        return {
            "track_total_hits": True,
            "_source": ["pk", "_django_content_type"],
            "query": {
                "bool": {
                    "must": [
                        {
                            "multi_match": {
                                "query": query,
                                "fields": fields,
                                "type": "best_fields",
                                "minimum_should_match": "2<75%",
                            }
                        }
                    ],
                    "filter": filters,
                }
            },
        }

    @staticmethod
    def load(raw_hits):
        labels = {model._meta.label: kind for kind, model in CONVERSATION_KINDS.items()}
        wanted = {kind: [] for kind in CONVERSATION_KINDS}
        for raw in raw_hits:
            kind = next(labels[label] for label in raw["_source"]["_django_content_type"] if label in labels)
            wanted[kind].append(int(raw["_source"]["pk"]))
        # Asked again of the database: removed or archived since the engine last heard of it is not shown.
        found = {
            kind: CONVERSATION_KINDS[kind].get_indexed_objects().in_bulk(pks) for kind, pks in wanted.items() if pks
        }
        hits = []
        for raw in raw_hits:
            kind = next(labels[label] for label in raw["_source"]["_django_content_type"] if label in labels)
            obj = found.get(kind, {}).get(int(raw["_source"]["pk"]))
            if obj is None:
                continue
            fragments = raw.get("highlight", {}).get("body") or [escape(obj.body[:SNIPPET_LENGTH])]
            hits.append((kind, obj, fragments[0]))
        return hits

    @staticmethod
    def run_on_database(query, kinds, department, offset, limit):
        """Without an engine (`make run`): every word in the text, newest first."""
        results = []
        for kind in kinds:
            objects = CONVERSATION_KINDS[kind].get_indexed_objects()
            for word in query.split():
                objects = objects.filter(body__icontains=word)
            if department is not None:
                group_field = "group__department" if kind == POST_KIND else "post__group__department"
                objects = objects.filter(**{group_field: department})
            results += [(kind, obj) for obj in objects.order_by("-created_at")[:200]]
        results.sort(key=lambda pair: pair[1].created_at, reverse=True)
        page = results[offset : offset + limit]
        return len(results), [(kind, obj, escape(obj.body[:SNIPPET_LENGTH])) for kind, obj in page]
