"""Hitta medarbetare on the reader site: the directory (through the people search), profiles, the org view and
my profile."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend

from intranet.groups.models import Membership
from intranet.people.models import Follow, Person

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def social():
    return factories.DepartmentFactory(name="Socialförvaltningen", code="SOC", slug="socialforvaltningen")


@pytest.fixture
def building():
    return factories.DepartmentFactory(name="Samhällsbyggnadsförvaltningen", code="SBF", slug="sbf")


@pytest.fixture
def team(client, social, building):
    karin = factories.person("karin", "Karin", "Åkesson", social, job_title="Socialchef", phone="08-123 45 67")
    asa = factories.person("asa", "Åsa", "Öström", social, manager=karin, job_title="Socialsekreterare")
    orjan = factories.person("orjan", "Örjan", "Lind", building, job_title="Socialchef")
    reader = factories.person("lisa", "Lisa", "Berg", social, manager=karin)
    client.force_login(reader)
    return {"karin": karin, "asa": asa, "orjan": orjan, "reader": reader}


def count_queries(client, path):
    client.get(path)  # caches filled once per process (site roots, settings) are not what is measured
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def listed(response):
    assert response.status_code == 200
    return [profile.user.get_full_name() for profile in response.context["people"]]


def test_without_a_query_everyone_by_name_and_by_department(client, team, social):
    assert listed(client.get("/medarbetare/")) == ["Karin Åkesson", "Lisa Berg", "Åsa Öström", "Örjan Lind"]
    assert listed(client.get("/medarbetare/", {"department": "socialforvaltningen"})) == [
        "Karin Åkesson",
        "Lisa Berg",
        "Åsa Öström",
    ]
    response = client.get("/medarbetare/", {"department": "finns-inte"})
    assert response.status_code == 400 and "ds-validation-message" in response.content.decode()


def test_search_goes_through_the_people_search_with_department_facets(client, team, search_engine):
    get_search_backend().get_index_for_model(Person).refresh()
    response = client.get("/medarbetare/", {"q": "Asa Ostrom"})
    assert listed(response) == ["Åsa Öström"]
    response = client.get("/medarbetare/", {"q": "socialchef"})
    assert set(listed(response)) == {"Karin Åkesson", "Örjan Lind"}
    page = response.content.decode()
    assert 'href="?q=socialchef&amp;department=sbf">Samhällsbyggnadsförvaltningen</a> <span class="meta">(1)' in page
    response = client.get("/medarbetare/", {"q": "socialchef", "department": "sbf"})
    assert listed(response) == ["Örjan Lind"]


def test_a_profile_shows_contact_manager_reports_groups_and_owned_pages(client, team):
    asa, karin = team["asa"], team["karin"]
    factories.staff_group(name="Lunchklubben", slug="lunchklubben", members=[asa])
    guide = factories.guide_page(title="Orosanmälan", owner=asa)
    page = client.get(f"/medarbetare/{asa.pk}/").content.decode()
    assert "Socialsekreterare" in page and 'href="/medarbetare/organisation/socialforvaltningen/"' in page
    assert f'href="/medarbetare/{karin.pk}/">Karin Åkesson<' in page
    assert 'href="/grupper/lunchklubben/">Lunchklubben<' in page
    assert f'href="{guide.url}">Orosanmälan<' in page
    page = client.get(f"/medarbetare/{karin.pk}/").content.decode()
    assert 'href="tel:08-1234567">08-123 45 67<' in page
    assert f'href="/medarbetare/{asa.pk}/">Åsa Öström<' in page  # a report


def test_someone_who_left_has_no_profile(client, team):
    asa = team["asa"]
    asa.is_active = False
    asa.save()
    assert client.get(f"/medarbetare/{asa.pk}/").status_code == 404
    assert client.post(f"/medarbetare/{asa.pk}/", {"action": "follow"}).status_code == 404
    assert client.get("/medarbetare/999999/").status_code == 404


def test_follow_and_unfollow_and_never_oneself(client, team):
    asa, reader = team["asa"], team["reader"]
    response = client.post(f"/medarbetare/{asa.pk}/", {"action": "follow"})
    assert response.status_code == 302 and response["Location"] == f"/medarbetare/{asa.pk}/"
    assert Follow.objects.filter(follower=reader, followed=asa).exists()
    assert 'name="action" value="unfollow"' in client.get(f"/medarbetare/{asa.pk}/").content.decode()
    client.post(f"/medarbetare/{asa.pk}/", {"action": "unfollow"})
    assert not Follow.objects.exists()
    assert client.post(f"/medarbetare/{reader.pk}/", {"action": "follow"}).status_code == 302
    assert not Follow.objects.exists()


def test_the_org_view_nests_staff_under_their_managers(client, team):
    page = client.get("/medarbetare/organisation/socialforvaltningen/").content.decode()
    page = page[page.index("<main") :]  # the header names me too
    karin, asa, lisa = (page.index(name) for name in ("Karin Åkesson", "Åsa Öström", "Lisa Berg"))
    assert karin < page.index("<ul>", karin) < lisa < asa  # in a list under Karin, by first name
    assert "Örjan Lind" not in page
    assert client.get("/medarbetare/organisation/finns-inte/").status_code == 404


def test_my_profile_shows_my_details_groups_and_whom_i_follow(client, team):
    reader, asa = team["reader"], team["asa"]
    factories.staff_group(name="Lunchklubben", slug="lunchklubben", members=[reader])
    Follow.objects.create(follower=reader, followed=asa)
    page = client.get("/min-profil/").content.decode()
    assert "Lisa Berg" in page and "Socialförvaltningen" in page
    assert 'href="/grupper/lunchklubben/">Lunchklubben<' in page
    assert f'href="/medarbetare/{asa.pk}/">Åsa Öström<' in page
    assert 'href="/notiser/installningar/"' in page


def test_directory_text_is_escaped(client, team):
    profile = team["asa"].profile
    profile.job_title = "<script>alert(1)</script>"
    profile.save()
    for path in ("/medarbetare/", f"/medarbetare/{team['asa'].pk}/", "/medarbetare/organisation/socialforvaltningen/"):
        page = client.get(path).content.decode()
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page, path


def test_people_pages_do_not_ask_more_of_the_database_as_data_grows(client, team, social):
    karin = team["karin"]
    paths = [
        "/medarbetare/",
        f"/medarbetare/{karin.pk}/",
        "/medarbetare/organisation/socialforvaltningen/",
        "/min-profil/",
    ]
    reader = team["reader"]

    def add(n):
        for _ in range(n):
            person = factories.person(f"p{factories.UserFactory().pk}", "Per", "Son", social, manager=karin)
            group = factories.staff_group(members=[karin, reader])
            Membership.objects.get_or_create(group=group, user=person)
            factories.guide_page(title=f"Guide {person.pk}", owner=karin)
            Follow.objects.create(follower=reader, followed=person)

    add(2)
    few = [count_queries(client, path) for path in paths]
    add(6)
    assert [count_queries(client, path) for path in paths] == few
