"""People in the search engine: names with and without å/ä/ö, title, department, phone, the mention picker,
the search API's `person` type and facet, and nothing about people who have left."""

import pytest
from wagtail.search.backends import get_search_backend

from intranet.people.models import Person
from intranet.people.search import find_people

from . import factories

pytestmark = pytest.mark.django_db


def refresh():
    get_search_backend().get_index_for_model(Person).refresh()


def names(result):
    return [profile.user.get_full_name() for profile in result.people]


@pytest.fixture
def staff(search_engine):
    social = factories.DepartmentFactory(name="Socialförvaltningen", code="SOC", slug="socialforvaltningen")
    building = factories.DepartmentFactory(name="Samhällsbyggnadsförvaltningen", code="SBF", slug="sbf")
    karin = factories.person(
        "karin.akesson", "Karin", "Åkesson", social, job_title="Socialchef", phone="+46 8-123 45 67"
    )
    people = {
        "karin": karin,
        "asa": factories.person(
            "asa.ostrom",
            "Åsa",
            "Öström",
            social,
            manager=karin,
            job_title="Socialsekreterare",
            phone="08-765 43 21",
            unit="Barn och familj",
        ),
        "asa_plain": factories.person("asa.ostman", "Asa", "Östman", building, job_title="Gatuingenjör"),
        "orjan": factories.person("orjan.lind", "Örjan", "Lind", building, job_title="Förvaltningschef"),
        "gone": factories.person("marta.ostrom", "Märta", "Öström", social, job_title="Socialsekreterare"),
    }
    people["gone"].is_active = False
    people["gone"].save()
    refresh()
    return {**people, "social": social, "building": building}


def test_a_swedish_name_is_found_with_and_without_diacritics(staff):
    assert names(find_people("Åsa Öström")) == ["Åsa Öström"]
    assert names(find_people("Asa Ostrom")) == ["Åsa Öström"]
    assert names(find_people("asa ostrom")) == ["Åsa Öström"]
    assert names(find_people("Orjan")) == ["Örjan Lind"]
    # Both spellings of "Åsa" are the same name to a searcher; Märta Öström has left and is nobody's hit.
    assert set(names(find_people("Asa"))) == {"Åsa Öström", "Asa Östman"}
    assert names(find_people("Ostrom")) == ["Åsa Öström"]


def test_title_department_and_unit_find_people(staff):
    assert names(find_people("socialsekreterare")) == ["Åsa Öström"]
    assert set(names(find_people("Socialförvaltningen"))) == {"Karin Åkesson", "Åsa Öström"}
    assert names(find_people("barn och familj")) == ["Åsa Öström"]
    # a name and a department together narrow it down
    assert names(find_people("Åsa socialforvaltningen")) == ["Åsa Öström"]
    assert names(find_people("gatuingenjor")) == ["Asa Östman"]


@pytest.mark.parametrize("typed", ["08-123 45 67", "081234567", "+46 8 123 45 67", "1234567", "4567"])
def test_a_phone_number_is_found_however_it_is_written(staff, typed):
    assert names(find_people(typed)) == ["Karin Åkesson"]


def test_the_mention_picker_completes_the_beginning_of_a_name(staff):
    assert names(find_people("Asa Ostr", prefixes_only=True)) == ["Åsa Öström"]
    # both spellings begin so; the one spelt as typed first
    assert names(find_people("Åsa Ö", prefixes_only=True)) == ["Åsa Öström", "Asa Östman"]
    assert set(names(find_people("as", prefixes_only=True))) == {"Åsa Öström", "Asa Östman"}
    assert names(find_people("kar", prefixes_only=True)) == ["Karin Åkesson"]
    assert names(find_people("märt", prefixes_only=True)) == []  # left


def test_search_follows_changes_to_name_department_and_leaving(staff):
    asa = staff["asa"]
    asa.last_name = "Berg"
    asa.save()
    profile = asa.profile
    profile.department = staff["building"]
    profile.save()
    staff["building"].name = "Stadsbyggnadsförvaltningen"
    staff["building"].save()
    refresh()
    assert names(find_people("Asa Berg")) == ["Åsa Berg"]
    assert names(find_people("Ostrom")) == []
    assert "Åsa Berg" in names(find_people("stadsbyggnadsforvaltningen"))
    staff["orjan"].is_active = False
    staff["orjan"].save()
    refresh()
    assert names(find_people("Örjan")) == []


