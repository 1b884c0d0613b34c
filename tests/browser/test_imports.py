"""An analyst imports files in the browser: a bad row is named and nothing imported;
a good file shows its progress and then what it added."""
from __future__ import annotations

import json

import pytest

from aksjon.intel import jobs
from aksjon.intel.models import ImportBatch
from aksjon.registry.models import Ad
from tests.browser.conftest import log_in, screenshot
from tests.conftest import PASSWORD, build_world, restore_reference_data

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
ADS = 6000  # enough that the import takes a few of the page's 500 ms polls

# Records each state of the progress card as htmx swaps it, from the first page load on.
RECORD_STATES = """
window.importStates = [];
function recordState() {
  const card = document.querySelector('#import-progress');
  if (!card) return;
  const bar = card.querySelector('progress');
  const state = [card.dataset.status, bar ? bar.value : null, bar ? bar.max : null];
  const last = window.importStates[window.importStates.length - 1];
  if (!last || last.join() !== state.join()) window.importStates.push(state);
}
document.addEventListener('DOMContentLoaded', () => {
  recordState();
  new MutationObserver(recordState).observe(document.body, {childList: true, subtree: true});
});
"""


@pytest.fixture
def live_world(transactional_db):
    restore_reference_data()
    yield build_world()
    jobs.stop_worker()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    yield context
    context.close()


def ad(n: int, **changes) -> dict:
    return {"source": "massasjeguiden", "ad_id": str(n // 3), "url": f"https://example.invalid/ad/{n // 3}",
            "category": "massage", "observed_at": f"2024-03-{1 + n % 3:02d}T21:{n % 60:02d}:00+01:00",
            "title": "Thai massasje", "text": "Ring 912 34 567", "phones": [f"9{n % 2000:07d}"], "city": "Oslo",
            "image_hashes": []} | changes


def write_ads(path, rows) -> str:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return str(path)


def upload(page, base_url: str, kind: str, path: str) -> None:
    page.goto(f"{base_url}/imports/")
    page.select_option("select[name=kind]", kind)
    page.set_input_files("input[name=file]", path)
    page.get_by_role("button", name="Last opp og importer").click()


def test_a_bad_row_is_named_and_nothing_is_imported(live_server, live_world, desktop, tmp_path):
    path = write_ads(tmp_path / "annonser.jsonl", [ad(0), ad(1, phones=["912 34 567", "ring meg"]), ad(2)])
    page = desktop.new_page()
    log_in(page, live_server.url, "analyst", PASSWORD)
    upload(page, live_server.url, "ads", path)

    page.wait_for_selector("#import-progress[data-status=rejected]")
    assert "Ingenting ble importert" in page.inner_text("#import-progress")
    row = page.locator("tr[data-line='2']")
    assert row.locator("td").all_inner_texts()[:3] == ["annonser.jsonl", "2", "phones[1]"]
    assert "«ring meg» er ikke et gyldig telefonnummer" in row.inner_text()
    assert page.locator("tr[data-line]").count() == 1
    assert not Ad.objects.exists()
    screenshot(page, "import-rejected")


def test_a_good_file_shows_its_progress_and_then_the_counts(live_server, live_world, desktop, tmp_path):
    path = write_ads(tmp_path / "annonser.jsonl", [ad(n) for n in range(ADS)])
    page = desktop.new_page()
    page.add_init_script(RECORD_STATES)
    log_in(page, live_server.url, "analyst", PASSWORD)
    upload(page, live_server.url, "ads", path)

    page.wait_for_selector("#import-progress[data-status=done]", timeout=60_000)
    assert page.inner_text("[data-count=added]") == str(ADS)
    assert page.inner_text("[data-count=unchanged]") == "0"
    assert "Ferdig" in page.inner_text("#import-progress")
    screenshot(page, "import-done")

    states = page.evaluate("window.importStates")
    running = [s for s in states if s[0] in ("queued", "validating", "importing")]
    assert running and all(bar_max is not None for _status, _value, bar_max in running)  # a progress bar each time
    order = ["queued", "validating", "importing", "done"]
    assert [order.index(s[0]) for s in states] == sorted(order.index(s[0]) for s in states)
    assert states[-1][0] == "done"
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.added, Ad.objects.count()) == ("done", ADS, ADS)
