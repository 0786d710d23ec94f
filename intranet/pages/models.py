"""The intranet's page types. The page tree is a contract: each type says where it may live.

HomePage
├── NewsIndexPage → NewsPage
├── GuideIndexPage → GuidePage
├── PolicyIndexPage → PolicyPage
└── InfoPage → InfoPage
"""

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from intranet.access.visibility import Visibility, visible_pages
from intranet.archive.deletion import RecordKeepingPermissionTester
from intranet.headless.models import HeadlessPreviewable
from intranet.organisation.models import Department
from intranet.ownership.chooser import content_owner_chooser_viewset
from intranet.ownership.forms import OwnedContentPageForm, PublishingRulesCopyForm
from intranet.ownership.models import OwnedContentMixin

from .blocks import BodyBlock, DocumentListBlock, LinkListBlock
from .serializers import ContentOwnerField, DepartmentField, ReviewStatusField


class RulesOnEveryRoute:
    """What Wagtail asks a page type on every route: who may delete or move it, and how a copy is checked.

    The rules live with their apps (deleting records: intranet.archive.deletion; publishing:
    intranet.ownership); every page type carries this, so that no section is an exception.
    """

    copy_form_class = PublishingRulesCopyForm

    def permissions_for_user(self, user):
        return RecordKeepingPermissionTester(user, self)

    def delete(self, *args, **kwargs):
        # All or nothing: Wagtail logs "wagtail.delete" for each page before deleting; a deletion refused on
        # the way (refuse_deletion_without_reason) must not leave those lines for pages that are still there.
        with transaction.atomic():
            return super().delete(*args, **kwargs)


