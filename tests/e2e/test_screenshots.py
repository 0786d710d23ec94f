"""Screenshots of every main page at 1366 px (a laptop) and 375 px (a phone), for a reviewer who runs nothing.

They go to var/screenshots/ (not committed) on every run; with SCREENSHOTS_DIR=docs/screenshots the run
writes the committed set that the README lists.
"""

import os

from .conftest import ROOT
from .pages import reader_pages

WIDTHS = (1366, 375)


def screenshots_dir():
    folder = ROOT / os.environ.get("SCREENSHOTS_DIR", "var/screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_screenshots_of_every_main_page(visitor):
    folder = screenshots_dir()
    pages = [("login", "/login/")] + reader_pages()
    written = []
    for width in WIDTHS:
        staff = visitor(width=width, height=900)
        staff.page.goto("/login/")
        staff.page.screenshot(path=folder / f"login-{width}.png", full_page=True)
        staff.log_in("medarbetare")
        for name, path in pages[1:]:
            staff.page.goto(path)
            staff.page.wait_for_load_state("networkidle")
            target = folder / f"{name}-{width}.png"
            staff.page.screenshot(path=target, full_page=True)
            written.append(target)
    assert all(path.stat().st_size > 5000 for path in written)  # a page, not a blank
