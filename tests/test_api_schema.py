"""The OpenAPI schema (/api/schema/) and its browsable view (/api/schema/ui/)."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.api.v2.views import BaseAPIViewSet

from . import factories

pytestmark = pytest.mark.django_db


def our_api_paths():
    """Every path under /api/v2/ served by one of our DRF views (Wagtail's router's viewsets left out)."""
    paths = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "cls", None)
                if view_class is None or issubclass(view_class, BaseAPIViewSet):
                    continue
                route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", prefix + str(pattern.pattern))
                paths.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return [path for path in paths if path.startswith("/api/v2/")]


def test_the_schema_is_generated_without_errors_or_warnings(tmp_path):
    """`manage.py spectacular --validate --fail-on-warn`, as CI could run it: raises on any warning or error."""
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["info"]["title"] == "Intranätet API"
    described = set(schema["paths"])
    ours = our_api_paths()
    assert {"/api/v2/me/start/", "/api/v2/me/feed/", "/api/v2/news/for-me/", "/api/v2/search/"} <= set(ours)
    assert {"/api/v2/groups/", "/api/v2/posts/"} <= set(ours)

    def shape(path):  # {pk} in the URL pattern is {id} in the schema
        return re.sub(r"\{\w+\}", "{}", path)

    # Every endpoint of ours is described, those that build their JSON by hand too (IntranetAutoSchema).
    assert {shape(path) for path in ours} <= {shape(path) for path in described}
    # Wagtail's router is left out: its serializers are made per request from ?fields= (intranet/headless/schema.py).
    assert not any(path.startswith(("/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/")) for path in described)
    start = schema["paths"]["/api/v2/me/start/"]["get"]
    assert [parameter["name"] for parameter in start["parameters"]] == ["scope"]
    assert set(schema["components"]["securitySchemes"]) >= {"wagtailApiToken", "cookieAuth"}
    assert schema["components"]["schemas"]["Error"]["required"] == ["message"]


def test_nobody_reads_the_schema_without_logging_in(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json()["message"]
    assert client.get("/api/schema/").status_code == 401  # the YAML
    ui = client.get("/api/schema/ui/")
    assert ui.status_code == 302
    assert ui.url.startswith("/login/?next=/api/schema/ui/")
    assert client.get("/api/schema/ui/?script=").status_code == 302


def test_a_member_of_staff_reads_the_schema_and_its_browsable_view(client):
    client.force_login(factories.UserFactory())
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v2/me/start/" in response.json()["paths"]

    page = client.get("/api/schema/ui/")
    assert page.status_code == 200
    html = page.content.decode()
    script = client.get("/api/schema/ui/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert 'url: "/api/schema/"' in script.content.decode()
    # Swagger UI's own files come from here (drf-spectacular-sidecar), not a CDN.
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(source.startswith("/static/") or source.startswith("/api/schema/ui/") for source in sources)
    for source in sources:
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/")), source


def test_the_browsable_view_keeps_the_content_security_policy(client):
    client.force_login(factories.UserFactory())
    response = client.get("/api/schema/ui/")
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy
    html = response.content.decode()
    # No inline script at all; the one inline style carries this response's nonce.
    assert all(tag_has_src for tag_has_src in (("src=" in tag) for tag in re.findall(r"<script[^>]*>", html)))
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert re.findall(r"<style[^>]*>", html) == [f'<style nonce="{nonce}">']
