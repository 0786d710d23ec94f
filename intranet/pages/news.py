"""Whose news is it? The rules behind the personal start page's news list."""

from django.db.models import Case, CharField, Q, Value, When

from intranet.access.visibility import visible_pages
from intranet.organisation.models import department_of

from .models import NewsPage

SCOPE_MINE = "mine"
SCOPE_ALL = "all"

REASON_DEPARTMENT = "department"
REASON_MUNICIPALITY = "municipality"
REASON_ALL = "all"


def news_for(user, scope=SCOPE_MINE):
    """Live news the user may open, newest first, each annotated with `reason`: why it is in the list.

    "mine" is the user's own department's news plus municipality-wide news;
    "all" is every department's news too (the "all departments" switch).
    """
    department = department_of(user)
    news = visible_pages(user, NewsPage.objects.live()).select_related("department", "content_owner__profile")
    reason_when = [When(department__isnull=True, then=Value(REASON_MUNICIPALITY))]
    if department is not None:
        reason_when.append(When(department=department, then=Value(REASON_DEPARTMENT)))
    if scope == SCOPE_MINE:
        mine = Q(department__isnull=True)
        if department is not None:
            mine |= Q(department=department)
        news = news.filter(mine)
    return news.annotate(reason=Case(*reason_when, default=Value(REASON_ALL), output_field=CharField())).order_by(
        "-date", "-first_published_at", "-pk"
    )
