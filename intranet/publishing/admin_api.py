"""Wagtail's admin JSON API (/admin/api/main/pages/…), with every action all or nothing.

Our rules refuse an action part-way through Wagtail's own code: a deletion after Wagtail has logged
"wagtail.delete" for each page, a live copy after some pages were copied. Without a transaction (the
project does not use ATOMIC_REQUESTS) the refusal would leave those behind; inside one, nothing is kept.
"""

from django.db import transaction
from wagtail.admin.api.views import PagesAdminAPIViewSet


class AllOrNothingPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    def action_view(self, request, pk, action_name):
        with transaction.atomic():
            return super().action_view(request, pk, action_name)
