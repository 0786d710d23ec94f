"""Writing through the API is limited per person (429 with Retry-After); reading is not.

The limit is REST_FRAMEWORK's "write" rate (API_WRITE_RATE, 60 a minute), counted by PersonalWriteThrottle,
the default throttle of every DRF view, in the database cache that every gunicorn worker shares. The behaviour is
proved on a small write endpoint mounted beside the real ones; the last test checks that no real endpoint that
writes has dropped the throttle.
"""

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, path
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import APIToken

from intranet.headless.throttling import PersonalWriteThrottle

from . import factories

pytestmark = pytest.mark.django_db

RATE = 60  # API_WRITE_RATE's default: 60/minute


class Scribble(APIView):
    """Writes nothing; stands for any endpoint that writes (post, comment, react, join)."""

    def get(self, request):
        return Response({"ok": True})

    def post(self, request):
        return Response({"ok": True}, status=201)


def _urlpatterns():
    from cms.urls import urlpatterns

    return [path("api/v2/test-write/", Scribble.as_view()), *urlpatterns]


urlpatterns = _urlpatterns()

WRITE = "/api/v2/test-write/"


@pytest.fixture
def person(client):
    user = factories.UserFactory()
    client.force_login(user)
    return user


def write_until_limited(client, **headers):
    for number in range(RATE):
        response = client.post(WRITE, **headers)
        assert response.status_code == 201, f"write {number + 1} of {RATE} refused: {response.content}"
    return client.post(WRITE, **headers)


@pytest.mark.urls(__name__)
def test_writing_too_fast_is_a_429_with_retry_after_and_a_swedish_message(client, person):
    refused = write_until_limited(client, HTTP_ACCEPT_LANGUAGE="sv")
    assert refused.status_code == 429
    seconds = int(refused["Retry-After"])
    assert 1 <= seconds <= 60
    assert refused.json() == {"message": f"Du skriver för snabbt. Försök igen om {seconds} sekunder."}


@pytest.mark.urls(__name__)
def test_reading_is_never_limited(client, person):
    assert write_until_limited(client).status_code == 429
    for _ in range(3 * RATE):
        assert client.get(WRITE).status_code == 200
    assert client.get("/api/v2/me/start/").status_code == 200
    assert client.get("/api/v2/news/for-me/").status_code == 200


@pytest.mark.urls(__name__)
def test_one_persons_limit_is_theirs_alone(client, person):
    assert write_until_limited(client).status_code == 429
    client.force_login(factories.UserFactory())
    assert client.post(WRITE).status_code == 201


@pytest.mark.urls(__name__)
def test_the_limit_is_per_person_whichever_way_they_sign_in(client, person):
    """Session and API token count together: a second token is no second allowance."""
    _, token = APIToken.create_token(user=person, name="Front end")
    for _ in range(RATE // 2):
        assert client.post(WRITE).status_code == 201
    client.logout()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    for _ in range(RATE - RATE // 2):
        assert client.post(WRITE, **bearer).status_code == 201
    assert client.post(WRITE, **bearer).status_code == 429


@pytest.mark.urls(__name__)
def test_the_count_is_kept_where_every_worker_sees_it(client, person):
    """In the database cache, not one process's memory: gunicorn's workers (and machines) count together."""
    client.post(WRITE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM api_throttle_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert keys == [f":1:throttle_write_{person.pk}"]


@pytest.mark.urls(__name__)
def test_every_endpoint_that_writes_is_limited():
    """No DRF view that accepts a write has dropped the per-person throttle (this module's urls: the real ones too)."""
    writes = {"post", "put", "patch", "delete"}
    writers = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "cls", None)
                actions = set(getattr(pattern.callback, "actions", None) or {})
                if view_class is not None and (writes & actions or any(hasattr(view_class, m) for m in writes)):
                    writers.append(view_class)

    walk(get_resolver().url_patterns)
    assert Scribble in writers
    unlimited = [
        view.__qualname__
        for view in writers
        if not any(isinstance(throttle, PersonalWriteThrottle) for throttle in view().get_throttles())
    ]
    assert not unlimited, "Endpoints that write without the per-person limit: " + ", ".join(unlimited)
