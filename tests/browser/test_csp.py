"""A strict Content-Security-Policy, and no page breaks it: every page of the contract table
is opened in Chromium as the roles that may see it, and the browser reports no violation
(no inline script, no inline event handler, no eval, nothing from elsewhere)."""
from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, restore_reference_data
from tests.contract.conftest import build_contract_world
from tests.contract.pages import OWN, PAGES, url_name

pytestmark = pytest.mark.browser

# Every report of the browser: a securitypolicyviolation event, kept where the test can read it.
WATCH = """document.addEventListener("securitypolicyviolation", (e) => {
  (window.__violations = window.__violations || []).push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});"""
ROLES = ("coordinator", "analyst", "district_lead", "field_officer", "auditor", "partner_liaison")


@pytest.fixture
def crawl_world(transactional_db):
    restore_reference_data()
    return build_contract_world()


def _pages(world) -> list[str]:
    urls = []
    for key, entry in PAGES.items():
        if entry.method != "GET" or entry.public or url_name(key) in ("totp_verify", "totp_enrol"):
            continue
        url = entry.url(world, OWN)
        if not url.split("?")[0].endswith((".csv", ".xlsx", ".pdf")):  # files, not pages
            urls.append(url)
    return sorted(set(urls))


def _collector(messages: list[str]):
    def collect(message) -> None:
        if "Content Security Policy" in message.text:
            messages.append(message.text)
    return collect


def test_no_page_breaks_the_policy(browser, live_server, crawl_world):
    problems = []
    for role in ROLES:
        context = browser.new_context()
        context.add_init_script(WATCH)
        page = context.new_page()
        messages: list[str] = []
        page.on("console", _collector(messages))
        log_in(page, live_server.url, crawl_world.users[role].username, PASSWORD)
        for url in _pages(crawl_world):
            try:
                answer = page.goto(live_server.url + url)
            except PlaywrightError:  # an import's page reloads itself when its job ends, cutting the load short
                if not url.startswith("/imports/"):
                    problems.append(f"{role} {url}: the page did not load")
                continue
            header = answer.headers.get("content-security-policy", "") if answer else ""
            if answer and "text/html" in answer.headers.get("content-type", ""):
                if "script-src 'self'" not in header:
                    problems.append(f"{role} {url}: no strict policy ({header!r})")
                page.wait_for_load_state("networkidle")
                problems += [f"{role} {url}: {v}" for v in page.evaluate("window.__violations || []")]
        problems += [f"{role}: {m}" for m in messages]
        context.close()
    assert problems == [], "\n".join(problems)
