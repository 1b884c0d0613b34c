"""Every page fits a phone: each page of the contract table (tests/contract/pages.py) that a
role may open is shown at 390 × 844 with no horizontal scroll, for every role.

Built from the table, so a new URL name is visited as soon as it has its contract entry.
Only HTML pages have a layout: a download (CSV, XLSX, PDF) or the JSON API is left out.
"""
from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, log_in
from tests.conftest import PASSWORD, ROLES, restore_reference_data
from tests.contract.conftest import build_contract_world
from tests.contract.pages import OWN, PAGES
from tests.contract.test_pages import expected_status

pytestmark = pytest.mark.browser

# The page's width, the screen's, and the outermost elements that reach past the phone's right
# edge: a failure names what to fix, not only that something is too wide. The zoomed-out
# phone widens every block to the page's width, so the culprits are found with the page
# held to the phone's width for a moment.
MEASURE = """edge => {
  const widths = {scroll: document.documentElement.scrollWidth, screen: window.innerWidth};
  document.documentElement.style.width = edge + 'px';
  const outside = e => e && e.getBoundingClientRect().right > edge + 0.5;
  const scrollsInItsBox = e => e.parentElement && e.parentElement !== document.body
    && (getComputedStyle(e.parentElement).overflowX !== 'visible' || scrollsInItsBox(e.parentElement));
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => outside(e) && !outside(e.parentElement) && !scrollsInItsBox(e));
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join('');
  document.documentElement.style.width = '';
  return {...widths, wide: [...new Set(wide.map(name))].slice(0, 5)};
}"""


@pytest.fixture
def live_world(transactional_db, settings):
    # The world's queued linkage job stays queued: the job pages are drawn, not run.
    settings.JOBS_WORKER_THREAD = False
    restore_reference_data()
    return build_contract_world()


def pages_for(user) -> list[str]:
    """The contract table's GET pages this user may open (a redirect lands on a page too)."""
    return [name for name, page in sorted(PAGES.items())
            if page.method == "GET" and expected_status(page, user, OWN) in (200, 302)]


def answer(context, url: str) -> tuple[int, bool]:
    """The status the URL answers with (after redirects), and whether it is an HTML page."""
    response = context.request.get(url)
    return response.status, response.headers.get("content-type", "").startswith("text/html")


def overflow(page) -> str | None:
    """None when the page fits the screen; else its widths and what sticks out."""
    seen = page.evaluate(MEASURE, PHONE["width"])
    # A phone zooms a too-wide page out until it fits, and innerWidth grows with it: the
    # screen must also still be the phone's own width.
    if seen["scroll"] <= seen["screen"] <= PHONE["width"]:
        return None
    return f"{seen['scroll']} px wide on a {seen['screen']} px screen; sticking out: {', '.join(seen['wide'])}"


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone(live_server, live_world, phone, role):
    user = live_world.users[role]
    page = phone.new_page()
    log_in(page, live_server.url, user.username, PASSWORD)
    visited, problems = [], []
    for name in pages_for(user):
        url = live_server.url + PAGES[name].url(live_world, OWN)
        status, html = answer(phone, url)
        if status != 200:
            problems.append(f"{name} as {role} ({url}): answered {status}")
            continue
        if not html:
            continue
        page.goto(url)
        visited.append(name)
        if (problem := overflow(page)) is not None:
            problems.append(f"{name} as {role} ({url}): {problem}")
    assert visited, f"{role} opened no page"
    assert problems == [], "pages that do not fit a 390 px phone:\n" + "\n".join(problems)
