"""The reader's search page, and admin reports on what staff search for and fail to find."""

import datetime

import django_filters
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.api.v2.utils import BadRequestError
from wagtail.contrib.search_promotions.models import Query

from intranet.publishing.reports import AdminReportView

from .api import parse_search_parameters
from .clicks import searches_without_clicks, weekly_click_through
from .models import search_counts
from .query import KIND_LABELS, SearchUnavailable, clean_query, search, unavailable_message

REPORT_DAYS = 30


class SearchReportView(AdminReportView):
    """What staff searched for in the last 30 days, from Wagtail's query counts and ours of searches in vain.

    For everyone with admin access (Wagtail checks that for every admin URL): the counts hold no personal data.
    """

    header_icon = "search"
    paginate_by = 50
    is_searchable = True
    search_fields = ["query_string"]
    search_backend_name = None  # Wagtail's Query is not in the search index: a plain "contains"
    columns = [
        Column("query_string", label=_("Query"), sort_key="query_string"),
        NumberColumn("searches", label=_("Searches"), sort_key="searches"),
        NumberColumn("zero_result_searches", label=_("Without results"), sort_key="zero_result_searches"),
    ]
    list_export = ["query_string", "searches", "zero_result_searches"]
    export_headings = {
        "query_string": _("Query"),
        "searches": _("Searches"),
        "zero_result_searches": _("Without results"),
    }

    def get_base_queryset(self):
        return search_counts(since=timezone.localdate() - datetime.timedelta(days=REPORT_DAYS - 1))


class ZeroResultSearchesView(SearchReportView):
    page_title = _("Searches without results")
    index_url_name = "search_zero_results"
    url_path = "reports/searches-without-results"
    menu_name = "searches-without-results"
    menu_order = 910
    default_ordering = ["-zero_result_searches", "query_string"]

    def get_base_queryset(self):
        return super().get_base_queryset().filter(zero_result_searches__gt=0)

    def get_filename(self):
        return "sokningar-utan-traffar"


class PopularSearchesView(SearchReportView):
    page_title = _("Popular searches")
    index_url_name = "search_popular"
    url_path = "reports/popular-searches"
    menu_name = "popular-searches"
    menu_order = 920
    default_ordering = ["-searches", "query_string"]

    def get_filename(self):
        return "populara-sokningar"


class PeriodFilterSet(WagtailFilterSet):
    """Over how many days the counts are made; the view reads it (SearchesWithoutClicksView.get_base_queryset)."""

    days = django_filters.ChoiceFilter(
        label=_("Period"),
        # The default first, so that the unfiltered report shows the period it counts.
        choices=[(REPORT_DAYS, _("Last 30 days")), (7, _("Last 7 days")), (90, _("Last 90 days"))],
        empty_label=None,
        method="counted_in_the_view",
    )

    def counted_in_the_view(self, queryset, name, value):
        return queryset

    class Meta:
        model = Query
        fields = []


class SearchesWithoutClicksView(SearchReportView):
    """ "Sökningar utan klick": queries that found something, whose results nobody opened.

    Next to "Sökningar utan träffar": there the content is missing, here it is found but not what the reader
    wanted (or its title does not say so). From the counts of opened results (search.clicks): nobody is named.
    """

    page_title = _("Searches without clicks")
    index_url_name = "search_without_clicks"
    url_path = "reports/searches-without-clicks"
    menu_name = "searches-without-clicks"
    menu_order = 915
    filterset_class = PeriodFilterSet
    default_ordering = ["-searches_with_results", "query_string"]
    columns = [
        Column("query_string", label=_("Query"), sort_key="query_string"),
        NumberColumn("searches", label=_("Searches"), sort_key="searches"),
        NumberColumn("searches_with_results", label=_("With results"), sort_key="searches_with_results"),
    ]
    list_export = ["query_string", "searches", "searches_with_results"]
    export_headings = {
        "query_string": _("Query"),
        "searches": _("Searches"),
        "searches_with_results": _("With results"),
    }

    def get_base_queryset(self):
        days = (
            int(self.filters.form.cleaned_data.get("days") or REPORT_DAYS) if self.filters.is_valid() else REPORT_DAYS
        )
        return searches_without_clicks(since=timezone.localdate() - datetime.timedelta(days=days - 1))

    def get_filename(self):
        return "sokningar-utan-klick"


class ClickThroughPanel(Component):
    """On the admin dashboard: per week, how many searches found something and how often a result was opened."""

    name = "search_click_through"
    template_name = "search/click_through_panel.html"
    order = 150
    weeks = 8

    def get_context_data(self, parent_context):
        weeks = weekly_click_through(timezone.localdate(), weeks=self.weeks)
        return {"weeks": weeks, "any_searches": any(week.searches for week in weeks)}


def search_page(request):
    """/sok/: the built-in reader site's search, in Swedish, on the same engine as the API.

    It reads its parameters with the API's parser, so a filter the API refuses is refused here too, with
    the same message, and the search form stays filled in.
    """
    context = {"query": clean_query(request.GET.get("q", "")), "result": None, "error": None}
    query = None
    status = 200
    if context["query"]:
        try:
            query, kind, department, page_number = parse_search_parameters(request.GET)
        except BadRequestError as error:
            context["error"] = str(error)
            status = 400
        else:
            context.update(kind=kind, department=department)
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
