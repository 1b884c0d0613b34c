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


def _analysis(world) -> dict:
    """A target proposal of each side: for the operation of both districts (a new Oslo venue), and for
    the Vest-only operation (a new Bergen venue)."""
    from aksjon.analysis.models import TargetProposal

    analyst, proposals = world.users["analyst"], {}
    for side, town, street, operation in (("own", "Oslo", "Markveien 3", world.operation),
                                          ("other", "Bergen", "Kalfarveien 7", world.vest_only_operation)):
        venue = create_venue(actor=analyst, name=f"Forslag {town}", town=Town.objects.get(name=town), street=street)
        proposals[side] = TargetProposal.objects.create(
            operation=operation, venue=venue, district=venue.district, score=12.0, rank=1, weights_version="1",
            reasons=[{"family": "tip", "code": "tip_received", "points": 12.0, "evidence": "T-1", "refs": []}])
    return {"proposal": proposals}


def _networks(world) -> dict:
    """A network and a rotating worker on each side (aksjon/analysis/views_networks.py): the Oslo
    venue's and the Vest venue's, each with its person in a role (the page names them)."""
    from django.utils import timezone

    from aksjon.analysis.models import Network, NetworkNode, NetworkTie, Persona, Stint

    found = {"network": {}, "persona": {}}
    for side, key in (("own", "oslo"), ("other", "vest")):
        venue, person = world.venue[key], world.person[key]
        network = Network.objects.create(key=f"N-{key}", size=2, strength=1.0,
                                         central=[{"ref": f"venue:{venue.pk}", "label": venue.name, "type": "venue",
                                                   "score": 0.5}])
        network.venues.add(venue)
        NetworkNode.objects.create(network=network, ref=f"venue:{venue.pk}", type="venue", label=venue.name)
        NetworkNode.objects.create(network=network, ref=f"person:{person.pk}", type="person", label=str(person))
        NetworkTie.objects.create(network=network, left=f"venue:{venue.pk}", right=f"person:{person.pk}",
                                  kind="owner", weight=0.9, reason="DAGL: owner shared by 2 operators")
        persona = Persona.objects.create(key=f"R-{key}", nicknames=["Nok"], towns=2)
        Stint.objects.create(persona=persona, town=venue.town.name, venue=venue, first_seen=timezone.now(),
                             last_seen=timezone.now())
        found["network"][side], found["persona"][side] = network, persona
    return found


def _templates(world) -> dict:
    """An ad template on each side (aksjon/analysis/views_templates.py): one of the Oslo venue's ads,
    one of the Vest venue's."""
    from aksjon.analysis.models import AdTemplate, AdTemplateMember

    found = {}
    for side, key in (("own", "oslo"), ("other", "vest")):
        venue = world.venue[key]
        template = AdTemplate.objects.create(key=f"T-{key}", texts=["{venue} – thaimassasje. Ring {phone}."],
                                             slots={"venue": {venue.name: 1}}, ads=1, observations=1)
        template.venues.add(venue)
        AdTemplateMember.objects.create(template=template, ad_source="massasjeguiden", ad_id=f"ad-{key}")
        found[side] = template
    return found


def build_contract_world():
    """The shared world with what the contract table's URLs also name."""
    world = build_world()
    world.proposed_target = _proposed_targets(world)
    world.intel = _intel(world)
    world.analysis = _analysis(world)
    world.networks = _networks(world)
    world.templates = _templates(world)
    return world


@pytest.fixture
def contract_world(db):
    return build_contract_world()
