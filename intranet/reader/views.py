from django.views.generic import TemplateView


class AccessibilityStatementView(TemplateView):
    """Tillgänglighetsredogörelse: what the law (DOS-lagen) asks a public-sector site to publish about itself."""

    template_name = "reader/accessibility_statement.html"
