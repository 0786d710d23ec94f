"""The admin's login page works for someone who is logged out: its own assets are not behind the login."""

import pytest
from django.urls import reverse

from . import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["wagtailadmin_sprite", "wagtailadmin_javascript_catalog"])
def test_the_assets_the_login_page_fetches_answer_logged_out_users(client, url_name):
    response = client.get(reverse(url_name))
    # Before: a redirect to /login/, whose HTML the admin's script inserted into the page as a second form.
    assert response.status_code == 200
    assert b"<form" not in response.content


def test_after_logging_out_the_admin_login_page_has_one_login_form(client):
    client.force_login(factories.editor())
    client.post(reverse("wagtailadmin_logout"))
    page = client.get(reverse("wagtailadmin_login")).content.decode()
    sprite = client.get(reverse("wagtailadmin_sprite"), follow=True).content.decode()  # as the browser does
    assert page.count('name="password"') + sprite.count('name="password"') == 1
