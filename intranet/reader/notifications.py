"""My notifications (`/notiser/`) and what I am told by email (`/notiser/installningar/`).

Everything here is about the person asking: marking another's notification read finds nothing (404), as in the
API. The words are the notifications app's (`texts.describe`), the same in the app, the API and the digest.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from intranet.groups.models import WorkGroup
from intranet.notifications import services, texts
from intranet.notifications.models import GroupMute, NotificationSettings

from .forms import NotificationSettingsForm
from .htmx import done, failed, is_htmx, limited_writes

PER_PAGE = 20
HERE = "/notiser/"
SETTINGS = "/notiser/installningar/"


def shown(notification):
    """What the page shows of one notification."""
    notification.text = texts.describe(notification)
    notification.excerpt = texts.excerpt_text(notification)  # shown through the user_text filter
    notification.path = texts.target_path(notification)
    return notification


@limited_writes
def notification_list(request):
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "read_all":
            marked = services.mark_all_read(user)
            return done(request, _("All your notifications are marked as read (%(count)d).") % {"count": marked}, HERE)
        if action == "read":
            pk = request.POST.get("notification", "")
            if not pk.isdigit() or not services.mark_read(user, int(pk)):
                raise Http404(_("You have no notification with that id."))
            if is_htmx(request):
                notification = services.notifications_for(user).filter(pk=int(pk)).first()
                if notification is None:
                    raise Http404
                return render(request, "reader/notifications/_notification.html", {"notification": shown(notification)})
            return done(request, _("Marked as read."), HERE)
        return HttpResponseBadRequest(_("Unknown action."))
    page = Paginator(services.notifications_for(user), PER_PAGE).get_page(request.GET.get("sida"))
    notifications = [shown(notification) for notification in page.object_list]
    return render(
        request,
        "reader/notifications/list.html",
        {"notifications": notifications, "listing": page, "any_unread": any(n.read_at is None for n in notifications)},
    )


@limited_writes
def notification_settings(request):
    user = request.user
    choices = services.settings_for(user)
    form = NotificationSettingsForm(instance=choices)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "unmute":
            group_id = request.POST.get("group", "")
            group = WorkGroup.objects.filter(pk=int(group_id)).first() if group_id.isdigit() else None
            if group is None:
                return failed(request, _("There is no group with that id."), SETTINGS)
            services.unmute(user, group)
            return done(request, _("You get notifications from %(group)s again.") % {"group": group.name}, SETTINGS)
        if action != "settings":
            return HttpResponseBadRequest(_("Unknown action."))
        # The row is made on the first change; until then the defaults hold.
        row = NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)
        form = NotificationSettingsForm(request.POST, instance=row)
        if form.is_valid():
            form.save()
            return done(request, _("Your choices are saved."), SETTINGS)
    muted = GroupMute.objects.filter(user=user).select_related("group").order_by("group__name")
    return render(
        request,
        "reader/notifications/settings.html",
        {"form": form, "muted": muted},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
