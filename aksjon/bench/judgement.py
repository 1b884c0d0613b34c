"""`aksjon bench judgement`: judgements and retractions through the real actions on the
national scenario's candidate pairs, timed, and checked against a full recompute.

The national scenario is generated and scored as in `aksjon bench linkage`
(scenario_records, dedupe_persons, link_units_and_venues); its pairs are stored as a
linkage run in a fresh SQLite database in a child process (its own data folder, so
the bench never touches the configured database). Then `judgements` verdicts
(same, different or unsure; half on the pairs a review queue shows first, half on
pairs above the threshold, which split large components) and a retraction after
every third, each timed. At the end the clusters must equal a full recompute.
Without ad rows in that database, placing ads costs only its queries.
"""
from __future__ import annotations

import json
import os
import random
import statistics

# Security lint: runs the project's own commands.
import subprocess  # nosec B404
import sys
import tempfile
import time
from pathlib import Path

KINDS_OF_FILES = {"enheter.jsonl": "unit", "inspections.jsonl": "inspection", "tips.csv": "tip", "ads.jsonl": "ad"}


def measure(seed: int = 3, judgements: int = 200, kinds: str = "person,venue") -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "aksjon.bench.judgement", str(seed), str(judgements), kinds]
        env = os.environ | {"AKSJON_DATA_DIR": tmp, "DJANGO_SETTINGS_MODULE": "aksjon.settings",
                            "AKSJON_DATABASE_URL": ""}
        # Security lint: fixed argv, no shell.
        result = subprocess.run(command, capture_output=True, text=True, env=env,  # nosec B603
                                cwd=Path(__file__).resolve().parents[2])
        if result.returncode:
            raise RuntimeError(f"judgement bench failed:\n{result.stderr[-4000:]}")
    return {name: tuple(figure) for name, figure in json.loads(result.stdout.strip().splitlines()[-1]).items()}


def _scored_pairs(kind: str, seed: int):
    """The national scenario's records of `kind` and the pairs the linkage scores for them,
    with each record's reference in the app's spelling (unit:…, ad:…, person:…)."""
    import pandas as pd

    from aksjon.bench.scenario_records import ad_records, person_records, unit_and_venue_records
    from aksjon.core.refs import ref_text
    from aksjon.linkage.persons import dedupe_persons
    from aksjon.linkage.units import link_units_and_venues
    from aksjon.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        generate("national", seed, Path(tmp))
        if kind == "person":
            frame, link = person_records(Path(tmp)), dedupe_persons
        else:
            frame = pd.concat([unit_and_venue_records(Path(tmp)), ad_records(Path(tmp))], ignore_index=True)
            link = link_units_and_venues
    pairs = link(frame).pairs
    ref_of = {}
    for number, record in enumerate(sorted(frame["unique_id"]), start=1):
        ref_of[record] = ref_text("person" if kind == "person" else KINDS_OF_FILES[record.split("#")[0]], number)
    pairs["unique_id_l"], pairs["unique_id_r"] = pairs["unique_id_l"].map(ref_of), pairs["unique_id_r"].map(ref_of)
    return len(frame), pairs


def _judged_pairs(run, count: int, rng: random.Random) -> list[tuple[str, str]]:
    from django.db.models import F
    from django.db.models.functions import Abs

    uncertain = list(run.candidates.annotate(u=Abs(F("match_probability") - 0.5)).order_by("u", "pk")
                     .values_list("left", "right")[:count * 4])
    linked = list(run.candidates.filter(match_weight__gte=run.threshold).values_list("left", "right"))
    return [rng.choice(uncertain if number % 2 else linked) for number in range(count)]


def _timed(work, **kwargs) -> float:
    started = time.perf_counter()
    work(**kwargs)
    return (time.perf_counter() - started) * 1000


def _stored(kind: str) -> dict:
    from aksjon.intel.models import ClusterMember

    return {ref: (cluster, component) for ref, cluster, component in
            ClusterMember.objects.filter(kind=kind).values_list("ref", "cluster", "component")}


