import pytest
from django.urls import reverse

from intranet.organisation.models import Department, EmployeeProfile, department_of, display_name

from . import factories

pytestmark = pytest.mark.django_db


def test_every_user_gets_an_employee_profile():
    user = factories.UserFactory()
    assert EmployeeProfile.objects.filter(user=user).exists()
    assert department_of(user) is None


def test_editors_manage_departments_in_the_admin(client):
    client.force_login(factories.editor())
    url = reverse("wagtailsnippets_organisation_department:add")
    response = client.post(url, {"name": "Miljöförvaltningen", "code": "MF", "slug": "miljoforvaltningen"})
    assert response.status_code == 302
    assert Department.objects.filter(code="MF").exists()


def test_writers_cannot_manage_departments(client):
    client.force_login(factories.writer())
    response = client.get(reverse("wagtailsnippets_organisation_department:add"))
    # Wagtail's admin answers a refusal with a redirect to the dashboard and a message.
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))


def test_the_admin_speaks_swedish_by_default_and_english_on_request(client):
    editor = factories.editor()
    client.force_login(editor)
    assert 'lang="sv"' in client.get(reverse("wagtailadmin_home")).content.decode()
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    assert 'lang="en"' in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_person_the_directory_gave_no_name_is_named_by_their_username_on_every_screen(client):
    owner = factories.UserFactory(username="x4711", first_name="", last_name="")
    page = factories.guide_page("Boka elcykel", owner=owner)
    assert display_name(owner) == "x4711" and str(owner.profile) == "x4711"
    client.force_login(owner)

    search = client.get("/sok/?q=elcykel").content.decode()
    assert "Innehållsansvarig: x4711" in search  # the search hit
    assert 'href="/min-profil/">x4711</a>' in search  # who is logged in, in the header
    assert client.get(f"/api/v2/pages/{page.pk}/").json()["content_owner"]["name"] == "x4711"
