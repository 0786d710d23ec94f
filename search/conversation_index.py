"""Group posts and comments in the search engine, through proxies of the posts app's models.

What is indexed is what every logged-in employee may read: posts and comments that are not removed, in groups
that are not archived (a comment also needs its post). Anything else leaves the index when it changes
(`search.signal_handlers` → `intranet.people.indexing.reindex`), and the query filters on the same fields and
checks the database again before it shows a hit.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from intranet.posts.models import Comment, Post, author_name

#: Defined for every index of the engine in search/folding.py.
FOLDED = "folded_name"


def conversation_search_fields():
    return [
        index.SearchField("body"),
        index.SearchField("group_name", boost=0.5),
        index.SearchField("author_name", boost=0.5, es_extra={"analyzer": FOLDED, "search_analyzer": FOLDED}),
        index.FilterField("conversation_group_id"),
        index.FilterField("searchable", type="BooleanField"),
        index.FilterField("created_at"),
    ]


class IndexedPost(index.Indexed, Post):
    # A post is found by the text of the documents attached to it, as library documents are by theirs.
    search_fields = [*conversation_search_fields(), index.SearchField("attachment_text")]

    class Meta:
        proxy = True
        verbose_name = _("post (search)")
        verbose_name_plural = _("posts (search)")

    @classmethod
    def get_indexed_objects(cls):
        return (
            cls.objects.filter(removed_at__isnull=True, group__archived_at__isnull=True)
            .select_related("group", "author")
            .prefetch_related("attachments")
        )

    @property
    def attachment_text(self):
        return "\n\n".join(
            attachment.extracted_text for attachment in self.attachments.all() if attachment.extracted_text
        )

    @property
    def conversation_group_id(self):
        return self.group_id

    @property
    def group_name(self):
        return self.group.name

    # Each proxy defines its own fields: the engine names a field after the class that defines it.
    @property
    def author_name(self):
        return _author_name(self)

    @property
    def searchable(self):
        return self.removed_at is None and self.group.archived_at is None


class IndexedComment(index.Indexed, Comment):
    search_fields = conversation_search_fields()

    class Meta:
        proxy = True
        verbose_name = _("comment (search)")
        verbose_name_plural = _("comments (search)")

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.filter(
            removed_at__isnull=True, post__removed_at__isnull=True, post__group__archived_at__isnull=True
        ).select_related("post__group", "author")

    @property
    def conversation_group_id(self):
        return self.post.group_id

    @property
    def group_name(self):
        return self.post.group.name

    @property
    def author_name(self):
        return _author_name(self)

    @property
    def searchable(self):
        return self.removed_at is None and self.post.removed_at is None and self.post.group.archived_at is None


def _author_name(text):
    # Someone who has left is "tidigare medarbetare" here too: their name finds nothing of theirs.
    return author_name(text.author)
