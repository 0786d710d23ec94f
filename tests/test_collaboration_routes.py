"""Issue 11's promises on the routes a hostile colleague tries, not only the form a front end shows.

Each test is one way round a rule that the first tests did not walk: the admin's generic views beside the API,
a second route to the same change, two requests at once, a body too large to read. Each asserts the one right
answer, and that nothing changed.
"""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from intranet.groups import services as group_services
from intranet.groups.models import GroupKind, JoinPolicy, Membership, Role, Source, WorkGroup
from intranet.posts import services as post_services
from intranet.posts.models import FORMER_COLLEAGUE, Attachment

from . import factories
from .test_uploads import make_png

pytestmark = pytest.mark.django_db
JSON = "application/json"
User = get_user_model()


def department_group(name="Kulturförvaltningen", slug="kultur"):
    department = factories.DepartmentFactory(name=name, slug=slug)
    group = WorkGroup.objects.create(
        name=name, slug=slug, kind=GroupKind.DEPARTMENT, department=department, join_policy=JoinPolicy.CLOSED
    )
    return group


# A department group belongs to the directory --------------------------------------------------------------


def test_a_manager_cannot_archive_their_department_group_through_the_api(client):
    """The directory keeps one living group per department; its managers are admins, not owners of it."""
    group = department_group()
    manager = factories.UserFactory()
    Membership.objects.create(group=group, user=manager, role=Role.ADMIN, source=Source.DIRECTORY)
    client.force_login(manager)

    response = client.post(f"/api/v2/groups/{group.pk}/archive/")

    assert response.status_code == 403
    assert response.json()["message"]
    assert not WorkGroup.objects.get(pk=group.pk).is_archived


# The admin's generic edit view keeps the services' rules ------------------------------------------------------

GROUPS_ADMIN = "/admin/snippets/groups/workgroup/"


def test_an_editor_cannot_change_an_archived_group_through_the_admins_edit_view(client):
    """The API answers 409 "restore it before you change it"; Wagtail's edit view is the same change."""
    group = factories.staff_group(name="Gamla projektet", archived_at=timezone.now())
    client.force_login(factories.editor())

    response = client.post(
        f"{GROUPS_ADMIN}edit/{group.pk}/", {"name": "Nytt namn", "description": "", "join_policy": "closed"}
    )

    assert response.status_code == 200  # the form again, with the error
    group.refresh_from_db()
    assert (group.name, group.join_policy) == ("Gamla projektet", "open")


def test_the_admins_edit_view_keeps_the_apis_limit_on_a_description(client):
    group = factories.staff_group(name="Lunchpromenader")
    client.force_login(factories.editor())

    response = client.post(
        f"{GROUPS_ADMIN}edit/{group.pk}/",
        {"name": "Lunchpromenader", "description": "x" * 100_000, "join_policy": "open"},
    )

    assert response.status_code == 200
    assert WorkGroup.objects.get(pk=group.pk).description == ""


# Too much to read ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v2/posts/", "/api/v2/groups/", "/api/v2/groups/{group}/requests/"])
def test_a_ten_megabyte_body_is_a_413_in_the_apis_json(client, path):
    group = factories.staff_group(join_policy="closed")
    client.force_login(factories.UserFactory())
    body = '{"body": "%s", "name": "x", "message": "x"}' % ("x" * 10 * 1024 * 1024)

    response = client.post(path.format(group=group.pk), body, content_type=JSON)

    assert response.status_code == 413
    assert response["Content-Type"] == JSON
    assert response.json()["message"]
    assert WorkGroup.objects.count() == 1


# Two at once --------------------------------------------------------------------------------------------------


