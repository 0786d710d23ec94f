import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, Revision

from intranet.groups.models import GroupKind, JoinRequest, Membership, WorkGroup
from intranet.notifications.models import Notification
from intranet.organisation.models import Department, EmployeeProfile
from intranet.pages.models import GuidePage, NewsPage, PolicyPage
from intranet.posts.models import Comment, Mention, Post, Reaction
from intranet.publishing.services import publishing_routes

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "users": get_user_model().objects.count(),
        "profiles": list(EmployeeProfile.objects.order_by("pk").values_list("department", "manager", "job_title")),
        "departments": Department.objects.count(),
        "pages": list(Page.objects.order_by("pk").values_list("pk", "title", "live", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "groups": list(WorkGroup.objects.order_by("pk").values_list("pk", "name")),
        "memberships": Membership.objects.count(),
        "posts": Post.objects.count(),
        "comments": Comment.objects.count(),
        "reactions": Reaction.objects.count(),
        "notifications": Notification.objects.count(),
    }


def test_seed_demo_builds_a_municipality_and_a_second_run_changes_nothing(client):
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()
    User = get_user_model()
    assert Department.objects.count() == 6
    assert User.objects.filter(groups__name="Redaktörer").count() == 20
    assert User.objects.filter(groups__name="Skribenter").count() == 40
    assert User.objects.count() == 260
    assert len(publishing_routes()) == 20
    assert NewsPage.objects.live().count() == 60
    assert NewsPage.objects.filter(department__isnull=True).count() > 0
    assert NewsPage.objects.values("department").distinct().count() == 7  # six departments and "everyone"
    assert GuidePage.objects.live().count() == 25
    assert PolicyPage.objects.live().count() == 15
    for title in ("Beställa tjänsteresa", "Boka elcykel", "Beställa IT-utrustning"):
        assert GuidePage.objects.filter(title=title).exists()
    for title in ("Inköpsregler", "Resepolicy"):
        assert PolicyPage.objects.filter(title=title).exists()
    content = list(GuidePage.objects.all()) + list(PolicyPage.objects.all()) + list(NewsPage.objects.all())
    assert all(page.content_owner_id for page in content)
    assert any(page.review_date < today for page in content), "some overdue"
    assert any(today <= page.review_date <= today + timezone.timedelta(days=30) for page in content), "some due soon"
    assert EmployeeProfile.objects.filter(manager__isnull=False).count() == 259  # all but the chief executive
    for login in ("redaktor", "skribent", "medarbetare"):
        assert User.objects.get(username=login).check_password("intranat-demo")

    # A living intranet: every department its group, staff groups, conversations with mentions
    department_groups = WorkGroup.objects.filter(kind=GroupKind.DEPARTMENT)
    assert department_groups.count() == 6
    # Everyone in their department's group (and the chief executive also an admin of the five others).
    in_own_department = Membership.objects.filter(
        group__kind=GroupKind.DEPARTMENT, group__department=F("user__profile__department"), source="directory"
    )
    assert in_own_department.count() == 260
    assert WorkGroup.objects.filter(kind=GroupKind.STAFF).count() == 8
    assert JoinRequest.objects.filter(status="pending").count() == 2
    assert Post.objects.count() == 320 and Comment.objects.count() > 300
    assert Comment.objects.filter(parent__isnull=False).exists(), "some replies"
    assert Mention.objects.count() > 100 and Reaction.objects.exists()
    assert Notification.objects.filter(kind="mention").exists()
    staff = User.objects.get(username="medarbetare")
    assert Membership.objects.filter(user=staff).count() >= 2

    client.force_login(staff)
    html = client.get(GuidePage.objects.get(title="Boka elcykel").url).content.decode()
    assert "Hämta nyckel och hjälm i receptionen." in html
    assert "None" not in html

    before = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == before
