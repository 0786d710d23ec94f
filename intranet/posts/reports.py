"""The admin's view of posts for editors: find a post, and read the moderation log (who removed what, and why).

Both are read-only reports: posts are written, edited and removed through the services (the API and the
reader site), so that every removal has its reason in the log. Text is shown through the `user_text` filter.
"""

import django_filters
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn

from intranet.groups import permissions
from intranet.groups.models import WorkGroup
from intranet.publishing.reports import AdminReportView

from .models import Mention, ModerationAction, ModerationRecord, Post, author_name
from .sanitise import plain_of


class TextColumn(Column):
    """What someone wrote, as the reader sees it (sanitised HTML through the user_text filter)."""

    cell_template_name = "posts/text_cell.html"


class ModeratorsReportView(AdminReportView):
    """A report for those who moderate every group (Redaktörer)."""

    @classmethod
    def is_for(cls, user):
        return permissions.moderates_everywhere(user)


def with_mentions():
    return Prefetch("mentions", queryset=Mention.objects.select_related("user"))


class ModerationLogFilterSet(WagtailFilterSet):
    group = django_filters.ModelChoiceFilter(label=gettext_lazy("Group"), queryset=WorkGroup.objects.all())
    action = django_filters.ChoiceFilter(label=gettext_lazy("Action"), choices=ModerationAction.choices)
    created_at = django_filters.DateFromToRangeFilter(label=gettext_lazy("When"), widget=DateRangePickerWidget)

    class Meta:
        model = ModerationRecord
        fields = []


class ModerationLogView(ModeratorsReportView):
    """ "Modereringslogg": every removal by a group admin or an editor, with the reason, newest first."""

    page_title = gettext_lazy("Moderation log")
    header_icon = "warning"
    index_url_name = "posts_moderation_log"
    url_path = "reports/moderation-log"
    menu_name = "moderation-log"
    menu_order = 920
    paginate_by = 50
    filterset_class = ModerationLogFilterSet
    columns = [
        DateColumn("created_at", label=gettext_lazy("When")),
        Column("action", label=gettext_lazy("Action"), accessor="get_action_display"),
        Column("group", label=gettext_lazy("Group")),
        Column("moderator_name", label=gettext_lazy("Moderator")),
        Column("author_name", label=gettext_lazy("Author")),
        TextColumn("removed_text", label=gettext_lazy("Removed text")),
        Column("reason", label=gettext_lazy("Reason")),
    ]
    list_export = [
        "created_at",
        "action_label",
        "group.name",
        "moderator_name",
        "author_name",
        "removed_text",
        "reason",
    ]
    export_headings = {
        "created_at": gettext_lazy("When"),
        "action_label": gettext_lazy("Action"),
        "group.name": gettext_lazy("Group"),
        "moderator_name": gettext_lazy("Moderator"),
        "author_name": gettext_lazy("Author"),
        "removed_text": gettext_lazy("Removed text"),
        "reason": gettext_lazy("Reason"),
    }

    def get_base_queryset(self):
        return ModerationRecord.objects.select_related("moderator", "group", "post__author", "comment__author")

    def decorate_paginated_queryset(self, object_list):
        records = list(object_list)
        items = [record.comment or record.post for record in records]
        # Posts and comments each get their own prefetch: one query per kind, however many records.
        prefetch_related_objects([item for item in items if isinstance(item, Post)], with_mentions())
        prefetch_related_objects([item for item in items if item and not isinstance(item, Post)], with_mentions())
        for record, item in zip(records, items, strict=True):
            record.shown_item = item or ""
            record.action_label = record.get_action_display()
            record.moderator_name = author_name(record.moderator) if record.moderator else ""
            record.author_name = author_name(item.author) if item else ""
            # The export is plain text: what was written, as a colleague would read it in an email.
            record.removed_text = plain_of(item) if item else ""
        return records

    def get_filename(self):
        return "modereringslogg"


class PostFilterSet(WagtailFilterSet):
    group = django_filters.ModelChoiceFilter(label=gettext_lazy("Group"), queryset=WorkGroup.objects.all())
    removed = django_filters.BooleanFilter(
        label=gettext_lazy("Removed"), field_name="removed_at", lookup_expr="isnull", exclude=True
    )
    created_at = django_filters.DateFromToRangeFilter(label=gettext_lazy("Written"), widget=DateRangePickerWidget)

    class Meta:
        model = Post
        fields = []


class PostsReportView(ModeratorsReportView):
    """ "Inlägg": find a post by its words, group, author or date, removed ones too (marked)."""

    page_title = gettext_lazy("Posts")
    header_icon = "comment"
    index_url_name = "posts_report"
    url_path = "reports/posts"
    menu_name = "posts"
    menu_order = 915
    paginate_by = 50
    is_searchable = True
    search_fields = ["body", "author__first_name", "author__last_name", "author__username"]
    search_backend_name = None  # a plain "contains" on the database: posts need not be in the engine for this
    filterset_class = PostFilterSet
    columns = [
        DateColumn("created_at", label=gettext_lazy("Written")),
        Column("group", label=gettext_lazy("Group")),
        Column("author_name", label=gettext_lazy("Author")),
        TextColumn("body", label=gettext_lazy("Text")),
        DateColumn("removed_at", label=gettext_lazy("Removed")),
    ]
    list_export = ["created_at", "group.name", "author_name", "plain_text", "removed_at"]
    export_headings = {
        "created_at": gettext_lazy("Written"),
        "group.name": gettext_lazy("Group"),
        "author_name": gettext_lazy("Author"),
        "plain_text": gettext_lazy("Text"),
        "removed_at": gettext_lazy("Removed"),
    }

    def get_base_queryset(self):
        # Every post, removed ones included (the filter narrows): editors look for what was removed, too.
        return Post.objects.select_related("group", "author").prefetch_related(with_mentions())

    def decorate_paginated_queryset(self, object_list):
        for post in object_list:
            post.shown_item = post
            post.author_name = author_name(post.author)
            post.plain_text = plain_of(post)
        return object_list

    def get_filename(self):
        return "inlagg"
