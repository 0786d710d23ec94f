from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import promotions
from .models import Synonym
from .views import ClickThroughPanel, PopularSearchesView, SearchesWithoutClicksView, ZeroResultSearchesView


class SynonymViewSet(SnippetViewSet):
    """Editors keep the synonyms; a change reaches search within a minute, without a deploy."""

    model = Synonym
    icon = "search"
    list_display = ["terms"]
    search_fields = ["terms"]
    add_to_admin_menu = False


register_snippet(SynonymViewSet)

ZeroResultSearchesView.register()
SearchesWithoutClicksView.register()
PopularSearchesView.register()


@hooks.register("construct_homepage_panels")
def add_click_through_panel(request, panels):
    panels.append(ClickThroughPanel())


@hooks.register("register_admin_urls")
def register_dated_search_promotion_views():
    # Wagtail's "Promoted search results", with a period for each result. Our app comes before
    # wagtail.contrib.search_promotions in INSTALLED_APPS, so these paths answer for Wagtail's own URL names.
    return [
        path("searchpicks/add/", promotions.CreateView.as_view(), name="search_promotion_add"),
        path("searchpicks/<int:query_id>/", promotions.EditView.as_view(), name="search_promotion_edit"),
    ]
