from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PromotedAnswer, Synonym
from .views import PopularSearchesView, ZeroResultSearchesView


class SynonymViewSet(SnippetViewSet):
    """Editors keep the synonyms; a change reaches search within a minute, without a deploy."""

    model = Synonym
    icon = "search"
    list_display = ["terms"]
    search_fields = ["terms"]
    add_to_admin_menu = False


class PromotedAnswerViewSet(SnippetViewSet):
    """Editors pin the current answer to what staff type, for a period if they like."""

    model = PromotedAnswer
    icon = "pick"
    list_display = ["phrase", "page", "starts_on", "ends_on"]
    search_fields = ["phrase"]
    add_to_admin_menu = False


register_snippet(SynonymViewSet)
register_snippet(PromotedAnswerViewSet)


@hooks.register("register_admin_urls")
def register_search_report_urls():
    return [
        path("reports/searches-without-results/", ZeroResultSearchesView.as_view(), name="search_zero_results"),
        path(
            "reports/searches-without-results/results/",
            ZeroResultSearchesView.as_view(results_only=True),
            name="search_zero_results_results",
        ),
        path("reports/popular-searches/", PopularSearchesView.as_view(), name="search_popular"),
        path(
            "reports/popular-searches/results/",
            PopularSearchesView.as_view(results_only=True),
            name="search_popular_results",
        ),
    ]


class EditorReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_reports_menu_item")
def register_zero_results_menu_item():
    return EditorReportMenuItem(
        _("Searches without results"),
        reverse("search_zero_results"),
        name="searches-without-results",
        icon_name="search",
        order=910,
    )


@hooks.register("register_reports_menu_item")
def register_popular_searches_menu_item():
    return EditorReportMenuItem(
        _("Popular searches"), reverse("search_popular"), name="popular-searches", icon_name="search", order=920
    )
