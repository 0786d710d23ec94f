"""Department groups follow the directory (a real Samba AD on 127.0.0.1): joining, moving, leaving, managers.

The municipality in tests/directory.py: Socialförvaltningen (Karin manages Örjan and the disabled Märta),
Samhällsbyggnadsförvaltningen (Björn manages Åsa; Per's manager is outside the base DN).
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.groups import permissions
from intranet.groups.directory import sync_department_groups
from intranet.groups.models import JoinRequest, Membership, RequestStatus, Role, Source, WorkGroup
from intranet.organisation.models import Department, EmployeeProfile
from intranet.posts.models import Post
from sync.directory import DirectoryConfig, DirectoryReader
from sync.service import sync_directory

from . import factories

pytestmark = pytest.mark.django_db
User = get_user_model()

SOCIAL, BUILDING = "Socialförvaltningen", "Samhällsbyggnadsförvaltningen"


def run(full=False):
    return sync_directory(DirectoryReader(DirectoryConfig.from_settings()), full=full)


def members(department_name):
    """username → (role, source) in the department's group."""
    group = WorkGroup.objects.get(department__name=department_name)
    return {m.user.username: (m.role, m.source) for m in group.memberships.select_related("user")}


DIRECTORY_MEMBER, DIRECTORY_ADMIN = (Role.MEMBER, Source.DIRECTORY), (Role.ADMIN, Source.DIRECTORY)


def test_every_department_gets_a_closed_group_of_its_staff_with_its_managers_as_admins(directory):
    summary = run(full=True)
    groups = WorkGroup.objects.filter(kind="department").select_related("department")
    assert sorted((g.name, g.department.name, g.join_policy) for g in groups) == [
        (BUILDING, BUILDING, "closed"),
        (SOCIAL, SOCIAL, "closed"),
    ]
    # Märta is disabled: not a member. Karin manages Örjan: admin.
    assert members(SOCIAL) == {"karin.akesson": DIRECTORY_ADMIN, "orjan.ostlund": DIRECTORY_MEMBER}
    # Per's manager is outside the base DN: nobody is made admin for him.
    assert members(BUILDING) == {
        "bjorn.angstrom": DIRECTORY_ADMIN,
        "asa.nystrom": DIRECTORY_MEMBER,
        "per.svensson": DIRECTORY_MEMBER,
    }
    assert f"new department group: {SOCIAL}" in summary.group_changes
    karin, group = User.objects.get(username="karin.akesson"), WorkGroup.objects.get(name=SOCIAL)
    assert permissions.is_group_admin(karin, group) and permissions.can_post(karin, group)

    # Idempotent: nothing more to do, nothing reported.
    again = run(full=True)
    assert not again.changed
    assert not sync_department_groups().changed


def test_a_new_colleague_joins_their_department_group(directory):
    run(full=True)
    directory.add_user("lena.holm", "Lena", "Holm", SOCIAL, "Kurator", manager=directory.people["karin"])
    run()
    assert members(SOCIAL)["lena.holm"] == DIRECTORY_MEMBER


def test_moving_department_moves_group_and_a_manager_without_reports_is_no_longer_admin(directory):
    run(full=True)
    directory.modify(directory.people["orjan"], department=BUILDING, manager=directory.people["bjorn"])
    summary = run()
    assert "orjan.ostlund" not in members(SOCIAL)
    assert members(BUILDING)["orjan.ostlund"] == DIRECTORY_MEMBER
    # Karin's only active report moved away: she stays in her department's group, no longer its admin.
    assert members(SOCIAL) == {"karin.akesson": DIRECTORY_MEMBER}
    assert any(line.startswith(f"department group {SOCIAL}: +0 -1, 1 role") for line in summary.group_changes)


def test_someone_who_gets_a_report_becomes_admin_even_from_another_department(directory):
    run(full=True)
    # Åsa (Samhällsbyggnad) becomes manager of Örjan (Socialförvaltningen).
    directory.modify(directory.people["orjan"], manager=directory.people["asa"])
    run()
    assert members(SOCIAL)["asa.nystrom"] == DIRECTORY_ADMIN
    assert members(BUILDING)["asa.nystrom"] == DIRECTORY_MEMBER


