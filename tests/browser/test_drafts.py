"""A draft typed on a shared device belongs to the officer who typed it: restored for them,
never shown to the next officer, and gone from the device's storage at logout."""
from __future__ import annotations

import json

import pytest

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, build_world, restore_reference_data

pytestmark = pytest.mark.browser

DRAFT_KEYS = "Object.keys(localStorage).filter(k => k.startsWith('aksjon-draft:'))"


@pytest.fixture
def live_world(transactional_db):
    restore_reference_data()
    return build_world()


def _new_control(page, base_url: str) -> None:
    page.goto(f"{base_url}/controls/new/")
    page.wait_for_load_state("networkidle")


def _type_a_person(page) -> None:
    page.fill("textarea[name=observations]", "Én kvinne i resepsjonen")
    page.get_by_role("button", name="Legg til person truffet").click()
    page.fill("input[name=persons-0-given_name]", "Kanokwan")
    page.fill("input[name=persons-0-birth_date]", "1999-05-04")


def _log_out(page, accept: bool) -> list[str]:
    """Click "Log out", answer the warning; the warnings shown."""
    shown = []

    def answer(dialog):
        shown.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()
    page.once("dialog", answer)
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_load_state("networkidle")
    return shown


def test_a_draft_never_reaches_the_next_officer(live_server, live_world, phone):
    page = phone.new_page()
    log_in(page, live_server.url, "officer.oslo", PASSWORD)
    _new_control(page, live_server.url)
    _type_a_person(page)
    owner = live_world.users["field_officer"].pk
    assert page.evaluate(DRAFT_KEYS) == [f"aksjon-draft:{owner}:control-venue-new"]

    # Restored for the officer who typed it.
    _new_control(page, live_server.url)
    assert page.input_value("input[name=persons-0-given_name]") == "Kanokwan"

    # Logging out warns about the unsent entry; declining keeps the officer in, with the draft.
    warning = page.get_attribute("form[data-logout]", "data-unsent-warning")
    assert _log_out(page, accept=False) == [f"{warning}\n\nRegistrer kontroll"]
    assert page.evaluate(DRAFT_KEYS) and "/controls/new/" in page.url

    warnings = _log_out(page, accept=True)
    assert len(warnings) == 1 and "/login/" in page.url
    assert page.evaluate(DRAFT_KEYS) == []
    assert "Kanokwan" not in json.dumps(page.evaluate("Object.assign({}, localStorage)"))

    # The next officer, from another district, on the same browser.
    log_in(page, live_server.url, "officer.vest", PASSWORD)
    _new_control(page, live_server.url)
    assert page.locator("input[name=persons-0-given_name]").count() == 0
    assert page.input_value("textarea[name=observations]") == ""
    assert not page.locator("[data-draft-status]").is_visible()


def test_another_users_leftover_draft_is_removed_on_sight(live_server, live_world, phone):
    """A draft left by a session that timed out is not readable by whoever logs in next."""
    page = phone.new_page()
    page.goto(f"{live_server.url}/login/")
    leftover = json.dumps({"persons": "1", "fields": {"persons-0-given_name": "Kanokwan", "observations": "x"}})
    other = live_world.users["field_officer"].pk
    for key in (f"aksjon-draft:{other}:control-venue-new", "aksjon-draft:control-venue-new"):
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, leftover])
    log_in(page, live_server.url, "officer.vest", PASSWORD)
    _new_control(page, live_server.url)
    assert page.evaluate(DRAFT_KEYS) == []  # the other user's and the unowned, old-style one
    assert page.locator("input[name=persons-0-given_name]").count() == 0
    assert page.input_value("textarea[name=observations]") == ""


def test_logging_out_without_drafts_asks_nothing(live_server, live_world, phone):
    page = phone.new_page()
    log_in(page, live_server.url, "officer.oslo", PASSWORD)
    assert _log_out(page, accept=False) == []
    assert "/login/" in page.url
