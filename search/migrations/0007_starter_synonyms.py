"""Load the starter synonyms (search/synonyms/*.txt) into the editors' synonym snippet on install.

Reversing removes the starter groups that are still as shipped; groups editors added or changed stay.
"""

from django.db import migrations


def load_starter_synonyms(apps, schema_editor):
    from search.synonyms import starter_groups

    Synonym = apps.get_model("intranet_search", "Synonym")
    # A group an editor already keeps under the same words stays as it is.
    Synonym.objects.bulk_create([Synonym(terms=group) for group in starter_groups()], ignore_conflicts=True)


def remove_starter_synonyms(apps, schema_editor):
    from search.synonyms import starter_groups

    Synonym = apps.get_model("intranet_search", "Synonym")
    Synonym.objects.filter(terms__in=starter_groups()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intranet_search", "0006_search_clicks"),
    ]

    operations = [migrations.RunPython(load_starter_synonyms, remove_starter_synonyms)]
