"""How to call every action of the project, declared once (tests/contract/test_actions.py).

A case prepares what the action needs (with the world's own actions, whose rows do
not count) and returns the call to measure. `rows` is the number of audit rows the
call writes: one, unless the action is made of others, which the case says.
"""
from __future__ import annotations

import tomllib
from binascii import unhexlify
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from aksjon.accounts import actions as accounts
from aksjon.accounts.actions import create_user
from aksjon.accounts.models import Agency
from aksjon.analysis import actions as analysis
from aksjon.audit.log import BLANK_VERB
from aksjon.controls import actions as controls
from aksjon.exports.actions import export_records
from aksjon.followup import actions as followup
from aksjon.intel import actions as intel
from aksjon.intel.models import CandidatePair
from aksjon.jobs import actions as jobs
from aksjon.operations import actions as operations
from aksjon.registry import actions as registry
from aksjon.registry.models import Town
from aksjon.registry.retention import load_rules
from aksjon.reports import actions as reports
from aksjon.screening import actions as screening
from tests.conftest import World

DATA = Path(__file__).parents[1] / "intel" / "data"

VICTIM = {"d1_deceived_nature_of_job": "disclosed", "d1_deceived_wages": "disclosed",
          "d4_excessive_hours": "observed", "d4_bad_living_conditions": "observed",
          "d5_debt_bondage": "disclosed", "d5_confiscation_of_documents": "observed"}


@dataclass(frozen=True)
class Case:
    prepare: Callable[[World], Callable[[], object]]
    rows: int = 1
    verb: str = ""  # the newest row's verb; the action's own name when empty
    why: str = ""  # why the call writes more than one row


def _now(call):
    """A case whose action needs nothing prepared."""
    return lambda w: lambda: call(w)


def _totp_code(key_hex: str) -> str:
    """What an authenticator app holding this secret shows now."""
    return f"{TOTP(unhexlify(key_hex)).token():06d}"


def _fresh_target(w, actor="coordinator"):
    return operations.add_target(actor=w.users[actor], operation=w.vest_only_operation, venue=w.venue["vest"],
                                 reason="Tips")


def _draft_screening(w):
    return w.screening["oslo"]


def _victim_screening(w):
    return screening.update_screening(actor=w.users["field_officer"], screening=w.screening["oslo"], answers=VICTIM,
                                      notes={}, minor=False)


def _queued_batch(w):
    tips = (DATA / "tips.csv").read_bytes()
    return intel.queue_import(actor=w.users["analyst"], kind="tips", uploaded_file=SimpleUploadedFile("tips.csv", tips))


def _started_batch(w):
    return intel.start_import(actor=w.users["analyst"], batch=_queued_batch(w), lines=3)


def _started_run(w):
    return intel.start_linkage_run(actor=w.users["analyst"], kind="person")


def _finish_run(w, run):
    left, right = _pair(w)
    pair = CandidatePair(run=run, left=left, right=right, match_weight=3.0, match_probability=0.9, rule="splink")
    return intel.finish_linkage_run(actor=w.users["analyst"], run=run, threshold=0.0, model_json="{}", records=2,
                                    timings={}, candidates=[pair])


def _pair(w) -> tuple[str, str]:
    left, right = sorted(f"person:{p.pk}" for p in w.person.values())
    return left, right


def _shipped_catalogue() -> dict:
    text = resources.files("aksjon.data").joinpath("indicators/ilo-ec-2009.toml").read_text("utf-8")
    return tomllib.loads(text)


