"""Everything that changes a group or who is in it: every route (API, admin, reader site) calls these.

Each function checks who may do it (through `permissions`) and what state allows it, and raises `GroupError`
with a sentence for the person when it refuses; the views only translate that into an answer. Department
groups belong to the directory: their directory memberships (and roles) change only through the sync
(`directory.py`), never here.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.images.models import AbstractImage

from intranet.organisation.models import display_name
from intranet.security.text import without_invisible

from . import permissions
from .models import GroupKind, JoinPolicy, JoinRequest, Membership, RequestStatus, Role, Source, WorkGroup

NAME_MAX_LENGTH = WorkGroup._meta.get_field("name").max_length
DESCRIPTION_MAX_LENGTH = WorkGroup._meta.get_field("description").max_length
MESSAGE_MAX_LENGTH = 1000

#: Marks "not given" in update_group, where None means "no image".
UNCHANGED = object()


class GroupError(Exception):
    """A refusal, with the sentence to show the person (already translated)."""

    def __init__(self, message, code="refused"):
        super().__init__(message)
        self.message = message
        #: "forbidden": the person may not do this at all; "refused": the group's or membership's state
        #: forbids it now; "invalid": what was given cannot be used.
        self.code = code


def _forbidden():
    return GroupError(_("Only the group's admins and editors may do this."), code="forbidden")


def _require_active(user: AbstractBaseUser):
    if not (user.is_authenticated and user.is_active):
        raise GroupError(_("Your account is not active."), code="forbidden")


def _require_manager(actor: AbstractBaseUser, group: WorkGroup):
    _require_active(actor)
    if not permissions.can_moderate(actor, group):
        raise _forbidden()


def _require_archivist(actor: AbstractBaseUser, group: WorkGroup):
    """Archiving or restoring: a staff group's admins and editors; a department group's, editors alone.

    A department group is the directory's: its managers are its admins while they manage, not its owners, and
    an archived department group would leave the department with no group to post in that the sync restores.
    """
    _require_manager(actor, group)
    if group.kind == GroupKind.DEPARTMENT and not permissions.moderates_everywhere(actor):
        raise GroupError(
            _("A department group follows the directory: only editors archive or restore it."), "forbidden"
        )


def _require_open_for_members(group: WorkGroup):
    if group.is_archived:
        raise GroupError(_("The group is archived: it takes no new members or posts."))


def _forget(user):
    permissions.forget_memberships(user)


def _clean_text(value, max_length, too_long):
    value = without_invisible(value or "").strip()
    if len(value) > max_length:
        raise GroupError(too_long % {"max": max_length}, code="invalid")
    return value


def _clean_description(description):
    return _clean_text(
        description, DESCRIPTION_MAX_LENGTH, _("The description can be at most %(max)d characters long.")
    )


def _clean_name(name):
    name = " ".join((name or "").split())
    name = _clean_text(name, NAME_MAX_LENGTH, _("The name can be at most %(max)d characters long."))
    if not name:
        raise GroupError(_("Give the group a name."), code="invalid")
    return name


def unique_slug(name, taken=None):
    """A slug for a new group's address; `taken` (a set) saves the query when many are made at once."""
    base = (slugify(name) or "grupp")[:190]
    exists = taken.__contains__ if taken is not None else (lambda s: WorkGroup.objects.filter(slug=s).exists())
    slug, number = base, 1
    while exists(slug):
        number += 1
        slug = f"{base}-{number}"
    if taken is not None:
        taken.add(slug)
    return slug


# Groups ---------------------------------------------------------------------------------------------------


@transaction.atomic
def create_group(
    creator: AbstractBaseUser,
    *,
    name: str,
    description: str = "",
    image: AbstractImage | None = None,
    join_policy: str = JoinPolicy.OPEN,
) -> WorkGroup:
    """A staff group; its creator is its first admin."""
    _require_active(creator)
    if join_policy not in JoinPolicy.values:
        raise GroupError(_("Choose whether the group is open or closed."), code="invalid")
    group = WorkGroup.objects.create(
        name=_clean_name(name),
        slug=unique_slug(name),
        description=_clean_description(description),
        image=image,
        kind=GroupKind.STAFF,
        join_policy=join_policy,
        created_by=creator,
    )
    Membership.objects.create(group=group, user=creator, role=Role.ADMIN, source=Source.MANUAL)
    _forget(creator)
    return group