def _bench_kind(kind: str, seed: int, count: int, analyst) -> dict:
    from aksjon.core.errors import Conflict
    from aksjon.intel import actions
    from aksjon.intel.judging import recompute_clusters
    from aksjon.intel.linking import _candidates
    from aksjon.intel.models import CandidatePair, Judgement, LinkageRun
    from aksjon.linkage.persons import CLUSTER_THRESHOLD

    records, pairs = _scored_pairs(kind, seed)
    run = LinkageRun.objects.create(kind=kind, status="done", threshold=CLUSTER_THRESHOLD, records=records)
    CandidatePair.objects.bulk_create(_candidates(run, pairs), batch_size=2000)
    full_ms = _timed(recompute_clusters, kind=kind)
    components = {}
    for _ref, (_cluster, component) in _stored(kind).items():
        components[component] = components.get(component, 0) + 1
    # Security lint: simulation, not security.
    rng, judge_ms, retract_ms, refused = random.Random(seed), [], [], 0  # nosec B311
    for number, (left, right) in enumerate(_judged_pairs(run, count, rng)):
        verdict = rng.choice(["same", "different", "different", "unsure"])
        try:
            judge_ms.append(_timed(actions.judge_pair, actor=analyst, kind=kind, left=left, right=right,
                                   verdict=verdict))
        except Conflict:
            refused += 1
        standing = list(Judgement.objects.filter(kind=kind, retracted_at=None).order_by("pk"))
        if number % 3 == 2 and standing:
            chosen = rng.choice(standing)
            retract_ms.append(_timed(actions.retract_judgement, actor=analyst, judgement=chosen))
    incremental = _stored(kind)
    recompute_clusters(kind)
    # The process's first judgement also pays for loading code and warming caches; it is shown
    # on its own, and the other figures are over the judgements after it.
    first_ms, judge_ms = judge_ms[0], judge_ms[1:]
    both = judge_ms + retract_ms
    return {f"{kind}_records": (records, "count"), f"{kind}_pairs": (run.candidates.count(), "count"),
            f"{kind}_largest_component": (max(components.values(), default=0), "records"),
            f"{kind}_full_recompute_ms": (round(full_ms, 1), "ms"),
            f"{kind}_judgements": (len(judge_ms), "count"), f"{kind}_refused_as_conflicting": (refused, "count"),
            f"{kind}_retractions": (len(retract_ms), "count"),
            f"{kind}_first_judgement_ms": (round(first_ms, 1), "ms"),
            f"{kind}_judgement_median_ms": (round(statistics.median(judge_ms), 1), "ms"),
            f"{kind}_judgement_p95_ms": (round(_p95(judge_ms), 1), "ms"),
            f"{kind}_judgement_max_ms": (round(max(judge_ms), 1), "ms"),
            f"{kind}_retraction_median_ms": (round(statistics.median(retract_ms), 1), "ms"),
            f"{kind}_retraction_p95_ms": (round(_p95(retract_ms), 1), "ms"),
            f"{kind}_retraction_max_ms": (round(max(retract_ms), 1), "ms"),
            f"{kind}_all_p95_ms": (round(_p95(both), 1), "ms"),
            f"{kind}_equals_full_recompute": (int(incremental == _stored(kind)), "bool")}


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def _child(seed: int, count: int, kinds: str) -> dict:
    """In the child: a fresh database in AKSJON_DATA_DIR, migrated, with one analyst."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from aksjon.accounts.models import Agency
    from aksjon.demo.users import ensure_user

    analyst = ensure_user("bench.analytiker", "analyst", None, Agency.objects.get(code="kripos"), "Bench Analytiker")
    figures = {}
    for kind in kinds.split(","):
        figures |= _bench_kind(kind, seed, count, analyst)
    return figures


if __name__ == "__main__":
    seed, count, kinds = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    print(json.dumps(_child(seed, count, kinds)))
