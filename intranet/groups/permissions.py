"""Who may do what in a group: the one place every route (API, reader site, admin) asks.

Everyone logged in reads every group. Members post; group admins manage members and moderate their own
group; editors (the `groups.moderate_any_group` permission, held by Redaktörer) moderate every group.
Nobody posts in or joins an archived group.
"""

from .models import Membership, Role

MODERATE_ANY_GROUP = "groups.moderate_any_group"


def membership_of(user, group):
    """The user's membership of the group, or None. Cached on the user for the request."""
    if not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_group_memberships", {})
    if group.pk not in cache:
        cache[group.pk] = Membership.objects.filter(group=group, user=user).first()
    return cache[group.pk]


def remember_memberships(user, groups):
    """Load the user's memberships of many groups in one query (a listing asks about each)."""
    if not user.is_authenticated:
        return
    cache = user.__dict__.setdefault("_group_memberships", {})
    wanted = [group.pk for group in groups if group.pk not in cache]
    cache.update(dict.fromkeys(wanted))
    cache.update((m.group_id, m) for m in Membership.objects.filter(user=user, group_id__in=wanted))


def forget_memberships(user):
    """After a membership changed: the next question reads the database again."""
    user.__dict__.pop("_group_memberships", None)


def can_read(user, group):
    return bool(user.is_authenticated and user.is_active)


def can_post(user, group):
    return bool(user.is_active and not group.is_archived and membership_of(user, group))


def is_group_admin(user, group):
    membership = membership_of(user, group)
    return bool(user.is_active and membership and membership.role == Role.ADMIN)


def moderates_everywhere(user):
    return bool(user.is_active and user.has_perm(MODERATE_ANY_GROUP))


def can_moderate(user, group):
    """Remove others' posts and comments (with a reason), manage members, answer join requests."""
    return is_group_admin(user, group) or moderates_everywhere(user)
