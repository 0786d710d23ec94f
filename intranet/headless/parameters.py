"""Query parameters of the headless API: a value nothing can use is a 400 with a message, before anything uses it.

Wagtail's API v2 reads most of its parameters with `int()` and hands the rest to the database or the search
engine as they come. Some values pass its checks and fail further down, as a 500: an offset beyond PostgreSQL's
bigint, an id beyond the engine's long, a NUL byte in a text column, a search paged past the engine's result
window. `CheckedParametersMixin` checks them all first; cms/api.py puts it on every endpoint of the router.
Our own views (news, search) read their parameters through a small DRF serializer each, with `whole_number()`.
"""

import re

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models
from django.db.models.fields import AutoFieldMixin
from django.http import Http404
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from wagtail.api.v2.utils import BadRequestError

#: C0 controls and DEL: no parameter of ours has a use for them, and PostgreSQL refuses NUL in text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
#: Far past any listing here, and a number every database and the engine take (for limit too).
MAX_OFFSET = 2**31 - 1
#: A search is paged through at most this many results: the engine's own limit (index.max_result_window),
#: held on the database backend too so that the API answers the same on both.
MAX_SEARCH_WINDOW = 10_000
#: Longer searches cost the engine (and the database backend's query builder) more than they can be worth.
MAX_SEARCH_LENGTH = 200
SEARCH_OPERATORS = ["and", "or"]


def lazy_message(message, **values):
    """A message filled in when it is shown, in the request's language (fields are made at import)."""
    return lazy(lambda: str(message) % values, str)()


def whole_number(name, min_value, max_value, **kwargs):
    """An integer parameter: decimal digits within range; anything else gets one clear message.

    ("²" is a digit to `str.isdigit()` but not a number to `int()`: this field is the one way we read numbers.)
    """
    message = lazy_message(
        gettext_lazy("%(name)s must be a whole number from %(min)s to %(max)s"),
        name=name,
        min=min_value,
        max=max_value,
    )
    return serializers.IntegerField(
        min_value=min_value,
        max_value=max_value,
        error_messages={key: message for key in ("invalid", "min_value", "max_value", "max_string_length")},
        **kwargs,
    )


def first_error(errors):
    """One line from a serializer's errors, naming the parameter: `{"message": …}` as Wagtail's API answers."""
    name, messages = next(iter(errors.items()))
    message = messages[0] if isinstance(messages, list) else messages
    if name == "non_field_errors":
        return str(message)
    return str(message) if name in str(message) else f"{name}: {message}"


def check_no_control_characters(query_params):
    for name, values in query_params.lists():
        if CONTROL_CHARACTERS.search(name) or any(CONTROL_CHARACTERS.search(value) for value in values):
            raise BadRequestError(
                _("Query parameters cannot contain control characters (%(name)s).")
                % {"name": CONTROL_CHARACTERS.sub("?", name)[:100]}
            )


def integer_range(model_field):
    """The numbers an integer field can hold (for a foreign key, the key it points at); None for other fields.

    What the database can store, and from 1 for an id the database counts out.
    """
    if isinstance(model_field, models.ForeignKey):
        model_field = model_field.target_field
    if not isinstance(model_field, (models.IntegerField, AutoFieldMixin)):
        return None
    lowest, highest = connection.ops.integer_field_range(model_field.get_internal_type())
    return (1 if isinstance(model_field, AutoFieldMixin) else lowest), highest


class APIParameters(serializers.Serializer):
    """Wagtail's own parameters that it reads without a range, or passes on unchecked."""

    offset = whole_number("offset", 0, MAX_OFFSET, required=False)
    limit = whole_number("limit", 0, MAX_OFFSET, required=False)  # then Wagtail's own maximum (WAGTAILAPI_LIMIT_MAX)
    search = serializers.CharField(
        max_length=MAX_SEARCH_LENGTH,
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        error_messages={
            "max_length": lazy_message(
                gettext_lazy("search can be at most %(max)d characters long"), max=MAX_SEARCH_LENGTH
            )
        },
    )
    search_operator = serializers.ChoiceField(
        SEARCH_OPERATORS,
        required=False,
        error_messages={
            "invalid_choice": lazy_message(
                gettext_lazy("search_operator must be one of: %(choices)s"), choices=", ".join(SEARCH_OPERATORS)
            )
        },
    )

    def validate(self, data):
        if "search" in self.initial_data and data.get("offset", 0) + data.get("limit", 20) > MAX_SEARCH_WINDOW:
            raise serializers.ValidationError(
                _("A search shows its first %(max)d results only (offset + limit).") % {"max": MAX_SEARCH_WINDOW}
            )
        return data


class CheckedParametersMixin:
    """For Wagtail's API viewsets: bad query parameters are a 400 with `{"message": …}`, on every endpoint."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication first: a stranger gets a 401, not our checks
        check_no_control_characters(request.GET)
        parameters = APIParameters(data=request.GET)
        if not parameters.is_valid():
            raise BadRequestError(first_error(parameters.errors))
        if self.action == "find_view" and "id" in request.GET:
            self.check_integer(self.model._meta.pk, "id", request.GET["id"])
        if self.action == "detail_view":
            lowest, highest = integer_range(self.model._meta.pk)
            if not lowest <= kwargs["pk"] <= highest:
                # Nothing has that id; and SQLite cannot compare it with a page type's key.
                raise Http404("not found")

    def check_query_parameters(self, queryset):
        """Field filters (`?id=`, `?content_owner=`): a number the field could hold, or the engine fails on it."""
        super().check_query_parameters(queryset)
        fields = set(self.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in self.request.GET.items():
            if name in fields:
                try:
                    model_field = queryset.model._meta.get_field(name)
                except LookupError:
                    continue
                self.check_integer(model_field, name, value)

    def find_object(self, queryset, request):
        try:
            return super().find_object(queryset, request)
        except ObjectDoesNotExist:
            # Wagtail's find view turns only its base model's DoesNotExist into a 404; with ?type= the
            # queryset is of a page type whose DoesNotExist is not one of those (its base class is abstract).
            return None

    @staticmethod
    def check_integer(model_field, name, value):
        bounds = integer_range(model_field)
        if bounds is None:
            return
        field = whole_number(name, *bounds)
        try:
            field.run_validation(value)
        except serializers.ValidationError as error:
            raise BadRequestError(str(error.detail[0])) from None
