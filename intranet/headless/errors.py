"""One error shape for the whole API: `{"message": "<one sentence in the reader's language>"}`.

Wagtail's API v2 answers its own errors that way; DRF's default is `{"detail": …}` or a dict of field errors.
REST_FRAMEWORK["EXCEPTION_HANDLER"] points here so that a front end reads every error the same way. Field
errors are kept under "errors" for forms that mark the field.
"""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


def first_message(detail):
    """The first human sentence inside DRF's nested error detail."""
    if isinstance(detail, dict):
        for value in detail.values():
            return first_message(value)
        return ""
    if isinstance(detail, list):
        return first_message(detail[0]) if detail else ""
    return str(detail)


def too_much(exc):
    """Django refuses a body it will not read (DATA_UPLOAD_MAX_…) while a view reads `request.data`; left to
    Django that is an HTML page. Said here in the API's shape, for every endpoint at once."""
    if isinstance(exc, RequestDataTooBig):
        message = _("The request is too large. Send less text at a time; attach files one by one.")
        return Response({"message": message}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    return Response({"message": _("The request has too many fields or files.")}, status=status.HTTP_400_BAD_REQUEST)


def api_exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return too_much(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = getattr(exc, "detail", response.data)
    body = {"message": first_message(detail)}
    if isinstance(exc, exceptions.ValidationError) and isinstance(detail, dict):
        body["errors"] = response.data
    if isinstance(exc, exceptions.Throttled):
        body["message"] = _("You are writing too fast. Try again in %(seconds)s seconds.") % {
            "seconds": exc.wait and int(exc.wait + 0.999) or 1
        }
    response.data = body
    return response
