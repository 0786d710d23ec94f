"""Our additions to Wagtail's API v2 for content pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from intranet.access.visibility import visible_pages
from intranet.headless.parameters import whole_number
from intranet.organisation.services import department_by_id_or_slug

from .models import ContentPage
from .news import SCOPE_ALL, SCOPE_MINE, news_for
from .serializers import DepartmentField

DEPARTMENT_PARAMETER = "department"


def content_page_models():
    from wagtail.models import get_page_models

    return [model for model in get_page_models() if issubclass(model, ContentPage)]


class DepartmentFilter:
    """`?department=<slug or id>` over every content page type, not just one."""

    def filter_queryset(self, request, queryset, view):
        value = request.GET.get(DEPARTMENT_PARAMETER)
        if value is None:
            return queryset
        department = self.find_department(value.strip())
        if issubclass(queryset.model, ContentPage):
            return queryset.filter(department=department)
        in_department = Q(pk__in=[])
        for model in content_page_models():
            in_department |= Q(pk__in=model.objects.filter(department=department).values("pk"))
        return queryset.filter(in_department)

    def find_department(self, value):
        department = department_by_id_or_slug(value)
        if department is None:
            raise BadRequestError(_("Unknown department: %(value)s") % {"value": value[:100]})
        return department


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's field filter, but a value the field cannot hold (a date like "soon") is a 400, not a 500."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except DjangoValidationError as error:
            raise BadRequestError("field filter error: " + " ".join(error.messages)) from error


class ContentPagesAPIViewSet(PagesAPIViewSet):
    filter_backends = [DepartmentFilter] + [
        CheckedFieldsFilter if backend is FieldsFilter else backend for backend in PagesAPIViewSet.filter_backends
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union([DEPARTMENT_PARAMETER])

    def get_base_queryset(self):
        # Wagtail hides pages whose restriction the request does not pass; ours also never lists
        # password-protected ones (intranet.access.visibility), as every other listing does.
        return visible_pages(self.request.user, super().get_base_queryset())

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only=db_fields_only)
        if db_fields_only:
            # Our DepartmentFilter owns ?department=; Wagtail's field filter would take only an id.
            fields = [field for field in fields if field != DEPARTMENT_PARAMETER]
        return fields


class NewsItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    lead = serializers.CharField()
    date = serializers.DateField()
    url = serializers.SerializerMethodField()
    department = DepartmentField(allow_null=True)
    reason = serializers.CharField()

    def get_url(self, page) -> str:
        return page.get_url(request=self.context.get("request"))


MAX_NEWS_PAGE = 10_000


class NewsPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()  # ?page= is a number (NewsParameters), as the `next` and `previous` links have it


class NewsParameters(serializers.Serializer):
    scope = serializers.ChoiceField(
        [SCOPE_MINE, SCOPE_ALL],
        default=SCOPE_MINE,
        error_messages={"invalid_choice": gettext_lazy("scope must be “mine” or “all”.")},
    )
    # Read here so that a value that is no number is a 400; the paginator then reads the number.
    page = whole_number("page", 1, MAX_NEWS_PAGE, required=False)
    page_size = whole_number("page_size", 1, NewsPagination.max_page_size, required=False)


class NewsForMeView(generics.ListAPIView):
    """`GET /api/v2/news/for-me/`: the reader's news, with `?scope=all` for every department."""

    serializer_class = NewsItemSerializer
    pagination_class = NewsPagination

    def get_queryset(self):
        parameters = NewsParameters(data=self.request.query_params)
        if not parameters.is_valid():
            raise ValidationError(parameters.errors)
        return news_for(self.request.user, parameters.validated_data["scope"])
