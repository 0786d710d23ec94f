"""Groups on the reader site: the list, a group with its posts, a post with its comments, and the members page.

Reading: every logged-in employee reads every group, archived ones too. Every change goes through the groups'
and posts' services, which decide who may do it (`intranet.groups.permissions`); a refusal the person could not
have been offered (a non-member posting, a member removing someone else's post) answers 403, a refusal of the
moment (the group was archived meanwhile) is a message. Forms post to the page they are on; with htmx the
answer is the changed part of the page (`htmx.py`).
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from intranet.groups import permissions
from intranet.groups import services as group_services
from intranet.groups.models import GroupKind, JoinPolicy, JoinRequest, Membership, RequestStatus, Role, WorkGroup
from intranet.notifications.models import GroupMute
from intranet.notifications.services import mute, unmute
from intranet.organisation.models import display_name
from intranet.posts import services as post_services
from intranet.posts.api import ReactionCounts
from intranet.posts.models import Comment, Mention, Post, ReactionKind

from .forms import CommentForm, EditForm, GroupFilterForm, JoinRequestForm, PostForm, ReasonForm
from .htmx import back, done, failed, is_htmx, limited_writes

GROUPS_PER_PAGE = 20
POSTS_PER_PAGE = 20


# Reading ------------------------------------------------------------------------------------------------------


def group_or_404(slug):
    return get_object_or_404(WorkGroup.objects.select_related("department"), slug=slug)


def group_url(group):
    return f"/grupper/{group.slug}/"


def post_url(post):
    return f"/grupper/{post.group.slug}/inlagg/{post.pk}/"


def with_mentions(queryset):
    """The people a text mentions, for the sanitiser to link them (one query for a page of texts)."""
    return queryset.select_related("author").prefetch_related(
        Prefetch("mentions", queryset=Mention.objects.select_related("user"))
    )


def posts_of(group):
    """The group's readable posts, newest first, with what a post shows: author, mentions, files, comments."""
    return with_mentions(
        Post.objects.visible()
        .filter(group=group)
        .prefetch_related("attachments")
        .annotate(comment_count=Count("comments", filter=Q(comments__removed_at__isnull=True)))
        .order_by("-created_at", "-pk")
    )


def reaction_rows(counts, pk):
    """Each kind of reaction with its count and whether I gave it, for the buttons."""
    summary = counts.of(pk)
    return [
        {"kind": kind, "label": label, "count": summary["counts"][kind], "mine": kind in summary["mine"]}
        for kind, label in ReactionKind.choices
    ]


def prepare_posts(posts, group, user):
    """What the template asks of each post, answered for the whole page at once."""
    counts = ReactionCounts("post", [post.pk for post in posts], user)
    may_post = permissions.can_post(user, group)
    may_moderate = permissions.can_moderate(user, group) and not group.is_archived
    for post in posts:
        post.group = group
        post.url = post_url(post)
        post.dom_id = f"inlagg-{post.pk}"
        post.reaction_rows = reaction_rows(counts, post.pk)
        post.may_edit = may_post and post.author_id == user.pk
        post.may_delete = post.author_id == user.pk
        post.may_remove = may_moderate and post.author_id != user.pk
    return posts


def comment_threads(post, user):
    """Top comments with their replies (one level); a removed top comment with live replies is a placeholder."""
    comments = list(with_mentions(Comment.objects.filter(post=post)).order_by("created_at", "pk"))
    shown = [comment for comment in comments if not comment.is_removed]
    counts = ReactionCounts("comment", [comment.pk for comment in shown], user)
    may_post = permissions.can_post(user, post.group)
    may_moderate = permissions.can_moderate(user, post.group) and not post.group.is_archived
    replies = defaultdict(list)
    for comment in shown:
        comment.post = post
        comment.dom_id = f"kommentar-{comment.pk}"
        comment.reaction_rows = reaction_rows(counts, comment.pk)
        comment.may_edit = may_post and comment.author_id == user.pk
        comment.may_delete = comment.author_id == user.pk
        comment.may_remove = may_moderate and comment.author_id != user.pk
        if comment.parent_id:
            replies[comment.parent_id].append(comment)
    return [
        {"comment": top, "replies": replies[top.pk]}
        for top in comments
        if top.parent_id is None and (not top.is_removed or replies[top.pk])
    ]


