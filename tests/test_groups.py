"""Groups through the API: who may read, post, join, manage and moderate (the permission matrix), on PostgreSQL.

Posting itself is the posts app's; whether someone may post is `permissions.can_post`, which every route of
it asks, so the matrix asks it here.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext as _
from wagtail.images.tests.utils import get_test_image_file

from intranet.groups import permissions, services
from intranet.groups.models import JoinRequest, Membership, RequestStatus, Role, Source, WorkGroup

from . import factories

pytestmark = pytest.mark.django_db
User = get_user_model()


def fresh(user):
    """The user as the next request sees them: no memberships remembered from before."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def cast():
    """A group with its admin and a member; an admin of another group; staff, a writer and an editor."""
    people = {
        "admin": factories.UserFactory(username="gruppadmin", first_name="Greta", last_name="Admin"),
        "member": factories.UserFactory(username="medlem", first_name="Maja", last_name="Medlem"),
        "other_admin": factories.UserFactory(username="annanadmin"),
        "staff": factories.UserFactory(username="medarbetare"),
        "writer": factories.writer(username="skribent"),
        "editor": factories.editor(username="redaktor"),
    }
    people["group"] = factories.staff_group(admin=people["admin"], members=[people["member"]], name="Friskvård")
    people["other_group"] = factories.staff_group(admin=people["other_admin"], name="Bokcirkeln")
    return people


def as_user(client, user):
    client.force_login(user)
    return client


def url(group, tail=""):
    return f"/api/v2/groups/{group.pk}/{tail}"


# Reading ----------------------------------------------------------------------------------------------------


def test_every_logged_in_employee_reads_every_group_and_its_members(client, cast):
    group = cast["group"]
    assert client.get("/api/v2/groups/").status_code == 401

    as_user(client, cast["staff"])
    listing = client.get("/api/v2/groups/").json()
    assert [g["name"] for g in listing["results"]] == ["Bokcirkeln", "Friskvård"]
    detail = client.get(url(group)).json()
    assert detail["members_count"] == 2
    assert (detail["my_membership"], detail["may_post"], detail["may_moderate"]) == (None, False, False)
    members = client.get(url(group, "members/")).json()["results"]
    assert [(m["person"]["name"], m["role"]) for m in members] == [("Greta Admin", "admin"), ("Maja Medlem", "member")]


def test_detail_tells_a_member_and_an_admin_what_they_may_do(client, cast):
    as_user(client, cast["member"])
    detail = client.get(url(cast["group"])).json()
    assert detail["my_membership"] == {"role": "member", "source": "manual"}
    assert (detail["may_post"], detail["may_moderate"]) == (True, False)
    as_user(client, cast["admin"])
    detail = client.get(url(cast["group"])).json()
    assert (detail["my_membership"]["role"], detail["may_post"], detail["may_moderate"]) == ("admin", True, True)
    as_user(client, cast["editor"])
    detail = client.get(url(cast["group"])).json()
    assert (detail["my_membership"], detail["may_post"], detail["may_moderate"]) == (None, False, True)


# Posting ----------------------------------------------------------------------------------------------------


def test_a_non_member_cannot_post_and_a_member_can(cast):
    closed = factories.staff_group(admin=cast["admin"], join_policy="closed", members=[cast["member"]])
    for group in (cast["group"], closed):
        assert permissions.can_post(fresh(cast["member"]), group)
        assert not permissions.can_post(fresh(cast["staff"]), group)
        assert not permissions.can_post(fresh(cast["writer"]), group)
        # Editors moderate every group; posting is for members.
        assert not permissions.can_post(fresh(cast["editor"]), group)


def test_a_removed_member_loses_posting_rights(client, cast):
    group, member = cast["group"], cast["member"]
    assert permissions.can_post(fresh(member), group)
    response = as_user(client, cast["admin"]).delete(url(group, f"members/{member.pk}/"))
    assert response.status_code == 204
    assert not permissions.can_post(fresh(member), group)
    as_user(client, member)
    assert client.get(url(group)).json()["may_post"] is False


def test_a_deactivated_member_leaves_every_group_and_cannot_post(cast):
    member = cast["member"]
    cast["other_group"].memberships.create(user=member)
    JoinRequest.objects.create(group=factories.staff_group(join_policy="closed"), user=member)
    member.is_active = False
    member.save()
    assert not Membership.objects.filter(user=member).exists()
    assert not JoinRequest.objects.filter(user=member, status=RequestStatus.PENDING).exists()
    assert not permissions.can_post(fresh(member), cast["group"])


