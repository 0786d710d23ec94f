"""The people directory ("Hitta medarbetare"): profiles, the org view and following, for every route to ask."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from intranet.access.visibility import Visibility
from intranet.groups.models import Membership
from intranet.organisation.models import EmployeeProfile
from intranet.ownership.services import in_archive, owned_page_models

from .models import Follow, ProfilePhoto

#: Owned pages a profile lists; more are counted.
OWNED_PAGES_SHOWN = 50


class CannotFollow(ValueError):
    """Following oneself; the message is for the reader."""


def active_people():
    """Profiles of active staff, with what every listing of people shows, in one query."""
    return (
        EmployeeProfile.objects.filter(user__is_active=True)
        .select_related("user", "department")
        .annotate(has_photo=Exists(ProfilePhoto.objects.filter(user_id=OuterRef("user_id"))))
    )


def active_person(user_id):
    """The profile of the active person with this user id, or None (unknown or no longer here)."""
    return active_people().filter(user_id=user_id).first()


@dataclass
class Profile:
    person: EmployeeProfile
    manager: EmployeeProfile | None
    reports: list
    groups: list  # Membership with group
    owned_pages: list
    owned_pages_total: int
    followed_by_me: bool
    follower_count: int = 0
    extra: dict = field(default_factory=dict)


def profile_for(user_id, reader):
    """Everything the directory shows of one active person, as `reader` may see it; None if not listed."""
    person = active_person(user_id)
    if person is None:
        return None
    manager = active_person(person.manager_id) if person.manager_id else None
    reports = list(active_people().filter(manager_id=user_id).order_by("user__first_name", "user__last_name"))
    groups = list(
        Membership.objects.filter(user_id=user_id, group__archived_at__isnull=True)
        .select_related("group")
        .order_by("group__name")
    )
    owned, total = owned_pages(user_id, reader)
    return Profile(
        person=person,
        manager=manager,
        reports=reports,
        groups=groups,
        owned_pages=owned,
        owned_pages_total=total,
        followed_by_me=Follow.objects.filter(follower=reader, followed_id=user_id).exists(),
        follower_count=Follow.objects.filter(followed_id=user_id).count(),
    )


def owned_pages(user_id, reader):
    """Live, not archived pages this person is content owner for that `reader` may open: (first ones, total)."""
    visibility = Visibility(reader)
    pages, total = [], 0
    for model in owned_page_models():
        queryset = visibility.pages(
            model.objects.live().filter(content_owner_id=user_id).annotate(archived=in_archive()).filter(archived=False)
        )
        total += queryset.count()
        pages += list(queryset.order_by("title")[:OWNED_PAGES_SHOWN])
    pages.sort(key=lambda page: page.title.lower())
    return pages[:OWNED_PAGES_SHOWN], total


# The org view ---------------------------------------------------------------


@dataclass
class OrgNode:
    person: EmployeeProfile
    reports: list = field(default_factory=list)


def org_chart(department):
    """The department's active staff as trees down the manager chain: a fixed number of queries at any size.

    The top of a tree is someone whose manager is outside the department, inactive or missing. A loop in the
    directory's manager chain (A reports to B, B to A) is broken where it is met, so nobody is left out.
    """
    people = list(active_people().filter(department=department).order_by("user__first_name", "user__last_name"))
    nodes = {person.user_id: OrgNode(person) for person in people}
    children = {}
    for person in people:
        if person.manager_id in nodes and person.manager_id != person.user_id:
            children.setdefault(person.manager_id, []).append(nodes[person.user_id])
    placed, roots = set(), []

    def grow(root):
        placed.add(root.person.user_id)
        stack = [root]
        while stack:
            node = stack.pop()
            for child in children.get(node.person.user_id, []):
                if child.person.user_id not in placed:
                    placed.add(child.person.user_id)
                    node.reports.append(child)
                    stack.append(child)

    for person in people:
        if person.manager_id not in nodes or person.manager_id == person.user_id:
            roots.append(nodes[person.user_id])
            grow(roots[-1])
    # Whoever is left is in a loop of managers with nobody above it: its first member becomes a top.
    for person in people:
        if person.user_id not in placed:
            roots.append(nodes[person.user_id])
            grow(roots[-1])
    return roots


# Following ------------------------------------------------------------------


def follow(follower, user_id):
    """(follow, created). CannotFollow for oneself; LookupError for someone not (or no longer) here."""
    from django.utils.translation import gettext as _

    if follower.pk == user_id:
        raise CannotFollow(_("You cannot follow yourself."))
    if not get_user_model().objects.filter(pk=user_id, is_active=True).exists():
        raise LookupError(user_id)
    return Follow.objects.get_or_create(follower=follower, followed_id=user_id)


def unfollow(follower, user_id):
    """Whether there was something to undo."""
    deleted, _ = Follow.objects.filter(follower=follower, followed_id=user_id).delete()
    return bool(deleted)


def followed_people(user):
    return active_people().filter(user__followers__follower=user).order_by("user__first_name", "user__last_name")
