from django.core.management import call_command
from django_tasks import task


@task()
def rebuild_search_index():
    """Build a new index beside the old one and swap them (Wagtail's atomic rebuild): no empty window."""
    call_command("update_index", verbosity=0)
