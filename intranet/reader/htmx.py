"""What the reader site's views share for working with and without JavaScript.

Every write is a form POST: without JavaScript the view redirects back with a message; with htmx (the
`HX-Request` header) it answers the fragment the form's `hx-target` names, so the page changes in place.
"""

import functools
import math

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from intranet.headless.throttling import PersonalWriteThrottle


def is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def back(request, fallback):
    """Where a no-JS form returns to: its `next` field when that is an address on this site, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def done(request, text, fallback):
    messages.success(request, text)
    return back(request, fallback)


def failed(request, text, fallback):
    messages.error(request, text)
    return back(request, fallback)


def limited_writes(view):
    """A person's writes on the reader site count against the same per-person limit as the API's
    (API_WRITE_RATE, intranet.headless.throttling): a form posted by a script is no way around it."""

    @functools.wraps(view)
    def limited(request, *args, **kwargs):
        if request.method == "POST":
            throttle = PersonalWriteThrottle()
            if not throttle.allow_request(request, None):
                seconds = max(1, math.ceil(throttle.wait() or 1))
                response = render(
                    request,
                    "reader/too_fast.html",
                    {"text": _("You are writing too fast. Try again in %(seconds)s seconds.") % {"seconds": seconds}},
                    status=429,
                )
                response["Retry-After"] = str(seconds)
                return response
        return view(request, *args, **kwargs)

    return limited