ACTIONS: dict[str, Case] = {
    # Accounts
    "accounts.create_user": Case(_now(lambda w: create_user(actor=None, username="ny.bruker", role="analyst",
                                                            agency=Agency.objects.get(code="kripos")))),
    "accounts.mark_demo_user": Case(_now(lambda w: accounts.mark_demo_user(actor=None, user=w.users["analyst"]))),
    "accounts.enrol_totp": Case(lambda w: (lambda key: lambda: accounts.enrol_totp(
        actor=w.users["field_officer"], key=key, code=_totp_code(key)))(random_hex(20))),
    "accounts.verify_totp": Case(lambda w: (lambda device: lambda: accounts.verify_totp(
        actor=w.users["field_officer"], code=_totp_code(device.key)))(
        TOTPDevice.objects.create(user=w.users["field_officer"], name="authenticator"))),
    # Operations
    "operations.create_operation": Case(_now(lambda w: operations.create_operation(
        actor=w.users["coordinator"], name="Ny uke", starts_on=timezone.localdate(), ends_on=timezone.localdate(),
        coordinating_agency=Agency.objects.get(code="kripos"), districts=[w.venue["oslo"].district]))),
    "operations.set_operation_status": Case(_now(lambda w: operations.set_operation_status(
        actor=w.users["coordinator"], operation=w.operation, status="active"))),
    "operations.add_target": Case(_now(lambda w: _fresh_target(w, "analyst"))),
    "operations.approve_target": Case(lambda w: (lambda target: lambda: operations.approve_target(
        actor=w.users["coordinator"], target=target))(_fresh_target(w, "analyst"))),
    "operations.assign_target": Case(lambda w: (lambda target: lambda: operations.assign_target(
        actor=w.users["coordinator"], target=target, team=None))(_fresh_target(w))),
    "operations.create_team": Case(_now(lambda w: operations.create_team(
        actor=w.users["district_lead"], operation=w.operation, district=w.venue["oslo"].district, name="Team B"))),
    # Venues
    "registry.correct_person": Case(_now(lambda w: registry.correct_person(
        actor=w.users["district_lead"], person=w.person["oslo"], given_name="Siri", reason="Stavet feil"))),
    "registry.create_venue": Case(_now(lambda w: registry.create_venue(
        actor=w.users["district_lead"], name="Thai Garden", town=Town.objects.get(name="Oslo"),
        street="Bogstadveien 3", phones=["+47 400 00 000"]))),
    "registry.block_person": Case(_now(lambda w: registry.block_person(
        actor=w.users["coordinator"], person=w.person["oslo"], reason="Den registrerte ba om sperring"))),
    "registry.unblock_person": Case(lambda w: (lambda person: lambda: registry.unblock_person(
        actor=w.users["coordinator"], person=person))(registry.block_person(
            actor=w.users["coordinator"], person=w.person["vest"], reason="Sperret"))),
    # The audit category's row is the blanking row verify reads (its verb), the others retention_run.
    "registry.run_retention": Case(_now(lambda w: registry.run_retention(
        actor=w.users["coordinator"], today=timezone.localdate())), rows=len(load_rules()), verb=BLANK_VERB,
        why="one transaction and one audit row per retention category"),
    # Controls
    "controls.record_control": Case(_now(lambda w: controls.record_control(
        actor=w.users["field_officer"], venue=w.venue["oslo"], started_at=timezone.now() - timedelta(minutes=5)))),
    "controls.add_person_met": Case(_now(lambda w: controls.add_person_met(
        actor=w.users["field_officer"], control=w.control["oslo"], role="worker", given_name="Nuttaya"))),
    "controls.record_finding": Case(_now(lambda w: controls.record_finding(
        actor=w.users["field_officer"], control=w.control["oslo"], code="hygiene"))),
    "controls.record_vulnerability": Case(_now(lambda w: controls.record_vulnerability(
        actor=w.users["field_officer"], person_met=w.person_met["oslo"], code="education"))),
    "controls.record_visit": Case(_now(lambda w: controls.record_visit(
        actor=w.users["field_officer"], target=None,
        control={"venue": w.venue["oslo"], "started_at": timezone.now(), "findings": ["hygiene"]},
        persons=[{"given_name": "A", "role": "worker", "vulnerabilities": ["poverty"]}])),
        rows=4, verb="record_vulnerability",
        why="a visit is the control, its finding, the person met and the person's vulnerability: one row each"),
    # Exports
    "exports.export_records": Case(_now(lambda w: export_records(actor=w.users["coordinator"], kind="targets",
                                                                 fmt="csv"))),
    # Intelligence: imports and linkage runs
    "intel.queue_import": Case(_now(_queued_batch)),
    "intel.start_import": Case(lambda w: (lambda batch: lambda: intel.start_import(
        actor=w.users["analyst"], batch=batch, lines=3))(_queued_batch(w))),
    "intel.reject_import": Case(lambda w: (lambda batch: lambda: intel.reject_import(
        actor=w.users["analyst"], batch=batch, errors=[{"line": 2, "field": "channel", "reason": "x"}], lines=3))(
        _started_batch(w))),
    "intel.finish_import": Case(lambda w: (lambda batch: lambda: intel.finish_import(
        actor=w.users["analyst"], batch=batch, added=2, unchanged=0, rows=2))(_started_batch(w))),
    "intel.fail_import": Case(lambda w: (lambda batch: lambda: intel.fail_import(
        actor=w.users["analyst"], batch=batch, error=RuntimeError("disk full")))(_started_batch(w))),
    "analysis.queue_analysis": Case(_now(lambda w: analysis.queue_analysis(actor=w.users["analyst"],
                                                                              names=["templates"]))),
    "analysis.propose_targets": Case(_now(lambda w: analysis.propose_targets(actor=w.users["analyst"],
                                                                              operation=w.operation))),
    "analysis.accept_proposals": Case(_now(lambda w: analysis.accept_proposals(
        actor=w.users["coordinator"], operation=w.operation, proposals=[w.analysis["proposal"]["own"]])),
        rows=2, verb="accept_proposal", why="each accepted proposal is a target added by its own action, then marked"),
    "analysis.reject_proposal": Case(_now(lambda w: analysis.reject_proposal(
        actor=w.users["coordinator"], proposal=w.analysis["proposal"]["own"], reason="Stengt"))),
    "intel.queue_linkage": Case(_now(lambda w: intel.queue_linkage(actor=w.users["analyst"], kind="venue"))),
    "intel.start_linkage_run": Case(_now(_started_run), verb="start_linkage"),
    "intel.finish_linkage_run": Case(lambda w: (lambda run: lambda: _finish_run(w, run))(_started_run(w)),
                                     verb="finish_linkage"),
    "intel.fail_linkage_run": Case(lambda w: (lambda run: lambda: intel.fail_linkage_run(
        actor=w.users["analyst"], run=run, error=RuntimeError("out of memory")))(_started_run(w)),
        verb="fail_linkage"),
    # Jobs: what a user does to one
    "jobs.queue_job": Case(_now(lambda w: jobs.queue_job(actor=w.users["analyst"], kind="linkage",
                                                         params={"kind": "venue"}))),
    "jobs.cancel_job": Case(_now(lambda w: jobs.cancel_job(actor=w.users["analyst"], pk=w.intel["job"].pk))),
    "jobs.retry_job": Case(_now(lambda w: jobs.retry_job(actor=w.users["analyst"], pk=w.intel["failed_job"].pk))),
    # Judgements
    "intel.judge_pair": Case(_now(lambda w: intel.judge_pair(actor=w.users["analyst"], kind="person", left=_pair(w)[0],
                                                             right=_pair(w)[1], verdict="unsure"))),
    "intel.judge_many": Case(_now(lambda w: intel.judge_many(actor=w.users["analyst"], kind="person",
                                                             pairs=[_pair(w)], verdict="unsure")),
                             verb="judge_pair", why="one row per pair judged"),
    "intel.retract_judgement": Case(_now(lambda w: intel.retract_judgement(actor=w.users["analyst"],
                                                                           judgement=w.intel["judgement"]))),
    # Follow-up
    "followup.create_followup": Case(_now(lambda w: followup.create_followup(
        actor=w.users["field_officer"], kind="task", title="Ring tilbake", district=w.venue["oslo"].district))),
    "followup.assign_followup": Case(_now(lambda w: followup.assign_followup(
        actor=w.users["district_lead"], followup=w.referral, owner=w.users["field_officer"]))),
    "followup.set_followup_status": Case(_now(lambda w: followup.set_followup_status(
        actor=w.users["partner_liaison"], followup=w.referral, status="closed", note="Tilsyn gjennomført."))),
    "followup.add_followup_note": Case(_now(lambda w: followup.add_followup_note(
        actor=w.users["partner_liaison"], followup=w.referral, text="Tilsyn avtalt."))),
    # Screening and rights information
    "screening.publish_catalogue": Case(_now(lambda w: screening.publish_catalogue(
        actor=w.users["coordinator"], data=_shipped_catalogue(), note="Test"))),
    "screening.start_screening": Case(_now(lambda w: screening.start_screening(
        actor=w.users["field_officer"], person_met=w.person_met["oslo"]))),
    "screening.update_screening": Case(_now(_victim_screening)),
    "screening.confirm_screening": Case(lambda w: (lambda done: lambda: screening.confirm_screening(
        actor=w.users["field_officer"], screening=done, chosen=["rosa", "reflection_period"]))(
        _victim_screening(w)), rows=3,
        why="each chosen proposal is a follow-up created by its own action, then the confirmation"),
    "screening.record_rights_information": Case(_now(lambda w: screening.record_rights_information(
        actor=w.users["field_officer"], person_met=w.person_met["oslo"], language="th"))),
    # Reports
    "reports.add_reference_figure": Case(_now(lambda w: reports.add_reference_figure(
        actor=w.users["analyst"], measure="sexual_services_share", value=0.75, label="Bergen",
        source="NRK Brennpunkt", year=2022))),
    "reports.save_report_text": Case(_now(lambda w: reports.save_report_text(
        actor=w.users["coordinator"], operation=w.operation, language="nb", text="Under Testuke"))),
    "reports.publish_report_text": Case(lambda w: (lambda _draft: lambda: reports.publish_report_text(
        actor=w.users["coordinator"], operation=w.operation, language="nb", figures={"persons_met": 2}))(
        reports.save_report_text(actor=w.users["coordinator"], operation=w.operation, language="en",
                                 text="During Testuke") and reports.save_report_text(
            actor=w.users["coordinator"], operation=w.operation, language="nb", text="Under Testuke"))),
}
