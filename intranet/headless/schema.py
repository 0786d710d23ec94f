"""The OpenAPI schema of our REST endpoints (drf-spectacular) at /api/schema/, and Swagger UI for it at /api/schema/ui/.

What the schema leaves out: Wagtail's API v2 router (/api/v2/pages/, images, documents, preview). Its viewsets
build their serializers per request from `?fields=` and the page type, which drf-spectacular cannot read; it
would describe them wrongly and warn. They are documented by Wagtail, and in our README.

Who sees it: every logged-in employee, as every endpoint it describes is theirs to call. Swagger UI comes from
drf-spectacular-sidecar (served from here, no CDN) and is started by a script file of its own (the "split" view),
so that it runs under the site's Content-Security-Policy without inline scripts (schema_views.py).

Shapes shared by several endpoints' schemas (an error, a department) are here, low enough for every app to use.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """Every error the API answers (intranet.headless.errors)."""

    message = serializers.CharField(help_text="One sentence in the reader's language (Swedish).")
    errors = serializers.DictField(required=False, help_text="Per field, for a form to mark the fields.")


class DepartmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()
    slug = serializers.CharField()


class WagtailAPITokenScheme(OpenApiAuthenticationExtension):
    """`Authorization: Bearer wagtail_…` (intranet.headless.authentication), as the schema names it."""

    target_class = "intranet.headless.authentication.WagtailAPITokenAuthentication"
    name = "wagtailApiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A Wagtail API token: Admin → Account → API tokens, or `manage.py api_tokens create`.",
        }


def leave_out_wagtail_router(endpoints, **kwargs):
    """PREPROCESSING_HOOKS: drop Wagtail's API v2 viewsets (see the module's docstring)."""
    from wagtail.api.v2.views import BaseAPIViewSet

    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if not issubclass(getattr(callback, "cls", object), BaseAPIViewSet)
    ]
