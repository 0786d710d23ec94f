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


# --- Typed requests and responses of the collaboration endpoints (issue 11, point 6) ------------------------------

COLLABORATION = (
    "/api/v2/groups/",
    "/api/v2/posts/",
    "/api/v2/comments/",
    "/api/v2/moderation-log/",
    "/api/v2/notifications/",
    "/api/v2/people/",
    "/api/v2/me/",
)
WRITES = {"post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def collaboration_operations(schema):
    for path, operations in schema["paths"].items():
        if path.startswith(COLLABORATION):
            for method, operation in operations.items():
                yield path, method, operation


def resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def json_schema(operation, code):
    return operation["responses"][code].get("content", {}).get("application/json", {}).get("schema")


def named(node):
    """A component's name, through a list or a page of a list; None for an anonymous shape."""
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1]
    if node.get("type") == "array":
        return named(node["items"])
    return None


def test_every_collaboration_operation_answers_named_shapes_and_the_error_shape(schema):
    operations = list(collaboration_operations(schema))
    assert len(operations) >= 55
    for path, method, operation in operations:
        where = f"{method.upper()} {path}"
        responses = operation["responses"]
        successes = [code for code in responses if code.startswith("2")]
        assert len(successes) >= 1, where
        for code in successes:
            content = responses[code].get("content")
            if code == "204":
                assert content is None, where
                continue
            assert content, where
            for media_type, body in content.items():
                if media_type == "application/json":
                    assert named(body["schema"]), f"{where} {code}: an anonymous object"
                else:  # files: an image or a download
                    assert body["schema"] == {"type": "string", "format": "binary"}, where
        for code in responses:
            if code.startswith(("4", "5")):
                assert json_schema(operation, code) == {"$ref": "#/components/schemas/Error"}, f"{where} {code}"
        assert "401" in responses, where
        if "{" in path:
            assert "404" in responses, where
        if method in WRITES:
            assert responses["429"]["headers"]["Retry-After"]["schema"] == {"type": "integer"}, where
        else:
            assert "429" not in responses, where  # reading is never limited
        if "requestBody" in operation:
            for media_type, body in operation["requestBody"]["content"].items():
                assert named(body["schema"]), f"{where}: the {media_type} body is an anonymous object"
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"message", "errors"}
    assert error["required"] == ["message"]


#: (operation, the fields its answer's component has at least): the real fields, not a generic object.
EXPECTED_FIELDS = [
    (
        "get /api/v2/groups/",
        {"id", "name", "slug", "kind", "join_policy", "members_count", "my_membership", "may_post"},
    ),
    ("post /api/v2/groups/{id}/join/", {"id", "name", "my_membership", "pending_request"}),
    ("get /api/v2/groups/{id}/members/", {"person", "role", "source", "joined_at"}),
    ("post /api/v2/groups/{id}/requests/", {"id", "person", "message", "status", "created_at"}),
    ("get /api/v2/posts/", {"id", "body", "body_html", "author", "group", "attachments", "reactions", "comment_count"}),
    ("get /api/v2/posts/{post_id}/", {"id", "body", "author", "group", "comments", "may_moderate"}),
    ("post /api/v2/posts/{post_id}/comments/", {"id", "body", "body_html", "author", "post", "reply_to"}),
    ("put /api/v2/posts/{post_id}/reactions/{kind}/", {"counts", "mine"}),
    ("get /api/v2/comments/{comment_id}/edits/", {"current", "results"}),
    ("get /api/v2/moderation-log/", {"id", "action", "moderator", "group", "author", "removed_text", "reason"}),
    ("get /api/v2/notifications/", {"id", "kind", "text", "actor", "group", "target", "count", "read"}),
    ("get /api/v2/notifications/unread-count/", {"unread"}),
    ("patch /api/v2/notifications/settings/", {"mentions", "replies", "reactions", "join_requests"}),
    ("get /api/v2/people/", {"query", "total", "results", "facets"}),
    ("get /api/v2/people/{user_id}/", {"id", "name", "department", "manager", "reports", "groups", "owned_pages"}),
    ("get /api/v2/people/org/", {"department", "tree"}),
    ("get /api/v2/me/start/", {"news", "feed", "groups", "notifications", "reviews"}),
    ("get /api/v2/me/feed/", {"items", "next"}),
]


