from django.utils.translation import gettext_lazy as _
from wagtail_headless_preview.models import HeadlessPreviewMixin


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
            return super().serve_preview(request, preview_mode)
        # Skip the headless mixin and use Wagtail's own page preview.
        return super(HeadlessPreviewMixin, self).serve_preview(request, preview_mode)
