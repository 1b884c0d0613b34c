"""`aksjon bench templates`: ad templates (aksjon.analysis.core.templates) on generated scenarios.

Figures:
- `national_ari_seed_N`: adjusted Rand index (sklearn) of the template key of each ad against the
  ground truth's `writer_key` (truth.jsonl `ad` lines; buyer reviews have no writer and are left
  out), on the national scenario for seeds 1, 2, 3, 5, 7; `national_ari_min` the worst of them, and
  per seed the ARI with each kind of writer's ads left out (`…_without_<kind>`), which shows
  where the loss comes from (kind from the truth: network, service, copied text, chain, …), and
  `national_seed_N_split_pairs_<kind>` / `…_merged_pairs_<kind>_<kind>`: the pairs of ads a writer
  of that kind lost to another template, or shared with another kind's writer.
- `national_observations_per_second`: end to end on seed 1, from reading ads.jsonl to template
  ids stored. Stored here means: the persistent index saved to disk and every ad's template id
  written to a CSV file (source, ad_id, template_id) — the engine's output; writing the same
  ids into the database is `aksjon analyse templates` (store/templates.py), measured apart by the
  tests, not here.
- `europe_seconds`, `europe_peak_rss_mb`, `europe_observations`: the first 1,000,000 observations
  of the europe scenario, in a child process (peak RSS is its ru_maxrss, as aksjon/synth/bench.py).
- `incremental_seconds`: the national scenario (seed 1) indexed without its last 10,000
  observations and saved; then loading the index, joining those 10,000, regrouping every ad,
  saving and writing the ids is timed.
"""
from __future__ import annotations

import csv
import json
import resource

# Security lint: runs the project's own commands.
import subprocess  # nosec B404
import sys
import tempfile
import time
from collections import defaultdict
from itertools import islice
from pathlib import Path

SEEDS = (1, 2, 3, 5, 7)
EUROPE_OBSERVATIONS = 1_000_000
INCREMENT = 10_000