@pytest.mark.parametrize("operation, fields", EXPECTED_FIELDS, ids=[row[0] for row in EXPECTED_FIELDS])
def test_an_answer_is_described_with_its_real_fields(schema, operation, fields):
    method, path = operation.split(" ")
    responses = schema["paths"][path][method]["responses"]
    component = resolve(schema, json_schema(schema["paths"][path][method], min(responses)))
    if "results" in component["properties"] and "results" not in fields:  # a page of them
        component = resolve(schema, component["properties"]["results"]["items"])
    assert fields <= set(component["properties"]), sorted(component["properties"])
    assert fields & set(component.get("required", [])), "nothing is required: a client can rely on nothing"
    # Nested shapes are components of their own too: an author, a group, a person.
    for name in fields & {"author", "group", "person", "moderator", "actor", "department", "manager"}:
        nested = component["properties"][name]
        assert "$ref" in str(nested), f"{name}: {nested}"


def strict(node):
    """The schema with no property left undescribed: every object that lists its properties lists all of them.

    And a nullable component said as OpenAPI 3.0 tools read it: drf-spectacular writes `{"allOf": [{"$ref": …}],
    "nullable": true}`, whose `nullable` the validator applies only to a `type` of the same schema.
    """
    if isinstance(node, dict):
        node = {key: strict(value) for key, value in node.items()}
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        if "allOf" in node and node.pop("nullable", False):
            node["anyOf"] = [{"allOf": node.pop("allOf")}, {"enum": [None]}]
        return node
    if isinstance(node, list):
        return [strict(value) for value in node]
    return node


class SchemaCheckingClient:
    """Django's test client, which checks every answer of a collaboration endpoint against /api/schema/: its status
    is one the schema names, and its JSON body validates against that response's schema (no field undescribed)."""

    def __init__(self, client, schema):
        from openapi_schema_validator import OAS30Validator

        self.client = client
        self.schema = schema
        self.components = strict(schema["components"])
        self.validator_class = OAS30Validator
        self.checked = set()
        templates = [path for path, _method, _operation in collaboration_operations(schema)]
        # Literal paths before those with a parameter: /people/following/ is not the profile of "following".
        templates.sort(key=lambda path: (path.count("{"), path))
        self.templates = [
            (template, re.compile("^" + re.sub(r"\{\w+\}", r"[^/]+", template) + "$")) for template in templates
        ]

    def login(self, user):
        self.client.force_login(user)

    def template_of(self, url):
        path = url.split("?", 1)[0]
        return next(template for template, pattern in self.templates if pattern.match(path))

    def request(self, method, url, data=None, status=200, **kwargs):
        if data is not None and "format" not in kwargs:
            kwargs["content_type"] = "application/json"
        kwargs.pop("format", None)
        response = getattr(self.client, method)(url, data, **kwargs) if data is not None else None
        if response is None:
            response = getattr(self.client, method)(url, **kwargs)
        assert response.status_code == status, (method, url, response.status_code, response.content[:500])
        template = self.template_of(url)
        operation = self.schema["paths"][template][method]
        code = str(response.status_code)
        assert code in operation["responses"], f"{method.upper()} {template} answered {code}, which is not described"
        described = operation["responses"][code].get("content")
        media_type = response.get("Content-Type", "").split(";")[0]
        if code == "204":
            assert not response.content and described is None
        elif media_type == "application/json":
            body_schema = {**described["application/json"]["schema"], "components": self.components}
            self.validator_class(body_schema).validate(response.json())
        else:
            assert media_type in described, (template, media_type, list(described))
        self.checked.add((method, template, code))
        return response.json() if media_type == "application/json" else response

    def get(self, url, **kwargs):
        return self.request("get", url, **kwargs)

    def post(self, url, data=None, **kwargs):
        return self.request("post", url, data, **kwargs)

    def put(self, url, data=None, **kwargs):
        return self.request("put", url, data, **kwargs)

    def patch(self, url, data=None, **kwargs):
        return self.request("patch", url, data, **kwargs)

    def delete(self, url, **kwargs):
        return self.request("delete", url, **kwargs)