# Managing members: the group's admins for their group, editors for every group -------------------------------


def admin_actions(group, person):
    """Every action that needs a group admin or an editor: (method, url, data)."""
    return [
        ("post", url(group, "members/"), {"user": person.pk}),
        ("patch", url(group, f"members/{person.pk}/"), {"role": "admin"}),
        ("delete", url(group, f"members/{person.pk}/"), None),
        ("patch", url(group), {"description": "Ny beskrivning"}),
        ("post", url(group, "archive/"), None),
        ("get", url(group, "requests/"), None),
    ]


def call(client, method, path, data):
    if data is None:
        return getattr(client, method)(path)
    return getattr(client, method)(path, data, content_type="application/json")


@pytest.mark.parametrize("who", ["member", "staff", "writer", "other_admin"])
def test_writers_staff_members_and_other_groups_admins_get_403_on_every_admin_action(client, cast, who):
    group, target = cast["group"], cast["member"]
    as_user(client, cast[who])
    for method, path, data in admin_actions(group, target):
        response = call(client, method, path, data)
        assert response.status_code == 403, (method, path, response.content)
        assert response.json()["message"]
    join_request = JoinRequest.objects.create(group=group, user=cast["staff"])
    for answer in ("approve", "decline"):
        assert client.post(url(group, f"requests/{join_request.pk}/{answer}/")).status_code == 403
    unchanged = group.memberships.values_list("user__username", "role")
    assert sorted(unchanged) == [("gruppadmin", "admin"), ("medlem", "member")]
    assert not WorkGroup.objects.get(pk=group.pk).is_archived


def test_a_group_admin_manages_their_own_group(client, cast):
    group, member, staff = cast["group"], cast["member"], cast["staff"]
    as_user(client, cast["admin"])
    added = client.post(url(group, "members/"), {"user": staff.pk}, content_type="application/json")
    assert added.status_code == 201
    assert added.json()["person"]["id"] == staff.pk
    promoted = client.patch(url(group, f"members/{member.pk}/"), {"role": "admin"}, content_type="application/json")
    assert (promoted.status_code, promoted.json()["role"]) == (200, "admin")
    assert permissions.is_group_admin(fresh(member), group)
    assert not permissions.is_group_admin(fresh(member), cast["other_group"])
    demoted = client.patch(url(group, f"members/{member.pk}/"), {"role": "member"}, content_type="application/json")
    assert (demoted.status_code, demoted.json()["role"]) == (200, "member")
    assert client.delete(url(group, f"members/{staff.pk}/")).status_code == 204
    edited = client.patch(url(group), {"description": "Vi promenerar."}, content_type="application/json")
    assert (edited.status_code, edited.json()["description"]) == (200, "Vi promenerar.")
    # ...and nothing of the other group
    assert client.post(url(cast["other_group"], "members/"), {"user": staff.pk}).status_code == 403


def test_an_editor_manages_and_moderates_any_group(client, cast):
    editor = cast["editor"]
    assert permissions.moderates_everywhere(fresh(editor))
    as_user(client, editor)
    for group in (cast["group"], cast["other_group"]):
        assert permissions.can_moderate(fresh(editor), group)
        added = client.post(url(group, "members/"), {"user": cast["staff"].pk}, content_type="application/json")
        assert added.status_code == 201
        promoted = client.patch(
            url(group, f"members/{cast['staff'].pk}/"), {"role": "admin"}, content_type="application/json"
        )
        assert promoted.status_code == 200
        assert client.delete(url(group, f"members/{cast['staff'].pk}/")).status_code == 204
        assert client.get(url(group, "requests/")).status_code == 200
        assert client.post(url(group, "archive/")).status_code == 200
        assert client.post(url(group, "unarchive/")).status_code == 200


def test_the_last_admin_cannot_leave_or_be_demoted_while_others_remain(client, cast):
    group, admin = cast["group"], cast["admin"]
    as_user(client, admin)
    response = client.post(url(group, "leave/"))
    assert response.status_code == 409
    assert response.json()["message"] == _("The group needs another admin first: make someone else admin.")
    demoted = client.patch(url(group, f"members/{admin.pk}/"), {"role": "member"}, content_type="application/json")
    assert demoted.status_code == 409
    assert Membership.objects.get(group=group, user=admin).role == Role.ADMIN
    as_user(client, cast["member"])
    assert client.post(url(group, "leave/")).status_code == 200
    assert not Membership.objects.filter(group=group, user=cast["member"]).exists()


