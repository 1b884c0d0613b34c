"""An analyst imports files in the browser: a bad row is named and nothing imported;
a good file shows its progress and then what it added."""
from __future__ import annotations

import json

import pytest

from aksjon.intel.models import ImportBatch
from aksjon.jobs import runner
from aksjon.registry.models import Ad
from tests.browser.conftest import log_in, screenshot
from tests.conftest import PASSWORD, build_world, restore_reference_data

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
ADS = 6000  # enough that the import takes a few of the page's 500 ms polls

# Records each state of the job's card as htmx swaps it, from the first page load on, across the
# reload that shows the result when the job ends (hence sessionStorage).
RECORD_STATES = """
function recordState() {
  const card = document.querySelector('section.job');
  if (!card) return;
  const states = JSON.parse(sessionStorage.getItem('jobStates') || '[]');
  const bar = card.querySelector('progress');
  const phase = card.querySelector('[data-phase]');
  const state = [card.dataset.status, phase ? phase.dataset.phase : null, bar ? bar.value : null,
                 bar ? bar.max : null];
  const last = states[states.length - 1];
  if (!last || last.join() !== state.join()) states.push(state);
  sessionStorage.setItem('jobStates', JSON.stringify(states));
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
    runner.stop_worker()


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
    # A broken image hash is a broken row; a doubtful phone ("ring meg") would only be a warning.
    path = write_ads(tmp_path / "annonser.jsonl", [ad(0), ad(1, image_hashes=["c3a1f0e0b0d0f8e0", "ikke-en-hash"]),
                                                   ad(2, phones=["ring meg"])])
    page = desktop.new_page()
    log_in(page, live_server.url, "analyst", PASSWORD)
    upload(page, live_server.url, "ads", path)

    page.wait_for_selector("#import-result[data-status=rejected]")
    assert "Ingenting ble importert" in page.inner_text("#import-result")
    row = page.locator("tr[data-line='2']")
    assert row.locator("td").all_inner_texts()[:3] == ["annonser.jsonl", "2", "image_hashes[1]"]
    assert "«ikke-en-hash» er ikke 16 heksadesimale sifre" in row.inner_text()
    assert page.locator("tr[data-line]").count() == 1
    assert not Ad.objects.exists()
    screenshot(page, "import-rejected")


def test_a_good_file_shows_its_progress_and_then_the_counts(live_server, live_world, desktop, tmp_path):
    path = write_ads(tmp_path / "annonser.jsonl", [ad(n) for n in range(ADS)])
    page = desktop.new_page()
    page.add_init_script(RECORD_STATES)
    log_in(page, live_server.url, "analyst", PASSWORD)
    upload(page, live_server.url, "ads", path)

    page.wait_for_selector("#import-result[data-status=done]", timeout=60_000)
    assert page.inner_text("[data-count=added]") == str(ADS)
    assert page.inner_text("[data-count=unchanged]") == "0"
    assert "Ferdig" in page.inner_text("#import-result")
    screenshot(page, "import-done")

    states = page.evaluate("JSON.parse(sessionStorage.getItem('jobStates'))")
    pending = [s for s in states if s[0] in ("queued", "running")]
    assert pending and all(bar_max is not None for *_state, bar_max in pending)  # a progress bar each time
    order = ["queued", "running", "validating", "importing", "done"]  # running: claimed, before its first phase
    steps = [order.index(s[1] if s[0] == "running" else s[0]) for s in states]
    assert steps == sorted(steps) and states[-1][0] == "done"
    assert "importing" in [s[1] for s in states]  # the page showed the import under way
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.added, Ad.objects.count()) == ("done", ADS, ADS)
