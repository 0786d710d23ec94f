"""The shapes of /api/v2/search/ and /api/v2/search/suggest/ answers, for the OpenAPI schema (/api/schema/).

The views build their answers as dicts (search/api.py); these serializers only describe them.
"""

from rest_framework import serializers

from intranet.headless.schema import DepartmentSerializer, ErrorSerializer

from .query import KINDS


class SearchParametersSerializer(serializers.Serializer):
    """What search/api.py's SearchParameters reads, as the schema shows it."""

    q = serializers.CharField(help_text="The words to look for.")
    type = serializers.ChoiceField(KINDS, required=False)
    department = serializers.CharField(required=False, help_text="A department's slug or id.")
    page = serializers.IntegerField(required=False, min_value=1, default=1)


class OwnerSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    email = serializers.CharField()


class SearchHitSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="news, guide, policy, info or document")
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML: the matched words in <mark>.")
    department = DepartmentSerializer(allow_null=True)
    owner = OwnerSerializer(allow_null=True)
    review_status = serializers.CharField(allow_null=True)


class DepartmentFacetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    type = serializers.DictField(child=serializers.IntegerField(), help_text="Hits per type.")
    department = DepartmentFacetSerializer(many=True)


class SearchSerializer(serializers.Serializer):
    query = serializers.CharField()
    total = serializers.IntegerField()
    did_you_mean = serializers.CharField(allow_null=True)
    page = serializers.IntegerField()
    per_page = serializers.IntegerField()
    promoted = SearchHitSerializer(many=True)
    results = SearchHitSerializer(many=True)
    facets = FacetsSerializer()


class SuggestionSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    type = serializers.CharField()


class SuggestSerializer(serializers.Serializer):
    query = serializers.CharField()
    suggestions = SuggestionSerializer(many=True)


class SuggestParametersSerializer(serializers.Serializer):
    q = serializers.CharField(help_text="The beginning of a title.")


class SearchClickSerializer(serializers.Serializer):
    """What POST /api/v2/search/clicks/ reads (search/api.py's SearchClick), as the schema shows it."""

    query = serializers.CharField(help_text="The query whose results were shown (the search answer's `query`).")
    rank = serializers.IntegerField(
        min_value=1, help_text="The opened result's place in the list, from 1; page 2 starts at 11."
    )
    type = serializers.CharField(help_text="The opened result's `type`, as the search answered it.")
    id = serializers.IntegerField(min_value=1, help_text="The opened result's `id`, as the search answered it.")


SEARCH_RESPONSES = {200: SearchSerializer, 400: ErrorSerializer, 503: ErrorSerializer}
SUGGEST_RESPONSES = {200: SuggestSerializer, 400: ErrorSerializer, 503: ErrorSerializer}
CLICK_RESPONSES = {204: None, 400: ErrorSerializer, 429: ErrorSerializer}
