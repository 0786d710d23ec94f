"""Finding colleagues: the people directory, the @mention picker and the reader's search all ask `find_people()`.

On the engine the query is written here against the index of `Person` (name, title, department, unit, phone):
names fold å, ä and ö ("Asa Ostrom" finds "Åsa Öström"), beginnings of names match ("Åsa Ö"), a number is
found by its digits however it is written ("08-123 45 67", "+46 8 1234567", "4567"). Without an engine,
the database answers with the same shape and plainer matching. Inactive people are never indexed, filtered out
in the query as well, and checked again in the database before anyone is shown.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.search.backends import get_search_backend

from intranet.organisation.models import EmployeeProfile

from .models import Person, phone_digits

PER_PAGE = 20
SUGGESTIONS = 8
#: At least this many digits in a query make it a phone number search too.
PHONE_DIGITS = 3
#: Name above title above department and unit.
BOOSTS = {"name": 6, "name_prefixes": 2, "job_title": 2, "department_name": 1, "unit": 1, "phone": 1, "fuzzy": 0.5}


class PeopleSearchUnavailable(Exception):
    """The engine did not answer."""


@dataclass
class PeopleResult:
    total: int
    people: list  # EmployeeProfile with user and department, in rank order
    facets: dict = field(default_factory=dict)  # {"department": {id: count}}


def active_profiles():
    return EmployeeProfile.objects.filter(user__is_active=True).select_related("user", "department")


def find_people(query, department=None, offset=0, limit=PER_PAGE, prefixes_only=False):
    """Active people matching `query`, best first. `prefixes_only` for the mention picker (name as typed)."""
    backend = get_search_backend()
    if getattr(backend, "es", None) is not None:
        return EnginePeopleSearch(backend).run(query, department, offset, limit, prefixes_only)
    return database_people_search(query, department, offset, limit)


def column(model, name, kind="search"):
    """The engine's name of one of `model`'s search_fields (Wagtail prefixes fields of subclasses)."""
    from modelsearch.backends.elasticsearchbase import ElasticsearchBaseMapping
    from modelsearch.index import AutocompleteField, FilterField, SearchField

    types = {"search": SearchField, "filter": FilterField, "autocomplete": AutocompleteField}
    for search_field in model.get_search_fields():
        if type(search_field) is types[kind] and search_field.field_name == name:
            return ElasticsearchBaseMapping(model).get_field_column_name(search_field)
    raise LookupError(f"{model.__name__} has no {kind} field {name}")


class EnginePeopleSearch:
    def __init__(self, backend):
        self.backend = backend
        self.index = backend.get_index_for_model(Person).name

    def build(self, query, department, offset, limit, prefixes_only):
        name, prefixes = column(Person, "name"), column(Person, "name", "autocomplete")
        filters = [
            {"term": {column(Person, "is_active", "filter"): True}},
            {"term": {"_django_content_type": Person._meta.label}},
        ]
        if department is not None:
            filters.append({"term": {column(Person, "department_id", "filter"): department.pk}})
        text_fields = [
            f"{name}^{BOOSTS['name']}",
            f"{column(Person, 'job_title')}^{BOOSTS['job_title']}",
            f"{column(Person, 'department_name')}^{BOOSTS['department_name']}",
            f"{column(Person, 'unit')}^{BOOSTS['unit']}",
        ]
        typed_so_far = {"match": {prefixes: {"query": query, "operator": "and", "boost": BOOSTS["name_prefixes"]}}}
        if prefixes_only:
            # Every word begun must match; whole words spelt as typed (with å, ä, ö) rank first.
            return self.body(
                {"bool": {"must": [typed_so_far], "should": [{"match": {name: query}}], "filter": filters}},
                offset,
                limit,
            )
        should = [
            typed_so_far,
            {"multi_match": {"query": query, "fields": text_fields, "type": "cross_fields", "operator": "and"}},
            {"match": {name: {"query": query, "fuzziness": "AUTO", "operator": "and", "boost": BOOSTS["fuzzy"]}}},
        ]
        # A number is found by its digits however it is written ("08-123 45 67", "+46 8 1234567", "4567").
        digits = phone_digits(query) if len(re.sub(r"\D", "", query)) >= PHONE_DIGITS else []
        should += [
            {"wildcard": {column(Person, "phone_digits", "filter"): {"value": f"*{form}*", "boost": 3}}}
            for form in digits
        ]
        return self.body({"bool": {"should": should, "minimum_should_match": 1, "filter": filters}}, offset, limit)

    @staticmethod
    def body(query, offset, limit):
        return {
            "from": offset,
            "size": limit,
            "track_total_hits": True,
            "_source": ["pk"],
            "query": query,
            "aggs": {"department": {"terms": {"field": column(Person, "department_id", "filter"), "size": 200}}},
        }

    def run(self, query, department, offset, limit, prefixes_only):
        body = self.build(query, department, offset, limit, prefixes_only)
        try:
            response = self.backend.es.search(index=self.index, body=body)
        except Exception as error:
            raise PeopleSearchUnavailable(str(error)) from error
        ids = [int(hit["_source"]["pk"]) for hit in response["hits"]["hits"]]
        found = active_profiles().in_bulk(ids)
        return PeopleResult(
            total=response["hits"]["total"]["value"],
            people=[found[pk] for pk in ids if pk in found],
            facets={
                "department": {
                    bucket["key"]: bucket["doc_count"] for bucket in response["aggregations"]["department"]["buckets"]
                }
            },
        )


def database_people_search(query, department, offset, limit):
    """Without an engine (`make run`): every word in the name, title, department, unit or phone."""
    profiles = active_profiles()
    for word in query.split():
        matches = (
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(job_title__icontains=word)
            | Q(department__name__icontains=word)
            | Q(unit__icontains=word)
            | Q(phone__icontains=word)
        )
        profiles = profiles.filter(matches)
    if department is not None:
        profiles = profiles.filter(department=department)
    profiles = profiles.order_by("user__first_name", "user__last_name", "pk")
    facets = {}
    for department_id in profiles.values_list("department_id", flat=True):
        if department_id:
            facets[department_id] = facets.get(department_id, 0) + 1
    return PeopleResult(
        total=profiles.count(), people=list(profiles[offset : offset + limit]), facets={"department": facets}
    )
