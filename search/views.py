"""The reader's search page, and admin reports on what staff search for and fail to find."""

import datetime

from django import forms
from django.core.paginator import Paginator
from django.db.models import Sum
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from intranet.organisation.models import Department

from .models import SearchQueryCount
from .query import KIND_LABELS, KINDS, SearchUnavailable, clean_query, search, unavailable_message

REPORT_DAYS = 30


class SearchReportView(ReportView):
    header_icon = "search"
    paginate_by = 50
    list_export = ["query", "searches", "zero_result_searches"]
    export_headings = {"query": _("Query"), "searches": _("Searches"), "zero_result_searches": _("Without results")}
    columns = [
        Column("query", label=_("Query")),
        Column("searches", label=_("Searches")),
        Column("zero_result_searches", label=_("Without results")),
    ]
    # Anyone with admin access may read these (Wagtail checks that for every admin URL);
    # they hold no personal data.

    def get_queryset(self):
        since = timezone.localdate() - datetime.timedelta(days=REPORT_DAYS - 1)
        return (
            SearchQueryCount.objects.filter(day__gte=since)
            .values("query")
            .annotate(searches=Sum("searches"), zero_result_searches=Sum("zero_result_searches"))
        )


class ZeroResultSearchesView(SearchReportView):
    page_title = _("Searches without results")
    index_url_name = "search_zero_results"
    index_results_url_name = "search_zero_results_results"

    def get_queryset(self):
        return super().get_queryset().filter(zero_result_searches__gt=0).order_by("-zero_result_searches", "query")

    def get_filename(self):
        return "sokningar-utan-traffar"


class PopularSearchesView(SearchReportView):
    page_title = _("Popular searches")
    index_url_name = "search_popular"
    index_results_url_name = "search_popular_results"

    def get_queryset(self):
        return super().get_queryset().order_by("-searches", "query")

    def get_filename(self):
        return "populara-sokningar"


class SearchFiltersForm(forms.Form):
    """The search page's filters. The page is lenient: a filter it cannot read is left out, the search is made."""

    type = forms.ChoiceField(choices=[(kind, kind) for kind in KINDS], required=False)
    department = forms.SlugField(required=False)
    page = forms.IntegerField(min_value=1, max_value=100, required=False)


def search_page(request):
    """/sok/: the built-in reader site's search, in Swedish, on the same engine as the API."""
    query = clean_query(request.GET.get("q", ""))
    filters = SearchFiltersForm(request.GET)
    filters.is_valid()
    kind = filters.cleaned_data.get("type") or None
    department_slug = filters.cleaned_data.get("department")
    department = Department.objects.filter(slug=department_slug).first() if department_slug else None
    page_number = filters.cleaned_data.get("page") or 1
    context = {"query": query, "kind": kind, "department": department, "result": None, "error": None}
    status = 200
    if query:
        try:
            result = search(query, request.user, kind=kind, department=department, page=page_number)
        except SearchUnavailable:
            context["error"] = unavailable_message()
            status = 503
        else:
            context["result"] = result
            context["kind_facets"] = [(kind, KIND_LABELS[kind], count) for kind, count in result.facets["type"].items()]
            # A paginator over the total, so the template can offer page links.
            context["pages"] = Paginator(range(min(result.total, 100 * result.per_page)), result.per_page).get_page(
                page_number
            )
    return TemplateResponse(request, "search/search.html", context, status=status)
