"""Posts and comments follow their own changes and their group's in the index (search.conversation_index)."""

from django.db.models.signals import post_delete, post_save, pre_save

from intranet.groups.models import WorkGroup
from intranet.organisation.signals import user_deactivated
from intranet.people.indexing import reindex
from intranet.posts.models import Attachment, Comment, Post

from .conversation_index import IndexedComment, IndexedPost


def post_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    reindex(IndexedPost, [instance.pk])
    if instance.removed_at is not None:
        # A removed post takes its comments out of search with it.
        reindex(IndexedComment, Comment.objects.filter(post=instance).values_list("pk", flat=True))


def comment_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex(IndexedComment, [instance.pk])


def attachment_changed(sender, instance, raw=False, **kwargs):
    # A file's text is read after the upload, and a file may be taken away: the post is indexed again.
    if not raw:
        reindex(IndexedPost, [instance.post_id])


def post_deleted(sender, instance, **kwargs):
    reindex(IndexedPost, [instance.pk])


def comment_deleted(sender, instance, **kwargs):
    reindex(IndexedComment, [instance.pk])


def remember_group_before_save(sender, instance, raw=False, **kwargs):
    before = None if raw or instance.pk is None else WorkGroup.objects.filter(pk=instance.pk).first()
    instance._indexed_state = (before.name, before.archived_at is None) if before else None


def group_saved(sender, instance, created, raw=False, **kwargs):
    # Archiving (or restoring) takes every post and comment out of search (or back); a new name is in each hit.
    before = getattr(instance, "_indexed_state", None)
    if raw or created or before is None or before == (instance.name, instance.archived_at is None):
        return
    reindex(IndexedPost, Post.objects.filter(group=instance).values_list("pk", flat=True))
    reindex(IndexedComment, Comment.objects.filter(post__group=instance).values_list("pk", flat=True))


def author_deactivated(sender, user, **kwargs):
    # Their posts stay, under "tidigare medarbetare": the name they were indexed under goes.
    reindex(IndexedPost, Post.objects.filter(author=user).values_list("pk", flat=True))
    reindex(IndexedComment, Comment.objects.filter(author=user).values_list("pk", flat=True))


def register():
    post_save.connect(post_saved, sender=Post, dispatch_uid="search_index_post")
    post_save.connect(comment_saved, sender=Comment, dispatch_uid="search_index_comment")
    post_delete.connect(post_deleted, sender=Post, dispatch_uid="search_index_post_deleted")
    post_save.connect(attachment_changed, sender=Attachment, dispatch_uid="search_index_attachment_saved")
    post_delete.connect(attachment_changed, sender=Attachment, dispatch_uid="search_index_attachment_deleted")
    post_delete.connect(comment_deleted, sender=Comment, dispatch_uid="search_index_comment_deleted")
    pre_save.connect(remember_group_before_save, sender=WorkGroup, dispatch_uid="search_group_before_save")
    post_save.connect(group_saved, sender=WorkGroup, dispatch_uid="search_index_group")
    user_deactivated.connect(author_deactivated, dispatch_uid="search_index_author_deactivated")
