"""An officer screens a person on a phone: the outcome and its reasons change as
indicators are ticked; the confirmed referral reaches the district's list; the
rights information shows in Thai."""
from __future__ import annotations

import pytest

from aksjon.followup.models import FollowUp
from tests.browser.conftest import log_in, screenshot
from tests.conftest import PASSWORD, build_world, restore_reference_data

pytestmark = pytest.mark.browser

# The debt-bondage case: deceived about the job, long hours in bad housing, debt and passport kept.
TICKS = [(1, "d1_deceived_nature_of_job", "disclosed"), (1, "d1_deceived_wages", "disclosed"),
         (4, "d4_excessive_hours", "observed"), (4, "d4_bad_living_conditions", "observed"),
         (5, "d5_debt_bondage", "disclosed"), (5, "d5_confiscation_of_documents", "observed")]


@pytest.fixture
def live_world(transactional_db):
    restore_reference_data()
    return build_world()


def _outcome(page) -> str:
    return page.get_attribute("#assessment [data-outcome]", "data-outcome")


def _tick(page, dimension: int, code: str, answer: str) -> None:
    details = page.locator("details.dimension").nth(dimension - 1)
    if details.get_attribute("open") is None:
        details.locator("> summary").click()
    with page.expect_response(lambda r: "/screenings/" in r.url and r.request.method == "POST"):
        page.locator(f"input[name='answer-{code}'][value='{answer}']").check()


def test_officer_screens_and_confirms_a_referral(live_server, live_world, phone):
    met = live_world.person_met["oslo"]
    page = phone.new_page()
    log_in(page, live_server.url, "officer.oslo", PASSWORD)
    page.goto(f"{live_server.url}/controls/{met.control_id}/")
    page.get_by_role("button", name="Kartlegg indikatorer").click()
    page.wait_for_selector("#assessment [data-outcome]")
    assert _outcome(page) == "no_indications"

    seen = []
    for dimension, code, answer in TICKS:
        _tick(page, dimension, code, answer)
        seen.append(_outcome(page))
    assert seen[0] == "some_indications"
    assert seen[-1] == "possible_victim"
    page.locator("#assessment summary").click()
    reasons = page.inner_text("#assessment .reasons")
    assert "Offerregelen er oppfylt" in reasons and "Dimensjon 5" in reasons
    screenshot(page, "screening-possible-victim-phone")

    # Untick debt bondage: the destination dimension falls, and so does the outcome.
    _tick(page, 5, "d5_debt_bondage", "not_present")
    assert _outcome(page) == "some_indications"
    _tick(page, 5, "d5_debt_bondage", "disclosed")
    assert _outcome(page) == "possible_victim"

    for key in ["reflection_period", "victim_lawyer", "district_follow_up", "vulnerability_follow_up",
                "arbeidstilsynet"]:
        page.locator(f"#proposals input[value='{key}']").uncheck()
    page.get_by_role("button", name="Bekreft resultat og valgt oppfølging").click()
    page.wait_for_selector("#proposals .success")
    assert FollowUp.objects.filter(person_met=met, agency__code="rosa").count() == 1

    lead = phone.browser.new_context(viewport={"width": 1280, "height": 900})
    lead_page = lead.new_page()
    log_in(lead_page, live_server.url, "lead.oslo", PASSWORD)
    lead_page.goto(f"{live_server.url}/followups/")
    assert "Henvisning til ROSA" in lead_page.inner_text("table.list")
    lead.close()

    page.goto(f"{live_server.url}/rights/th/")
    assert page.inner_text("h1") == "สิทธิของคุณในประเทศนอร์เวย์"
    screenshot(page, "rights-th-phone")
    leaflet = page.request.get(f"{live_server.url}/rights/th.pdf")
    assert leaflet.headers["content-type"] == "application/pdf" and leaflet.body().startswith(b"%PDF")
