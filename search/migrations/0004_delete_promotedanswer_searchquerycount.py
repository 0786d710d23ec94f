"""Our promoted answers and search counts now live in Wagtail's models (0003 moved them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("intranet_search", "0003_move_promotions_and_counts_to_wagtail"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="promotedanswer",
            name="page",
        ),
        migrations.DeleteModel(
            name="SearchQueryCount",
        ),
        migrations.DeleteModel(
            name="PromotedAnswer",
        ),
    ]