def test_adding_someone_twice_or_someone_inactive_is_refused(client, cast):
    group = cast["group"]
    leaver = factories.UserFactory(is_active=False)
    as_user(client, cast["admin"])
    twice = client.post(url(group, "members/"), {"user": cast["member"].pk}, content_type="application/json")
    assert twice.status_code == 409
    assert twice.json()["message"] == _("%(name)s is already a member of the group.") % {"name": "Maja Medlem"}
    inactive = client.post(url(group, "members/"), {"user": leaver.pk}, content_type="application/json")
    assert inactive.status_code == 409
    unknown = client.post(url(group, "members/"), {"user": 2**31 - 1}, content_type="application/json")
    assert (unknown.status_code, unknown.json()["message"]) == (400, "user: " + _("No such person."))
    bad_role = client.post(
        url(group, "members/"), {"user": cast["staff"].pk, "role": "owner"}, content_type="application/json"
    )
    assert bad_role.status_code == 400


# Joining ----------------------------------------------------------------------------------------------------


def test_anyone_joins_an_open_group_and_may_then_post(client, cast):
    group, staff = cast["group"], cast["staff"]
    as_user(client, staff)
    response = client.post(url(group, "join/"))
    assert response.status_code == 201
    assert response.json()["my_membership"] == {"role": "member", "source": "manual"}
    assert response.json()["may_post"] is True
    assert permissions.can_post(fresh(staff), group)
    again = client.post(url(group, "join/"))
    assert (again.status_code, again.json()["message"]) == (409, _("You are already a member of the group."))


def test_closed_group_request_approve_and_decline(client, cast):
    group = factories.staff_group(admin=cast["admin"], join_policy="closed", name="Ledningsgruppen")
    asker, other = cast["staff"], cast["writer"]

    as_user(client, asker)
    direct = client.post(url(group, "join/"))
    assert direct.status_code == 409
    assert direct.json()["message"] == _("The group is closed: ask to join and a group admin will answer.")
    asked = client.post(url(group, "requests/"), {"message": "Jag vill vara med."}, content_type="application/json")
    assert asked.status_code == 201
    request_id = asked.json()["id"]
    assert client.post(url(group, "requests/")).status_code == 409  # one pending request at a time
    assert client.get(url(group)).json()["pending_request"]["id"] == request_id
    assert client.get(url(group, "requests/")).status_code == 403  # the asker does not see the list
    assert client.post(url(group, f"requests/{request_id}/approve/")).status_code == 403
    as_user(client, other)
    declined_early = client.post(url(group, "requests/"))
    other_request = declined_early.json()["id"]
    assert client.post(url(group, f"requests/{request_id}/withdraw/")).status_code == 403  # not theirs

    as_user(client, cast["admin"])
    pending = client.get(url(group, "requests/")).json()["results"]
    assert {r["person"]["id"] for r in pending} == {asker.pk, other.pk}
    approved = client.post(url(group, f"requests/{request_id}/approve/"))
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    assert permissions.can_post(fresh(asker), group)
    declined = client.post(url(group, f"requests/{other_request}/decline/"))
    assert (declined.status_code, declined.json()["status"]) == (200, "declined")
    assert not Membership.objects.filter(group=group, user=other).exists()
    twice = client.post(url(group, f"requests/{other_request}/approve/"))
    assert (twice.status_code, twice.json()["message"]) == (
        409,
        _("The request has already been answered or withdrawn."),
    )
    assert not Membership.objects.filter(group=group, user=other).exists()
    assert client.get(url(group, "requests/?status=declined")).json()["count"] == 1


def test_a_request_is_withdrawn_by_the_one_who_asked(client, cast):
    group = factories.staff_group(admin=cast["admin"], join_policy="closed")
    as_user(client, cast["staff"])
    request_id = client.post(url(group, "requests/")).json()["id"]
    withdrawn = client.post(url(group, f"requests/{request_id}/withdraw/"))
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "withdrawn")
    assert client.get(url(group)).json()["pending_request"] is None
    as_user(client, cast["admin"])
    assert client.post(url(group, f"requests/{request_id}/approve/")).status_code == 409
    assert client.post(url(cast["group"], f"requests/{request_id}/approve/")).status_code == 404  # another group's


# Creating and archiving -------------------------------------------------------------------------------------


