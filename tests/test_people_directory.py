"""The people directory's API: profiles, following, the org view and photos (on the database)."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from PIL import Image

from intranet.groups.models import Membership, Role
from intranet.people.models import Follow, ProfilePhoto
from intranet.people.photos import resize_photo

from . import factories

pytestmark = pytest.mark.django_db


def sv(message, **values):
    """A message as the API answers it (in Swedish once the catalogue has it): tests hold before and after."""
    with translation.override("sv"):
        return translation.gettext(message) % values


def jpeg(size=(600, 400), colour="teal"):
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, format="JPEG")
    return output.getvalue()


@pytest.fixture
def social():
    return factories.DepartmentFactory(name="Socialförvaltningen", code="SOC", slug="socialforvaltningen")


@pytest.fixture
def team(social):
    boss = factories.person("karin.akesson", "Karin", "Åkesson", social, job_title="Socialchef", phone="08-1")
    asa = factories.person(
        "asa.ostrom", "Åsa", "Öström", social, manager=boss, job_title="Socialsekreterare", unit="Barn och familj"
    )
    orjan = factories.person("orjan.lind", "Örjan", "Lind", social, manager=boss, job_title="Handläggare")
    gone = factories.person("marta.lind", "Märta", "Lind", social, manager=boss)
    gone.is_active = False
    gone.save()
    return {"boss": boss, "asa": asa, "orjan": orjan, "gone": gone}


def test_a_profile_shows_place_manager_reports_groups_and_owned_pages(client, social, team):
    boss = team["boss"]
    group = factories.WorkGroupFactory(
        name="Socialförvaltningen", kind="department", join_policy="closed", department=social
    )
    Membership.objects.create(group=group, user=boss, role=Role.ADMIN)
    archived = factories.WorkGroupFactory(name="Gamla projektet")
    archived.archived_at = archived.created_at
    archived.save()
    Membership.objects.create(group=archived, user=boss)
    guide = factories.guide_page(title="Boka tolk", owner=boss)
    factories.guide_page(title="Utkast om tolk", owner=boss, live=False)
    factories.news_page(title="Någon annans", owner=team["asa"])
    ProfilePhoto.objects.create(user=boss, **_stored(jpeg()))
    client.force_login(team["orjan"])
    data = client.get(f"/api/v2/people/{boss.pk}/").json()
    assert data["name"] == "Karin Åkesson"
    assert (data["job_title"], data["phone"], data["email"]) == ("Socialchef", "08-1", boss.email)
    assert data["department"]["slug"] == "socialforvaltningen"
    assert data["manager"] is None
    # people who report to her, without the one who left
    assert [person["name"] for person in data["reports"]] == ["Åsa Öström", "Örjan Lind"]
    assert data["reports"][0]["unit"] == "Barn och familj"
    assert [(g["name"], g["role"]) for g in data["groups"]] == [("Socialförvaltningen", "admin")]
    assert data["owned_pages"] == {
        "total": 1,
        "items": [{"id": guide.pk, "title": "Boka tolk", "url": guide.url, "type": "pages.GuidePage"}],
    }
    assert data["photo"] == f"/api/v2/people/{boss.pk}/photo/"
    asa = client.get(f"/api/v2/people/{team['asa'].pk}/").json()
    assert asa["manager"]["name"] == "Karin Åkesson"
    assert asa["photo"] is None


def _stored(raw):
    resized = resize_photo(raw)
    return {"image": resized.jpeg, "width": resized.width, "height": resized.height, "source_digest": "x"}


def test_someone_who_left_has_no_profile_and_is_not_listed(client, team):
    client.force_login(team["orjan"])
    response = client.get(f"/api/v2/people/{team['gone'].pk}/")
    assert response.status_code == 404
    assert response.json() == {"message": sv("There is no such person in the directory.")}
    listing = client.get("/api/v2/people/").json()
    assert [person["name"] for person in listing["results"]] == ["Karin Åkesson", "Åsa Öström", "Örjan Lind"]
    assert listing["total"] == 3


def test_follow_and_unfollow(client, team):
    client.force_login(team["asa"])
    url = f"/api/v2/people/{team['boss'].pk}/follow/"
    assert client.post(url).status_code == 201
    assert client.post(url).status_code == 200  # already following: nothing new
    assert Follow.objects.filter(follower=team["asa"], followed=team["boss"]).count() == 1
    assert client.get(f"/api/v2/people/{team['boss'].pk}/").json()["following"] is True
    following = client.get("/api/v2/people/following/").json()["results"]
    assert [person["name"] for person in following] == ["Karin Åkesson"]
    assert client.delete(url).status_code == 204
    assert not Follow.objects.exists()
    own = client.post(f"/api/v2/people/{team['asa'].pk}/follow/")
    assert (own.status_code, own.json()["message"]) == (400, sv("You cannot follow yourself."))
    assert client.post(f"/api/v2/people/{team['gone'].pk}/follow/").status_code == 404
    assert client.post("/api/v2/people/99999999999999999999/follow/").status_code == 404


def org_tree(client, department="socialforvaltningen"):
    return client.get(f"/api/v2/people/org/?department={department}")


def test_the_org_view_walks_a_department_down_the_manager_chain(client, social, team):
    deputy = factories.person("per.berg", "Per", "Berg", social, manager=team["asa"])
    factories.person("outside.boss", "Extern", "Chef", factories.DepartmentFactory(name="Annan"))
    client.force_login(team["orjan"])
    data = org_tree(client).json()

    def shape(nodes):
        return [(node["name"], shape(node["reports"])) for node in nodes]

    assert shape(data["tree"]) == [
        ("Karin Åkesson", [("Åsa Öström", [("Per Berg", [])]), ("Örjan Lind", [])]),
    ]
    assert data["department"]["slug"] == "socialforvaltningen"
    assert deputy.pk == data["tree"][0]["reports"][0]["reports"][0]["id"]


def test_the_org_view_survives_a_loop_in_the_manager_chain(client, social, team):
    boss_profile = team["boss"].profile
    boss_profile.manager = team["asa"]  # the directory says Karin reports to Åsa, who reports to Karin
    boss_profile.save()
    client.force_login(team["orjan"])
    tree = org_tree(client).json()["tree"]

    def everyone(nodes):
        return [name for node in nodes for name in [node["name"], *everyone(node["reports"])]]

    assert sorted(everyone(tree)) == ["Karin Åkesson", "Åsa Öström", "Örjan Lind"]


def test_the_org_view_asks_the_database_the_same_number_of_times_at_any_size(client, social):
    def queries_for(people):
        top = factories.person(f"chef{people}", "Chef", str(people), social)
        managers = [top]
        for number in range(people):
            managers.append(
                factories.person(
                    f"p{people}_{number}", "Person", f"{people}-{number}", social, manager=managers[number // 3]
                )
            )
        client.force_login(top)
        with CaptureQueriesContext(connection) as queries:
            response = org_tree(client)
        assert response.status_code == 200
        return len(queries), response.json()

    small, _ = queries_for(5)
    large, data = queries_for(60)
    print(f"org view: {small} queries for 6 people, {large} for 66")
    assert small == large
    assert small <= 6
    assert len(data["tree"]) == 2  # the two chiefs


def test_bad_input_gets_a_message_not_a_500(client, team):
    client.force_login(team["orjan"])
    for url, message in [
        ("/api/v2/people/org/", sv("Choose a department (department).")),
        ("/api/v2/people/org/?department=nowhere", sv("Unknown department: %(value)s", value="nowhere")),
        (
            "/api/v2/people/?page=0",
            sv("%(name)s must be a whole number from %(min)s to %(max)s", name="page", min=1, max=500),
        ),
        ("/api/v2/people/suggest/", sv("Write the beginning of a name (q).")),
        ("/api/v2/people/suggest/?q=%00%01", sv("Write the beginning of a name (q).")),
    ]:
        response = client.get(url)
        assert (response.status_code, response.json()["message"]) == (400, message), url


def test_the_photo_is_served_to_logged_in_staff_only(client, team):
    ProfilePhoto.objects.create(user=team["boss"], **_stored(jpeg()))
    url = f"/api/v2/people/{team['boss'].pk}/photo/"
    assert client.get(url).status_code == 401
    client.force_login(team["orjan"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.format == "JPEG"
        assert image.size == (256, 171)  # resized, proportions kept
    assert client.get(f"/api/v2/people/{team['asa'].pk}/photo/").status_code == 404


def test_nothing_for_anyone_not_logged_in(client, team):
    for url in ("/api/v2/people/", f"/api/v2/people/{team['boss'].pk}/", "/api/v2/people/org/?department=1"):
        assert client.get(url).status_code == 401
    assert client.post(f"/api/v2/people/{team['boss'].pk}/follow/").status_code == 401


def test_a_profile_asks_the_database_the_same_number_of_times_however_many_reports_and_groups(client, social):
    def queries_for(size):
        boss = factories.person(f"boss{size}", "Chef", str(size), social)
        for number in range(size):
            report = factories.person(f"r{size}_{number}", "Person", f"{size}-{number}", social, manager=boss)
            ProfilePhoto.objects.create(user=report, **_stored(jpeg((40, 40))))
            Membership.objects.create(group=factories.WorkGroupFactory(name=f"Grupp {size}-{number}"), user=boss)
            factories.guide_page(title=f"Guide {size}-{number}", owner=boss)
        client.force_login(boss)
        with CaptureQueriesContext(connection) as queries:
            data = client.get(f"/api/v2/people/{boss.pk}/").json()
        assert len(data["reports"]) == len(data["groups"]) == data["owned_pages"]["total"] == size
        return len(queries)

    small, large = queries_for(2), queries_for(15)
    print(f"profile: {small} queries with 2 reports, groups and pages; {large} with 15")
    assert small == large
