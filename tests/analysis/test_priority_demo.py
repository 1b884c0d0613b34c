"""The demo runs the analyses after cross-referencing (a cheap check: the step itself, on the small world)."""
from __future__ import annotations

import inspect

from aksjon.analysis.models import VenueScore
from aksjon.demo import scenario


def test_load_demo_runs_the_analyses_after_linkage():
    source = inspect.getsource(scenario.load_demo)
    assert source.index("run_linkage(") < source.index("run_analyses(analyst)")


def test_the_demo_step_runs_every_analysis_and_scores_venues(world):
    summaries = scenario.run_analyses(world.users["analyst"])
    assert "priority" in summaries and summaries["priority"]["venues_scored"] == VenueScore.objects.count() > 0
