"""The world of tests/conftest.py, with what the contract tests also need: a proposed
target in each district, an import batch, a linkage run with a pair, a judgement."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aksjon.intel import actions as intel
from aksjon.intel.models import CandidatePair
from aksjon.jobs.actions import cancel_job
from aksjon.operations.actions import add_target
from aksjon.registry.actions import create_venue
from aksjon.registry.models import Town
from tests.conftest import build_world

DATA = Path(__file__).parents[1] / "intel" / "data"


def _proposed_targets(world) -> dict:
    analyst = world.users["analyst"]
    venues = {
        "oslo": create_venue(actor=analyst, name="Lotus Massasje", town=Town.objects.get(name="Oslo"),
                             street="Thorvald Meyers gate 9"),
        "vest": create_venue(actor=analyst, name="Vest Thai Spa", town=Town.objects.get(name="Bergen"),
                             street="Strandgaten 40"),
    }
    return {key: add_target(actor=analyst, operation=world.operation, venue=venue, reason="Tips fra publikum")
            for key, venue in venues.items()}


def _intel(world) -> dict:
    analyst = world.users["analyst"]
    batch = intel.queue_import(actor=analyst, kind="tips",
                               uploaded_file=SimpleUploadedFile("tips.csv", (DATA / "tips.csv").read_bytes()))
    run = intel.start_linkage_run(actor=analyst, kind="person")
    left, right = sorted(f"person:{p.pk}" for p in world.person.values())
    intel.finish_linkage_run(actor=analyst, run=run, threshold=0.0, model_json="{}", records=2, timings={},
                             candidates=[CandidatePair(run=run, left=left, right=right, match_weight=-1.0,
                                                       match_probability=0.4, rule="splink")])
    judgement = intel.judge_pair(actor=analyst, kind="person", left=left, right=right, verdict="different")
    failed = intel.queue_linkage(actor=analyst, kind="venue")
    cancel_job(actor=analyst, pk=failed.pk)
    return {"batch": batch, "run": run, "pair": run.candidates.get(), "judgement": judgement,
            "pair_value": f"{left}|{right}", "job": intel.queue_linkage(actor=analyst, kind="person"),
            "failed_job": failed}


def build_contract_world():
    """The shared world with what the contract table's URLs also name."""
    world = build_world()
    world.proposed_target = _proposed_targets(world)
    world.intel = _intel(world)
    return world


@pytest.fixture
def contract_world(db):
    return build_contract_world()
