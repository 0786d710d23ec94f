"""/api/schema/ and /api/schema/ui/: see schema.py for what they show, and to whom."""

from django.contrib.auth.decorators import login_required
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import schema  # noqa: F401 (registers how the schema names our bearer token)


class SchemaUIView(SpectacularSwaggerSplitView):
    """Swagger UI; its page has no inline script, and its one style carries the CSP nonce
    (templates/drf_spectacular/swagger_ui.html)."""

    url_name = "api_schema"


schema_view = SpectacularAPIView.as_view()
# The browsable view is a page for people: someone not logged in is sent to log in, not answered 401.
schema_ui_view = login_required(SchemaUIView.as_view())
