"""How content pages' own fields look in the headless API."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from intranet.headless.schema import DepartmentSerializer
from intranet.organisation.models import display_name
from intranet.ownership.models import review_status


@extend_schema_field(DepartmentSerializer)
class DepartmentField(serializers.Field):
    def to_representation(self, department):
        return {"id": department.pk, "name": department.name, "code": department.code, "slug": department.slug}


class ContentOwnerField(serializers.Field):
    """The owner as a reader needs them: whom to ask about the page."""

    def to_representation(self, user):
        if not user.is_active:
            return None  # the owner has left: nobody to ask (review_notice says so)
        profile = getattr(user, "profile", None)
        return {
            "name": display_name(user),
            "title": profile.job_title if profile else "",
            "email": user.email,
        }


class ReviewStatusField(serializers.Field):
    def to_representation(self, review_date):
        return review_status(review_date)
