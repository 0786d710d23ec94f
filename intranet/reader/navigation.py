"""The reader site's navigation: the main menu of top sections, breadcrumbs and a section's own menu.

Every list goes through the reader's `Visibility`, so a page in a restricted part of the tree is never named to
someone who may not open it, whatever menu it would appear in.

The layout asks for the same things more than once per page (the section menu decides the page's columns and
draws the side menu; the main menu marks the current section): each answer is worked out once per request.
"""

from wagtail.models import Page, Site

from intranet.access.visibility import Visibility


def once_per_request(request, key, compute):
    """`compute()`'s answer, remembered on `request` under `key` for the rest of the request."""
    remembered = request.__dict__.setdefault("_reader_remembered", {})
    if key not in remembered:
        remembered[key] = compute()
    return remembered[key]


def visibility(request):
    # One per request: the restrictions are read once, however many menus are drawn.
    return once_per_request(request, "visibility", lambda: Visibility(request.user))


def site_root(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


def main_menu(request):
    root = site_root(request)
    if root is None:
        return []
    sections = root.get_children().live().in_menu().specific(defer=True)
    return list(visibility(request).pages(sections))


def breadcrumbs(request, page):
    """The pages above `page` below the site's root (the root itself is the start page, linked first)."""
    root = site_root(request)
    if root is None or not page or page.depth <= root.depth:
        return []
    ancestors = Page.objects.ancestor_of(page, inclusive=True).filter(depth__gt=root.depth).live()
    return list(visibility(request).pages(ancestors))


def top_section(request, page):
    return once_per_request(request, ("top_section", getattr(page, "pk", None)), lambda: _top_section(request, page))


def _top_section(request, page):
    root = site_root(request)
    if root is None or not page or page.depth <= root.depth:
        return None
    if page.depth == root.depth + 1:
        return page
    return Page.objects.ancestor_of(page).filter(depth=root.depth + 1).first()


def section_menu(request, page):
    """A section's pages, for the side menu of a page inside a section that has more than one level."""
    return once_per_request(request, ("section_menu", getattr(page, "pk", None)), lambda: _section_menu(request, page))


def _section_menu(request, page):
    section = top_section(request, page)
    if section is None:
        return None, []
    children = section.get_children().live().in_menu()
    return section, list(visibility(request).pages(children))
