"""How django-axes throttles password logins (see AXES_* in cms/settings/base.py and docs/permissions.md)."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


def is_not_a_password_login(request, credentials):
    """Single sign-on failures (a bad authorisation code, a bad bearer token) are not counted.

    They carry no username, so counting them would lock out everyone at the failing address: every reader
    of a front end that passes its users' tokens on from one server.
    """
    return not credentials or credentials.get("password") is None


def client_address(request):
    """The address the throttle counts: behind TRUSTED_PROXY_HOPS proxies, the one the outermost proxy saw.

    Each proxy appends the address it was called from to X-Forwarded-For, so the entry that many places from
    the end is the last one no client can forge; anything a client wrote comes before it.
    """
    hops = settings.TRUSTED_PROXY_HOPS
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


class PasswordLoginThrottle(AxesStandaloneBackend):
    """django-axes's guard, first among the backends, for logins with a password.

    A single sign-on code or bearer token has no password and is left to the SSO backends: django-auth-adfs
    checks API bearer tokens without passing the request, which axes would refuse with an error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
