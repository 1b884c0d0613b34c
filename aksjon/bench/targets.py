"""`aksjon bench targets`: the venue priority and the networks, end to end like an outside evaluator.

For each seed the generator's national scenario is written to a temporary folder, and a CHILD
process with its own AKSJON_DATA_DIR (the caller's database is never touched) runs the
commands an analyst would: migrate, import each source file (not controls.jsonl: those are
the week's own controls, the outcome the priority should foresee), link venues and persons,
`aksjon analyse all`, and export `priorities` and `networks` to CSV. Only then is
truth.jsonl read, to score the exports:

- of the 50 top-ranked venues (orgnr -> truth venue through the truth's `unit` lines: a unit
  whose `place` is a venue), the share exploitative (truth venue `exploitative`; before the
  generator wrote it, type "network"); a row whose orgnr is no truth venue counts as a miss;
- the share in a random 50 of the country's truth venues (the mean of many draws: the base
  rate) and the ratio of the two;
- network recall and purity (aksjon.analysis.evaluate.network_scores), when present;
- the ablation: the same top-50 share with each signal family left out, re-scored in a child
  from the stored signals with that family ignored (aksjon.analysis.core.priority).
"""
from __future__ import annotations

import csv
import json
import os
import random

# Security lint: runs the project's own commands.
import subprocess  # nosec B404
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

SOURCES = (("enheter", "enheter.jsonl"), ("roller", "roller.jsonl"), ("ads", "ads.jsonl"), ("tips", "tips.csv"),
           ("inspections", "inspections.jsonl"))
FAMILIES = ("inspection", "tip", "ad", "control", "register", "template", "rotation", "network")
USER = "bench-analyst"
TOP = 50
DRAWS = 2000


# --- truth (read only here, after the child is done) ---

