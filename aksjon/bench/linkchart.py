"""`aksjon bench linkchart`: the link chart of a 2,000-node network in headless Chromium.

A child process builds a fresh database in its own data folder (the bench never touches the
configured one): real venues, and one network of `nodes` nodes of every type with a skewed
degree distribution (a few booking phones, ad templates and accountants tie many; most nodes
have one or two ties), laid out with igraph as the networks analysis lays out its own. Then
`aksjon serve` serves it, and Playwright drives Debian's Chromium to the network's chart page:

- first draw: milliseconds from navigation start to the chart's first drawn frame (the first
  cytoscape "render" event, `window.linkChartTimings.firstDraw`, set by linkchart.js);
- type filter: milliseconds from a type check box's change to the frame that shows the result
  (`linkChartTimings.lastFilter`), over several filters each run.

Each figure is the median of `runs` page loads in fresh browser contexts (a cold cache each
time, as for a user opening the page). Targets (issue #11): first draw < 2 s, filter < 0.5 s.
"""
from __future__ import annotations

import json
import os
import random
import socket
import statistics

# Security lint: runs the project's own commands.
import subprocess  # nosec B404
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
USERNAME, PASSWORD = "bench.koordinator", "bench-linkchart-password-2024"

# The share of each type among a network's nodes: venues and what binds them.
SHARES = {"venue": 0.22, "unit": 0.16, "person": 0.2, "phone": 0.2, "address": 0.1, "template": 0.07, "photo": 0.05}
EPOCH = date(2023, 1, 1)


def _skewed(rng: random.Random, items: list, exponent: float = 0.9):
    """One of `items`, the first ones far more often (Zipf-like): a few hubs, a long tail."""
    weights = [1 / (rank + 1) ** exponent for rank in range(len(items))]
    return lambda: rng.choices(items, weights)[0]