@transaction.atomic
def update_group(
    actor: AbstractBaseUser,
    group: WorkGroup,
    *,
    name: str | None = None,
    description: str | None = None,
    image=UNCHANGED,
    join_policy: str | None = None,
) -> WorkGroup:
    """Change what the group says about itself. A department group's name and policy follow the directory."""
    _require_manager(actor, group)
    if group.is_archived:
        raise GroupError(_("The group is archived. Restore it before you change it."))
    changed = []
    if group.kind == GroupKind.DEPARTMENT and (
        (name is not None and _clean_name(name) != group.name)
        or (join_policy is not None and join_policy != group.join_policy)
    ):
        raise GroupError(_("A department group is named after its department and is always closed."))
    if name is not None:
        group.name = _clean_name(name)
        changed.append("name")
    if description is not None:
        group.description = _clean_description(description)
        changed.append("description")
    if image is not UNCHANGED:
        group.image = image
        changed.append("image")
    if join_policy is not None:
        if join_policy not in JoinPolicy.values:
            raise GroupError(_("Choose whether the group is open or closed."), code="invalid")
        group.join_policy = join_policy
        changed.append("join_policy")
    if changed:
        group.save(update_fields=changed)
    return group


@transaction.atomic
def archive_group(actor: AbstractBaseUser, group: WorkGroup) -> WorkGroup:
    """Archive: the group and its posts stay readable; it takes no new posts or members. Nothing is deleted."""
    _require_archivist(actor, group)
    if group.is_archived:
        raise GroupError(_("The group is already archived."))
    group.archived_at = timezone.now()
    group.archived_by = actor
    group.save(update_fields=["archived_at", "archived_by"])
    return group


@transaction.atomic
def unarchive_group(actor: AbstractBaseUser, group: WorkGroup) -> WorkGroup:
    _require_archivist(actor, group)
    if not group.is_archived:
        raise GroupError(_("The group is not archived."))
    group.archived_at = None
    group.archived_by = None
    group.save(update_fields=["archived_at", "archived_by"])
    return group


# Joining --------------------------------------------------------------------------------------------------


def _add_membership(group, user, role=Role.MEMBER):
    try:
        with transaction.atomic():
            membership = Membership.objects.create(group=group, user=user, role=role, source=Source.MANUAL)
    except IntegrityError:  # two clicks at once: the other one made it
        raise GroupError(_("%(name)s is already a member of the group.") % {"name": _person(user)}) from None
    _forget(user)
    return membership


def _person(user):
    return display_name(user)


@transaction.atomic
def join_group(user: AbstractBaseUser, group: WorkGroup) -> Membership:
    """Join an open group."""
    _require_active(user)
    _require_open_for_members(group)
    if permissions.membership_of(user, group):
        raise GroupError(_("You are already a member of the group."))
    if group.join_policy != JoinPolicy.OPEN:
        raise GroupError(_("The group is closed: ask to join and a group admin will answer."))
    return _add_membership(group, user)


@transaction.atomic
def request_to_join(user: AbstractBaseUser, group: WorkGroup, message: str = "") -> JoinRequest:
    """Ask to join a closed group; the group's admins answer."""
    _require_active(user)
    _require_open_for_members(group)
    if permissions.membership_of(user, group):
        raise GroupError(_("You are already a member of the group."))
    if group.join_policy != JoinPolicy.CLOSED:
        raise GroupError(_("The group is open: join it directly."))
    message = _clean_text(message, MESSAGE_MAX_LENGTH, _("The message can be at most %(max)d characters long."))
    try:
        with transaction.atomic():
            return JoinRequest.objects.create(group=group, user=user, message=message)
    except IntegrityError:
        raise GroupError(_("You have already asked to join the group. A group admin will answer.")) from None


def _pending(join_request):
    # Read again under a lock: two admins answering at once must not both succeed.
    locked = JoinRequest.objects.select_for_update().select_related("group", "user").get(pk=join_request.pk)
    if locked.status != RequestStatus.PENDING:
        raise GroupError(_("The request has already been answered or withdrawn."))
    return locked


def _decide(join_request, actor, status):
    join_request.status = status
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def approve_request(actor: AbstractBaseUser, join_request: JoinRequest) -> Membership:
    _require_manager(actor, join_request.group)
    join_request = _pending(join_request)
    group, user = join_request.group, join_request.user
    _require_open_for_members(group)
    if not user.is_active:
        raise GroupError(_("%(name)s no longer works here.") % {"name": _person(user)})
    _decide(join_request, actor, RequestStatus.APPROVED)
    membership = permissions.membership_of(user, group)
    return membership or _add_membership(group, user)


@transaction.atomic
def decline_request(actor: AbstractBaseUser, join_request: JoinRequest) -> JoinRequest:
    _require_manager(actor, join_request.group)
    join_request = _pending(join_request)
    _decide(join_request, actor, RequestStatus.DECLINED)
    return join_request


@transaction.atomic
def withdraw_request(user: AbstractBaseUser, join_request: JoinRequest) -> JoinRequest:
    if join_request.user_id != user.pk:
        raise GroupError(_("Only the person who asked may withdraw the request."), code="forbidden")
    join_request = _pending(join_request)
    join_request.status = RequestStatus.WITHDRAWN
    join_request.save(update_fields=["status"])
    return join_request


