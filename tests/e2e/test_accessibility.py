"""Every reader template and the project's own admin screens pass axe-core's WCAG 2.1 A and AA rules; the site
works from the keyboard (a skip link first, focus always visible), in Debian's Chromium."""

import json

from .conftest import REPORTS, run_axe
from .pages import ADMIN_SCREENS, admin_edit_screens, reader_pages

#: Wagtail's own, not the project's: the "live" tag in the editor's header reads "Publicerad" while its name, from
#: Wagtail's Swedish catalogue, is "Synlig för alla. Besök live-sidan" (axe: label-content-name-mismatch).
WAGTAIL_OWN = (".page-status-tag",)


def check_pages(visitor, pages, report, exclude=()):
    """axe on each page; what it found is also written to var/e2e/axe-<report>.json for a reviewer."""
    found = {}
    for name, path in pages:
        visitor.page.goto(path)
        visitor.page.wait_for_load_state("networkidle")
        violations = run_axe(visitor.page, exclude)
        if violations:
            found[f"{name} {path}"] = violations
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"axe-{report}.json").write_text(
        json.dumps({"pages": [path for _, path in pages], "violations": found}, ensure_ascii=False, indent=2)
    )
    return found


def test_reader_pages_pass_axe(visitor):
    # axe is injected as a script of its own, which the strict policy would rightly refuse.
    staff = visitor(bypass_csp=True)
    staff.page.goto("/login/")
    assert check_pages(staff, [("login", "/login/")], "login") == {}
    staff.log_in("medarbetare")
    assert check_pages(staff, reader_pages(), "reader-1366") == {}


def test_reader_pages_pass_axe_on_a_phone(visitor):
    staff = visitor(bypass_csp=True, width=375, height=800)
    staff.log_in("medarbetare")
    assert check_pages(staff, reader_pages(), "reader-375") == {}


def test_project_admin_screens_pass_axe(visitor):
    editor = visitor(bypass_csp=True)
    editor.log_in("redaktor", next_path="/admin/")
    assert check_pages(editor, ADMIN_SCREENS + admin_edit_screens(), "admin", WAGTAIL_OWN) == {}


def test_the_skip_link_comes_first_and_focus_is_visible(visitor):
    staff = visitor()
    page = staff.log_in("medarbetare")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "Hoppa till innehållet", "href": "#innehall"}
    assert page.locator(".ds-skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "innehall"
    # Every control reached by Tab shows where the focus is: an outline or a box shadow that is not none.
    unmarked = []
    for _ in range(25):
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
                return {tag: e.tagName, text: (e.textContent || e.value || '').trim().slice(0, 40),
                        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                        shadow: s.boxShadow !== 'none'}; }"""
        )
        if style["tag"] == "BODY":  # past the last control of the page
            break
        if not (style["outline"] or style["shadow"]):
            unmarked.append(style)
    assert unmarked == []
