"""Walk the reader site and the Wagtail admin in Chromium; report Content-Security-Policy violations,
script errors and any request that leaves the intranet's own host.

Outside the test suite (it needs a browser). With Debian's Chromium and Playwright in a venv of its own
(never `playwright install`: it downloads a browser):

    apt-get install -y chromium && python3 -m venv /tmp/pw && /tmp/pw/bin/pip install playwright
    make run   # or any running intranet with the demo content
    /tmp/pw/bin/python bin/csp_browser_check.py --base http://127.0.0.1:8000 --user redaktor

It exits non-zero when it saw a violation on one of our pages, an error, or an outside request.
"""

import argparse
import base64
import sys
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/documents/",
    "/admin/documents/multiple/add/",
    "/admin/images/",
    "/admin/images/multiple/add/",
    "/admin/snippets/",
    "/admin/reports/aging-pages/",
    "/admin/reports/site-history/",
    "/admin/reports/content-responsibility/",
    "/admin/ownership/my-reviews/",
    "/admin/account/",
]
READER_PAGES = ["/", "/sok/?q=resa", "/api/v2/pages/", "/api/schema/ui/"]
ONE_PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="redaktor")
    parser.add_argument("--password", default="intranat-demo")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    host = urlparse(args.base).hostname
    violations, errors, outside = [], [], set()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        page = browser.new_page()
        page.on(
            "console",
            lambda message: (
                violations.append((page.url, message.text)) if "Content Security Policy" in message.text else None
            ),
        )
        page.on("pageerror", lambda error: errors.append((page.url, str(error))))
        page.on(
            "request",
            lambda request: (
                outside.add(request.url)
                if urlparse(request.url).scheme in ("http", "https", "ws", "wss")
                and urlparse(request.url).hostname != host
                else None
            ),
        )

        def visit(path, settle_ms=800):
            page.goto(args.base + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(settle_ms)
            print("visited", path, "|", page.title())

        page.goto(args.base + "/admin/login/")
        page.fill("input[name=username]", args.user)
        page.fill("input[name=password]", args.password)
        with page.expect_navigation():
            page.click("button[type=submit]")
        for path in ADMIN_PAGES:
            visit(path)

        # Upload thumbnails (blob: images) in the multiple image upload.
        visit("/admin/images/multiple/add/")
        page.set_input_files(
            "input[type=file]", files=[{"name": "punkt.png", "mimeType": "image/png", "buffer": ONE_PIXEL_PNG}]
        )
        page.wait_for_timeout(2000)

        # A guide page's editor: date chooser, StreamField, chooser modal, both preview modes.
        guide_id = page.request.get(args.base + "/api/v2/pages/?type=pages.GuidePage&limit=1").json()["items"][0]["id"]
        visit(f"/admin/pages/{guide_id}/edit/", 1500)
        if page.locator("input[name=review_date]").count():
            page.locator("input[name=review_date]").click()
            page.wait_for_timeout(500)
        chooser = page.locator(".chooser__choose-button")
        if chooser.count():
            chooser.first.click()
            page.wait_for_timeout(1500)
            page.keyboard.press("Escape")
        preview = page.locator("button[data-side-panel-toggle='preview']")
        if preview.count():
            preview.first.click()
            page.wait_for_timeout(2500)
            mode = page.locator("select[data-w-preview-target='mode']")
            if mode.count():
                mode.first.select_option("headless")
                page.wait_for_timeout(2500)
        visit(f"/admin/pages/{guide_id}/history/")
        visit(f"/admin/pages/{guide_id}/view_draft/")
        for path in READER_PAGES:
            visit(path)
        browser.close()

    # Django REST framework's browsable API (a developer's view of the API) colours JSON with an inline
    # <style>; under the strict policy it shows uncoloured, which is all that is lost.
    violations = [(url, text) for url, text in violations if "/api/v2/" not in url]
    print(f"CSP violations: {len(violations)}")
    for url, text in violations:
        print("  ", url, "::", text[:300])
    print(f"script errors: {len(errors)}")
    for url, text in errors:
        print("  ", url, "::", text[:300])
    print(f"requests outside {host}: {sorted(outside)}")
    return 1 if violations or errors or outside else 0


if __name__ == "__main__":
    sys.exit(main())
