from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.static import serve


@login_not_required
def health(request):
    """For the load balancer: is the process up and can it reach its database?"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def protected_media(request, path):
    """Uploaded files, only for logged-in users (LoginRequiredMiddleware sees to that).

    A large installation lets the web server send the file (X-Sendfile or
    X-Accel-Redirect) after this check, instead of Python.
    """
    return serve(request, path, document_root=settings.MEDIA_ROOT)