def test_people_are_their_own_result_type_in_the_search_api_with_a_facet(client, staff):
    client.force_login(staff["orjan"] if staff["orjan"].is_active else factories.UserFactory())
    data = client.get("/api/v2/search/?q=Asa Ostrom&type=person").json()
    assert data["total"] == 1
    [hit] = data["results"]
    assert hit["type"] == "person"
    assert hit["id"] == staff["asa"].pk
    assert hit["title"] == "Åsa Öström"
    assert hit["job_title"] == "Socialsekreterare"
    assert hit["department"]["slug"] == "socialforvaltningen"
    assert hit["url"] == f"/api/v2/people/{staff['asa'].pk}/"
    assert data["facets"]["type"] == {"person": 1}
    assert data["facets"]["department"] == [
        {"id": staff["social"].pk, "slug": "socialforvaltningen", "name": "Socialförvaltningen", "count": 1}
    ]
    everything = client.get("/api/v2/search/?q=Socialsekreterare").json()
    assert everything["facets"]["type"]["person"] == 1  # Märta, who left, is not counted
    assert [hit["title"] for hit in everything["people"]] == ["Åsa Öström"]
    nobody = client.get("/api/v2/search/?q=Märta&type=person").json()
    assert (nobody["total"], nobody["results"]) == (0, [])


def test_the_people_api_searches_through_the_engine_and_suggests_for_mentions(client, staff):
    client.force_login(staff["karin"])
    data = client.get("/api/v2/people/?q=asa ostrom").json()
    assert [person["name"] for person in data["results"]] == ["Åsa Öström"]
    assert data["facets"]["department"] == [
        {
            "id": staff["social"].pk,
            "slug": "socialforvaltningen",
            "name": "Socialförvaltningen",
            "code": "SOC",
            "count": 1,
        }
    ]
    by_department = client.get("/api/v2/people/?q=asa&department=sbf").json()
    assert [person["name"] for person in by_department["results"]] == ["Asa Östman"]
    suggestions = client.get("/api/v2/people/suggest/?q=@Åsa").json()["suggestions"]
    assert [(s["username"], s["name"]) for s in suggestions] == [
        ("asa.ostrom", "Åsa Öström"),
        ("asa.ostman", "Asa Östman"),
    ]
    phone = client.get("/api/v2/people/?q=08-765 43 21").json()
    assert [person["name"] for person in phone["results"]] == ["Åsa Öström"]


def test_changes_missed_while_the_engine_is_down_are_replayed(staff, settings):
    """People, posts and comments are indexed through proxies: the retry must load the proxy, not the model."""
    from django.utils import timezone

    from search.conversation_index import IndexedPost
    from search.indexing import retry_pending_updates
    from search.models import PendingIndexUpdate

    group = factories.WorkGroupFactory(name="Cykelklubben")
    post = factories.PostFactory(group=group, author=staff["karin"], body="Vårens cykeltur till Sundsvall")
    live = settings.WAGTAILSEARCH_BACKENDS["default"]
    settings.WAGTAILSEARCH_BACKENDS = {"default": {**live, "URLS": ["http://127.0.0.1:9"], "TIMEOUT": 1}}
    asa = staff["asa"]
    asa.last_name = "Berg"
    asa.save()  # saving still works
    post.removed_at = timezone.now()
    post.save()
    assert set(PendingIndexUpdate.objects.values_list("content_type__model", "action")) >= {
        ("person", "add"),
        ("indexedpost", "delete"),
    }
    settings.WAGTAILSEARCH_BACKENDS = {"default": live}  # the engine is back
    backend = get_search_backend()
    pending = PendingIndexUpdate.objects.count()
    assert retry_pending_updates(backend) == pending
    assert not PendingIndexUpdate.objects.exists()
    refresh()
    backend.get_index_for_model(IndexedPost).refresh()
    assert names(find_people("Asa Berg")) == ["Åsa Berg"]
    index = backend.get_index_for_model(IndexedPost).name
    assert not backend.es.exists(index=index, id=f"{IndexedPost._meta.label}:{post.pk}")
