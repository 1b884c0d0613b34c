"""The synthetic scenario generator: a Norwegian Thai-massage landscape, its register,
ads, tips and inspections, the action week of March 2024, and the ground truth.

Plain Python (no Django). `generate(scale, seed, out_dir)` writes the files of
shared/formats/README.md plus controls.jsonl and truth.jsonl into `out_dir`; the same
seed gives byte-identical files. See docs/synth.md.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aksjon.synth import params as P
from aksjon.synth.action_week import make_controls
from aksjon.synth.ad_stream import AdStream
from aksjon.synth.inspections import make_inspections, write_inspections
from aksjon.synth.register_records import write_register
from aksjon.synth.rng import sub_rng
from aksjon.synth.tips import make_tips, write_tips
from aksjon.synth.truth import write_static_truth
from aksjon.synth.world import build_world
from aksjon.synth.writer import JsonLines

Progress = Callable[[int, int, str], None]
STAGES = 100
ADS_SHARE = 70      # of the 100 progress steps, the ads take the last 70


def _silent(done: int, total: int, label: str) -> None:
    return None


def generate(scale: str, seed: int, out_dir: Path, progress: Progress | None = None) -> dict:
    """Write the scenario for `scale` ("week", "national", "europe") and `seed` into `out_dir`."""
    if scale not in P.SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(P.SCALES)}")
    settings, report = P.SCALES[scale], progress or _silent
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report(0, STAGES, "landscape")
    world = build_world(seed, settings)
    report(10, STAGES, "register")
    counts = write_register(world, sub_rng(seed, "register-text"), out_dir)
    counts["inspections"] = write_inspections(make_inspections(world, sub_rng(seed, "inspections"),
                                                               settings.inspections), out_dir)
    counts["tips"] = write_tips(make_tips(world, sub_rng(seed, "tips"), settings.tips), out_dir)
    report(20, STAGES, "action week")
    controls = make_controls(world, sub_rng(seed, "controls"))
    with JsonLines(out_dir / "controls.jsonl") as out:
        for control in controls:
            out.write(control)
    counts.update(controls=len(controls), persons_met=sum(len(c["persons"]) for c in controls))
    report(STAGES - ADS_SHARE, STAGES, "ads")
    counts.update(_write_ads_and_truth(world, seed, settings, out_dir, report))
    counts.update(venues=len(world.venues), networks=len(world.networks), persons=len(world.persons))
    norway = [v for v in world.venues if v.town.country == "NO"]
    # Issue 11: the national base rate of exploitative venues (held under 25 %, docs/synth.md).
    counts["exploitative_share"] = round(sum(v.exploitative for v in norway) / len(norway), 3)
    report(STAGES, STAGES, "done")
    return {"scale": scale, "seed": seed, **counts}


def _write_ads_and_truth(world, seed: int, settings: P.Scale, out_dir: Path, report: Progress) -> dict:
    def ads_progress(done: int, total: int, label: str) -> None:
        report(STAGES - ADS_SHARE + ADS_SHARE * done // max(total, 1), STAGES, label)

    with JsonLines(out_dir / "truth.jsonl") as truth, JsonLines(out_dir / "ads.jsonl") as ads:
        write_static_truth(world, truth)
        stream = AdStream(world, sub_rng(seed, "ads"), settings.ads_start, P.PERIOD_END, ads, truth)
        stream.seed()
        stream.run(ads_progress)
        return {"ad_observations": stream.observations, "ads": stream.distinct, "truth": truth.count}
