"""Writing through the API is rate-limited per person; reading never is.

DRF's UserRateThrottle keys on the user (or the address for anonymous requests, which are refused anyway)
and answers 429 with Retry-After. The rate is the "write" scope in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].
"""

from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import UserRateThrottle


class PersonalWriteThrottle(UserRateThrottle):
    scope = "write"
    #: Shared by every worker (cms/settings/base.py, CACHES).
    cache = ConnectionProxy(caches, "api_throttle")

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)