def read_truth(folder: Path) -> tuple[dict[str, dict], dict[str, str]]:
    """(venue key -> truth venue, orgnr -> venue key of the venue the number IS)."""
    venues, place_of = {}, {}
    with (folder / "truth.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            if item["kind"] == "venue":
                venues[item["venue_key"]] = item
            elif item["kind"] == "unit" and item.get("place"):
                for orgnr in item.get("orgnrs") or []:
                    place_of[orgnr] = item["place"]
    return venues, place_of


def is_exploitative(venue: dict) -> bool:
    if "exploitative" in venue:
        return bool(venue["exploitative"])
    return venue.get("type") == "network"  # before the generator marked exploitation itself


def top_share(orgnrs: Iterable[str], venues: dict[str, dict], place_of: dict[str, str], top: int = TOP) -> dict:
    """Share exploitative among the first `top` distinct truth venues of a ranked list of orgnrs
    (an orgnr of no truth venue takes a place and counts as a miss; a venue twice counts once)."""
    seen, hits, misses = set(), 0, 0
    for orgnr in orgnrs:
        if len(seen) + misses >= top:
            break
        key = place_of.get(orgnr or "")
        if key is None:
            misses += 1
            continue
        if key in seen:
            continue
        seen.add(key)
        hits += is_exploitative(venues[key])
    counted = len(seen) + misses
    return {"share": hits / counted if counted else 0.0, "counted": counted, "unmapped": misses}


def random_share(venues: dict[str, dict], top: int = TOP, draws: int = DRAWS, seed: int = 0) -> float:
    """The mean share exploitative of `draws` random `top` venues of Norway (the base rate)."""
    pool = [is_exploitative(v) for v in venues.values() if v.get("country", "NO") == "NO"]
    # Security lint: simulation, not security.
    rng = random.Random(seed)  # nosec B311
    return sum(sum(rng.sample(pool, min(top, len(pool)))) for _ in range(draws)) / (draws * min(top, len(pool)))


# --- the child: the commands an analyst runs ---

def _aksjon(data_dir: Path, *args: str, timings: dict | None = None) -> str:
    started = time.perf_counter()
    env = os.environ | {"AKSJON_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "aksjon.settings"}
    # Security lint: fixed argv, no shell.
    done = subprocess.run([sys.executable, "-m", "aksjon.cli", *args], env=env, capture_output=True, text=True)  # nosec B603
    if done.returncode:
        raise RuntimeError(f"aksjon {' '.join(args)} failed: {done.stderr[-2000:]}")
    if timings is not None:
        timings[args[0] + (f" {args[1]}" if len(args) > 1 and args[0] in ("import", "link", "export") else "")] = \
            round(time.perf_counter() - started, 1)
    return done.stdout


def run_scenario(folder: Path, work: Path) -> dict:
    """Import, link, analyse and export in a fresh database under `work`; the CSVs' paths and timings."""
    data_dir = work / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    _aksjon(data_dir, "migrate", "-v0", timings=timings)
    _aksjon(data_dir, "shell", "-c", (
        f"from aksjon.accounts.actions import create_user; create_user(actor=None, username={USER!r}, "
        f"role='analyst', district=None, agency=None, full_name='Bench analyst', "
        f"password='bench-only-{os.getpid()}-pass', email='bench@aksjon.example')"))
    for kind, name in SOURCES:
        _aksjon(data_dir, "import", kind, str(folder / name), "--user", USER, timings=timings)
    for kind in ("venue", "person"):
        _aksjon(data_dir, "link", kind, "--user", USER, timings=timings)
    _aksjon(data_dir, "analyse", "all", "--user", USER, timings=timings)
    exports = {}
    for kind in ("priorities", "networks"):
        out = work / f"{kind}.csv"
        try:
            _aksjon(data_dir, "export", kind, "--format", "csv", "--out", str(out), "--user", USER, timings=timings)
            exports[kind] = out
        except RuntimeError as error:  # an export kind not there (yet): say so, score the rest
            exports[kind] = None
            timings[f"export {kind} failed"] = str(error)[:200]
    ablation = json.loads(_aksjon(data_dir, "shell", "-c", "from aksjon.bench.targets import child_ablation; "
                                                           "child_ablation()").strip().splitlines()[-1])
    return {"exports": exports, "timings": timings, "ablation": ablation}


def child_ablation() -> None:
    """In the child (its own database): the ranked orgnrs with all families and with each left out,
    printed as one JSON line."""
    from aksjon.analysis.core.priority import score_all
    from aksjon.analysis.run_priority import load_weights
    from aksjon.analysis.signals import reference_day
    from aksjon.analysis.store.priority import read_signals
    from aksjon.registry.models import Venue

    signals, weights = read_signals(), load_weights()
    today = reference_day(signals)
    orgnr = dict(Venue.objects.values_list("pk", "unit__orgnr"))
    present = sorted({signal.family for signal in signals})
    ranked = {"all": [orgnr.get(item.venue) or "" for item in score_all(signals, weights, today)][:TOP * 2]}
    for family in present:
        ranked[f"without_{family}"] = [orgnr.get(item.venue) or "" for item in
                                       score_all(signals, weights, today, frozenset({family}))][:TOP * 2]
    ranked["only"] = {family: [orgnr.get(item.venue) or "" for item in score_all(
        signals, weights, today, frozenset(set(present) - {family}))][:TOP * 2] for family in present}
    print(json.dumps(ranked))


def _csv_column(path: Path | None, column: str) -> list[str]:
    if path is None:
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def _network_figures(path: Path | None, folder: Path) -> dict:
    if path is None:
        return {}
    try:
        from aksjon.analysis.evaluate import network_scores
    except ImportError:
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        detected = {row["orgnr"]: row["network_id"] for row in csv.DictReader(handle)}
    return network_scores(detected, folder)


# --- one seed, and the benchmark ---

def score_seed(seed: int, workdir: Path | None = None) -> dict:
    from aksjon.synth import generate

    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        folder, work = Path(tmp) / "scenario", Path(tmp) / "work"
        started = time.perf_counter()
        generate("national", seed, folder)
        result = run_scenario(folder, work)
        venues, place_of = read_truth(folder)
        ranked = _csv_column(result["exports"]["priorities"], "orgnr")
        top = top_share(ranked, venues, place_of)
        base = random_share(venues, seed=seed)
        figures = {"seed": seed, "top50_share": round(top["share"], 3), "top50_unmapped": top["unmapped"],
                   "random50_share": round(base, 3), "ratio": round(top["share"] / base, 2) if base else None,
                   "uses_exploitative_field": any("exploitative" in v for v in venues.values()),
                   "networks": _network_figures(result["exports"]["networks"], folder),
                   "ablation": {name: round(top_share(orgnrs, venues, place_of)["share"], 3)
                                for name, orgnrs in result["ablation"].items() if name != "only"},
                   "family_alone": {name: round(top_share(orgnrs, venues, place_of)["share"], 3)
                                    for name, orgnrs in result["ablation"]["only"].items()},
                   "timings": result["timings"], "seconds": round(time.perf_counter() - started, 1)}
    return figures


def measure(seeds: str | int = "1,2,3,5,7", out: str = "bench-results/targets-seeds.json", workdir: str = "") -> dict:
    seeds = [int(seed) for seed in str(seeds).split(",") if seed.strip()]
    per_seed = []
    for seed in seeds:
        per_seed.append(score_seed(seed, Path(workdir) if workdir else None))
        print(json.dumps(per_seed[-1]), flush=True)
    figures: dict[str, tuple] = {}
    for item in per_seed:
        figures[f"seed{item['seed']}_top50_share"] = (item["top50_share"], "ratio")
        figures[f"seed{item['seed']}_random50_share"] = (item["random50_share"], "ratio")
        figures[f"seed{item['seed']}_ratio"] = (item["ratio"], "x")
        for name, share in item["ablation"].items():
            figures[f"seed{item['seed']}_top50_{name}"] = (share, "ratio")
        for name, share in item["family_alone"].items():
            figures[f"seed{item['seed']}_top50_only_{name}"] = (share, "ratio")
        for name, value in (item["networks"] or {}).items():
            if isinstance(value, (int, float)):
                unit = "ratio" if name.endswith(("share", "purity", "recall")) else "count"
                figures[f"seed{item['seed']}_networks_{name.removeprefix('networks_')}"] = (value, unit)
        figures[f"seed{item['seed']}_seconds"] = (item["seconds"], "s")
    def mean(key: str) -> float:
        return round(sum(item[key] for item in per_seed) / len(per_seed), 3)

    figures["mean_top50_share"] = (mean("top50_share"), "ratio")
    figures["mean_random50_share"] = (mean("random50_share"), "ratio")
    figures["mean_ratio"] = (round(mean("top50_share") / mean("random50_share"), 2), "x")
    names = sorted({name for item in per_seed for name in item["ablation"]})
    for name in names:
        values = [item["ablation"][name] for item in per_seed if name in item["ablation"]]
        figures[f"mean_top50_{name}"] = (round(sum(values) / len(values), 3), "ratio")
    for name in sorted({name for item in per_seed for name in item["family_alone"]}):
        values = [item["family_alone"][name] for item in per_seed if name in item["family_alone"]]
        figures[f"mean_top50_only_{name}"] = (round(sum(values) / len(values), 3), "ratio")
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps({"per_seed": per_seed, "figures": figures}, indent=1), "utf-8")
    return figures