def synthetic_network(count: int = 2000, *, seed: int = 1, venue_keys: list[int] | None = None,
                      person_keys: list[int] | None = None) -> dict:
    """A typed network of `count` nodes and its ties, placed and ranked with igraph. Plain data:
    {"nodes": [{ref, type, label, centrality, x, y, first_seen, last_seen}], "ties": [{left, right,
    kind, weight, damped, reason, first_seen, last_seen}]}. Venue and person nodes take the given
    record keys first, so a chart of them opens real pages."""
    import igraph

    from aksjon.analysis.core.chart_layout import layout

    # Security lint: simulation, not security.
    rng = random.Random(seed)  # nosec B311
    sizes = {t: max(1, round(count * share)) for t, share in SHARES.items()}
    sizes["venue"] += count - sum(sizes.values())
    keys = {"venue": list(venue_keys or []), "person": list(person_keys or [])}
    refs: dict[str, list[str]] = {}
    nodes = []
    for kind, size in sizes.items():
        given = keys.get(kind, [])
        refs[kind] = []
        for number in range(size):
            key = given[number] if number < len(given) else 10**6 + number
            ref = f"phone:+479{number:07d}" if kind == "phone" else f"{kind}:{key}"
            first = EPOCH + timedelta(days=rng.randrange(0, 900))
            nodes.append({"ref": ref, "type": kind, "label": _label(kind, number), "first_seen": first,
                          "last_seen": first + timedelta(days=rng.randrange(14, 500))})
            refs[kind].append(ref)
    ties, seen = [], set()

    def tie(left, right, kind, weight, reason, damped=False):
        if left != right and (left, right) not in seen and (right, left) not in seen:
            seen.add((left, right))
            ties.append({"left": left, "right": right, "kind": kind, "weight": weight, "damped": damped,
                         "reason": reason})

    phone, address, person = (_skewed(rng, refs[k]) for k in ("phone", "address", "person"))
    for number, venue in enumerate(refs["venue"]):
        tie(venue, refs["unit"][number % len(refs["unit"])], "registered", 1.0, "the venue's registered unit")
        tie(venue, address(), "address", 0.8, "same address")
        for _ in range(rng.choice((1, 1, 2))):
            tie(venue, phone(), "phone", 0.9, "booking phone in the venue's ads")
    for unit in refs["unit"]:
        for _ in range(rng.choice((1, 1, 2, 3))):
            chosen = person()
            hub = refs["person"].index(chosen) < 3  # the most shared persons: accountants with many clients
            tie(unit, chosen, "accountant" if hub else "owner", 0.2 if hub else 1.0,
                "accountant for many units" if hub else "registered role", damped=hub)
    for template in refs["template"]:
        for _ in range(max(1, min(40, int(rng.paretovariate(1.3) * 2)))):
            tie(template, rng.choice((phone(), rng.choice(refs["venue"]))), "template", 0.7, "ads from one template")
    for photo in refs["photo"]:
        stock = rng.random() < 0.1
        for _ in range(rng.randint(1, 12 if stock else 3)):
            tie(photo, rng.choice(refs["template"]), "photo", 0.1 if stock else 0.6,
                "a stock photo used widely" if stock else "same photo", damped=stock)
    index = {node["ref"]: number for number, node in enumerate(nodes)}
    graph = igraph.Graph(n=len(nodes), edges=[(index[t["left"]], index[t["right"]]) for t in ties])
    # A network is connected: each stray piece joins the biggest through a shared phone.
    pieces = sorted(graph.connected_components(), key=len, reverse=True)
    for piece in pieces[1:]:
        tie(nodes[piece[0]]["ref"], nodes[rng.choice(pieces[0])]["ref"], "phone", 0.5, "a phone seen in both")
    edges = [(index[t["left"]], index[t["right"]]) for t in ties]
    graph = igraph.Graph(n=len(nodes), edges=edges)
    ranks = graph.pagerank()
    top = max(ranks)
    for node, rank, (x, y) in zip(nodes, ranks, layout(len(nodes), edges, seed=seed), strict=True):
        node.update(centrality=round(rank / top, 5), x=x, y=y)
    for t in ties:
        ends = [nodes[index[t["left"]]], nodes[index[t["right"]]]]
        t["first_seen"] = max(e["first_seen"] for e in ends)
        t["last_seen"] = max(t["first_seen"], min(e["last_seen"] for e in ends))
    return {"nodes": nodes, "ties": ties}


def _label(kind: str, number: int) -> str:
    return {"venue": f"Salong {number}", "unit": f"Thai Helse {number} AS", "person": f"Person {number}",
            "phone": f"+47 9{number:07d}", "address": f"Storgata {number}", "template": f"T{number:06d}",
            "photo": f"bilde {number:04x}"}[kind]


# --- in the child: a database with the network --------------------------------------------

def _build(count: int, seed: int) -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from aksjon.accounts.models import Agency
    from aksjon.analysis.models import Network, NetworkNode, NetworkTie
    from aksjon.demo.users import ensure_user
    from aksjon.registry.models import Town, Venue

    user = ensure_user(USERNAME, "coordinator", None, Agency.objects.get(code="kripos"), "Bench Koordinator")
    user.set_password(PASSWORD)
    user.save()
    towns = list(Town.objects.select_related("district")[:20])
    wanted = round(count * SHARES["venue"]) + 5
    Venue.objects.bulk_create([Venue(name=f"Salong {n}", town=towns[n % len(towns)],
                                     district=towns[n % len(towns)].district, source="bench") for n in range(wanted)])
    venues = list(Venue.objects.order_by("pk").values_list("pk", flat=True))
    data = synthetic_network(count, seed=seed, venue_keys=venues)
    network = Network.objects.create(key="N9001", size=len(data["nodes"]),
                                     strength=round(sum(t["weight"] for t in data["ties"]), 2))
    network.venues.set(venues)
    NetworkNode.objects.bulk_create([NetworkNode(network=network, **n) for n in data["nodes"]], batch_size=500)
    NetworkTie.objects.bulk_create([NetworkTie(network=network, **t) for t in data["ties"]], batch_size=500)
    return {"network": network.pk, "nodes": len(data["nodes"]), "ties": len(data["ties"])}