def group_list(request):
    form = GroupFilterForm(request.GET or None)
    show, query = "alla", ""
    if form.is_valid():
        show, query = form.cleaned_data["visa"] or "alla", form.cleaned_data["q"].strip()
    groups = WorkGroup.objects.select_related("department").annotate(members_count=Count("memberships"))
    groups = groups.filter(archived_at__isnull=show != "arkiverade")
    if show == "mina":
        groups = groups.filter(pk__in=Membership.objects.filter(user=request.user).values("group_id"))
    if query:
        groups = groups.filter(name__icontains=query)
    page = Paginator(groups.order_by("name", "pk"), GROUPS_PER_PAGE).get_page(request.GET.get("sida"))
    permissions.remember_memberships(request.user, page.object_list)
    pending = set(
        JoinRequest.objects.filter(
            user=request.user, status=RequestStatus.PENDING, group__in=list(page.object_list)
        ).values_list("group_id", flat=True)
    )
    for group in page.object_list:
        group.my_membership = permissions.membership_of(request.user, group)
        group.request_pending = group.pk in pending
    return render(
        request,
        "reader/groups/list.html",
        {"form": form, "groups": page, "show": show, "query": query, "reader_area": "groups"},
    )


def group_context(request, group, post_form=None):
    user = request.user
    membership = permissions.membership_of(user, group)
    page = Paginator(posts_of(group), POSTS_PER_PAGE).get_page(request.GET.get("sida"))
    posts = prepare_posts(list(page.object_list), group, user)
    return {
        "group": group,
        "membership": membership,
        "is_admin": membership is not None and membership.role == Role.ADMIN,
        "may_post": permissions.can_post(user, group),
        "may_moderate": permissions.can_moderate(user, group),
        "members_count": group.memberships.count(),
        "pending_request": None if membership else group_services.pending_request(user, group),
        "muted": membership is not None and GroupMute.objects.filter(user=user, group=group).exists(),
        "posts": posts,
        "posts_page": page,
        "post_form": post_form or PostForm(),
        "join_form": JoinRequestForm(),
        "reader_area": "groups",
        "is_open": group.join_policy == JoinPolicy.OPEN,
        "is_department_group": group.kind == GroupKind.DEPARTMENT,
    }


@limited_writes
def group_page(request, slug):
    group = group_or_404(slug)
    if request.method == "POST":
        return group_action(request, group)
    return render(request, "reader/groups/group.html", group_context(request, group))


# Changing a group or one's membership -------------------------------------------------------------------


def refused_by_group(error):
    if error.code == "forbidden":
        raise PermissionDenied(error.message)


def group_action(request, group):
    action = request.POST.get("action")
    here = group_url(group)
    if action == "post":
        return write_post(request, group)
    user = request.user
    try:
        if action == "join":
            group_services.join_group(user, group)
            return done(request, _("You are now a member of %(group)s.") % {"group": group.name}, here)
        if action == "leave":
            group_services.leave_group(user, group)
            return done(request, _("You have left %(group)s.") % {"group": group.name}, here)
        if action == "request":
            form = JoinRequestForm(request.POST)
            if not form.is_valid():
                return failed(request, _("The message can be at most 1000 characters long."), here)
            group_services.request_to_join(user, group, form.cleaned_data["message"])
            return done(request, _("Your request is sent. A group admin will answer."), here)
        if action == "withdraw":
            join_request = group_services.pending_request(user, group)
            if join_request is None:
                return failed(request, _("The request has already been answered or withdrawn."), here)
            group_services.withdraw_request(user, join_request)
            return done(request, _("Your request is withdrawn."), here)
    except group_services.GroupError as error:
        refused_by_group(error)
        return failed(request, error.message, here)
    if action in ("mute", "unmute"):
        if action == "mute":
            mute(user, group)
            return done(request, _("You will get no notifications from %(group)s.") % {"group": group.name}, here)
        unmute(user, group)
        return done(request, _("You get notifications from %(group)s again.") % {"group": group.name}, here)
    return HttpResponseBadRequest(_("Unknown action."))


def write_post(request, group):
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            post_services.write_post(request.user, group, form.cleaned_data["body"])
        except post_services.Refused as error:
            raise PermissionDenied(str(error)) from error
        except ValidationError as error:
            form.add_error("body", error)
    if form.is_valid():
        if is_htmx(request):
            context = group_context(request, group)
            context["published"] = True
            return render(request, "reader/groups/_posts.html", context)
        return done(request, _("Your post is published."), group_url(group))
    # What was typed comes back in the form with the reason: nothing is lost.
    context = group_context(request, group, post_form=form)
    if is_htmx(request):
        return render(request, "reader/groups/_posts.html", context)
    return render(request, "reader/groups/group.html", context, status=400)


