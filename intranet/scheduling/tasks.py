from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled_pages():
    """Publish and unpublish pages whose go-live or expiry time has passed (Wagtail's own command)."""
    call_command("publish_scheduled")
