"""Admin → Grupper: editors find, export, archive and restore groups; nobody deletes one."""

import pytest

from intranet.groups.models import WorkGroup

from . import factories

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/groups/workgroup/"


@pytest.fixture
def groups():
    department = factories.DepartmentFactory(name="Kulturförvaltningen", slug="kulturforvaltningen")
    return {
        "walks": factories.staff_group(name="Lunchpromenader", members=[factories.UserFactory()]),
        "archived": factories.staff_group(name="Gamla projektet", archived_at="2026-01-01T00:00Z"),
        "department": WorkGroup.objects.create(
            name="Kulturförvaltningen", slug="kultur", kind="department", department=department, join_policy="closed"
        ),
    }


def test_editors_find_filter_and_export_groups(client, groups):
    client.force_login(factories.editor())
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert [g.name for g in listing.context["object_list"]] == [
        "Gamla projektet",
        "Kulturförvaltningen",
        "Lunchpromenader",
    ]
    assert [g.members_count for g in listing.context["object_list"]] == [1, 0, 2]
    archived = client.get(LIST + "?archived=true")
    assert [g.name for g in archived.context["object_list"]] == ["Gamla projektet"]
    active = client.get(LIST + "?archived=false&kind=staff")
    assert [g.name for g in active.context["object_list"]] == ["Lunchpromenader"]
    found = client.get(LIST + "?q=lunch")
    assert [g.name for g in found.context["object_list"]] == ["Lunchpromenader"]
    export = client.get(LIST + "?export=csv")
    assert export.status_code == 200
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 4
    assert lines[3].startswith("Lunchpromenader,") and ",2," in lines[3]


def test_editors_archive_and_restore_and_cannot_delete_or_add(client, groups):
    walks = groups["walks"]
    client.force_login(factories.editor())
    response = client.post(f"/admin/work-groups/{walks.pk}/archive/")
    assert (response.status_code, response.url) == (302, LIST)
    assert WorkGroup.objects.get(pk=walks.pk).is_archived
    client.post(f"/admin/work-groups/{walks.pk}/archive/")
    assert not WorkGroup.objects.get(pk=walks.pk).is_archived
    assert client.get(f"{LIST}delete/{walks.pk}/").status_code == 302  # Wagtail's "permission denied" redirect
    assert client.get(f"{LIST}add/").status_code == 302
    assert WorkGroup.objects.filter(pk=walks.pk).exists()


def test_a_department_group_stays_closed_and_named_after_its_department_in_the_admin(client, groups):
    group = groups["department"]
    client.force_login(factories.editor())
    response = client.post(f"{LIST}edit/{group.pk}/", {"name": "Annat", "description": "", "join_policy": "open"})
    assert response.status_code == 200  # the form again, with the error
    group.refresh_from_db()
    assert (group.name, group.join_policy) == ("Kulturförvaltningen", "closed")
    response = client.post(
        f"{LIST}edit/{group.pk}/",
        {"name": "Kulturförvaltningen", "description": "Vi på kultur.", "join_policy": "closed"},
    )
    assert response.status_code == 302
    assert WorkGroup.objects.get(pk=group.pk).description == "Vi på kultur."


def test_writers_cannot_archive_from_the_admin(client, groups):
    client.force_login(factories.writer())
    refused = client.post(f"/admin/work-groups/{groups['walks'].pk}/archive/")
    assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's answer to PermissionDenied
    assert client.get(LIST).status_code == 302
    assert not WorkGroup.objects.get(pk=groups["walks"].pk).is_archived
