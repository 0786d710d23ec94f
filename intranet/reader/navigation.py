"""The reader site's navigation: the main menu of top sections, breadcrumbs and a section's own menu.

Every list goes through `visible_pages`, so a page in a restricted part of the tree is never named to someone
who may not open it, whatever menu it would appear in.
"""

from wagtail.models import Page, Site

from intranet.access.visibility import visible_pages


def site_root(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


def main_menu(request):
    root = site_root(request)
    if root is None:
        return []
    sections = root.get_children().live().in_menu().specific(defer=True)
    return list(visible_pages(request.user, sections))


def breadcrumbs(request, page):
    """The pages above `page` below the site's root (the root itself is the start page, linked first)."""
    root = site_root(request)
    if root is None or not page or page.depth <= root.depth:
        return []
    ancestors = Page.objects.ancestor_of(page, inclusive=True).filter(depth__gt=root.depth).live()
    return list(visible_pages(request.user, ancestors))


def top_section(request, page):
    root = site_root(request)
    if root is None or not page or page.depth <= root.depth:
        return None
    if page.depth == root.depth + 1:
        return page
    return Page.objects.ancestor_of(page).filter(depth=root.depth + 1).first()


def section_menu(request, page):
    """A section's pages, for the side menu of a page inside a section that has more than one level."""
    section = top_section(request, page)
    if section is None:
        return None, []
    children = section.get_children().live().in_menu()
    return section, list(visible_pages(request.user, children))