# A post and its comments --------------------------------------------------------------------------------


def find_post(group, post_id):
    post = posts_of(group).filter(pk=post_id).first()
    if post is None:
        raise Http404(_("The post has been removed or never existed."))
    return post


def post_context(request, group, post, comment_form=None, mode=None):
    user = request.user
    prepare_posts([post], group, user)
    return {
        "group": group,
        "post": post,
        "threads": comment_threads(post, user),
        "may_post": permissions.can_post(user, group),
        "comment_form": comment_form or CommentForm(),
        "mode": mode or read_mode(request),
        "reader_area": "groups",
    }


def read_mode(request):
    """`?redigera=inlagg|<comment id>` opens an edit form, `?ta-bort=…` the removal form with its reason."""
    for parameter, mode in (("redigera", "edit"), ("ta-bort", "remove"), ("visa", "show")):
        value = request.GET.get(parameter)
        if value:
            return {"action": mode, "target": value}
    return {}


@limited_writes
def post_page(request, slug, post_id):
    group = group_or_404(slug)
    post = find_post(group, post_id)
    if request.method == "POST":
        return post_action(request, group, post)
    context = post_context(request, group, post)
    if is_htmx(request) and context["mode"]:
        return render_item(request, context, context["mode"]["target"])
    return render(request, "reader/groups/post.html", context)


def render_item(request, context, target, status=200):
    """The fragment of one post or comment (in the mode the context asks for)."""
    if target == "inlagg":
        return render(request, "reader/groups/_post.html", context, status=status)
    for thread in context["threads"]:
        for comment in [thread["comment"], *thread["replies"]]:
            if str(comment.pk) == str(target) and not comment.is_removed:
                return render(request, "reader/groups/_comment.html", {**context, "comment": comment}, status=status)
    raise Http404


def target_comment(request, post):
    comment_id = request.POST.get("comment", "")
    if not comment_id:
        return None
    if not comment_id.isdigit():
        raise Http404
    comment = Comment.objects.visible().filter(post=post, pk=int(comment_id)).select_related("post__group").first()
    if comment is None:
        raise Http404(_("The comment has been removed or never existed."))
    return comment


def post_action(request, group, post):
    action = request.POST.get("action")
    if action == "comment":
        return write_comment(request, group, post)
    comment = target_comment(request, post)
    item = comment or post
    target = str(comment.pk) if comment else "inlagg"
    here = post_url(post) + (f"#kommentar-{comment.pk}" if comment else "")
    try:
        if action == "react":
            kind = request.POST.get("kind")
            if kind not in ReactionKind.values:
                return HttpResponseBadRequest(_("Unknown reaction."))
            if request.POST.get("undo") == "1":
                post_services.unreact(request.user, item, kind)
            else:
                post_services.react(request.user, item, kind)
            return item_changed(request, group, post, target, here)
        if action == "edit":
            form = EditForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["body"])
            post_services.edit(request.user, item, form.cleaned_data["body"])
            return item_changed(request, group, post, target, here, _("Your changes are saved."))
        if action == "delete":
            post_services.delete_own(request.user, item)
            return item_gone(request, group, post, comment, _("Deleted."))
        if action == "remove":
            form = ReasonForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            post_services.remove(request.user, item, reason)
            return item_gone(request, group, post, comment, _("Removed. The reason is in the moderation log."))
    except post_services.Refused as error:
        raise PermissionDenied(str(error)) from error
    except post_services.Gone:
        raise Http404(_("The post has been removed or never existed.")) from None
    except ValidationError as error:
        text = " ".join(error.messages)
        if is_htmx(request):
            mode = {"action": action, "target": target, "error": text, "value": request.POST}
            fresh = find_post(group, post.pk)
            return render_item(request, post_context(request, group, fresh, mode=mode), target)
        messages.error(request, text)
        # Back to the form, with the text typed: the full page shows it in the same mode.
        context = post_context(
            request, group, post, mode={"action": action, "target": target, "error": text, "value": request.POST}
        )
        return render(request, "reader/groups/post.html", context, status=400)
    return HttpResponseBadRequest(_("Unknown action."))


