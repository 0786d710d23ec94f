"""Response headers that every page, admin view and API answer carries."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse
from django.utils.cache import patch_cache_control


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (CONTENT_SECURITY_POLICY) everywhere, with the admin's exceptions under the admin only.

    Wagtail's admin writes inline scripts and styles of its own (the date chooser, inline panels), which a
    nonce cannot reach; the reader site and the API keep the strict policy.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(reverse("wagtailadmin_home")):
            parts.replace = {**settings.CONTENT_SECURITY_POLICY_ADMIN, **(parts.replace or {})}
        return parts


class PrivateCacheMiddleware:
    """Nothing personal or restricted is kept by a shared cache, and API answers are not stored at all.

    Every answer to a logged-in user is `private` (a proxy between the intranet and its readers must not
    hand one person's page to the next). API answers are also `no-store`: they are read by programs that
    do not revalidate, and a shared computer's disk should not keep restricted JSON after logout. API
    answers are marked whoever asked, since a bearer token is only seen inside the API view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and "wagtailapi" in match.namespaces:
            patch_cache_control(response, private=True, no_store=True)
        elif request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