def test_a_deactivated_person_leaves_every_group_and_their_posts_stay(directory):
    run(full=True)
    karin = User.objects.get(username="karin.akesson")
    book_club = factories.staff_group(admin=karin, name="Bokcirkeln")
    post = Post.objects.create(group=WorkGroup.objects.get(name=SOCIAL), author=karin, body="Välkomna!")
    JoinRequest.objects.create(group=factories.staff_group(join_policy="closed"), user=karin)
    directory.modify(directory.people["karin"], userAccountControl=514)  # disabled
    run()
    assert not Membership.objects.filter(user=karin).exists()
    assert not JoinRequest.objects.filter(user=karin, status=RequestStatus.PENDING).exists()
    assert members(SOCIAL) == {"orjan.ostlund": DIRECTORY_MEMBER}
    assert Post.objects.get(pk=post.pk).author == karin
    assert WorkGroup.objects.filter(pk=book_club.pk).exists()


def test_someone_removed_from_the_directory_leaves_their_groups_on_the_full_sync(directory):
    run(full=True)
    per = User.objects.get(username="per.svensson")
    directory.delete(directory.people["per"])
    run(full=True)
    assert not Membership.objects.filter(user=per).exists()


def test_manual_members_of_a_department_group_are_left_alone(directory):
    run(full=True)
    group = WorkGroup.objects.get(name=SOCIAL)
    guest = factories.UserFactory(username="gast")  # no department: an admin added them by hand
    group.memberships.create(user=guest, role=Role.MEMBER, source=Source.MANUAL)
    # Someone added by hand who then moves into the department is taken over by the directory.
    directory.modify(directory.people["asa"], department=SOCIAL)
    asa = User.objects.get(username="asa.nystrom")
    group.memberships.create(user=asa, role=Role.MEMBER, source=Source.MANUAL)
    run()
    assert members(SOCIAL)["gast"] == (Role.MEMBER, Source.MANUAL)
    assert members(SOCIAL)["asa.nystrom"] == DIRECTORY_MEMBER
    run(full=True)
    assert members(SOCIAL)["gast"] == (Role.MEMBER, Source.MANUAL)


def test_a_dry_run_changes_no_groups(directory):
    summary = sync_directory(DirectoryReader(DirectoryConfig.from_settings()), full=True, dry_run=True)
    assert f"new department group: {SOCIAL}" in summary.group_changes
    assert not WorkGroup.objects.exists()


# Efficiency (no directory needed: the step reads what the sync wrote) ---------------------------------------


def organisation(people, departments=10, department_prefix="Avd"):
    """`people` active staff in `departments` departments, each with a manager, written in bulk."""
    made = [
        Department(
            name=f"{department_prefix} {n}", code=f"{department_prefix[:2]}{n}", slug=f"{department_prefix.lower()}-{n}"
        )
        for n in range(departments)
    ]
    made = Department.objects.bulk_create(made)
    users = User.objects.bulk_create(
        [User(username=f"{department_prefix.lower()}{n}", first_name="P", last_name=str(n)) for n in range(people)]
    )
    profiles = []
    for n, user in enumerate(users):
        department = made[n % departments]
        manager = users[n % departments] if n >= departments else None
        profiles.append(EmployeeProfile(user=user, department=department, manager=manager))
    EmployeeProfile.objects.bulk_create(profiles)
    return made, users


def queries_of(function):
    with CaptureQueriesContext(connection) as captured:
        result = function()
    return len(captured), result


def test_the_step_takes_the_same_few_queries_for_fifty_or_two_thousand_people():
    organisation(50, departments=5, department_prefix="Liten")
    first_small, _ = queries_of(sync_department_groups)
    steady_small, changes = queries_of(sync_department_groups)
    assert not changes.changed
    organisation(2000, departments=40, department_prefix="Stor")
    first_large, changes = queries_of(sync_department_groups)
    assert changes.joined == 2000 and len(changes.new_groups) == 40
    steady_large, changes = queries_of(sync_department_groups)
    assert not changes.changed
    assert steady_small == steady_large <= 10  # savepoint and release included
    assert first_large <= first_small + 2  # one more batch of 2,000 rows to insert, at most
    assert Membership.objects.filter(role=Role.ADMIN).count() == 45
