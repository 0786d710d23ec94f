"""The OpenAPI schema of our REST endpoints (drf-spectacular) at /api/schema/, and Swagger UI for it at /api/schema/ui/.

What the schema leaves out: Wagtail's API v2 router (/api/v2/pages/, images, documents, preview). Its viewsets
build their serializers per request from `?fields=` and the page type, which drf-spectacular cannot read; it
would describe them wrongly and warn. They are documented by Wagtail, and in our README.

Who sees it: every logged-in employee, as every endpoint it describes is theirs to call. Swagger UI comes from
drf-spectacular-sidecar (served from here, no CDN) and is started by a script file of its own (the "split" view),
so that it runs under the site's Content-Security-Policy without inline scripts (schema_views.py).

Views that build their JSON by hand (an APIView with no serializer) are described as taking and giving a JSON
object (IntranetAutoSchema) rather than left out with a warning; `@extend_schema(responses=…)` on such a view
describes its shape (intranet/startpage/api.py, search/api.py).

Shapes shared by several endpoints' schemas (an error, a department) are here, low enough for every app to use.
"""

import re

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers
from rest_framework.generics import GenericAPIView


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


class IntranetAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]), for views without a serializer too.

    drf-spectacular cannot guess what a view without a serializer reads and writes: it warns and leaves the view
    out. Such a view is described here with its path, methods, parameters and who may call it, its bodies as a JSON
    object, and an operationId made from its class (spectacular's own, made from the path, collides between a
    listing and its detail when it cannot tell them apart).
    """

    def declares_serializer(self):
        view = self.view
        if getattr(view, "serializer_class", None) is not None:
            return True
        return any(
            getattr(type(view), name, None) not in (None, getattr(GenericAPIView, name, None))
            for name in ("get_serializer", "get_serializer_class")
        )

    def _get_serializer(self):
        if not self.declares_serializer():
            return OpenApiTypes.OBJECT
        return super()._get_serializer()

    def get_operation_id(self):
        if self.declares_serializer():
            return super().get_operation_id()
        name = re.sub(r"(ViewSet|View)$", "", type(self.view).__name__)
        name = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
        action = getattr(self.view, "action", None)
        if action in ("list", "retrieve", "create", "update", "partial_update", "destroy"):
            return f"{name}_{action}"
        # A view's own method, or a viewset's extra action, which may answer several methods.
        return "_".join(part for part in (name, action, self.method.lower()) if part)
