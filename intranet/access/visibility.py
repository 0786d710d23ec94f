"""Wagtail's view restrictions, applied to listings as Wagtail's serve views apply them to one object.

Wagtail checks a page's or a document's view restrictions when it is served (`PageViewRestriction.accept_request`
in the `on_serve_page` hook, `before_serve_document` for documents), but a queryset knows nothing of them:
`Page.objects.live()` lists a page restricted to one group to everyone. Every listing, feed, search hit,
suggestion and snippet goes through this module, so that nobody is shown what they may not open.

A restriction on a page applies to its descendants, one on a collection to its sub-collections, and an alias
follows the restrictions of its source page, as in Wagtail. Per restriction:

- login: every logged-in user (all staff);
- groups: members of one of its groups, and superusers;
- password: nobody. Whoever has the password may open the page or document, but a listing would show what the
  password protects (title, lead, text) to those who have not got it, and a listing cannot ask for it.

Documents and images are visible by their collection's restrictions alone, whatever page links them.

This module imports no app of ours: pages, search, documents and the API import it.
"""

from functools import cached_property

from django.db.models import Q
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction, Page, PageViewRestriction


class Visibility:
    """What one user may see. Restrictions are read once, on first use; make one per request."""

    def __init__(self, user):
        self.user = user

    def passes(self, restriction):
        """Whether the user may see what `restriction` protects, in a listing."""
        kind = restriction.restriction_type
        if kind == BaseViewRestriction.LOGIN:
            return self.user.is_authenticated
        if kind == BaseViewRestriction.GROUPS:
            if self.user.is_superuser:
                return True
            return any(group.pk in self._group_ids for group in restriction.groups.all())
        if kind == BaseViewRestriction.PASSWORD:
            return False
        return True

    @cached_property
    def _group_ids(self):
        if not self.user.is_authenticated:
            return set()
        return set(self.user.groups.values_list("pk", flat=True))

    @cached_property
    def hidden_page_paths(self):
        """Tree paths of the restricted pages the user does not pass; a descendant's path starts with one."""
        restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
        return sorted({restriction.page.path for restriction in restrictions if not self.passes(restriction)})

    @cached_property
    def hidden_alias_ids(self):
        """Aliases, elsewhere in the tree, of pages the user may not see."""
        if not self.hidden_page_paths:
            return []
        of_hidden = Q()
        for path in self.hidden_page_paths:
            of_hidden |= Q(alias_of__path__startswith=path)
        return list(Page.objects.filter(alias_of__isnull=False).filter(of_hidden).values_list("pk", flat=True))

    @cached_property
    def hidden_collection_ids(self):
        """The collections, sub-collections included, whose documents and images the user may not see."""
        restrictions = CollectionViewRestriction.objects.select_related("collection").prefetch_related("groups")
        paths = {restriction.collection.path for restriction in restrictions if not self.passes(restriction)}
        if not paths:
            return []
        below = Q()
        for path in paths:
            below |= Q(path__startswith=path)
        return sorted(Collection.objects.filter(below).values_list("pk", flat=True))

    def hidden_pages_q(self):
        """A Q matching the pages the user may not see; None when there are none.

        Only filter fields Wagtail indexes (`path`, `id`), so that it also works on `queryset.search()`.
        """
        hidden = Q()
        for path in self.hidden_page_paths:
            hidden |= Q(path__startswith=path)
        if self.hidden_alias_ids:
            hidden |= Q(id__in=self.hidden_alias_ids)
        return hidden or None

    def pages(self, queryset):
        """`queryset` (of any page type) without the pages the user may not see."""
        hidden = self.hidden_pages_q()
        return queryset if hidden is None else queryset.exclude(hidden)

    def documents(self, queryset):
        """`queryset` (documents or images) without those in collections the user may not see."""
        if not self.hidden_collection_ids:
            return queryset
        return queryset.exclude(collection_id__in=self.hidden_collection_ids)

    def can_view(self, obj):
        """Whether the user may see one page, document or image (None, a deleted one, is not visible)."""
        if isinstance(obj, Page):
            return not obj.path.startswith(tuple(self.hidden_page_paths)) and obj.pk not in self.hidden_alias_ids
        if hasattr(obj, "collection_id"):
            return obj.collection_id not in self.hidden_collection_ids
        return False

    #: `{% if document in visibility %}` in a template.
    __contains__ = can_view


def visible_pages(user, queryset):
    return Visibility(user).pages(queryset)


def visible_documents(user, queryset):
    return Visibility(user).documents(queryset)
