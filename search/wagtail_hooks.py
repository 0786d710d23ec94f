from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    """Editors keep the synonyms; a change reaches search within a minute, without a deploy."""

    model = Synonym
    icon = "search"
    list_display = ["terms"]
    search_fields = ["terms"]
    add_to_admin_menu = False


register_snippet(SynonymViewSet)
