"""A field officer records a control on a phone; the coordinator's report counts it."""
from __future__ import annotations

import pytest

from aksjon.controls.models import Control
from aksjon.operations.actions import add_target
from aksjon.registry.actions import create_venue
from aksjon.registry.models import Town
from tests.browser.conftest import PHONE, log_in, screenshot
from tests.conftest import PASSWORD, build_world, restore_reference_data

pytestmark = pytest.mark.browser


@pytest.fixture
def live_world(transactional_db):
    restore_reference_data()
    world = build_world()
    venue = create_venue(actor=world.users["coordinator"], name="Lotus Thai Massasje",
                         town=Town.objects.get(name="Oslo"), street="Torggata 9", postcode="0181")
    world.new_target = add_target(actor=world.users["coordinator"], operation=world.operation, venue=venue,
                                  reason="Delt telefon med annen salong")
    return world


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_officer_records_control_and_report_counts_it(live_server, live_world, phone):
    page = phone.new_page()
    log_in(page, live_server.url, "officer.oslo", PASSWORD)
    page.goto(f"{live_server.url}/operations/{live_world.operation.pk}/targets/")
    page.locator(f"#target-{live_world.new_target.pk}").get_by_role("link", name="Registrer kontroll").click()
    assert _fits_the_phone(page)

    page.fill("textarea[name=observations]", "To masører til stede, ett rom låst.")
    page.get_by_label("Hygieniske mangler").first.check()
    page.get_by_role("button", name="Legg til person truffet").click()
    page.get_by_role("button", name="Legg til person truffet").click()
    page.fill("input[name=persons-0-given_name]", "Siriphon")
    page.fill("input[name=persons-0-family_name]", "Olsen")
    page.select_option("select[name=persons-0-rights_information_language]", "th")
    page.fill("input[name=persons-1-given_name]", "Nuttaya")
    page.fill("input[name=persons-1-phone]", "not a number")  # a typo: the server must refuse it
    page.get_by_role("button", name="Lagre kontroll").click()

    # Refused: the message is on the field, nothing is saved, nothing typed is lost.
    assert page.locator(".field.invalid input[name=persons-1-phone]").count() == 1
    assert page.input_value("input[name=persons-0-given_name]") == "Siriphon"
    assert page.input_value("textarea[name=observations]") == "To masører til stede, ett rom låst."
    assert not Control.objects.filter(target=live_world.new_target).exists()
    screenshot(page, "control-form-error-phone")

    page.fill("input[name=persons-1-phone]", "+47 912 34 567")
    page.get_by_role("button", name="Lagre kontroll").click()
    page.wait_for_selector("text=Kontrollen er lagret.")
    assert _fits_the_phone(page)
    screenshot(page, "control-saved-phone")
    control = Control.objects.get(target=live_world.new_target)
    assert sorted(p.person.given_name for p in control.persons_met.all()) == ["Nuttaya", "Siriphon"]
    assert list(control.findings.values_list("code", flat=True)) == ["hygiene"]

    coordinator = phone.browser.new_context(viewport={"width": 1280, "height": 900})
    report = coordinator.new_page()
    log_in(report, live_server.url, "coord", PASSWORD)
    report.goto(f"{live_server.url}/operations/{live_world.operation.pk}/report/")
    assert report.inner_text("[data-figure=persons_met] strong") == "4"  # 2 in the world + 2 now
    assert report.inner_text("[data-figure=venues] strong") == "3"
    assert "Hygieniske mangler" in report.inner_text("table[data-family=findings][data-by=district] thead")
    screenshot(report, "report")
    coordinator.close()


def test_draft_survives_a_reload(live_server, live_world, phone):
    """What an officer typed stays on the device until the control is saved."""
    page = phone.new_page()
    log_in(page, live_server.url, "officer.oslo", PASSWORD)
    url = f"{live_server.url}/controls/new/?target={live_world.new_target.pk}"
    page.goto(url)
    page.fill("textarea[name=observations]", "Skrevet uten nett")
    page.get_by_role("button", name="Legg til person truffet").click()
    page.fill("input[name=persons-0-given_name]", "Kanokwan")
    page.goto(url)
    assert page.input_value("textarea[name=observations]") == "Skrevet uten nett"
    assert page.input_value("input[name=persons-0-given_name]") == "Kanokwan"
    assert page.locator("[data-draft-status]").is_visible()
