"""Redaktörer moderate every group: `groups.moderate_any_group`, and find and archive groups in the admin.

Editors get no add or delete permission on groups: staff create groups (and become their admins) through
the API, and a group is archived, never deleted.
"""

from django.db import migrations

EDITORS = "Redaktörer"
EDITOR_MODEL_PERMISSIONS = [
    ("groups", "moderate_any_group"),
    ("groups", "view_workgroup"),
    ("groups", "change_workgroup"),
]


def permissions(apps):
    from django.contrib.auth.management import create_permissions

    # Permissions for our own models are normally made after migrate; we need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Permission = apps.get_model("auth.Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in EDITOR_MODEL_PERMISSIONS
    ]


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors:
        editors.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("publishing", "0001_editor_and_writer_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
