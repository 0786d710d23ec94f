"""Department groups, kept in step with the organisation the directory sync has just written.

Every department has a closed group. Its directory members (source=directory) are the department's active
staff; its admins are the department's managers: the people whom someone in the department reports to
(EmployeeProfile.manager), wherever they sit themselves. Someone who changes department changes group, and
someone deactivated leaves every group, directory and manual memberships alike; what they wrote stays.
Members an admin added by hand (source=manual) are left alone, except that the directory takes over a manual
membership it would have made itself (so that leaving the department takes them out again).

`sync_department_groups()` compares the whole organisation with the whole set of directory memberships in a
fixed number of queries and writes only the difference in bulk: the same handful of queries whether 40 or
40,000 people work here, and a second run writes nothing. The directory sync calls it inside its own
transaction, after users, managers and editor groups are applied.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from intranet.organisation.models import Department, EmployeeProfile

from .models import GroupKind, JoinPolicy, JoinRequest, Membership, RequestStatus, Role, Source, WorkGroup
from .services import remove_from_every_group, unique_slug

#: Rows per bulk statement: well inside PostgreSQL's limit on query parameters.
BATCH_SIZE = 2000


@dataclass
class DepartmentGroupChanges:
    new_groups: list = field(default_factory=list)
    renamed_groups: list = field(default_factory=list)
    joined: int = 0
    left: int = 0
    role_changed: int = 0
    taken_over: int = 0
    leavers_removed: int = 0
    #: group name → (joined, left, role changes), for the sync's report
    per_group: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))

    @property
    def changed(self):
        return bool(
            self.new_groups
            or self.renamed_groups
            or self.joined
            or self.left
            or self.role_changed
            or self.taken_over
            or self.leavers_removed
        )

    def lines(self):
        for name in self.new_groups:
            yield f"new department group: {name}"
        for old, new in self.renamed_groups:
            yield f"department group renamed: {old} → {new}"
        for name, (joined, left, roles) in sorted(self.per_group.items()):
            yield f"department group {name}: +{joined} -{left}, {roles} role changes"
        if self.leavers_removed:
            yield f"{self.leavers_removed} memberships of deactivated people removed"


def _ensure_groups(changes):
    """Department → its group, making the missing ones and renaming those whose department was renamed."""
    groups = {group.department_id: group for group in WorkGroup.objects.filter(kind=GroupKind.DEPARTMENT)}
    departments = list(Department.objects.only("pk", "name", "slug"))
    renamed = []
    for department in departments:
        group = groups.get(department.pk)
        if group is not None and group.name != department.name:
            changes.renamed_groups.append((group.name, department.name))
            group.name = department.name
            renamed.append(group)
    WorkGroup.objects.bulk_update(renamed, ["name"], batch_size=BATCH_SIZE)
    missing = [department for department in departments if department.pk not in groups]
    if missing:
        taken = set(WorkGroup.objects.values_list("slug", flat=True))
        new = [
            WorkGroup(
                name=department.name,
                slug=unique_slug(department.slug or department.name, taken),
                kind=GroupKind.DEPARTMENT,
                department=department,
                join_policy=JoinPolicy.CLOSED,
            )
            for department in missing
        ]
        for group in WorkGroup.objects.bulk_create(new, batch_size=BATCH_SIZE):
            groups[group.department_id] = group
            changes.new_groups.append(group.name)
    return groups


def _wanted_memberships(groups):
    """(group id, user id) → role, as the organisation has it now."""
    wanted = {}
    staff = EmployeeProfile.objects.filter(user__is_active=True, department__isnull=False)
    for user_id, department_id in staff.values_list("user_id", "department_id").iterator(chunk_size=BATCH_SIZE):
        wanted[(groups[department_id].pk, user_id)] = Role.MEMBER
    managed = staff.filter(manager__is_active=True).values_list("department_id", "manager_id").distinct()
    for department_id, manager_id in managed.iterator(chunk_size=BATCH_SIZE):
        wanted[(groups[department_id].pk, manager_id)] = Role.ADMIN
    return wanted


def sync_department_groups() -> DepartmentGroupChanges:
    """Bring every department group's directory members and admins in line with the organisation."""
    changes = DepartmentGroupChanges()
    with transaction.atomic():
        # Leavers first, so that nothing below mistakes them for members.
        inactive = get_user_model().objects.filter(is_active=False)
        changes.leavers_removed = remove_from_every_group(inactive)

        groups = _ensure_groups(changes)
        names = {group.pk: group.name for group in groups.values()}
        wanted = _wanted_memberships(groups)

        current = Membership.objects.filter(group__kind=GroupKind.DEPARTMENT).values_list(
            "pk", "group_id", "user_id", "role", "source"
        )
        stale_ids, updates = [], []
        for pk, group_id, user_id, role, source in current.iterator(chunk_size=BATCH_SIZE):
            key = (group_id, user_id)
            wanted_role = wanted.pop(key, None)
            if source == Source.MANUAL:
                if wanted_role is not None:  # the directory vouches for it now: it follows the directory
                    updates.append(Membership(pk=pk, role=wanted_role, source=Source.DIRECTORY))
                    changes.taken_over += 1
                continue
            if wanted_role is None:
                stale_ids.append(pk)
                changes.left += 1
                changes.per_group[names[group_id]][1] += 1
            elif wanted_role != role:
                updates.append(Membership(pk=pk, role=wanted_role, source=Source.DIRECTORY))
                changes.role_changed += 1
                changes.per_group[names[group_id]][2] += 1

        for start in range(0, len(stale_ids), BATCH_SIZE):
            Membership.objects.filter(pk__in=stale_ids[start : start + BATCH_SIZE]).delete()
        Membership.objects.bulk_update(updates, ["role", "source"], batch_size=BATCH_SIZE)
        Membership.objects.bulk_create(
            [
                Membership(group_id=group_id, user_id=user_id, role=role, source=Source.DIRECTORY)
                for (group_id, user_id), role in wanted.items()
            ],
            batch_size=BATCH_SIZE,
            # An admin adding the same person at this moment wins; the next run takes that membership over.
            ignore_conflicts=True,
        )
        for group_id, _user_id in wanted:
            changes.per_group[names[group_id]][0] += 1
        changes.joined = len(wanted)
        # A request to join a department group one is now in has been answered by the directory.
        is_member = Membership.objects.filter(group=OuterRef("group"), user=OuterRef("user"))
        JoinRequest.objects.filter(status=RequestStatus.PENDING, group__kind=GroupKind.DEPARTMENT).filter(
            Exists(is_member)
        ).update(status=RequestStatus.APPROVED, decided_at=timezone.now())
    return changes