def test_staff_create_a_group_and_become_its_admin(client, cast):
    as_user(client, cast["staff"])
    response = client.post(
        "/api/v2/groups/",
        {"name": "  Lunchpromenader  ", "description": "Varje torsdag.", "join_policy": "closed"},
        content_type="application/json",
    )
    assert response.status_code == 201
    data = response.json()
    assert (data["name"], data["kind"], data["join_policy"], data["members_count"]) == (
        "Lunchpromenader",
        "staff",
        "closed",
        1,
    )
    assert data["my_membership"] == {"role": "admin", "source": "manual"}
    assert WorkGroup.objects.get(pk=data["id"]).created_by == cast["staff"]
    blank = client.post("/api/v2/groups/", {"name": " "}, content_type="application/json")
    assert (blank.status_code, blank.json()["message"]) == (400, _("Give the group a name."))
    policy = client.post("/api/v2/groups/", {"name": "X", "join_policy": "secret"}, content_type="application/json")
    assert policy.status_code == 400
    assert client.post("/api/v2/groups/", {"name": "x" * 201}, content_type="application/json").status_code == 400
    assert WorkGroup.objects.filter(name="Lunchpromenader").count() == 1


def test_a_group_image_must_be_a_real_image_within_the_size_limit(client, cast, settings):
    as_user(client, cast["staff"])
    response = client.post("/api/v2/groups/", {"name": "Med bild", "image": picture("promenad.png", (800, 600))})
    assert response.status_code == 201, response.content
    assert response.json()["image"]["url"].endswith(".png")
    assert response.json()["image"]["width"] == 480
    group = WorkGroup.objects.get(pk=response.json()["id"])
    assert group.image.collection.name == "Gruppbilder"

    renamed = SimpleUploadedFile("bild.png", b"MZ\x90\x00" + b"\x00" * 2000, content_type="image/png")
    response = client.post("/api/v2/groups/", {"name": "Program", "image": renamed})
    assert response.status_code == 400
    assert response.json()["message"]
    svg = SimpleUploadedFile("bild.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>")
    assert client.post("/api/v2/groups/", {"name": "Svg", "image": svg}).status_code == 400
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    big = picture("stor.png", (800, 600))
    response = client.post("/api/v2/groups/", {"name": "Stor", "image": big})
    assert response.status_code == 400
    assert not WorkGroup.objects.filter(name__in=["Program", "Svg", "Stor"]).exists()

    # An admin changes and removes the picture; someone else's upload is refused before it is stored.
    as_user(client, cast["admin"])
    changed = client.patch(
        url(cast["group"]),
        encode_multipart({"image": picture("ny.png")}),
        content_type=MULTIPART,
    )
    assert changed.status_code == 400  # over the 1000-byte limit still
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
    changed = client.patch(url(cast["group"]), encode_multipart({"image": picture("ny.png")}), content_type=MULTIPART)
    assert changed.status_code == 200 and changed.json()["image"]
    removed = client.patch(url(cast["group"]), {"remove_image": True}, content_type="application/json")
    assert removed.json()["image"] is None
    images_before = group.image.__class__.objects.count()
    as_user(client, cast["staff"])
    response = client.patch(url(cast["group"]), encode_multipart({"image": picture("x.png")}), content_type=MULTIPART)
    assert response.status_code == 403
    assert group.image.__class__.objects.count() == images_before


def picture(name, size=(640, 480)):
    """An image upload as a browser sends it."""
    return SimpleUploadedFile(name, get_test_image_file(size=size).file.getvalue(), content_type="image/png")


MULTIPART = "multipart/form-data; boundary=BoUnDaRy"


def encode_multipart(data):
    from django.test.client import encode_multipart as encode

    return encode("BoUnDaRy", data)


def test_an_archived_group_stays_readable_and_takes_no_members_or_posts(client, cast):
    group, member, staff = cast["group"], cast["member"], cast["staff"]
    closed = factories.staff_group(admin=cast["admin"], join_policy="closed")
    as_user(client, cast["admin"])
    assert client.post(url(group, "archive/")).status_code == 200
    assert client.post(url(closed, "archive/")).status_code == 200
    assert client.post(url(group, "archive/")).status_code == 409
    added = client.post(url(group, "members/"), {"user": staff.pk}, content_type="application/json")
    assert (added.status_code, added.json()["message"]) == (
        409,
        _("The group is archived: it takes no new members or posts."),
    )
    assert not permissions.can_post(fresh(member), WorkGroup.objects.get(pk=group.pk))  # never deleted

    as_user(client, staff)
    detail = client.get(url(group))
    assert (detail.status_code, detail.json()["archived"]) == (200, True)
    assert client.get(url(group, "members/")).json()["count"] == 2
    assert client.post(url(group, "join/")).status_code == 409
    assert client.post(url(closed, "requests/")).status_code == 409
    assert group.pk not in {g["id"] for g in client.get("/api/v2/groups/").json()["results"]}
    assert group.pk in {g["id"] for g in client.get("/api/v2/groups/?archived=true").json()["results"]}
    assert client.get("/api/v2/groups/?archived=all").json()["count"] == 3
    assert client.post(url(group, "unarchive/")).status_code == 403

    as_user(client, cast["admin"])
    assert client.post(url(group, "unarchive/")).status_code == 200
    assert permissions.can_post(fresh(member), WorkGroup.objects.get(pk=group.pk))
    as_user(client, staff)
    assert client.post(url(group, "join/")).status_code == 201