def test_every_collaboration_endpoints_real_answers_validate_against_the_schema(client, schema, search_engine):
    """Every operation is called as a front end calls it, and its answer checked against the schema; each of the
    error shapes (400, 403, 404) too. The last assertion makes sure no operation was left out."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from intranet.people.models import ProfilePhoto

    from .test_people_directory import _stored, jpeg
    from .test_posts_api import grant_editors_moderation
    from .test_uploads import make_png

    api = SchemaCheckingClient(client, schema)
    social = factories.DepartmentFactory(name="Socialförvaltningen", code="SOC", slug="socialforvaltningen")
    boss = factories.person("karin.berg", "Karin", "Berg", social, job_title="Socialchef", phone="08-123 45 67")
    anna = factories.person("anna.lund", "Anna", "Lund", social, manager=boss, job_title="Socialsekreterare")
    bo = factories.person("bo.ek", "Bo", "Ek", social, manager=boss)
    cia = factories.person("cia.strom", "Cia", "Ström", social)
    editor = factories.editor()
    grant_editors_moderation()
    ProfilePhoto.objects.create(user=boss, **_stored(jpeg()))
    factories.info_page(title="Rutiner", content_owner=boss, review_date=timezone.localdate())

    # Groups: made, changed, asked to join, answered, members managed.
    api.login(boss)
    group = api.post("/api/v2/groups/", {"name": "Läsecirkeln", "join_policy": "closed"}, status=201)
    groups = f"/api/v2/groups/{group['id']}"
    api.get("/api/v2/groups/")
    api.get(f"{groups}/")
    api.patch(f"{groups}/", {"description": "Vi läser."})
    api.login(anna)
    approved = api.post(f"{groups}/requests/", {"message": "Får jag vara med?"}, status=201)
    api.get(f"{groups}/requests/", status=403)
    api.post(f"{groups}/archive/", status=403)
    api.login(bo)
    declined = api.post(f"{groups}/requests/", {}, status=201)
    api.login(cia)
    withdrawn = api.post(f"{groups}/requests/", {}, status=201)
    api.post(f"{groups}/requests/{withdrawn['id']}/withdraw/")
    api.post(f"{groups}/join/", status=409)  # closed: ask instead
    api.login(boss)
    api.get(f"{groups}/requests/?status=pending")
    api.get(f"{groups}/requests/?status=nonsense", status=400)
    api.post(f"{groups}/requests/{approved['id']}/approve/")
    api.post(f"{groups}/requests/{declined['id']}/decline/")
    api.post(f"{groups}/members/", {"user": bo.pk}, status=201)
    api.get(f"{groups}/members/")
    api.patch(f"{groups}/members/{anna.pk}/", {"role": "admin"})
    api.delete(f"{groups}/members/{bo.pk}/", status=204)
    api.post(f"{groups}/members/", {"user": bo.pk}, status=201)
    open_group = api.post("/api/v2/groups/", {"name": "Lunchlöpare"}, status=201)
    api.login(cia)
    api.post(f"/api/v2/groups/{open_group['id']}/join/", status=201)
    api.post(f"/api/v2/groups/{open_group['id']}/leave/")
    api.get("/api/v2/groups/?kind=nonsense", status=400)
    api.get("/api/v2/groups/999999/", status=404)

    # Posts, comments, reactions, files, history, removal and the moderation log.
    api.login(anna)
    post = api.post("/api/v2/posts/", {"group": group["id"], "body": "Hej @bo.ek, boken?"}, status=201)
    posts = f"/api/v2/posts/{post['id']}"
    api.post("/api/v2/posts/", {"group": group["id"]}, status=400)
    api.get(f"/api/v2/posts/?group={group['id']}")
    api.patch(f"{posts}/", {"body": "Hej @bo.ek, boken? Nu på torsdag."})
    api.get(f"{posts}/edits/")
    api.put(f"{posts}/reactions/like/")
    api.delete(f"{posts}/reactions/like/")
    api.put(f"{posts}/reactions/thanks/")
    picture = SimpleUploadedFile("bild.png", make_png(), content_type="image/png")
    attachment = api.post(f"{posts}/attachments/", {"file": picture}, format="multipart", status=201)
    api.get(f"{posts}/attachments/{attachment['id']}/")
    api.login(bo)
    top = api.post(f"{posts}/comments/", {"body": "Ja!"}, status=201)
    comments = f"/api/v2/comments/{top['id']}"
    api.patch(f"{posts}/", {"body": "Inte min"}, status=403)
    api.login(anna)
    reply = api.post(f"{posts}/comments/", {"body": "Jag med", "reply_to": top["id"]}, status=201)
    api.get(f"{posts}/comments/")
    api.get(f"{comments}/")
    api.login(bo)
    api.patch(f"{comments}/", {"body": "Ja, gärna!"})
    api.get(f"{comments}/edits/")
    api.put(f"{comments}/reactions/celebrate/")
    api.delete(f"{comments}/reactions/celebrate/")
    api.login(boss)
    api.post(f"{comments}/remove/", {"reason": "Fel tråd"}, status=204)
    detail = api.get(f"{posts}/")  # the removed top comment is a placeholder holding its reply
    assert [item.get("removed") for item in detail["comments"]] == [True]
    other = api.post("/api/v2/posts/", {"group": group["id"], "body": "Tas bort"}, status=201)
    api.post(f"/api/v2/posts/{other['id']}/remove/", {"reason": "Dubblett"}, status=204)
    api.get("/api/v2/moderation-log/", status=403)
    api.login(editor)
    api.get(f"/api/v2/moderation-log/?group={group['id']}")
    api.login(anna)
    api.delete(f"/api/v2/comments/{reply['id']}/", status=204)
    api.delete(f"{posts}/attachments/{attachment['id']}/", status=204)
    last = api.post("/api/v2/posts/", {"group": group["id"], "body": "Sista"}, status=201)
    api.delete(f"/api/v2/posts/{last['id']}/", status=204)
    api.get("/api/v2/posts/999999/", status=404)

    # Notifications: bo was mentioned, and answered.
    api.login(bo)
    notifications = api.get("/api/v2/notifications/")
    assert notifications["results"]
    api.get("/api/v2/notifications/unread-count/")
    api.post(f"/api/v2/notifications/{notifications['results'][0]['id']}/read/")
    api.post("/api/v2/notifications/read-all/")
    api.post("/api/v2/notifications/999999/read/", status=404)
    api.get("/api/v2/notifications/settings/")
    api.patch("/api/v2/notifications/settings/", {"replies": "weekly"})
    api.patch("/api/v2/notifications/settings/", {"replies": "hourly"}, status=400)
    api.put(f"/api/v2/notifications/muted-groups/{group['id']}/")
    api.get("/api/v2/notifications/muted-groups/")
    api.delete(f"/api/v2/notifications/muted-groups/{group['id']}/")

    # People: the directory, the mention picker, a profile with its photo, following, the org view.
    api.get("/api/v2/people/")
    api.get("/api/v2/people/?q=Berg")
    api.get("/api/v2/people/suggest/?q=ann")
    api.get("/api/v2/people/suggest/", status=400)
    api.get(f"/api/v2/people/{boss.pk}/")
    api.get(f"/api/v2/people/{boss.pk}/photo/")
    api.post(f"/api/v2/people/{anna.pk}/follow/", status=201)
    api.post(f"/api/v2/people/{anna.pk}/follow/")
    api.get("/api/v2/people/following/")
    api.delete(f"/api/v2/people/{anna.pk}/follow/", status=204)
    api.get(f"/api/v2/people/org/?department={social.slug}")
    api.get("/api/v2/people/999999/", status=404)

    # The start page and more of the feed.
    for number in range(25):
        factories.PostFactory(group_id=group["id"], author=anna, body=f"Inlägg {number}")
    api.login(boss)
    start = api.get("/api/v2/me/start/")
    assert start["feed"]["next"] and start["reviews"]["items"]
    api.get(start["feed"]["next"].split("testserver", 1)[-1])
    api.get("/api/v2/me/feed/?cursor=made-up", status=400)

    api.post(f"{groups}/archive/")
    api.post(f"{groups}/unarchive/")

    called = {(method, template) for method, template, _code in api.checked}
    answered = {(method, template) for method, template, code in api.checked if code.startswith("2")}
    every = {(method, path) for path, method, _operation in collaboration_operations(schema)}
    assert every - answered == set(), "operations never called with success"
    assert called <= every
    assert {code for _method, _template, code in api.checked} >= {"200", "201", "204", "400", "403", "404", "409"}


def test_a_write_refused_for_speed_is_the_described_429(client, schema, monkeypatch):
    from intranet.headless.throttling import PersonalWriteThrottle

    monkeypatch.setattr(PersonalWriteThrottle, "THROTTLE_RATES", {"write": "2/minute"})
    api = SchemaCheckingClient(client, schema)
    api.login(factories.UserFactory())
    group = factories.WorkGroupFactory()
    api.put(f"/api/v2/notifications/muted-groups/{group.pk}/")
    api.put(f"/api/v2/notifications/muted-groups/{group.pk}/")
    api.put(f"/api/v2/notifications/muted-groups/{group.pk}/", status=429)
    api.get("/api/v2/notifications/muted-groups/")  # reading is not limited
