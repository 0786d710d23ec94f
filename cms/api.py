"""The headless API: one place that says which endpoints exist under /api/v2/."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from intranet.access.visibility import visible_documents
from intranet.headless.api import PagePreviewAPIViewSet
from intranet.pages.api import ContentPagesAPIViewSet, NewsForMeView
from search.api import SearchView, SuggestView


class VisibleImagesAPIViewSet(ImagesAPIViewSet):
    """Wagtail's, with our listing rules: not even a password-protected collection is listed."""

    def get_queryset(self):
        return visible_documents(self.request.user, super().get_queryset())


class VisibleDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Wagtail's, with our listing rules: not even a password-protected collection is listed."""

    def get_queryset(self):
        return visible_documents(self.request.user, super().get_queryset())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ContentPagesAPIViewSet)
api_router.register_endpoint("images", VisibleImagesAPIViewSet)
api_router.register_endpoint("documents", VisibleDocumentsAPIViewSet)
api_router.register_endpoint("preview", PagePreviewAPIViewSet)

urlpatterns = [
    path("news/for-me/", NewsForMeView.as_view(), name="news_for_me"),
    path("search/", SearchView.as_view(), name="search"),
    path("search/suggest/", SuggestView.as_view(), name="search_suggest"),
] + api_router.get_urlpatterns()
