"""Comments carry their post's group, so that "comments in my groups, newest first" follows an index.

The group is added empty, filled from each comment's post in one UPDATE, then required. Backwards the column
is dropped: nothing is lost, it is a copy of the post's group.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_group_from_post(apps, schema_editor):
    Comment = apps.get_model("posts", "Comment")
    Post = apps.get_model("posts", "Post")
    Comment.objects.filter(group__isnull=True).update(
        group_id=Subquery(Post.objects.filter(pk=OuterRef("post_id")).values("group_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0002_editors_moderate_any_group"),
        ("posts", "0002_attachments"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="group",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="groups.workgroup",
                verbose_name="group",
            ),
        ),
        migrations.RunPython(copy_group_from_post, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="comment",
            name="group",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="groups.workgroup",
                verbose_name="group",
            ),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["group", "-created_at"], name="posts_comme_group_i_ff9dc5_idx"),
        ),
    ]
