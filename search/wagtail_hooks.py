from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PromotedAnswer, Synonym


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
