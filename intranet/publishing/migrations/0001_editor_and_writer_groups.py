"""Redaktörer publish; Skribenter write and submit. Nobody else has a route to publishing.

Wagtail's stock "Moderators" and "Editors" groups and its default "Moderators
approval" workflow are removed: kept, they would be a second route to publishing
that nobody in the municipality manages. See docs/permissions.md.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Redaktörer"
WRITERS = "Skribenter"
WORKFLOW = "Redaktörsgranskning"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
WRITER_PAGE_PERMISSIONS = ["add_page", "change_page"]
# Wagtail checks document permissions against its own Document model, also with our custom model.
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtaildocs", "delete_document"),
]
WRITER_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
EDITOR_MODEL_PERMISSIONS = [
    ("organisation", "add_department"),
    ("organisation", "change_department"),
    ("organisation", "delete_department"),
]

STOCK_GROUPS = {
    "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Editors": ["add_page", "change_page", "lock_page"],
}
STOCK_WORKFLOW = "Moderators approval"


def ensure_permissions_exist(apps):
    # Permissions for our own models are normally made after migrate; we need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def permission(apps, app_label, codename):
    Permission = apps.get_model("auth.Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant(apps, group, page_codenames, collection_perms, model_perms=()):
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    group.permissions.add(permission(apps, "wagtailadmin", "access_admin"))
    for codename in page_codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=root_page, permission=permission(apps, "wagtailcore", codename)
        )
    for app_label, codename in collection_perms:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=permission(apps, app_label, codename)
        )
    for app_label, codename in model_perms:
        group.permissions.add(permission(apps, app_label, codename))


def create_groups_and_workflow(apps, schema_editor):
    ensure_permissions_exist(apps)
    Group = apps.get_model("auth.Group")
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    grant(apps, editors, EDITOR_PAGE_PERMISSIONS, EDITOR_COLLECTION_PERMISSIONS, EDITOR_MODEL_PERMISSIONS)
    writers, _ = Group.objects.get_or_create(name=WRITERS)
    grant(apps, writers, WRITER_PAGE_PERMISSIONS, WRITER_COLLECTION_PERMISSIONS)

    # Retire Wagtail's stock route to publishing.
    Workflow.objects.filter(name=STOCK_WORKFLOW).update(active=False)
    WorkflowPage.objects.filter(workflow__name=STOCK_WORKFLOW).delete()
    GroupApprovalTask.objects.filter(name=STOCK_WORKFLOW).update(active=False)
    Group.objects.filter(name__in=STOCK_GROUPS).delete()

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=WORKFLOW, defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([editors])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root_page = Page.objects.get(depth=1)
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


def restore_stock_setup(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Task = apps.get_model("wagtailcore.Task")

    WorkflowPage.objects.filter(workflow__name=WORKFLOW).delete()
    Workflow.objects.filter(name=WORKFLOW).delete()
    Task.objects.filter(name=WORKFLOW).delete()
    Group.objects.filter(name__in=[EDITORS, WRITERS]).delete()

    for name, codenames in STOCK_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        grant(apps, group, codenames, [])
    moderators = Group.objects.get(name="Moderators")
    stock_workflow = Workflow.objects.filter(name=STOCK_WORKFLOW).first()
    if stock_workflow:
        Workflow.objects.filter(pk=stock_workflow.pk).update(active=True)
        for task in GroupApprovalTask.objects.filter(name=STOCK_WORKFLOW):
            GroupApprovalTask.objects.filter(pk=task.pk).update(active=True)
            task.groups.set([moderators])
        WorkflowPage.objects.update_or_create(page=Page.objects.get(depth=1), defaults={"workflow": stock_workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("documents", "0001_initial"),
        ("organisation", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups_and_workflow, restore_stock_setup)]
