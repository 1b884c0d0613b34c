"""Two officers of one district work the same follow-up: the second, from a stale page, sees
the conflict with both changes side by side and applies theirs anyway; no note is lost."""
from __future__ import annotations

import pytest

from aksjon.followup.models import FollowUp
from tests.browser.conftest import log_in, screenshot
from tests.conftest import PASSWORD, build_world, make_user, restore_reference_data

pytestmark = pytest.mark.browser

A_NOTE = "Arbeidsgiver kontaktet, avtale skrevet."
B_NOTE = "Ny opplysning fra tipset: følges opp."


@pytest.fixture
def live_world(transactional_db):
    restore_reference_data()
    world = build_world()
    make_user("officer2.oslo", "field_officer", district="Oslo")
    return world


@pytest.fixture
def officers(browser):
    contexts = [browser.new_context(locale="nb-NO") for _ in range(2)]
    yield contexts
    for context in contexts:
        context.close()


def _change_status(page, status: str, note: str) -> None:
    page.select_option("select[name=status]", status)
    page.fill("textarea[name=note]", note)
    page.locator("form:has(select[name=status]) button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def _both_open(live_server, officers, url: str):
    """Officer A and officer B, each in their own browser, with the same page open."""
    a, b = (context.new_page() for context in officers)
    log_in(a, live_server.url, "officer.oslo", PASSWORD)
    log_in(b, live_server.url, "officer2.oslo", PASSWORD)
    a.goto(url)
    b.goto(url)
    return a, b


def test_a_conflict_between_two_officers_is_shown_and_resolved_without_loss(live_server, live_world, officers):
    item = live_world.task["oslo"]
    a, b = _both_open(live_server, officers, f"{live_server.url}/followups/{item.pk}/")  # B's shows it open

    _change_status(a, "closed", A_NOTE)
    assert A_NOTE in a.inner_text("[data-log]")

    _change_status(b, "in_progress", B_NOTE)  # from the stale page
    conflict = b.locator("[data-conflict]")
    assert B_NOTE in conflict.locator("[data-yours]").inner_text()
    assert A_NOTE in conflict.locator("[data-saved]").inner_text()
    assert FollowUp.objects.get(pk=item.pk).status == "closed"
    screenshot(b, "followup-conflict")

    b.locator("[data-apply] button").click()
    b.wait_for_load_state("networkidle")
    log = b.inner_text("[data-log]")
    assert A_NOTE in log and B_NOTE in log and log.index(A_NOTE) < log.index(B_NOTE)
    saved = FollowUp.objects.get(pk=item.pk)
    assert saved.status == "in_progress" and saved.notes.count() == 2


def test_a_stale_screening_autosave_shows_the_conflict_in_place(live_server, live_world, officers):
    screening = live_world.screening["oslo"]
    a, b = _both_open(live_server, officers, f"{live_server.url}/screenings/{screening.pk}/")
    for page, answer in ((a, "observed"), (a, "not_present"), (b, "disclosed")):
        details = page.locator("details.dimension").nth(3)
        if details.get_attribute("open") is None:
            details.locator("> summary").click()
        with page.expect_response(lambda r: "/screenings/" in r.url and r.request.method == "POST"):
            page.locator(f"input[name='answer-d4_excessive_hours'][value='{answer}']").check()
    # A's two saves went through one after the other (the page kept up with its own version);
    # B's page was stale: the conflict shows where the outcome was, and the answers B ticked stay.
    b.wait_for_selector("#assessment [data-conflict]")
    assert a.locator("#assessment [data-conflict]").count() == 0
    screening.refresh_from_db()
    assert screening.answers == {"d4_excessive_hours": "not_present"}
    assert b.locator("input[type=radio][name='answer-d4_excessive_hours'][value='disclosed']").is_checked()
    b.locator("#assessment [data-apply] button").click()  # B decides: their answer, on the saved version
    b.wait_for_load_state("networkidle")
    screening.refresh_from_db()
    assert screening.answers == {"d4_excessive_hours": "disclosed"}