def _index_and_store(observations, workdir: Path, index=None) -> tuple[object, int]:
    from aksjon.analysis.core.templates import TemplateIndex, known_towns

    index = index or TemplateIndex(known_towns())
    count = index.add(observations)
    groups = index.groups()
    index.save(workdir / "templates.pkl")
    with (workdir / "templates.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "ad_id", "template_id"])
        for group in groups:
            writer.writerows((source, ad_id, group.key) for source, ad_id in group.ads)
    return index, count


def _truth(folder: Path) -> tuple[dict, dict]:
    """ad (source, ad_id) -> writer_key, and writer_key -> kind of writer."""
    writers, kinds, venue_type = {}, {}, {}
    ad_lines = []
    with (folder / "truth.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["kind"] == "ad" and record.get("writer_key"):
                ad_lines.append(record)
            elif record["kind"] == "ad_writer":
                kinds[record["writer_key"]] = _writer_kind(record)
            elif record["kind"] == "venue":
                venue_type[record["venue_key"]] = record.get("type")
    for record in ad_lines:
        source, _, ad_id = record["ad"].partition("/")
        writers[(source, ad_id)] = record["writer_key"]
        if record["writer_key"] not in kinds or kinds[record["writer_key"]] == "other":
            kinds[record["writer_key"]] = ("network" if record.get("network") else
                                           "escort" if record["category"] == "escort" else
                                           venue_type.get(record.get("venue_key"), "other") or "other")
    return writers, kinds


def _writer_kind(record: dict) -> str:
    for field in ("writer_kind", "type", "writer_type"):
        if isinstance(record.get(field), str):
            return record[field]
    return "network" if record.get("network") else "other"


def _ari(writers: dict, found: dict, leave_out: str | None = None, kinds: dict | None = None) -> float:
    from sklearn.metrics import adjusted_rand_score

    keys = [key for key in writers if key in found and (leave_out is None or kinds.get(writers[key]) != leave_out)]
    return float(adjusted_rand_score([writers[key] for key in keys], [found[key] for key in keys]))


def national(seed: int, workdir: Path) -> tuple[dict, float, int]:
    """ARI figures of one seed; seconds and observations end to end."""
    from aksjon.analysis.core.templates import read_jsonl
    from aksjon.synth import generate

    scenario = workdir / f"national-{seed}"
    generate("national", seed, scenario)
    out = workdir / f"out-{seed}"
    out.mkdir()
    started = time.perf_counter()
    index, count = _index_and_store(read_jsonl(scenario / "ads.jsonl"), out)
    seconds = time.perf_counter() - started
    found = {}
    with (out / "templates.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found[(row["source"], row["ad_id"])] = row["template_id"]
    writers, kinds = _truth(scenario)
    figures = {f"national_ari_seed_{seed}": (round(_ari(writers, found), 5), "ARI")}
    by_kind = defaultdict(int)
    for writer in writers.values():
        by_kind[kinds.get(writer, "other")] += 1
    for kind in sorted(by_kind):
        figures[f"national_ari_seed_{seed}_without_{kind}"] = (round(_ari(writers, found, kind, kinds), 5), "ARI")
    for name, pairs in _pair_losses(writers, found, kinds).items():
        figures[f"national_seed_{seed}_{name}"] = (pairs, "pairs")
    return figures, seconds, count


def _pair_losses(writers: dict, found: dict, kinds: dict) -> dict:
    """Where the ARI loss comes from: pairs of one writer's ads put in different templates
    (`split_pairs_<kind of writer>`), and pairs of two writers' ads put in one template
    (`merged_pairs_<kind>_<kind>`)."""
    cells = defaultdict(lambda: defaultdict(int))  # template -> writer -> ads
    per_writer = defaultdict(int)
    for key, writer in writers.items():
        if key in found:
            cells[found[key]][writer] += 1
            per_writer[writer] += 1
    losses = defaultdict(int)
    kept = defaultdict(int)
    for by_writer in cells.values():
        for writer, ads in by_writer.items():
            kept[writer] += ads * (ads - 1) // 2
        present = sorted(by_writer.items())
        for position, (left, left_ads) in enumerate(present):
            for right, right_ads in present[position + 1:]:
                pair = "_".join(sorted((kinds.get(left, "other"), kinds.get(right, "other"))))
                losses[f"merged_pairs_{pair}"] += left_ads * right_ads
    for writer, ads in per_writer.items():
        missed = ads * (ads - 1) // 2 - kept[writer]
        if missed:
            losses[f"split_pairs_{kinds.get(writer, 'other')}"] += missed
    return dict(sorted(losses.items()))


def incremental(workdir: Path, seed: int = 1) -> float:
    """Seconds to join the last INCREMENT observations of the national scenario to an index of the rest."""
    from aksjon.analysis.core.templates import TemplateIndex, known_towns, read_jsonl

    scenario = workdir / f"national-{seed}"
    lines = sum(1 for _ in (scenario / "ads.jsonl").open(encoding="utf-8"))
    out = workdir / "incremental"
    out.mkdir()
    _index_and_store(islice(read_jsonl(scenario / "ads.jsonl"), lines - INCREMENT), out)
    started = time.perf_counter()
    index = TemplateIndex.load(out / "templates.pkl", known_towns())
    _index_and_store(islice(read_jsonl(scenario / "ads.jsonl"), lines - INCREMENT, None), out, index)
    return time.perf_counter() - started


def europe(folder: Path, limit: int = EUROPE_OBSERVATIONS) -> dict:
    """The first `limit` observations of a europe scenario in a child process: seconds, peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        # Security lint: fixed argv, no shell.
        result = subprocess.run([sys.executable, "-m", "aksjon.bench.templates", str(folder / "ads.jsonl"), tmp,  # nosec B603
                                 str(limit)], capture_output=True, text=True, check=True,
                                cwd=Path(__file__).resolve().parents[2])
        seconds = time.monotonic() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    child = json.loads(result.stdout.strip().splitlines()[-1])
    return {"europe_seconds": (round(seconds, 1), "s"), "europe_peak_rss_mb": (round(peak_kb / 1024, 1), "MB"),
            "europe_observations": (child["observations"], "count"),
            "europe_observations_per_second": (round(child["observations"] / seconds), "obs/s")}


def measure(seeds: str | tuple = SEEDS, europe_dir: str | None = None, europe_limit: int = EUROPE_OBSERVATIONS,
            workdir: str | None = None) -> dict:
    """Every figure of the module docstring. `europe_dir`: a generated europe scenario (made with
    `python -m aksjon.synth --scale europe --seed 1 --out DIR`); generated into a temporary folder
    when not given; "skip" leaves the europe figures out."""
    if isinstance(seeds, int):
        seeds = (seeds,)
    if isinstance(seeds, str):
        seeds = tuple(int(seed) for seed in seeds.split(","))
    figures: dict = {}
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        folder = Path(tmp)
        worst, rate = 1.0, None
        for seed in seeds:
            found, seconds, count = national(seed, folder)
            figures |= found
            worst = min(worst, found[f"national_ari_seed_{seed}"][0])
            if rate is None:
                rate = count / seconds
                figures["national_observations"] = (count, "count")
                figures["national_observations_per_second"] = (round(rate), "obs/s")
        figures["national_ari_min"] = (worst, "ARI")
        figures["incremental_observations"] = (INCREMENT, "count")
        figures["incremental_seconds"] = (round(incremental(folder, seeds[0]), 2), "s")
        if europe_dir == "skip":  # --set europe_dir=skip: the national figures only
            return figures
        if europe_dir is None:
            from aksjon.synth import generate

            europe_dir = folder / "europe"
            generate("europe", 1, europe_dir)
        figures |= europe(Path(europe_dir), int(europe_limit))
    return figures


def _child(ads: str, out: str, limit: str) -> None:
    from aksjon.analysis.core.templates import read_jsonl

    _index, count = _index_and_store(islice(read_jsonl(Path(ads)), int(limit)), Path(out))
    print(json.dumps({"observations": count}))


if __name__ == "__main__":
    _child(*sys.argv[1:4])
