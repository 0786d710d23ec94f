"""The intranet's URLs plus a bare view, for bench/reader_bench.py: the yardstick the reader's pages are held to."""

from django.http import HttpResponse
from django.urls import include, path

CONSTANT_PAGE = (
    '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Konstant sida</title></head>'
    "<body><main><h1>Konstant sida</h1><p>" + "Samma text varje gång. " * 200 + "</p></main></body></html>"
)


def constant_page(request):
    """A bare Django view returning a constant page, through the same middleware as every reader page."""
    return HttpResponse(CONSTANT_PAGE)


urlpatterns = [path("bench/constant/", constant_page), path("", include("cms.urls"))]