def item_changed(request, group, post, target, here, text=None):
    if is_htmx(request):
        fresh = find_post(group, post.pk)
        return render_item(request, post_context(request, group, fresh, mode={}), target)
    if text:
        messages.success(request, text)
    return back(request, here)


def item_gone(request, group, post, comment, text):
    if is_htmx(request):
        return render(request, "reader/groups/_gone.html", {"text": text})
    if comment is None:
        return done(request, text, group_url(group))
    return done(request, text, post_url(post))


def write_comment(request, group, post):
    form = CommentForm(request.POST)
    comment = None
    if form.is_valid():
        reply_to = None
        if form.cleaned_data.get("reply_to"):
            reply_to = Comment.objects.filter(post=post, pk=form.cleaned_data["reply_to"]).first()
            if reply_to is None:
                raise Http404(_("The comment has been removed or never existed."))
        try:
            comment = post_services.write_comment(request.user, post, form.cleaned_data["body"], reply_to=reply_to)
        except post_services.Refused as error:
            raise PermissionDenied(str(error)) from error
        except post_services.Gone:
            raise Http404(_("The comment has been removed or never existed.")) from None
        except ValidationError as error:
            form.add_error("body", error)
    if comment is not None and not is_htmx(request):
        return done(request, _("Your comment is published."), post_url(post) + f"#kommentar-{comment.pk}")
    context = post_context(request, group, find_post(group, post.pk), comment_form=None if comment else form)
    context["reply_form_for"] = form.cleaned_data.get("reply_to") if comment is None and form.is_bound else None
    if is_htmx(request):
        return render(request, "reader/groups/_comments.html", context)
    return render(request, "reader/groups/post.html", context, status=400)


# Members ------------------------------------------------------------------------------------------------


@limited_writes
def members_page(request, slug):
    group = group_or_404(slug)
    here = f"/grupper/{group.slug}/medlemmar/"
    if request.method == "POST":
        return members_action(request, group, here)
    may_manage = permissions.can_moderate(request.user, group)
    memberships = (
        Membership.objects.filter(group=group)
        .select_related("user__profile")
        .order_by("-role", "user__first_name", "user__last_name", "pk")
    )
    requests = []
    if may_manage:
        requests = list(
            JoinRequest.objects.filter(group=group, status=RequestStatus.PENDING)
            .select_related("user")
            .order_by("created_at")
        )
    return render(
        request,
        "reader/groups/members.html",
        {
            "group": group,
            "memberships": memberships,
            "requests": requests,
            "may_manage": may_manage and not group.is_archived,
            "is_department_group": group.kind == GroupKind.DEPARTMENT,
            "reader_area": "groups",
        },
    )


def members_action(request, group, here):
    action = request.POST.get("action")
    actor = request.user
    try:
        if action in ("approve", "decline"):
            join_request = JoinRequest.objects.filter(group=group, pk=_number(request.POST.get("request"))).first()
            if join_request is None:
                raise Http404
            if action == "approve":
                group_services.approve_request(actor, join_request)
                return done(request, _("The request is approved."), here)
            group_services.decline_request(actor, join_request)
            return done(request, _("The request is declined."), here)
        if action == "add":
            if not permissions.can_moderate(actor, group):  # before telling anyone which usernames exist
                raise PermissionDenied
            username = request.POST.get("username", "").strip().lstrip("@")
            colleague = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
            if colleague is None:
                return failed(
                    request, _("Nobody at work here has the username %(name)s.") % {"name": username[:150]}, here
                )
            group_services.add_member(actor, group, colleague)
            return done(request, _("%(name)s is now a member.") % {"name": display_name(colleague)}, here)
        membership = (
            Membership.objects.filter(group=group, user_id=_number(request.POST.get("user")))
            .select_related("user")
            .first()
        )
        if membership is None:
            raise Http404
        if action == "promote":
            group_services.promote(actor, group, membership.user)
            return done(request, _("The person is now a group admin."), here)
        if action == "demote":
            group_services.demote(actor, group, membership.user)
            return done(request, _("The person is now a member."), here)
        if action == "remove":
            group_services.remove_member(actor, group, membership.user)
            return done(request, _("The person is no longer a member."), here)
    except group_services.GroupError as error:
        refused_by_group(error)
        return failed(request, error.message, here)
    return HttpResponseBadRequest(_("Unknown action."))


def _number(value):
    return int(value) if value and str(value).isdigit() else 0
