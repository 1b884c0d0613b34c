"""The bench command prints `name: value unit` lines and writes the documented JSON."""
import json

import pytest
from django.core.management import call_command

from aksjon import bench


def test_bench_command_prints_and_writes(tmp_path, capsys, monkeypatch):
    def tiny(size=3):
        return {"rows": (size, "count"), "seconds": (0.25, "s")}

    monkeypatch.setitem(bench.BENCHMARKS, "tiny", "tests.test_bench:_unused")
    monkeypatch.setattr(bench, "find", lambda name: tiny)
    out = tmp_path / "tiny.json"
    call_command("bench", "synth", "--out", str(out), "--set", "size=7")
    assert capsys.readouterr().out.splitlines() == ["rows: 7 count", "seconds: 0.25 s"]
    document = json.loads(out.read_text())
    assert document["bench"] == "synth"
    assert document["figures"] == {"rows": {"value": 7, "unit": "count"}, "seconds": {"value": 0.25, "unit": "s"}}
    assert document["machine"]["cores"] >= 1


def test_report_bench_builds_the_operation_and_times_the_report():
    """A small operation (all 12 districts, 20 controls, 25 persons met) through the real
    bench: the figures it names, counts at least as asked, times positive, the pages answered."""
    from django.urls import NoReverseMatch, reverse

    from aksjon.bench.report import measure

    figures = measure(seed=2, controls=20, persons=25, districts=12, runs=1, pdf_runs=1)
    assert figures["controls"] == (20, "count")
    assert figures["persons_met"][0] >= 25 and figures["districts"] == (12, "count")
    assert figures["followups"][0] > 0 and figures["screenings"][0] > 0
    timed = ["build_s", "page_median_s", "page_max_s", "page_district_median_s", "page_district_max_s"]
    try:
        reverse("operation_report_pdf", args=[1])
        timed += ["pdf_median_s", "pdf_max_s", "pdf_first_s"]
        assert figures["pdf_pages"][0] >= 1
    except NoReverseMatch:  # the PDF is measured as soon as its page exists
        assert "pdf_median_s" not in figures
    for name in timed:
        assert figures[name][1] == "s" and figures[name][0] > 0, name
    assert figures["page_queries"][0] > 0 and figures["page_kb"][0] > 1
    assert figures["page_target_met"][1] == "bool"


def test_report_bench_refuses_an_operation_smaller_than_asked():
    from aksjon.bench.report import check_counts

    check_counts({"controls": 500, "persons_met": 800, "districts": 12}, 500, 800, 12)
    with pytest.raises(RuntimeError, match="persons_met 799 < 800"):
        check_counts({"controls": 500, "persons_met": 799, "districts": 12}, 500, 800, 12)


def test_a_larger_operation_is_planned_on_the_national_landscape():
    """make_controls' keywords: every district, more controls than venues (second visits), and
    at least the persons asked for; without them, the week as before."""
    from aksjon.synth import params as P
    from aksjon.synth.action_week import make_controls
    from aksjon.synth.rng import sub_rng
    from aksjon.synth.world import build_world

    world = build_world(1, P.SCALES["national"])
    controls = make_controls(world, sub_rng(1, "controls"), districts=12, count=500, persons=800)
    assert len(controls) == 500 and len({c["district"] for c in controls}) == 12
    assert sum(len(c["persons"]) for c in controls) >= 800
    week = make_controls(build_world(1, P.SCALES["national"]), sub_rng(1, "controls"))
    assert P.CONTROLS_RANGE[0] <= len(week) <= P.CONTROLS_RANGE[1]
    assert len({c["district"] for c in week}) == P.ACTION_DISTRICTS
    assert P.PERSONS_RANGE[0] <= sum(len(c["persons"]) for c in week) <= P.PERSONS_RANGE[1]
