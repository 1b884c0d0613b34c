"""The link chart in Chromium (aksjon/static/analysis/linkchart.js): it draws on a canvas,
the type and time filters hide nodes, expanding a node adds its neighbours, tapping a node
offers its page, and it fits a 390 × 844 phone. A 2,000-node network records its timings
(the bench, `aksjon bench linkchart`, reports them; a test never asserts on wall-clock time)."""
from __future__ import annotations

import json

import pytest

from aksjon.analysis.models import Network, NetworkNode, NetworkTie
from aksjon.bench.linkchart import synthetic_network, time_chart
from tests.browser.conftest import ARTIFACTS, PHONE, log_in, screenshot
from tests.conftest import PASSWORD, build_world, restore_reference_data

pytestmark = pytest.mark.browser

# Pixels of the chart's canvases that are not blank (cytoscape draws on several layers).
INKED = """() => [...document.querySelectorAll('[data-chart] canvas')].reduce((sum, canvas) => {
  if (!canvas.width || !canvas.height) return sum;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
  return sum + inked;
}, 0)"""
CY = "document.querySelector('[data-link-chart]').linkChart.cy"


def _store(key: str, venue, data: dict) -> Network:
    network = Network.objects.create(key=key, size=len(data["nodes"]), strength=float(len(data["ties"])))
    network.venues.add(venue)
    NetworkNode.objects.bulk_create([NetworkNode(network=network, **node) for node in data["nodes"]])
    NetworkTie.objects.bulk_create([NetworkTie(network=network, **tie) for tie in data["ties"]])
    return network


@pytest.fixture
def live_world(transactional_db):
    restore_reference_data()
    world = build_world()
    oslo = world.venue["oslo"]
    data = synthetic_network(300, seed=4, venue_keys=[oslo.pk], person_keys=[world.person["oslo"].pk])
    names = {f"venue:{oslo.pk}": oslo.name, f"person:{world.person['oslo'].pk}": str(world.person["oslo"])}
    for node in data["nodes"]:
        node["label"] = names.get(node["ref"], node["label"])
    world.chart = _store("N0300", oslo, data)
    # Another network ties the Oslo venue to a template the first one does not have: expand finds it.
    other = {"nodes": [{"ref": f"venue:{oslo.pk}", "type": "venue", "label": oslo.name},
                       {"ref": "template:T999999", "type": "template", "label": "T999999"}],
             "ties": [{"left": f"venue:{oslo.pk}", "right": "template:T999999", "kind": "template", "weight": 0.7,
                       "reason": "ads from one template"}]}
    _store("N0301", oslo, other)
    world.phones = sum(1 for node in data["nodes"] if node["type"] == "phone")
    return world


def _open(page, base: str, network: Network) -> None:
    page.goto(f"{base}/networks/{network.pk}/chart/")
    page.wait_for_selector("[data-link-chart][data-drawn]", state="attached", timeout=60_000)


def _filters(page) -> int:
    return int(page.get_attribute("[data-link-chart]", "data-filtered") or 0)


def _changed(page, act) -> None:
    """Do `act` and wait until the chart has applied (and drawn) the filter it sets off."""
    before = _filters(page)
    act()
    page.wait_for_function(f"() => +document.querySelector('[data-link-chart]').dataset.filtered > {before}")
    page.wait_for_timeout(50)  # a second change event of the same act (fill sends input and change)


def _shown(page) -> int:
    return int(page.get_attribute("[data-link-chart]", "data-shown"))


def _tap_node(page, ref: str) -> None:
    """Bring the node to the middle of the chart, zoomed in, and tap it as a finger would."""
    point = page.evaluate(f"""ref => {{
      const cy = {CY}, node = cy.getElementById(ref);
      cy.zoom(3); cy.center(node);
      const box = document.querySelector('[data-chart]').getBoundingClientRect(), at = node.renderedPosition();
      return {{x: box.left + at.x, y: box.top + at.y}};
    }}""", ref)
    page.wait_for_timeout(300)  # the viewport's redraw after the jump
    page.touchscreen.tap(point["x"], point["y"])


def test_the_chart_draws_filters_expands_and_opens_on_a_phone(live_server, live_world, phone):
    page = phone.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server.url, "analyst", PASSWORD)
    _open(page, live_server.url, live_world.chart)
    assert page.evaluate(INKED) > 500, "the chart's canvas is blank"
    total = _shown(page)
    assert total == 300
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "link-chart-phone")

    # The type filter hides every phone, and only the phones.
    _changed(page, lambda: page.locator("input[data-type][value=phone]").set_checked(False))
    assert _shown(page) == total - live_world.phones
    assert page.evaluate(f"{CY}.nodes('.t-phone').every(n => n.hasClass('hidden'))")
    assert page.evaluate(f"{CY}.nodes('.t-venue').every(n => !n.hasClass('hidden'))")
    _changed(page, lambda: page.locator("input[data-type][value=phone]").set_checked(True))
    assert _shown(page) == total

    # The time filter: only what was seen from a late day on.
    _changed(page, lambda: page.fill("[data-from]", "2025-03-01"))
    assert 0 < _shown(page) < total
    _changed(page, lambda: page.click("[data-reset]"))
    assert _shown(page) == total

    # Tapping the Oslo venue shows what it is and a link to its page.
    venue = live_world.venue["oslo"]
    _tap_node(page, f"venue:{venue.pk}")
    page.wait_for_selector("[data-selected]:not([hidden])")
    assert page.text_content("[data-sel-label]") == venue.name
    assert page.get_attribute("[data-open]", "href") == f"/venues/{venue.pk}/"
    assert page.is_visible("[data-open]")

    # A phone has no page of its own: no "open" link for it.
    _tap_node(page, "phone:+4790000000")
    page.wait_for_function("() => document.querySelector('[data-sel-label]').textContent === '+47 90000000'")
    assert not page.is_visible("[data-open]")
    _tap_node(page, f"venue:{venue.pk}")
    page.wait_for_selector("[data-open]:visible")

    # Expanding it adds the template of the other network and the venue's phone in the register.
    page.click("[data-expand]")
    page.wait_for_selector("[data-link-chart][data-expanded]", state="attached")
    assert int(page.get_attribute("[data-link-chart]", "data-expanded")) >= 2
    assert page.evaluate(f"{CY}.getElementById('template:T999999').nonempty()")
    assert page.evaluate(f"{CY}.nodes().length") > total
    screenshot(page, "link-chart-expanded")
    assert errors == []


def test_a_2000_node_network_records_its_timings(live_server, live_world, browser):
    venue = live_world.venue["oslo"]
    big = _store("N2000", venue, synthetic_network(2000, seed=1, venue_keys=[venue.pk]))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url, "analyst", PASSWORD)
    timings = time_chart(page, f"{live_server.url}/networks/{big.pk}/chart/", filters=2)
    context.close()
    assert timings["nodes"] == 2000
    assert timings["firstDraw"] > 0
    assert len(timings["filters"]) == 2 and all(took > 0 for took in timings["filters"])
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "link-chart-timings.json").write_text(json.dumps(timings, indent=2))
