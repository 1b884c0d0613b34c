"""The demo runs the analyses after cross-referencing: the step itself, on the small world
(tests/test_demo.py checks that the whole demo week has templates, networks and scores)."""
from __future__ import annotations

from aksjon.analysis.models import VenueScore
from aksjon.demo import scenario


def test_the_demo_step_runs_every_analysis_and_scores_venues(world):
    summaries = scenario.run_analyses(world.users["analyst"])
    assert "priority" in summaries and summaries["priority"]["venues_scored"] == VenueScore.objects.count() > 0
