"""The OpenAPI schema of our REST endpoints (drf-spectacular) at /api/schema/, and Swagger UI for it at /api/schema/ui/.

What the schema leaves out: Wagtail's API v2 router (/api/v2/pages/, images, documents, preview). Its viewsets
build their serializers per request from `?fields=` and the page type, which drf-spectacular cannot read; it
would describe them wrongly and warn. They are documented by Wagtail, and in our README.

Who sees it: every logged-in employee, as every endpoint it describes is theirs to call. Swagger UI comes from
drf-spectacular-sidecar (served from here, no CDN) and is started by a script file of its own (the "split" view),
so that it runs under the site's Content-Security-Policy without inline scripts (schema_views.py).

Every endpoint's answers are typed: a view answers through a serializer, and an APIView names it with
`@extend_schema(request=…, responses=…)` (intranet/posts/api.py, intranet/startpage/api.py, search/api.py). A view
that names none would be described as taking and giving a JSON object (IntranetAutoSchema) rather than left out
with a warning; tests/test_api_schema.py holds the collaboration endpoints to real components.

The errors every operation can answer are added here, in the one shape of intranet.headless.errors (`Error`):
401 always (nobody anonymous calls the API), 404 where the path names something, 400 where the operation reads
a body or query parameters, 429 with `Retry-After` on writes (intranet.headless.throttling). Errors that depend
on the rules of an endpoint (403, 409, 413, 503) are named by the endpoint itself.

Shapes shared by several endpoints' schemas (an error, a department) are here, low enough for every app to use.
"""

import re

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS

from .throttling import PersonalWriteThrottle


class ErrorSerializer(serializers.Serializer):
    """Every error the API answers (intranet.headless.errors)."""

    message = serializers.CharField(help_text="One sentence in the reader's language (Swedish).")
    errors = serializers.DictField(required=False, help_text="Per field, for a form to mark the fields.")


def error(description):
    """An error answer for `@extend_schema(responses={403: error("…")})`."""
    return OpenApiResponse(ErrorSerializer, description=description)


#: What the errors every operation may answer mean (IntranetAutoSchema adds them).
COMMON_ERRORS = {
    "400": "A parameter or the body is not valid: `message` says which; `errors` holds the messages per field.",
    "401": "Not logged in (no session, no valid token).",
    "404": "There is no such thing, or it has been removed.",
    "429": "Writing too fast: try again after `Retry-After` seconds. Reading is never limited.",
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before writing again."}}


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

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self.common_error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(error(COMMON_ERRORS[code]), code, direction=direction)
        if "429" in responses:
            responses["429"]["headers"] = RETRY_AFTER
        return responses

    def common_error_codes(self):
        codes = ["401"]
        writes = self.method not in SAFE_METHODS
        has_body = writes and self.method != "DELETE" and self.get_request_serializer() is not None
        if has_body or self.get_override_parameters() or self._get_paginator():
            codes.append("400")
        if "{" in self.path:
            codes.append("404")
        throttles = getattr(self.view, "throttle_classes", ())
        if writes and any(issubclass(throttle, PersonalWriteThrottle) for throttle in throttles):
            codes.append("429")
        return codes

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
