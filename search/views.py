"""The reader's search page, and admin reports on what staff search for and fail to find."""

import datetime
from urllib.parse import urlencode

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

from .api import MAX_PAGE, parse_search_parameters
from .clicks import searches_without_clicks, weekly_click_through
from .conversations import COMMENT_KIND, PERSON_KIND, POST_KIND
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


#: Where the reader site shows a person, a post and a comment (the API's hits point to the API).
READER_URLS = {
    PERSON_KIND: "/medarbetare/{id}/",
    POST_KIND: "/grupper/{slug}/inlagg/{post_id}/",
    COMMENT_KIND: "/grupper/{slug}/inlagg/{post_id}/#kommentar-{id}",
}
#: How many numbered page links the pagination shows around the current page.
PAGE_LINKS_AROUND = 2


def reader_url(hit):
    """The reader site's address of a hit: pages and documents have their own, people and posts the reader's."""
    if hit.kind not in READER_URLS:
        return hit.url
    extra = hit.extra
    group = extra.get("group") or {}
    return READER_URLS[hit.kind].format(
        id=hit.object.pk if hit.kind != PERSON_KIND else extra["id"],
        slug=group.get("slug", ""),
        post_id=extra.get("post_id", ""),
    )


def shown_hit(hit, rank):
    """A hit as the page shows it: its reader address, its rank in the order shown, and the id a click reports."""
    return {
        "hit": hit,
        "url": reader_url(hit),
        "rank": rank,
        "kind_label": KIND_LABELS.get(hit.kind, ""),
        # A person's hit is named by the user's id, as the search API answers it.
        "id": hit.extra.get("id", hit.object.pk) if hit.kind == PERSON_KIND else hit.object.pk,
    }


def page_links(pages):
    """Page numbers to link, with None where numbers are left out: 1 … 4 5 [6] 7 8 … 20."""
    last = pages.paginator.num_pages
    around = range(max(1, pages.number - PAGE_LINKS_AROUND), min(last, pages.number + PAGE_LINKS_AROUND) + 1)
    numbers = sorted({1, last, *around})
    links = []
    for number in numbers:
        if links and links[-1] is not None and number - links[-1] > 1:
            links.append(None)
        links.append(number)
    return links


def query_string(**parameters):
    """The search's query string with these parameters, leaving out the empty ones."""
    return urlencode({name: value for name, value in parameters.items() if value})


def search_page(request):
    """/sok/: the built-in reader site's search, in Swedish, on the same engine as the API.

    It reads its parameters with the API's parser, so a filter the API refuses is refused here too, with
    the same message, and the search form stays filled in. Everything is a link or a GET form: it works
    without JavaScript; suggest.js only adds the header's suggestions and reports which result was opened.
    """
    context = {"query": clean_query(request.GET.get("q", "")), "result": None, "error": None, "search_query": ""}
    context["search_query"] = context["query"]
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
            context.update(search_context(result, kind, department, page_number))
    return TemplateResponse(request, "search/search.html", context, status=status)


def search_context(result, kind, department, page_number):
    query = result.query
    department_slug = department.slug if department else ""
    promoted = [shown_hit(hit, rank) for rank, hit in enumerate(result.promoted, start=1)]
    first_rank = len(promoted) + (page_number - 1) * result.per_page + 1
    hits = [shown_hit(hit, rank) for rank, hit in enumerate(result.hits, start=first_rank)]
    people = [shown_hit(hit, rank) for rank, hit in enumerate(result.people, start=first_rank + len(hits))]
    kind_facets = [
        {
            "label": KIND_LABELS[name],
            "count": count,
            "current": name == kind,
            "href": "?" + query_string(q=query, type=name, department=department_slug),
        }
        for name, count in result.facets["type"].items()
    ]
    department_facets = [
        {
            "label": facet["name"],
            "count": facet["count"],
            "current": department is not None and facet["id"] == department.pk,
            "href": "?" + query_string(q=query, type=kind, department=facet["slug"]),
        }
        for facet in result.facets.get("department") or []
    ]
    # A paginator over the total (the engine pages, not Django), so the template can offer page links.
    pages = Paginator(range(min(result.total, MAX_PAGE * result.per_page)), result.per_page).get_page(page_number)
    page_href = {
        number: "?" + query_string(q=query, type=kind, department=department_slug, page=number if number > 1 else None)
        for number in page_links(pages)
        if number is not None
    }
    return {
        "result": result,
        "promoted": promoted,
        "hits": hits,
        "people": people,
        "kind_facets": kind_facets,
        "department_facets": department_facets,
        "all_kinds_href": "?" + query_string(q=query, department=department_slug),
        "all_departments_href": "?" + query_string(q=query, type=kind),
        "pages": pages,
        "page_links": [(number, page_href.get(number)) for number in page_links(pages)],
        "previous_href": page_href.get(pages.number - 1) if pages.has_previous() else None,
        "next_href": page_href.get(pages.number + 1) if pages.has_next() else None,
        "suggestion_href": "?" + query_string(q=result.suggestion) if result.suggestion else None,
    }