def pending_request(user: AbstractBaseUser, group: WorkGroup) -> JoinRequest | None:
    return JoinRequest.objects.filter(group=group, user=user, status=RequestStatus.PENDING).first()


# Members --------------------------------------------------------------------------------------------------


def _membership(group, user):
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is None:
        raise GroupError(_("%(name)s is not a member of the group.") % {"name": _person(user)})
    return membership


def _lock_members(group):
    """Hold the group's row until the change commits: membership changes of one group then run one at a time.

    Two admins demoting each other (or both leaving) at once would each see the other still admin and both
    succeed, leaving a group nobody manages. Serialised, the second reads what the first committed.
    """
    WorkGroup.objects.select_for_update().filter(pk=group.pk).values_list("pk", flat=True).first()


def _require_manual(membership):
    if membership.source == Source.DIRECTORY:
        raise GroupError(
            _(
                "%(name)s is in the group because the directory says so: membership and role follow the "
                "department and its managers."
            )
            % {"name": _person(membership.user)}
        )


def _require_admin_from_directory(group, role):
    """A department group's admins are the department's managers: the sync makes them, nobody else does.

    A manual admin would outlive every change in the directory (the sync leaves manual memberships alone).
    """
    if group.kind == GroupKind.DEPARTMENT and role == Role.ADMIN:
        raise GroupError(_("A department group's admins are the department's managers, as the directory says."))


def _require_another_admin(membership):
    """A staff group keeps at least one admin among its members (editors can still step in)."""
    if membership.role != Role.ADMIN:
        return
    others = Membership.objects.filter(group_id=membership.group_id, role=Role.ADMIN).exclude(pk=membership.pk)
    everyone_else = Membership.objects.filter(group_id=membership.group_id).exclude(pk=membership.pk)
    if everyone_else.exists() and not others.exists():
        raise GroupError(_("The group needs another admin first: make someone else admin."))


@transaction.atomic
def leave_group(user: AbstractBaseUser, group: WorkGroup) -> None:
    _lock_members(group)
    membership = _membership(group, user)
    _require_manual(membership)
    _require_another_admin(membership)
    membership.delete()
    _forget(user)


@transaction.atomic
def add_member(actor: AbstractBaseUser, group: WorkGroup, user: AbstractBaseUser, role: str = Role.MEMBER):
    """Add a colleague; any pending request of theirs counts as approved."""
    _require_manager(actor, group)
    _require_open_for_members(group)
    if role not in Role.values:
        raise GroupError(_("The role must be member or admin."), code="invalid")
    _require_admin_from_directory(group, role)
    if not user.is_active:
        raise GroupError(_("%(name)s no longer works here.") % {"name": _person(user)})
    membership = _add_membership(group, user, role)
    for join_request in JoinRequest.objects.filter(group=group, user=user, status=RequestStatus.PENDING):
        _decide(join_request, actor, RequestStatus.APPROVED)
    return membership


@transaction.atomic
def remove_member(actor: AbstractBaseUser, group: WorkGroup, user: AbstractBaseUser) -> None:
    """Take someone out of the group; what they wrote stays."""
    _lock_members(group)
    _forget(actor)
    _require_manager(actor, group)
    membership = _membership(group, user)
    _require_manual(membership)
    _require_another_admin(membership)
    membership.delete()
    _forget(user)


@transaction.atomic
def set_role(actor: AbstractBaseUser, group: WorkGroup, user: AbstractBaseUser, role: str) -> Membership:
    """Promote to admin or demote to member."""
    _lock_members(group)
    _forget(actor)
    _require_manager(actor, group)
    if role not in Role.values:
        raise GroupError(_("The role must be member or admin."), code="invalid")
    membership = _membership(group, user)
    _require_manual(membership)
    _require_admin_from_directory(group, role)
    if membership.role == role:
        return membership
    if role == Role.MEMBER:
        _require_another_admin(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    _forget(user)
    return membership


def promote(actor, group, user):
    return set_role(actor, group, user, Role.ADMIN)


def demote(actor, group, user):
    return set_role(actor, group, user, Role.MEMBER)


# Leavers --------------------------------------------------------------------------------------------------


def remove_from_every_group(users) -> int:
    """People who left: out of every group (directory and manual memberships alike), requests withdrawn.

    What they wrote stays; the posts app names them as former staff. Returns how many memberships went.
    """
    JoinRequest.objects.filter(user__in=users, status=RequestStatus.PENDING).update(status=RequestStatus.WITHDRAWN)
    removed, _by_model = Membership.objects.filter(user__in=users).delete()
    return removed