# Committed for real (two connections); serialized_rollback puts back what the migrations made, for the tests after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_admins_demoting_each_other_at_once_leave_the_group_one_admin():
    """ "The group needs another admin first" must hold when each admin's request sees the other still admin."""
    first, second, member = factories.UserFactory(), factories.UserFactory(), factories.UserFactory()
    group = factories.staff_group(admin=first, members=[member])
    Membership.objects.filter(group=group, user=first).update(role=Role.ADMIN)
    Membership.objects.create(group=group, user=second, role=Role.ADMIN)
    first_demoted, second_finished = threading.Event(), threading.Event()
    outcome = {}

    def first_demotes_second():
        try:
            with transaction.atomic():
                group_services.demote(User.objects.get(pk=first.pk), group, User.objects.get(pk=second.pk))
                first_demoted.set()
                # Not committed yet: give the other request the time to act on what it still sees.
                second_finished.wait(timeout=3)
        finally:
            connection.close()

    def second_demotes_first():
        try:
            first_demoted.wait(timeout=10)
            group_services.demote(User.objects.get(pk=second.pk), group, User.objects.get(pk=first.pk))
            outcome["second"] = "demoted"
        except group_services.GroupError as error:
            outcome["second"] = error.code
        finally:
            second_finished.set()
            connection.close()

    threads = [threading.Thread(target=first_demotes_second), threading.Thread(target=second_demotes_first)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert list(Membership.objects.filter(group=group, role=Role.ADMIN).values_list("user_id", flat=True)) == [first.pk]
    assert outcome["second"] == "forbidden"  # by then no longer an admin


# Deleting through the admin's generic views -------------------------------------------------------------------

DEPARTMENTS_ADMIN = "/admin/snippets/organisation/department/"


def test_an_editor_deleting_a_department_that_has_a_group_is_refused_with_a_message_not_a_500(client):
    """Editors may delete departments; a department group (with its posts) holds on to its department."""
    group = department_group()
    client.force_login(factories.editor())

    response = client.post(f"{DEPARTMENTS_ADMIN}delete/{group.department_id}/")

    assert (response.status_code, response.url) == (302, DEPARTMENTS_ADMIN)
    assert WorkGroup.objects.get(pk=group.pk).department_id == group.department_id


def test_a_bulk_delete_of_departments_refuses_one_that_has_a_group(client):
    group = department_group()
    client.force_login(factories.editor())

    response = client.post(f"/admin/bulk/organisation/department/delete/?id={group.department_id}")

    assert (response.status_code, response.url) == (302, DEPARTMENTS_ADMIN)
    assert WorkGroup.objects.get(pk=group.pk).department_id == group.department_id


def test_a_bulk_delete_of_snippets_that_are_not_pages_is_not_a_500(client):
    """The archive's refusal to bulk-delete published pages asked every snippet for a page's tree path."""
    department = factories.DepartmentFactory(name="Nedlagda förvaltningen", slug="nedlagd")
    client.force_login(factories.editor())

    response = client.post(f"/admin/bulk/organisation/department/delete/?id={department.pk}&next={DEPARTMENTS_ADMIN}")

    assert (response.status_code, response.url) == (302, DEPARTMENTS_ADMIN)
    assert not type(department).objects.filter(pk=department.pk).exists()


# Someone who left is a former colleague everywhere --------------------------------------------------------------


def test_a_notification_from_someone_who_left_names_a_former_colleague_as_their_posts_do(client):
    """The posts API names a deactivated author "tidigare medarbetare", with no id to look them up by; the
    notifications their mentions made said their name and id, in the app and in the digest."""
    group = factories.staff_group(name="Friskvård")
    anna = factories.UserFactory(username="anna", first_name="Anna", last_name="Berg")
    bo = factories.UserFactory(username="bo", first_name="Bo", last_name="Ek")
    Membership.objects.create(group=group, user=bo)
    post_services.write_post(bo, group, "Hej @anna, kommer du på fredag?")
    bo.is_active = False
    bo.save()
    client.force_login(anna)

    post = client.get("/api/v2/posts/").json()["results"][0]
    notification = client.get("/api/v2/notifications/").json()["results"][0]

    assert post["author"] == {"id": None, "name": str(FORMER_COLLEAGUE), "former_colleague": True}
    assert notification["actor"] is None
    assert "Bo" not in notification["text"] and "Ek" not in notification["text"]


# Join requests are for the group's admins of now ---------------------------------------------------------------


def test_someone_no_longer_admin_no_longer_reads_join_requests_through_their_notifications(client):
    """The request's message is for the group's admins (GET …/requests/ answers anyone else 403); the
    notification of it quoted the message to whoever was admin when it came, for ever after."""
    admin, former_admin = factories.UserFactory(), factories.UserFactory()
    group = factories.staff_group(admin=admin, join_policy=JoinPolicy.CLOSED)
    Membership.objects.create(group=group, user=former_admin, role=Role.ADMIN)
    client.force_login(factories.UserFactory())
    message = {"message": "Jag är sjukskriven för utmattning och vill gärna vara med."}
    assert client.post(f"/api/v2/groups/{group.pk}/requests/", message, content_type=JSON).status_code == 201
    group_services.remove_member(admin, group, former_admin)
    client.force_login(former_admin)

    assert client.get(f"/api/v2/groups/{group.pk}/requests/").status_code == 403
    assert client.get("/api/v2/notifications/").json()["results"] == []
    assert client.get("/api/v2/notifications/unread-count/").json() == {"unread": 0}
    client.force_login(admin)
    assert [n["kind"] for n in client.get("/api/v2/notifications/").json()["results"]] == ["join_request"]


def test_nobody_makes_a_department_groups_admin_by_hand(client):
    """A department group's admins are the department's managers, as the directory says: a manager (or an editor)
    could add a guest as admin, or promote one, and the sync leaves manual memberships alone for ever."""
    group = department_group()
    manager, guest, editor = factories.UserFactory(), factories.UserFactory(), factories.editor()
    Membership.objects.create(group=group, user=manager, role=Role.ADMIN, source=Source.DIRECTORY)
    Membership.objects.create(group=group, user=guest, role=Role.MEMBER, source=Source.MANUAL)
    newcomer = factories.UserFactory()
    client.force_login(manager)

    added = client.post(
        f"/api/v2/groups/{group.pk}/members/", {"user": newcomer.pk, "role": "admin"}, content_type=JSON
    )
    client.force_login(editor)
    promoted = client.patch(f"/api/v2/groups/{group.pk}/members/{guest.pk}/", {"role": "admin"}, content_type=JSON)

    assert (added.status_code, promoted.status_code) == (409, 409)
    assert sorted(group.memberships.values_list("user_id", "role")) == sorted(
        [(manager.pk, Role.ADMIN), (guest.pk, Role.MEMBER)]
    )


# An attachment is part of the post: the edit rules hold for it ------------------------------------------------


@pytest.mark.parametrize("change", ["archive the group", "take the author out of it"])
def test_the_author_cannot_change_a_posts_files_where_they_can_no_longer_edit_its_text(client, change):
    """PATCH of the text is a 403 in an archived group and for a removed member; deleting or adding a file
    to the same post was a 204 and a 201."""
    author = factories.UserFactory()
    group = factories.staff_group(members=[author])
    client.force_login(author)
    png = SimpleUploadedFile("bild.png", make_png(), content_type="image/png")
    created = client.post("/api/v2/posts/", {"group": group.pk, "body": "Se bilden", "files": [png]}).json()
    if change == "archive the group":
        WorkGroup.objects.filter(pk=group.pk).update(archived_at=timezone.now())
    else:
        Membership.objects.filter(group=group, user=author).delete()

    edited = client.patch(f"/api/v2/posts/{created['id']}/", {"body": "Ändrat"}, content_type=JSON)
    deleted = client.delete(created["attachments"][0]["url"])
    another = SimpleUploadedFile("till.png", make_png(), content_type="image/png")
    added = client.post(f"/api/v2/posts/{created['id']}/attachments/", {"file": another})

    assert (edited.status_code, deleted.status_code, added.status_code) == (403, 403, 403)
    assert [a.filename for a in Attachment.objects.filter(post_id=created["id"])] == ["bild.png"]


# What a group says about itself is cleaned like every other text staff write ------------------------------------


def test_a_group_name_description_and_request_lose_the_invisible_characters_posts_lose(client):
    """A right-to-left override makes "Löner‮fdp.exe" read as "Lönerexe.pdf" in a notification or a digest: the
    posts' sanitiser takes such characters out of posts and comments; group names went out as they came."""
    client.force_login(factories.UserFactory())
    created = client.post(
        "/api/v2/groups/",
        {"name": "Löner\u202efdp.exe", "description": "Fil\u200fer\u2066 här", "join_policy": "closed"},
        content_type=JSON,
    )
    client.force_login(factories.UserFactory())
    asked = client.post(
        f"/api/v2/groups/{created.json()['id']}/requests/", {"message": "Hej\u202e!"}, content_type=JSON
    )

    assert created.status_code == 201
    assert (created.json()["name"], created.json()["description"]) == ("Lönerfdp.exe", "Filer här")
    assert (asked.status_code, asked.json()["message"]) == (201, "Hej!")
