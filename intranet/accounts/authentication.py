"""`Authorization: Bearer <the provider's access token>` for the API, answering 503 while the provider is down."""

from django.conf import settings
from django_auth_adfs.rest_framework import AdfsAccessTokenAuthentication
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import status
from rest_framework.exceptions import APIException

from .provider import ProviderUnavailable, unavailable_message


class SignInUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE

    def __init__(self):
        # {"message": …} like the API's other errors; `wait` becomes the Retry-After header.
        super().__init__({"message": unavailable_message()})
        self.wait = settings.SSO_PROVIDER_RETRY_AFTER


class ProviderTokenAuthentication(AdfsAccessTokenAuthentication):
    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except ProviderUnavailable:
            raise SignInUnavailable() from None


class ProviderTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema (/api/schema/) names this way of signing in."""

    target_class = ProviderTokenAuthentication
    name = "identityProviderToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "An access token from the municipality's identity provider (ADFS or Entra ID).",
        }
