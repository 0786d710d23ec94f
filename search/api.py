"""`GET /api/v2/search/`: the reader's search, for the reader site and other front ends."""

from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.utils import BadRequestError

from intranet.pages.api import DepartmentFilter
from intranet.pages.serializers import ContentOwnerField, DepartmentField

from .query import KINDS, PAGE_KINDS, SearchUnavailable, clean_query, search, suggest, unavailable_message

MAX_PAGE = 100


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
    }


class SearchView(APIView):
    def get(self, request):
        try:
            query, kind, department, page = self.parse(request.query_params)
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
                "facets": result.facets,
            }
        )

    def parse(self, params):
        query = clean_query(params.get("q", ""))
        if not query:
            raise BadRequestError(_("Write what you are looking for (q)."))
        kind = params.get("type") or None
        if kind is not None and kind not in KINDS:
            raise BadRequestError(_("type must be one of: %(kinds)s") % {"kinds": ", ".join(KINDS)})
        department_value = (params.get("department") or "").strip()
        department = DepartmentFilter().find_department(department_value) if department_value else None
        page_value = params.get("page", "1")
        if not page_value.isdigit() or not 1 <= int(page_value) <= MAX_PAGE:
            raise BadRequestError(_("page must be a whole number from 1 to %(max)d") % {"max": MAX_PAGE})
        return query, kind, department, int(page_value)


class SuggestView(APIView):
    """`GET /api/v2/search/suggest/?q=`: titles to complete what the reader is typing."""

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
