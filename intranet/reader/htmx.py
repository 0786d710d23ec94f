"""What the reader site's views share for working with and without JavaScript.

Every write is a form POST: without JavaScript the view redirects back with a message; with htmx (the
`HX-Request` header) it answers the fragment the form's `hx-target` names, so the page changes in place.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


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
