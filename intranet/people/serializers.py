"""How people look in the API (intranet/people/api.py): one serializer per shape, read by the OpenAPI schema too."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from intranet.groups.models import GroupKind, Role
from intranet.headless.schema import DepartmentSerializer
from intranet.organisation.models import display_name


class PersonSerializer(serializers.Serializer):
    """A person as every listing shows them (an EmployeeProfile from services.active_people())."""

    id = serializers.IntegerField(source="user_id")
    username = serializers.CharField(source="user.username")
    name = serializers.SerializerMethodField()
    job_title = serializers.CharField(allow_blank=True)
    department = DepartmentSerializer(allow_null=True)
    unit = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(source="user.email", allow_blank=True)
    photo = serializers.SerializerMethodField(help_text="The directory's photo, to logged-in staff only.")
    url = serializers.SerializerMethodField(help_text="This person's profile in the API.")

    def get_name(self, profile) -> str:
        return display_name(profile.user)

    def get_photo(self, profile) -> str | None:
        if not getattr(profile, "has_photo", False):
            return None
        return reverse("wagtailapi:people_photo", args=[profile.user_id])

    def get_url(self, profile) -> str:
        return reverse("wagtailapi:people_detail", args=[profile.user_id])


class DepartmentFacetSerializer(DepartmentSerializer):
    count = serializers.IntegerField()

    class Meta:
        ref_name = "PeopleDepartmentFacet"


class PeopleFacetsSerializer(serializers.Serializer):
    department = DepartmentFacetSerializer(many=True, help_text="Hits per department (when searching).")


class PeopleSerializer(serializers.Serializer):
    query = serializers.CharField(allow_blank=True)
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    per_page = serializers.IntegerField()
    results = PersonSerializer(many=True)
    facets = PeopleFacetsSerializer()


class MentionSuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user_id")
    username = serializers.CharField(source="user.username", help_text="What the picker inserts after “@”.")
    name = serializers.SerializerMethodField()
    job_title = serializers.CharField(allow_blank=True)
    department = DepartmentSerializer(allow_null=True)

    def get_name(self, profile) -> str:
        return display_name(profile.user)


class MentionSuggestionsSerializer(serializers.Serializer):
    query = serializers.CharField()
    suggestions = MentionSuggestionSerializer(many=True)


class PersonGroupSerializer(serializers.Serializer):
    """A group the person belongs to (a Membership)."""

    id = serializers.IntegerField(source="group.pk")
    slug = serializers.CharField(source="group.slug")
    name = serializers.CharField(source="group.name")
    kind = serializers.ChoiceField(GroupKind.values, source="group.kind")
    role = serializers.ChoiceField(Role.values)


class OwnedPageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    type = serializers.SerializerMethodField(help_text="The page type, as app_label.ModelName.")

    def get_type(self, page) -> str:
        return page._meta.label


class OwnedPagesSerializer(serializers.Serializer):
    total = serializers.IntegerField(source="owned_pages_total")
    items = OwnedPageSerializer(many=True, source="owned_pages")


class ProfileExtrasSerializer(serializers.Serializer):
    """What a profile shows beyond the person (a services.Profile)."""

    manager = PersonSerializer(allow_null=True)
    reports = PersonSerializer(many=True, help_text="The people who report to this person.")
    groups = PersonGroupSerializer(many=True)
    owned_pages = OwnedPagesSerializer(source="*", help_text="The pages this person is content owner for.")
    following = serializers.BooleanField(source="followed_by_me", help_text="Whether I follow this person.")
    followers = serializers.IntegerField(source="follower_count")


class PersonDetailSerializer(PersonSerializer, ProfileExtrasSerializer):
    """A profile: the person, and the directory around them."""

    def to_representation(self, profile):
        return {
            **PersonSerializer(profile.person, context=self.context).data,
            **ProfileExtrasSerializer(profile, context=self.context).data,
        }


class OrgNodeSerializer(PersonSerializer):
    """A person in the org view, with the people who report to them, down the manager chain."""

    reports = serializers.SerializerMethodField()

    @extend_schema_field({"type": "array", "items": {"$ref": "#/components/schemas/OrgNode"}})
    def get_reports(self, node):
        return OrgNodeSerializer(node.reports, many=True, context=self.context).data

    def to_representation(self, node):
        return {**PersonSerializer(node.person, context=self.context).data, "reports": self.get_reports(node)}


class OrgSerializer(serializers.Serializer):
    department = DepartmentSerializer()
    tree = OrgNodeSerializer(many=True)


class FollowingSerializer(serializers.Serializer):
    results = PersonSerializer(many=True)


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField()
