"""The headless API: one place that says which endpoints exist under /api/v2/."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from intranet.headless.api import PagePreviewAPIViewSet
from intranet.pages.api import ContentPagesAPIViewSet, NewsForMeView
from search.api import SearchView, SuggestView

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ContentPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("preview", PagePreviewAPIViewSet)

urlpatterns = [
    path("news/for-me/", NewsForMeView.as_view(), name="news_for_me"),
    path("search/", SearchView.as_view(), name="search"),
    path("search/suggest/", SuggestView.as_view(), name="search_suggest"),
] + api_router.get_urlpatterns()
