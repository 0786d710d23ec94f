"""Where the main pages of the reader site and the project's admin screens are, in the demo content."""

from intranet.pages.models import (
    GuideIndexPage,
    GuidePage,
    HomePage,
    InfoPage,
    NewsIndexPage,
    NewsPage,
    PolicyIndexPage,
    PolicyPage,
)


def first_live(model, **filters):
    return model.objects.live().filter(**filters).order_by("path").first()


def reader_pages():
    """(name, path) of one page of every reader template, as a staff member sees them."""
    pages = [
        ("start", HomePage.objects.live().first().url),
        ("news-index", first_live(NewsIndexPage).url),
        ("news", NewsPage.objects.live().order_by("-date").first().url),
        ("guide-index", first_live(GuideIndexPage).url),
        ("guide", first_live(GuidePage, title="Boka elcykel").url),
        ("policy-index", first_live(PolicyIndexPage).url),
        ("policy", first_live(PolicyPage).url),
        ("info", first_live(InfoPage).url),
        ("search", "/sok/?q=elcykel"),
        ("accessibility-statement", "/tillganglighet/"),
        ("not-found", "/finns-inte/"),
    ]
    return pages + collaboration_pages()


#: The admin screens this project adds or shapes (reports, review list, snippets), as an editor sees them.
ADMIN_SCREENS = [
    ("dashboard", "/admin/"),
    ("my-reviews", "/admin/ownership/my-reviews/"),
    ("content-responsibility", "/admin/reports/content-responsibility/"),
    ("ownerless", "/admin/reports/ownerless/"),
    ("archive", "/admin/reports/archive/"),
    ("unused-documents", "/admin/reports/unused-documents/"),
    ("who-can-publish", "/admin/reports/who-can-publish/"),
    ("posts", "/admin/reports/posts/"),
    ("moderation-log", "/admin/reports/moderation-log/"),
    ("searches-without-results", "/admin/reports/searches-without-results/"),
    ("popular-searches", "/admin/reports/popular-searches/"),
    ("search-promotions", "/admin/searchpicks/"),
    ("work-groups", "/admin/snippets/groups/workgroup/"),
    ("departments", "/admin/snippets/organisation/department/"),
    ("documents", "/admin/documents/"),
]


def admin_edit_screens():
    """The edit form of each content page type: our panels, choosers and rich-text fields."""
    return [
        (f"edit-{model.__name__}", f"/admin/pages/{first_live(model).pk}/edit/")
        for model in (NewsPage, GuidePage, PolicyPage, InfoPage)
    ]


def collaboration_pages(username="medarbetare"):
    """(name, path) of the groups, notifications and people pages, as `username` sees them (once they exist)."""
    from django.contrib.auth import get_user_model
    from django.urls import NoReverseMatch, reverse

    from intranet.groups.models import WorkGroup
    from intranet.posts.models import Post

    try:
        reverse("reader_groups")
    except NoReverseMatch:
        return []
    me = get_user_model().objects.select_related("profile__department").get(username=username)
    department = me.profile.department
    group = WorkGroup.objects.get(department=department)
    post = Post.objects.filter(group=group, removed_at=None).order_by("-created_at").first()
    colleague = get_user_model().objects.filter(profile__department=department).exclude(pk=me.pk).order_by("pk")[0]
    return [
        ("groups", "/grupper/"),
        ("group", f"/grupper/{group.slug}/"),
        ("post", f"/grupper/{group.slug}/inlagg/{post.pk}/"),
        ("group-members", f"/grupper/{group.slug}/medlemmar/"),
        ("notifications", "/notiser/"),
        ("notification-settings", "/notiser/installningar/"),
        ("people", "/medarbetare/"),
        ("people-search", "/medarbetare/?q=Anna"),
        ("profile", f"/medarbetare/{colleague.pk}/"),
        ("org", f"/medarbetare/organisation/{department.slug}/"),
        ("my-profile", "/min-profil/"),
    ]
