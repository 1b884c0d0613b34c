"""`aksjon bench linkage`: FEBRL4, one million persons, incremental linking, and the
generator's national scenario scored against its ground truth."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from aksjon.bench.scenario_records import person_records, truth_entities, unit_and_venue_records
from aksjon.linkage import bench as linkage_bench
from aksjon.linkage.clusters import clusters
from aksjon.linkage.evaluate import score_clusters
from aksjon.linkage.persons import CLUSTER_THRESHOLD, dedupe_persons
from aksjon.linkage.units import link_units_and_venues


def _scored(frame, link, truth: dict[str, str], label: str) -> dict:
    started = time.perf_counter()
    result = link(frame)
    cluster_of = clusters(frame["unique_id"], result.links(), CLUSTER_THRESHOLD)
    scores = score_clusters(cluster_of, {ref: truth[ref] for ref in frame["unique_id"] if ref in truth})
    return {f"national_{label}_records": (len(frame), "count"),
            f"national_{label}_precision": (round(scores.precision, 4), "ratio"),
            f"national_{label}_recall": (round(scores.recall, 4), "ratio"),
            f"national_{label}_f1": (round(scores.f1, 4), "ratio"),
            f"national_{label}_seconds": (round(time.perf_counter() - started, 1), "s")}


def national_scenario(seed: int = 3) -> dict:
    """Generate the national scenario and score person and unit/venue linkage pairwise."""
    from aksjon.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate("national", seed, folder)
        persons_truth, places_truth = truth_entities(folder)
        persons = person_records(folder)
        places = unit_and_venue_records(folder)
    return (_scored(persons, dedupe_persons, persons_truth, "persons")
            | _scored(places, link_units_and_venues, places_truth, "venues_units"))


def measure(persons: int = 1_000_000, seed: int = 3, only: str = "") -> dict:
    parts = {"febrl4": linkage_bench.febrl4, "national": lambda: national_scenario(seed),
             "persons": lambda: linkage_bench.persons_1m(n=persons),
             "incremental": linkage_bench.incremental}
    figures: dict = {}
    for name, run in parts.items():
        if not only or name in only.split(","):
            figures |= run()
    return figures
