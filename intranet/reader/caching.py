"""Cache headers of the reader site's pages: the browser keeps a page and asks again each time, cheaply.

Every reader page is personal (my name, my unread count, my department's news), so it is `private` and
`max-age=0, must-revalidate`: a browser may keep it but must ask before showing it again, and a proxy never
keeps it. It carries a weak ETag of what it shows, so that asking again costs a 304 without the page's bytes
when nothing changed.

Weak, and taken over the page with its per-response values left out: each answer carries a fresh CSP nonce
and freshly masked CSRF tokens, so two renderings of the same page never match byte for byte. The CSRF
secret is part of the tag, so that a page kept from before a login (which rotates the secret) is never
reused with a token that no longer works. No Last-Modified: a page's publication date says nothing about
the unread count or the feed beside it.

The admin and the API keep their own headers (the API is `no-store`, intranet.security.middleware).
"""

import hashlib
import re

from django.utils.cache import get_conditional_response, patch_cache_control

EXCLUDED_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/documents/", "/images/")
CSRF_TOKENS = re.compile(rb'((?:name="csrfmiddlewaretoken" value|data-csrf-token)=")[A-Za-z0-9]+(")')


def is_reader_page(request, response):
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not request.path_info.startswith(EXCLUDED_PREFIXES)
    )


def page_etag(request, response):
    content = CSRF_TOKENS.sub(rb"\1\2", response.content)
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        content = content.replace(nonce.encode(), b"")
    digest = hashlib.sha256(content)
    digest.update(request.META.get("CSRF_COOKIE", "").encode())
    return f'W/"{digest.hexdigest()[:32]}"'


class ReaderCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_reader_page(request, response):
            return response
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        response.headers["ETag"] = page_etag(request, response)
        answer = get_conditional_response(request, etag=response.headers["ETag"], response=response)
        if answer is not response:
            # The browser shows the page it kept, with that page's nonce: a new policy would refuse its style.
            answer._csp_exempt = True
        return answer
