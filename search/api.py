"""`GET /api/v2/search/`: the reader's search, for the reader site and other front ends."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.utils import BadRequestError

from intranet.headless.parameters import first_error, lazy_message, whole_number
from intranet.pages.api import DepartmentFilter
from intranet.pages.serializers import ContentOwnerField, DepartmentField

from .clicks import RESULT_KINDS, count_click, result_is_visible
from .conversations import KINDS as COLLABORATION_KINDS
from .query import KINDS, PAGE_KINDS, PER_PAGE, SearchUnavailable, clean_query, search, suggest, unavailable_message
from .schema import (
    CLICK_RESPONSES,
    SEARCH_RESPONSES,
    SUGGEST_RESPONSES,
    SearchClickSerializer,
    SearchParametersSerializer,
    SuggestParametersSerializer,
)

MAX_PAGE = 100
TYPE_MESSAGE = gettext_lazy("type must be one of: %(kinds)s")


def serialize_hit(hit):
    return {
        "type": hit.kind,
        "id": hit.object.pk,
        "title": hit.title,
        "url": hit.url,
        "snippet": hit.snippet,
        "department": DepartmentField().to_representation(hit.department) if hit.department else None,
        "owner": ContentOwnerField().to_representation(hit.owner) if hit.owner else None,
        "review_status": hit.review_status,
        **hit.extra,  # people, posts and comments: their own fields (search.conversations)
    }


class SearchView(APIView):
    @extend_schema(summary="Search", parameters=[SearchParametersSerializer], responses=SEARCH_RESPONSES)
    def get(self, request):
        try:
            query, kind, department, page = parse_search_parameters(request.query_params)
        except BadRequestError as error:
            return Response({"message": str(error)}, status=400)
        try:
            result = search(query, request.user, kind=kind, department=department, page=page)
        except SearchUnavailable:
            return Response({"message": unavailable_message()}, status=503)
        return Response(
            {
                "query": result.query,
                "total": result.total,
                "did_you_mean": result.suggestion,
                "page": result.page,
                "per_page": result.per_page,
                "promoted": [serialize_hit(hit) for hit in result.promoted],
                "results": [serialize_hit(hit) for hit in result.hits],
                "people": [serialize_hit(hit) for hit in result.people],
                "facets": result.facets,
            }
        )


class SearchWordsField(serializers.Field):
    """The reader's words, with control characters and query syntax taken out: what is left is searched for."""

    default_error_messages = {"required": gettext_lazy("Write what you are looking for (q).")}

    def to_internal_value(self, data):
        words = clean_query(str(data))
        if not words:
            self.fail("required")
        return words


class SearchParameters(serializers.Serializer):
    q = SearchWordsField()
    type = serializers.ChoiceField(
        [*KINDS, *COLLABORATION_KINDS],
        required=False,
        allow_blank=True,
        error_messages={"invalid_choice": lazy_message(TYPE_MESSAGE, kinds=", ".join([*KINDS, *COLLABORATION_KINDS]))},
    )
    department = serializers.CharField(required=False, allow_blank=True)  # a slug or an id: DepartmentFilter
    page = whole_number("page", 1, MAX_PAGE, default=1)


def parse_search_parameters(params):
    """(words, kind, department, page) from a query string, for the API and /sok/ alike; BadRequestError if bad."""
    parameters = SearchParameters(data=params)
    if not parameters.is_valid():
        raise BadRequestError(first_error(parameters.errors))
    data = parameters.validated_data
    department = DepartmentFilter().find_department(data["department"]) if data.get("department") else None
    return data["q"], data.get("type") or None, department, data["page"]


class SuggestView(APIView):
    """`GET /api/v2/search/suggest/?q=`: titles to complete what the reader is typing."""

    @extend_schema(summary="Complete a title", parameters=[SuggestParametersSerializer], responses=SUGGEST_RESPONSES)
    def get(self, request):
        prefix = clean_query(request.query_params.get("q", ""))
        if not prefix:
            return Response({"message": _("Write what you are looking for (q).")}, status=400)
        try:
            pages = suggest(prefix, request.user)
        except SearchUnavailable:
            return Response({"message": unavailable_message()}, status=503)
        kind_of = {model: kind for kind, model in PAGE_KINDS.items()}
        return Response(
            {
                "query": prefix,
                "suggestions": [{"title": page.title, "url": page.url, "type": kind_of[type(page)]} for page in pages],
            }
        )


#: The last result a reader can reach (MAX_PAGE pages), with room for the editors' promoted answers before them.
MAX_RANK = MAX_PAGE * PER_PAGE + 100
UNKNOWN_RESULT_MESSAGE = gettext_lazy("There is no such result to open.")


class SearchClick(serializers.Serializer):
    query = SearchWordsField(
        error_messages={"required": gettext_lazy("Say which search the result was opened from (query).")}
    )
    rank = whole_number("rank", 1, MAX_RANK)
    type = serializers.ChoiceField(
        RESULT_KINDS,
        error_messages={"invalid_choice": lazy_message(TYPE_MESSAGE, kinds=", ".join(RESULT_KINDS))},
    )
    id = whole_number("id", 1, 2**31 - 1)


class SearchClickView(APIView):
    """`POST /api/v2/search/clicks/`: the reader opened a result of a search; counted without saying who.

    The reader site sends it when a result link is opened (`fetch(…, {keepalive: true})` with the session's
    X-CSRFToken, as every session write to the API). The result is named by the `type` and `id` that the search
    answered, not by its URL: one result has one type and id, while its URL may be an alias or differ by a slash,
    and the id can be checked against what the reader may see. Limited per person like every API write.
    """

    @extend_schema(summary="Count an opened search result", request=SearchClickSerializer, responses=CLICK_RESPONSES)
    def post(self, request):
        if not isinstance(request.data, dict):
            return Response({"message": _("Send a JSON object.")}, status=400)
        click = SearchClick(data=request.data)
        if not click.is_valid():
            return Response({"message": first_error(click.errors)}, status=400)
        data = click.validated_data
        if not result_is_visible(data["type"], data["id"], request.user):
            return Response({"message": str(UNKNOWN_RESULT_MESSAGE)}, status=400)
        count_click(data["query"], data["rank"], data["type"], data["id"], today=timezone.localdate())
        return Response(status=204)
