"""Replace Wagtail's welcome page with the intranet's start page as the site root."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("pages.HomePage")

    welcome = Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page")
    if HomePage.objects.exists():
        return
    welcome.delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(app_label="pages", model="homepage")
    homepage = HomePage.objects.create(
        title="Intranätet",
        draft_title="Intranätet",
        slug="start",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/start/",
        locale=Locale.objects.first(),
        live=True,
    )
    Page.objects.filter(pk=root.pk).update(numchild=Page.objects.filter(depth=2).count())
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page_id": homepage.pk, "site_name": "Intranätet"}
    )


def remove_homepage(apps, schema_editor):
    HomePage = apps.get_model("pages.HomePage")
    Site = apps.get_model("wagtailcore.Site")
    Site.objects.filter(root_page__in=HomePage.objects.all()).delete()
    for homepage in HomePage.objects.all():
        homepage.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
