"""An analyst runs the cross-referencing, marks a proposed match different, sees the
clusters change, and undoes it."""
from __future__ import annotations

from datetime import date

import pytest

from aksjon.intel.models import CandidatePair, LinkageRun
from aksjon.jobs import runner
from aksjon.linkage.synthetic_persons import generate_persons
from aksjon.registry.models import Person, Phone
from tests.browser.conftest import log_in, screenshot
from tests.conftest import PASSWORD, build_world, restore_reference_data

pytestmark = pytest.mark.browser


@pytest.fixture
def live_world(transactional_db):
    restore_reference_data()
    world = build_world()
    for row in generate_persons(150, seed=9).records.to_dict("records"):
        person = Person.objects.create(
            given_name=row["given_name"] or "", family_name=row["family_name"] or "", purpose="register",
            birth_date=date.fromisoformat(row["birth_date"]) if row["birth_date"] else None, source="roller")
        if row["phone"]:
            person.phones.add(Phone.objects.get_or_create(e164=row["phone"])[0])
    yield world
    runner.stop_worker()  # the run's worker thread must not outlive the test's database


def _members(page, base: str, ref: str) -> int:
    page.goto(f"{base}/intel/entities/person/{ref}/")
    return page.locator(".record").count()


def test_analyst_marks_a_match_different_and_undoes_it(live_server, live_world, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url, "analyst", PASSWORD)
    page.goto(f"{live_server.url}/intel/review/person/")
    page.get_by_role("button", name="Kjør kryssjekk nå").click()
    # The run is a job: the page shows its phase, then the pairs when it is done.
    page.wait_for_selector("section.job[data-kind=linkage]")
    page.wait_for_selector("article.pair", timeout=120_000)
    screenshot(page, "review-queue")
    run = LinkageRun.objects.get(kind="person")
    pair = run.candidates.filter(rule="splink", match_weight__gte=run.threshold).order_by("-match_weight").first()
    joined = _members(page, live_server.url, pair.left)
    assert joined >= 2

    page.goto(f"{live_server.url}/intel/pairs/{pair.pk}/")
    assert page.locator(".explanation tbody tr").count() >= 3  # one row per comparison
    page.get_by_role("button", name="Ulike").click()
    assert _members(page, live_server.url, pair.left) < joined

    page.goto(f"{live_server.url}/intel/pairs/{pair.pk}/")
    assert "analyst" in page.inner_text(".judgements")
    page.get_by_role("button", name="Angre: analyst – different").click()
    assert _members(page, live_server.url, pair.left) == joined
    assert CandidatePair.objects.filter(pk=pair.pk).exists()
    context.close()