# --- in the parent: serve it and measure in Chromium ----------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{server.stderr.read()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def log_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def time_chart(page, url: str, filters: int = 4, timeout_ms: int = 60000) -> dict:
    """Open the chart page and toggle a type `filters` times; the timings linkchart.js recorded."""
    page.goto(url)
    page.wait_for_selector("[data-link-chart][data-drawn]", state="attached", timeout=timeout_ms)
    for number in range(filters):
        box = page.locator("input[data-type][value='phone']")
        box.set_checked(number % 2 == 1)  # off first: every change is a filter
        page.wait_for_selector(f"[data-link-chart][data-filtered='{number + 1}']", state="attached",
                               timeout=timeout_ms)
    return page.evaluate("() => window.linkChartTimings")


def _measure_in_browser(base: str, network: int, runs: int) -> tuple[dict[str, list[float]], list[float], int]:
    from playwright.sync_api import sync_playwright

    phases: dict[str, list[float]] = {"firstDraw": [], "dataReady": [], "built": []}
    filters, shown = [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
                page = context.new_page()
                log_in(page, base, USERNAME, PASSWORD)
                timings = time_chart(page, f"{base}/networks/{network}/chart/")
                for phase, values in phases.items():
                    values.append(timings[phase])
                filters += timings["filters"]
                shown = timings["nodes"]
                context.close()
        finally:
            browser.close()
    return phases, filters, shown


def measure(nodes: int = 2000, runs: int = 5, seed: int = 1) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {"AKSJON_DATA_DIR": tmp, "DJANGO_SETTINGS_MODULE": "aksjon.settings",
                            "AKSJON_DATABASE_URL": "", "AKSJON_DEBUG": "false"}
        # Security lint: fixed argv, no shell.
        built = subprocess.run([sys.executable, "-m", "aksjon.bench.linkchart", str(nodes), str(seed)],  # nosec B603
                               capture_output=True, text=True, env=env, cwd=ROOT)
        if built.returncode:
            raise RuntimeError(f"building the network failed:\n{built.stderr[-4000:]}")
        made = json.loads(built.stdout.strip().splitlines()[-1])
        port = _free_port()
        # Security lint: fixed argv, no shell.
        server = subprocess.Popen([sys.executable, "-m", "aksjon", "serve", "--port", str(port)], env=env, cwd=ROOT,  # nosec B603
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            _wait_for(port, server)
            load_before = os.getloadavg()[0]
            phases, filters, shown = _measure_in_browser(f"http://127.0.0.1:{port}", made["network"], runs)
        finally:
            server.terminate()
            server.wait(timeout=20)
    draws = phases["firstDraw"]
    return {
        "nodes": (made["nodes"], "count"), "ties": (made["ties"], "count"), "nodes_drawn": (shown, "count"),
        "runs": (runs, "count"),
        "first_draw_median_ms": (round(statistics.median(draws), 1), "ms"),
        "first_draw_max_ms": (round(max(draws), 1), "ms"),
        # Where the first draw's time goes: the network's JSON in hand, then cytoscape built (the
        # rest is its first frame).
        "data_ready_median_ms": (round(statistics.median(phases["dataReady"]), 1), "ms"),
        "chart_built_median_ms": (round(statistics.median(phases["built"]), 1), "ms"),
        "type_filter_median_ms": (round(statistics.median(filters), 1), "ms"),
        "type_filter_max_ms": (round(max(filters), 1), "ms"),
        "type_filters_timed": (len(filters), "count"),
        "first_draw_target_met": (int(statistics.median(draws) < 2000), "bool"),
        "type_filter_target_met": (int(statistics.median(filters) < 500), "bool"),
        # The machine is shared: the load when the runs began and ended says how much of a core they had.
        "load_average_before": (round(load_before, 2), "processes"),
        "load_average_after": (round(os.getloadavg()[0], 2), "processes"),
    }


if __name__ == "__main__":
    print(json.dumps(_build(int(sys.argv[1]), int(sys.argv[2]))))
