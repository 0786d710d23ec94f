"""`Authorization: Bearer <the provider's access token>` for the API, answering 503 while the provider is down."""

from django.conf import settings
from django_auth_adfs.rest_framework import AdfsAccessTokenAuthentication
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