# Department groups: the directory decides -------------------------------------------------------------------


def test_directory_memberships_are_changed_only_by_the_sync(client, cast):
    department = factories.DepartmentFactory(name="Kulturförvaltningen")
    manager = factories.UserFactory(department=department)
    employee = factories.UserFactory(department=department)
    employee.profile.manager = manager
    employee.profile.save()
    from intranet.groups.directory import sync_department_groups

    sync_department_groups()
    group = WorkGroup.objects.get(department=department)
    assert group.memberships.get(user=manager).role == Role.ADMIN
    as_user(client, cast["editor"])
    removed = client.delete(url(group, f"members/{employee.pk}/"))
    assert removed.status_code == 409
    promoted = client.patch(url(group, f"members/{employee.pk}/"), {"role": "admin"}, content_type="application/json")
    assert promoted.status_code == 409
    assert group.memberships.get(user=employee).role == Role.MEMBER
    renamed = client.patch(url(group), {"name": "Annat namn"}, content_type="application/json")
    assert renamed.status_code == 409
    # A manual member of a department group is the admins' to manage.
    added = client.post(url(group, "members/"), {"user": cast["staff"].pk}, content_type="application/json")
    assert added.status_code == 201
    assert group.memberships.get(user=cast["staff"]).source == Source.MANUAL
    assert client.delete(url(group, f"members/{cast['staff'].pk}/")).status_code == 204
    as_user(client, employee)
    assert client.post(url(group, "leave/")).status_code == 409


# Listing ----------------------------------------------------------------------------------------------------


def test_list_filters_search_and_pages(client, cast):
    department = factories.DepartmentFactory(name="Socialförvaltningen", slug="socialforvaltningen")
    department_group = WorkGroup.objects.create(
        name="Socialförvaltningen", slug="soc", kind="department", department=department, join_policy="closed"
    )
    as_user(client, cast["member"])
    names = lambda query: [g["name"] for g in client.get(f"/api/v2/groups/{query}").json()["results"]]  # noqa: E731
    assert names("?mine=true") == ["Friskvård"]
    assert names("?kind=department") == ["Socialförvaltningen"]
    assert names("?department=socialforvaltningen") == names(f"?department={department.pk}") == ["Socialförvaltningen"]
    assert names("?search=frisk") == ["Friskvård"]
    assert department_group.pk
    for n in range(25):
        factories.staff_group(name=f"Grupp {n:02}")
    first = client.get("/api/v2/groups/").json()
    assert (first["count"], len(first["results"]), bool(first["next"])) == (28, 20, True)
    assert len(client.get("/api/v2/groups/?page=2").json()["results"]) == 8
    for bad in ("?kind=secret", "?archived=maybe", "?department=nowhere", "?mine=ja", "?search=a%00b"):
        response = client.get(f"/api/v2/groups/{bad}")
        assert response.status_code == 400, bad
        assert response.json()["message"]
    assert client.get("/api/v2/groups/?page=99").status_code == 404
    assert client.get("/api/v2/groups/99999999999999999999/").status_code == 404


def test_the_group_list_takes_the_same_queries_for_many_groups(client, cast):
    as_user(client, cast["member"])

    def add_groups(count):
        for _n in range(count):
            factories.staff_group(members=[cast["member"]], image=image())
            JoinRequest.objects.create(group=factories.staff_group(join_policy="closed"), user=cast["member"])

    def queries():
        client.get("/api/v2/groups/?page_size=100")  # makes the new groups' renditions, once
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v2/groups/?page_size=100").status_code == 200
        return len(captured)

    add_groups(1)
    few = queries()
    add_groups(30)
    assert queries() == few


def image():
    from wagtail.images import get_image_model

    return get_image_model().objects.create(title="Bild", file=get_test_image_file())


def test_service_refusals_name_the_person(cast):
    with pytest.raises(services.GroupError) as refusal:
        services.remove_member(cast["admin"], cast["group"], cast["staff"])
    assert refusal.value.message == _("%(name)s is not a member of the group.") % {
        "name": cast["staff"].get_full_name()
    }
