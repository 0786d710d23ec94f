"""Admin reports on what staff search for, and what they fail to find."""

import datetime

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from .models import SearchQueryCount

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
