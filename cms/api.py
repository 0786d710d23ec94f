"""The headless API: one place that says which endpoints exist under /api/v2/."""

from django.urls import include, path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from intranet.access.visibility import visible_documents
from intranet.groups.api import urlpatterns as groups_urlpatterns
from intranet.headless.api import PREVIEW_QUERY_PARAMETERS, PagePreviewMixin
from intranet.headless.parameters import CheckedParametersMixin
from intranet.notifications.api import urlpatterns as notification_urlpatterns
from intranet.pages.api import ContentPagesAPIViewSet, NewsForMeView
from intranet.people import api as people_api
from intranet.posts.api import urlpatterns as posts_urlpatterns
from intranet.startpage.api import FeedView, StartView
from search.api import SearchClickView, SearchView, SuggestView


class PagePreviewAPIViewSet(PagePreviewMixin, ContentPagesAPIViewSet):
    """A draft for the external front end, shown as /api/v2/pages/ shows pages."""

    known_query_parameters = ContentPagesAPIViewSet.known_query_parameters.union(PREVIEW_QUERY_PARAMETERS)


class VisibleImagesAPIViewSet(ImagesAPIViewSet):
    """Wagtail's, with our listing rules: not even a password-protected collection is listed."""

    def get_queryset(self):
        return visible_documents(self.request.user, super().get_queryset())


class VisibleDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Wagtail's, with our listing rules: not even a password-protected collection is listed."""

    def get_queryset(self):
        return visible_documents(self.request.user, super().get_queryset())


# Every endpoint checks its query parameters before Wagtail reads them: a bad value is a 400, never a 500.
class PagesEndpoint(CheckedParametersMixin, ContentPagesAPIViewSet):
    pass


class ImagesEndpoint(CheckedParametersMixin, VisibleImagesAPIViewSet):
    pass


class DocumentsEndpoint(CheckedParametersMixin, VisibleDocumentsAPIViewSet):
    pass


class PreviewEndpoint(CheckedParametersMixin, PagePreviewAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)
api_router.register_endpoint("preview", PreviewEndpoint)

urlpatterns = [
    path("news/for-me/", NewsForMeView.as_view(), name="news_for_me"),
    path("search/", SearchView.as_view(), name="search"),
    path("search/suggest/", SuggestView.as_view(), name="search_suggest"),
    path("search/clicks/", SearchClickView.as_view(), name="search_clicks"),
    *notification_urlpatterns,
    path("people/", include(people_api.urlpatterns)),
    path("me/start/", StartView.as_view(), name="me_start"),
    path("me/feed/", FeedView.as_view(), name="me_feed"),
] + api_router.get_urlpatterns()
urlpatterns += groups_urlpatterns
urlpatterns += posts_urlpatterns
