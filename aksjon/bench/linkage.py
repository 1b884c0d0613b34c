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
from aksjon.linkage.persons import CLUSTER_THRESHOLD, dedupe_persons, person_clusters, review_band
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


# Roles whose holders serve dozens of unrelated units: scored apart as well (issue 10).
HUB_ROLES = ("REGN", "REVI")


def persons_scored(persons: pd.DataFrame, truth: dict[str, str]) -> dict:
    """Person linkage with the constraints (persons.person_clusters): pairwise figures for every
    record and for every record but accountants' and auditors' roles, and the review band's size."""
    started = time.perf_counter()
    result = dedupe_persons(persons)
    derived = person_clusters(persons, result.links())
    figures = {"national_persons_records": (len(persons), "count")}
    others = persons["unique_id"][~persons.get("role", pd.Series(index=persons.index)).isin(HUB_ROLES)]
    for label, ids in (("persons", persons["unique_id"]), ("persons_no_hubs", others)):
        scores = score_clusters({ref: derived.cluster[ref] for ref in ids}, {ref: truth[ref] for ref in ids
                                                                            if ref in truth})
        figures |= {f"national_{label}_precision": (round(scores.precision, 4), "ratio"),
                    f"national_{label}_recall": (round(scores.recall, 4), "ratio"),
                    f"national_{label}_f1": (round(scores.f1, 4), "ratio")}
    band = review_band(result.pairs, derived)
    figures["national_persons_review_band"] = (len(band), "pairs")
    figures["national_persons_review_constraint"] = (int((band["reason"] == "constraint").sum()), "pairs")
    figures["national_persons_seconds"] = (round(time.perf_counter() - started, 1), "s")
    return figures


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
    person_figures = persons_scored(persons, persons_truth)
    return person_figures | _venue_figures(places, ads, places_truth)


def _venue_figures(places: pd.DataFrame, ads: pd.DataFrame, truth: dict[str, str]) -> dict:
    """Units, tips, inspections and ads linked in one run, scored three ways: venues (pairs of
    registered units: the same place or not), venues_units (units, tips and inspections),
    and ads placed; and the review band: the pairs an analyst is asked about."""
    started = time.perf_counter()
    frame = pd.concat([places, ads], ignore_index=True)
    result = link_units_and_venues(frame)
    cluster_of = clusters(frame["unique_id"], result.links(), CLUSTER_THRESHOLD)
    figures = {}
    units = [ref for ref, kind in zip(places["unique_id"], places["kind"], strict=True) if kind == "unit"]
    for label, scored_ids in (("venues_units", list(places["unique_id"])), ("venues", units)):
        scores = score_clusters({ref: cluster_of[ref] for ref in scored_ids},
                                {ref: truth[ref] for ref in scored_ids if ref in truth})
        figures |= {f"national_{label}_records": (len(scored_ids), "count"),
                    f"national_{label}_precision": (round(scores.precision, 4), "ratio"),
                    f"national_{label}_recall": (round(scores.recall, 4), "ratio"),
                    f"national_{label}_f1": (round(scores.f1, 4), "ratio")}
    figures["national_venues_seconds"] = (round(time.perf_counter() - started, 1), "s")
    figures["national_venues_review_band"] = (venue_review_band(result.pairs, cluster_of), "pairs")
    return figures | _ads_placed(ads, places["unique_id"], cluster_of, truth)


def venue_review_band(pairs: pd.DataFrame, cluster_of: dict) -> int:
    """The pairs the venue review queue shows (units.review_band, as aksjon.intel.judging.review_queue):
    rule pairs marked for review and the model's unsure pairs that no rule decided, in two clusters."""
    from aksjon.linkage.units import review_band as venue_band

    return len(venue_band(pairs, cluster_of))


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
                    if name.endswith(("_f1", "_precision", "_recall", "_review_band"))}
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
    return figures | _worst_venue_seed(figures, seed)


def _worst_venue_seed(figures: dict, seed: int) -> dict:
    """The venue figures of the worst seed: a target holds only if it holds there."""
    f1 = {seed: figures["national_venues_f1"][0]} if "national_venues_f1" in figures else {}
    f1 |= {int(name.rsplit("seed", 1)[1]): value for name, (value, _unit) in figures.items()
           if name.startswith("national_venues_f1_seed")}
    if not f1:
        return {}
    worst = min(f1, key=f1.get)
    bands = [value for name, (value, _unit) in figures.items() if name.startswith("national_venues_review_band")]
    return {"venues_worst_seed": (worst, "seed"), "venues_worst_seed_f1": (f1[worst], "ratio"),
            "venues_review_band_min": (min(bands), "pairs"), "venues_review_band_max": (max(bands), "pairs")}
