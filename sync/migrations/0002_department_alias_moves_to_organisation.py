"""DepartmentAlias moves to the organisation app, where department lookup lives; its rows stay.

The table is renamed here; organisation's 0002 takes the model over in Django's state and moves its
content type, so the editors' permissions on it (publishing 0002) come along.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("directory_sync", "0001_initial"),
        # Its permissions were granted under this app's label; the grant must have run first.
        ("publishing", "0002_editors_manage_search_and_directory_vocabulary"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DepartmentAlias")],
            database_operations=[
                migrations.AlterModelTable(name="DepartmentAlias", table="organisation_departmentalias")
            ],
        )
    ]
