from urllib.parse import urlsplit

from csp.constants import SELF
from csp.decorators import csp_update
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail_headless_preview.models import HeadlessPreviewMixin

FRONT_END_ORIGINS = {"://".join(urlsplit(url)[:2]) for url in settings.WAGTAIL_HEADLESS_PREVIEW["CLIENT_URLS"].values()}


class HeadlessPreviewable(HeadlessPreviewMixin):
    """Offers both previews: the built-in reader site and the external front end.

    wagtail-headless-preview replaces Wagtail's preview outright; our editors
    also use the built-in reader site, so the headless one is a second mode.
    """

    HEADLESS_PREVIEW_MODE = "headless"

    @property
    def preview_modes(self):
        return [("", _("Intranet")), (self.HEADLESS_PREVIEW_MODE, _("External front end"))]

    def serve_preview(self, request, preview_mode):
        if preview_mode == self.HEADLESS_PREVIEW_MODE:
            return self.serve_headless_preview(request, preview_mode)
        # Skip the headless mixin and use Wagtail's own page preview.
        return super(HeadlessPreviewMixin, self).serve_preview(request, preview_mode)

    # The headless preview is a page that frames the front end; our pages may otherwise frame only our own.
    @csp_update({"frame-src": [SELF, *sorted(FRONT_END_ORIGINS)]})
    def serve_headless_preview(self, request, preview_mode):
        return super().serve_preview(request, preview_mode)
