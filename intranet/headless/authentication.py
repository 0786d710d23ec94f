from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import APIToken
from wagtail.models.api import TOKEN_PREFIX


class WagtailAPITokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer wagtail_…` with Wagtail's own API tokens, for the v2 API.

    Wagtail 8 manages these tokens (admin screens, `manage.py api_tokens`, only a
    digest stored) but authenticates only its v3 API with them. Tokens without
    Wagtail's prefix are left to the next authentication class (SSO bearer tokens).
    """

    keyword = "Bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if len(parts) != 2 or parts[0].lower() != self.keyword.lower().encode():
            return None
        try:
            token = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.startswith(TOKEN_PREFIX):
            return None
        api_token = (
            APIToken.objects.select_related("user")
            .filter(key_hash__in=APIToken.candidate_key_hashes(token), revoked_at__isnull=True)
            .first()
        )
        if api_token is None or not api_token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        BearerTokenAuth()._touch_last_used(api_token)
        return api_token.user, api_token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
