"""`aksjon bench linkage`: FEBRL4, one million persons, incremental linking, and the
generator's national scenario scored against its ground truth."""
from __future__ import annotations

import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

from aksjon.bench.scenario_records import ad_records, person_records, truth_entities, unit_and_venue_records
from aksjon.linkage import bench as linkage_bench
from aksjon.linkage.clusters import clusters
from aksjon.linkage.evaluate import score_clusters
from aksjon.linkage.persons import CLUSTER_THRESHOLD, dedupe_persons
from aksjon.linkage.units import link_units_and_venues


def _scored(frame, link, truth: dict[str, str], label: str, scored_ids=None) -> tuple[dict, dict]:
    """Figures for the records in `scored_ids` (all by default), and every record's cluster."""
    started = time.perf_counter()
    result = link(frame)
    cluster_of = clusters(frame["unique_id"], result.links(), CLUSTER_THRESHOLD)
    scored_ids = frame["unique_id"] if scored_ids is None else scored_ids
    scores = score_clusters({ref: cluster_of[ref] for ref in scored_ids},
                            {ref: truth[ref] for ref in scored_ids if ref in truth})
    return {f"national_{label}_records": (len(scored_ids), "count"),
            f"national_{label}_precision": (round(scores.precision, 4), "ratio"),
            f"national_{label}_recall": (round(scores.recall, 4), "ratio"),
            f"national_{label}_f1": (round(scores.f1, 4), "ratio"),
            f"national_{label}_seconds": (round(time.perf_counter() - started, 1), "s")}, cluster_of


def _ads_placed(ads: pd.DataFrame, others: pd.Series, cluster_of: dict, truth: dict[str, str]) -> dict:
    """How well ads land with their venue's other records.

    An ad is placed when its cluster holds a unit, tip or inspection; placed right
    when most of those are its venue's. Precision: right among placed; recall: right
    among the ads whose venue has such a record at all.
    """
    venues_in = defaultdict(Counter)
    for ref in others:
        if ref in truth:
            venues_in[cluster_of[ref]][truth[ref]] += 1
    known = {venue for counts in venues_in.values() for venue in counts}
    placed = right = wanted = 0
    for ref in ads["unique_id"]:
        venue, found = truth.get(ref), venues_in.get(cluster_of[ref])
        wanted += venue in known
        placed += bool(found)
        right += bool(found) and found.most_common(1)[0][0] == venue
    return {"national_ads_records": (len(ads), "count"),
            "national_ads_placed_precision": (round(right / placed, 4) if placed else 1.0, "ratio"),
            "national_ads_placed_recall": (round(right / wanted, 4) if wanted else 1.0, "ratio")}


def national_scenario(seed: int = 3) -> dict:
    """Generate the national scenario and score person and unit/venue linkage pairwise.

    Ads take part in the unit/venue linkage (a tip's phone often meets the venue only
    through an ad) and are scored on their own: the venue/unit figures count pairs of
    units, tips and inspections, so that the many ads of one venue do not swamp them.
    """
    from aksjon.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate("national", seed, folder)
        persons_truth, places_truth = truth_entities(folder)
        persons = person_records(folder)
        places, ads = unit_and_venue_records(folder), ad_records(folder)
    person_figures, _ = _scored(persons, dedupe_persons, persons_truth, "persons")
    place_figures, cluster_of = _scored(pd.concat([places, ads], ignore_index=True), link_units_and_venues,
                                        places_truth, "venues_units", scored_ids=places["unique_id"])
    return person_figures | place_figures | _ads_placed(ads, places["unique_id"], cluster_of, places_truth)


def new_crawl(seed: int = 3, cutoff: str = "2024-01-01") -> dict:
    """A new ad crawl linked to the clusters of a run without it, with that run's saved model.

    The run sees units, tips, inspections and the ads first seen before `cutoff`;
    the ads first seen from then on are linked incrementally (link_new_units) and
    scored as in _ads_placed.
    """
    from aksjon.linkage.incremental import link_new_units
    from aksjon.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate("national", seed, folder)
        _persons, places_truth = truth_entities(folder)
        places, ads = unit_and_venue_records(folder), ad_records(folder)
    is_new = ads["first_seen"] >= cutoff
    existing = pd.concat([places, ads[~is_new]], ignore_index=True)
    result = link_units_and_venues(existing)
    cluster_of = clusters(existing["unique_id"], result.links(), CLUSTER_THRESHOLD)
    started = time.perf_counter()
    matches = link_new_units(result.model_json, existing, ads[is_new], cluster_of)
    seconds = time.perf_counter() - started
    cluster_of |= dict(zip(matches["unique_id"], matches["cluster_id"], strict=True))
    placed = _ads_placed(ads[is_new], places["unique_id"], cluster_of, places_truth)
    return {"crawl_existing_records": (len(existing), "count"), "crawl_new_ads": (int(is_new.sum()), "count"),
            "crawl_seconds": (round(seconds, 2), "s"),
            "crawl_ads_placed_precision": placed["national_ads_placed_precision"],
            "crawl_ads_placed_recall": placed["national_ads_placed_recall"]}


def other_seeds(seeds: str | int) -> dict:
    """The F1 figures of the national scenario for more seeds: one seed can flatter."""
    figures = {}
    for seed in (int(s) for s in str(seeds).split(",") if s):
        figures |= {f"{name}_seed{seed}": value for name, value in national_scenario(seed).items()
                    if name.endswith("_f1") or name.endswith("_precision") or name.endswith("_recall")}
    return figures


def measure(persons: int = 1_000_000, seed: int = 3, other: str = "1,5,7,11", only: str = "") -> dict:
    parts = {"febrl4": linkage_bench.febrl4, "national": lambda: national_scenario(seed),
             "seeds": lambda: other_seeds(other), "crawl": lambda: new_crawl(seed),
             "persons": lambda: linkage_bench.persons_1m(n=persons),
             "incremental": linkage_bench.incremental}
    figures: dict = {}
    for name, run in parts.items():
        if not only or name in only.split(","):
            figures |= run()
    return figures
