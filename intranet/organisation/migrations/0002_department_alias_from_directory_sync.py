"""DepartmentAlias comes from the directory sync app (its table was renamed by directory_sync 0002)."""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(source, target):
    """Relabel the model's content type, so that the permissions granted on it follow the model."""

    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Permission = apps.get_model("auth", "Permission")
        moving = ContentType.objects.filter(app_label=source, model="departmentalias").first()
        if moving is None:
            return
        # Migrated backwards and forwards again, Django has meanwhile made a content type under the other label
        # (after migrate, for the model in the code): its grants join the moving one's, then it gives way.
        for duplicate in ContentType.objects.filter(app_label=target, model="departmentalias"):
            for permission in Permission.objects.filter(content_type=duplicate):
                kept = Permission.objects.filter(content_type=moving, codename=permission.codename).first()
                if kept is not None:
                    kept.group_set.add(*permission.group_set.all())
                    kept.user_set.add(*permission.user_set.all())
            duplicate.delete()
        moving.app_label = target
        moving.save(update_fields=["app_label"])

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_initial"),
        ("directory_sync", "0002_department_alias_moves_to_organisation"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DepartmentAlias",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "directory_name",
                            models.CharField(max_length=200, unique=True, verbose_name="name in the directory"),
                        ),
                        (
                            "department",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="aliases",
                                to="organisation.department",
                                verbose_name="department",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "department name in the directory",
                        "verbose_name_plural": "department names in the directory",
                        "ordering": ["directory_name"],
                    },
                )
            ],
        ),
        migrations.RunPython(
            move_content_type("directory_sync", "organisation"), move_content_type("organisation", "directory_sync")
        ),
    ]