def with_ownership_on_first_tab(content_panels):
    """A content page's edit form: its content, then its department, owner and review date, on the first tab.

    Ownership sits on the first tab, where nobody can miss it. Each page type with panels of its own declares
    `edit_handler = with_ownership_on_first_tab(content_panels)`, as Wagtail builds its default from the class's own
    panels; Wagtail binds and caches it per page type (`get_edit_handler`).
    """
    ownership = MultiFieldPanel(
        [
            FieldPanel("department"),
            FieldPanel("content_owner", widget=content_owner_chooser_viewset.widget_class),
            FieldPanel("review_date"),
        ],
        heading=_("Ownership and review"),
    )
    return TabbedInterface(
        [
            ObjectList([*content_panels, ownership], heading=_("Content")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )


class ContentPage(RulesOnEveryRoute, HeadlessPreviewable, OwnedContentMixin, Page):
    """What every content page has: a department, a lead, a body, an owner and a review date."""

    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        help_text=_("Leave empty for content that concerns the whole municipality."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead = models.TextField(_("lead"), help_text=_("One or two sentences that say what the page answers."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    base_form_class = OwnedContentPageForm

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("body"),
    ]
    edit_handler = with_ownership_on_first_tab(content_panels)

    search_fields = Page.search_fields + [
        index.SearchField("lead", boost=2),
        index.SearchField("body"),
        index.RelatedFields("department", [index.SearchField("name")]),
        index.RelatedFields("content_owner", [index.SearchField("first_name"), index.SearchField("last_name")]),
        index.FilterField("department"),
        index.FilterField("review_date"),
        # The words as written (lower-cased, not stemmed), for "did you mean" on the search engine.
        index.SearchField("spelling_text", es_extra={"analyzer": "spelling"}),
    ]

    api_fields = [
        APIField("lead"),
        APIField("body"),
        APIField("department", serializer=DepartmentField()),
        APIField("content_owner", serializer=ContentOwnerField()),
        APIField("review_date"),
        APIField("review_status", serializer=ReviewStatusField(source="review_date")),
        APIField("last_reviewed_at"),
        APIField("review_notice"),
        APIField("last_published_at"),
    ]

    class Meta:
        abstract = True

    def spelling_text(self):
        return f"{self.title} {self.lead}"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Templates ask `{% if document in visibility %}` before naming a linked document: the title of one in a
        # restricted collection is shown only to those who may open it.
        context["visibility"] = Visibility(request.user)
        return context


class ListingPage(RulesOnEveryRoute, HeadlessPreviewable, Page):
    """A page that opens with a short introduction and lists other pages: the start page and the sections."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        abstract = True

    def ordered_children(self):
        """The live children, in the order of the page tree (as editors arrange them)."""
        return self.get_children().live()

    def listed_children(self, user):
        """The live children `user` may open, in the page's order."""
        return visible_pages(user, self.ordered_children())


class IndexPage(ListingPage):
    """A section that lists its one type of children, in the order the section's type gives."""

    children_per_page = 20
    #: The order of the section's list; its children's fields may be named (a news item's date).
    children_order = ("title",)

    class Meta:
        abstract = True

    def ordered_children(self):
        (child_model,) = self.allowed_subpage_models()
        return child_model.objects.child_of(self).live().order_by(*self.children_order)

    def filter_children(self, request, children):
        """A section may narrow its list by the reader's choice (news by department); by default it does not."""
        return children

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = self.filter_children(request, self.listed_children(request.user))
        context["children"] = Paginator(children, self.children_per_page).get_page(request.GET.get("page"))
        return context


class HomePage(ListingPage):
    """The start page and the root of the intranet site."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.NewsIndexPage", "pages.GuideIndexPage", "pages.PolicyIndexPage", "pages.InfoPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.listed_children(request.user)
        return context


class NewsIndexPage(IndexPage):
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.NewsPage"]

    children_order = ("-date", "-first_published_at")

    class Meta:
        verbose_name = _("news index")

    def ordered_children(self):
        # The list shows each item's department and image: fetched with the page, not once per item.
        return super().ordered_children().select_related("department", "image")

    def filter_children(self, request, children):
        """`?department=<id>` shows one department's news; `?department=alla` the municipality-wide news."""
        department = request.GET.get("department", "")
        if department == "alla":
            return children.filter(department__isnull=True)
        if department.isdigit():
            return children.filter(department_id=int(department))
        return children

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["departments"] = Department.objects.order_by("name")
        context["department_filter"] = request.GET.get("department", "")
        return context


class NewsPage(ContentPage):
    """Department news; with no department it is news for the whole municipality."""

    date = models.DateField(_("date"), default=timezone.localdate)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = ContentPage.content_panels[:1] + [
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    edit_handler = with_ownership_on_first_tab(content_panels)
    search_fields = ContentPage.search_fields + [index.FilterField("date")]
    api_fields = ContentPage.api_fields + [APIField("date"), APIField("image")]

    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def default_review_date(self, today=None):
        # News is reviewed a year after it was published, not a year after it was written.
        return (self.date or today or timezone.localdate()) + self.review_interval


class GuideIndexPage(IndexPage):
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.GuidePage"]

    class Meta:
        verbose_name = _("guide index")


class GuidePage(ContentPage):
    """Practical help: "how do I …", answered in steps."""

    related_links = StreamField(LinkListBlock(), verbose_name=_("related links"), blank=True)
    documents = StreamField(DocumentListBlock(), verbose_name=_("documents"), blank=True)

    content_panels = ContentPage.content_panels + [FieldPanel("related_links"), FieldPanel("documents")]
    edit_handler = with_ownership_on_first_tab(content_panels)
    api_fields = ContentPage.api_fields + [APIField("related_links"), APIField("documents")]

    parent_page_types = ["pages.GuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")


class PolicyIndexPage(IndexPage):
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.PolicyPage"]

    class Meta:
        verbose_name = _("policy index")


class PolicyPage(ContentPage):
    """A governing document: who decided it, when, and for how long it applies."""

    decided_by = models.CharField(_("decided by"), max_length=200, help_text=_("For example Kommunfullmäktige."))
    decision_date = models.DateField(_("decision date"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("(optional) Leave empty if open-ended.")
    )
    documents = StreamField(DocumentListBlock(), verbose_name=_("documents"), blank=True)

    content_panels = ContentPage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("decided_by"), FieldPanel("decision_date"), FieldPanel("valid_from"), FieldPanel("valid_to")],
            heading=_("Decision"),
        ),
        FieldPanel("documents"),
    ]
    edit_handler = with_ownership_on_first_tab(content_panels)
    search_fields = ContentPage.search_fields + [index.SearchField("decided_by")]
    api_fields = ContentPage.api_fields + [
        APIField("decided_by"),
        APIField("decision_date"),
        APIField("valid_from"),
        APIField("valid_to"),
        APIField("documents"),
    ]

    parent_page_types = ["pages.PolicyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("A policy cannot stop applying before it starts.")})


class InfoPage(ContentPage):
    """A general page for a section of the intranet; may hold further info pages."""

    review_interval = relativedelta(months=6)

    parent_page_types = ["pages.HomePage", "pages.InfoPage"]
    subpage_types = ["pages.InfoPage"]

    class Meta:
        verbose_name = _("info page")
        verbose_name_plural = _("info pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = context["visibility"].pages(self.get_children().live().specific())
        return context
