"""Redaktörer keep the synonyms, the promoted answers, the directory's department spellings and the profiles.

The README and docs/permissions.md promised editors these snippets, but the group lacked the model
permissions, so Wagtail sent them back to the dashboard. Profiles come from the directory: editors may
read and correct them (the next sync overwrites what the directory decides), not create or delete them.
"""

from django.db import migrations


EDITORS = "Redaktörer"
EDITOR_MODEL_PERMISSIONS = [
    ("intranet_search", "add_synonym"),
    ("intranet_search", "change_synonym"),
    ("intranet_search", "delete_synonym"),
    ("intranet_search", "view_synonym"),
    ("intranet_search", "add_promotedanswer"),
    ("intranet_search", "change_promotedanswer"),
    ("intranet_search", "delete_promotedanswer"),
    ("intranet_search", "view_promotedanswer"),
    ("directory_sync", "add_departmentalias"),
    ("directory_sync", "change_departmentalias"),
    ("directory_sync", "delete_departmentalias"),
    ("directory_sync", "view_departmentalias"),
    ("organisation", "view_employeeprofile"),
    ("organisation", "change_employeeprofile"),
    ("organisation", "view_department"),
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
        ("publishing", "0001_editor_and_writer_groups"),
        ("intranet_search", "0001_initial"),
        ("directory_sync", "0001_initial"),
        ("organisation", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
