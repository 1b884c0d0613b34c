"""The demo: the action week of March 2024, rebuilt from the scenario generator.

The generator (aksjon.synth, scale `week`) writes the register files and the
week's controls; this module replays them through the same actions an officer
uses, so every demo record has its audit row and every figure is computed.
"""
from __future__ import annotations

import json
import tempfile
from datetime import date, datetime
from pathlib import Path

from django.db import transaction

from aksjon.accounts.models import Agency, District
from aksjon.controls.actions import record_visit
from aksjon.core.proposals import LABOUR_FINDINGS
from aksjon.demo.users import ensure_demo_users, field_officer_for
from aksjon.followup.actions import create_followup, set_followup_status
from aksjon.followup.due import default_due
from aksjon.intel.importing import import_file
from aksjon.intel.linking import KINDS, run_linkage
from aksjon.operations.actions import (
    add_target,
    assign_target,
    create_operation,
    create_team,
    set_operation_status,
)
from aksjon.operations.models import Operation
from aksjon.registry.actions import create_venue
from aksjon.registry.models import Town
from aksjon.screening.actions import confirm_screening, start_screening, update_screening

OPERATION_NAME = "Aksjonsuke 11 2024"
AIMS = ("Identifisere mulige ofre for menneskehandel, avdekke sårbarheter og følge dem opp, "
        "avdekke salg av seksuelle tjenester og brudd på arbeidsmiljøloven, og informere om rettigheter.")
SOURCES = [("enheter", "enheter.jsonl"), ("roller", "roller.jsonl"), ("ads", "ads.jsonl"), ("tips", "tips.csv"),
           ("inspections", "inspections.jsonl")]


def load_demo(seed: int = 11) -> Operation:
    """Generate the week and load it; does nothing when the demo is there already."""
    existing = Operation.objects.filter(name=OPERATION_NAME).first()
    if existing:
        return existing
    from aksjon.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate("week", seed, folder)
        analyst = ensure_demo_users()["analyst"]
        for kind, name in SOURCES:  # the intelligence the targets were chosen from
            import_file(actor=analyst, kind=kind, path=folder / name)
        controls = [json.loads(line) for line in (folder / "controls.jsonl").read_text("utf-8").splitlines()]
    with transaction.atomic():
        operation = load_controls(controls)
        load_reference_figures(ensure_demo_users()["coordinator"])
    for kind in KINDS:  # the analyst finds the sources cross-referenced, the review queue filled
        run_linkage(actor=analyst, kind=kind)
    run_analyses(analyst)
    return operation


def load_reference_figures(coordinator) -> list:
    """The figures from outside to compare the trends with (aksjon/data/reference-figures.toml)."""
    import tomllib
    from importlib import resources

    from aksjon.reports.actions import add_reference_figure

    text = resources.files("aksjon.data").joinpath("reference-figures.toml").read_text("utf-8")
    return [add_reference_figure(actor=coordinator, measure=item["measure"], value=item["value"],
                                 label=item["label"], source=item["source"], year=item.get("year"))
            for item in tomllib.loads(text)["figure"]]


def run_analyses(analyst) -> dict:
    """Every analysis, in order, on the cross-referenced sources: the hub, the priority list and
    the target proposals have something to show."""
    from aksjon.analysis import pipeline

    return pipeline.run(["all"], actor=analyst, progress=lambda phase, done, total: None)


def load_controls(controls: list[dict], name: str = OPERATION_NAME) -> Operation:
    users = ensure_demo_users()
    coordinator = users["coordinator"]
    districts = District.objects.filter(name__in={c["district"] for c in controls})
    operation = create_operation(
        actor=coordinator, name=name, starts_on=date(2024, 3, 11), ends_on=date(2024, 3, 17),
        coordinating_agency=Agency.objects.get(code="kripos"), districts=list(districts), aims=AIMS,
        support_agencies=list(Agency.objects.filter(code__in=["okokrim", "pu", "arbeidstilsynet", "rosa"])))
    set_operation_status(actor=coordinator, operation=operation, status="active")
    teams = {d.pk: create_team(actor=coordinator, operation=operation, district=d, name="Team 1",
                               members=[field_officer_for(d)]) for d in districts}
    for item in sorted(controls, key=lambda c: c["started_at"]):
        _replay_control(operation, coordinator, teams, item)
    return operation


def _replay_control(operation, coordinator, teams, item: dict) -> None:
    town = Town.objects.get(name=item["town"])
    venue = create_venue(actor=coordinator, name=item["venue_name"], town=town, street=item["address"],
                         postcode=item.get("postcode") or "", orgnr=item.get("organisasjonsnummer") or "",
                         phones=item.get("phones") or [])
    target = add_target(actor=coordinator, operation=operation, venue=venue, reason=item["reason"],
                        priority=item["priority"])
    target = assign_target(actor=coordinator, target=target, team=teams[venue.district_id])
    officer = field_officer_for(venue.district)
    control = record_visit(actor=officer, target=target, control={
        "venue": venue, "started_at": datetime.fromisoformat(item["started_at"]),
        "observations": item.get("observations", ""), "findings": item.get("findings", [])},
        persons=[_person_fields(p) for p in item["persons"]])
    _follow_up(officer, control)
    if control.started_at.day <= SCREENED_UNTIL_DAY:
        _screen(officer, control, item["persons"])


# The first days' persons met are screened already; the rest of the week is left for the
# field officers to screen in the demo.
SCREENED_UNTIL_DAY = 13


def _screen(officer, control, persons: list[dict]) -> None:
    """Screen each person met as the officer recorded the indicators (controls.jsonl), and
    confirm without new follow-ups: the district's follow-ups were made from the control."""
    for met, person in zip(control.persons_met.order_by("pk"), persons, strict=True):
        answers = person.get("indicators") or {}
        if not answers:
            continue
        screening = start_screening(actor=officer, person_met=met)
        screening = update_screening(actor=officer, screening=screening, answers=answers, notes={},
                                     minor=screening.minor)
        confirm_screening(actor=officer, screening=screening, chosen=[])


def _person_fields(person: dict) -> dict:
    return {
        "given_name": person["given_name"], "family_name": person["family_name"],
        "birth_date": date.fromisoformat(person["birth_date"]) if person.get("birth_date") else None,
        "role": person["role"], "language": person.get("language") or "",
        "documents_seen": person.get("documents_seen") or "",
        "rights_information_language": person.get("rights_information_language") or "",
        "phone": person.get("phone") or "", "findings": person.get("findings", []),
        "vulnerabilities": person.get("vulnerabilities", []),
    }


def _follow_up(officer, control) -> None:
    """What the district does after a control, as a screening would propose it: a task per
    vulnerable person, a referral to Arbeidstilsynet for labour findings, each owned by the
    officer (nobody is e-mailed what they gave themselves) and due by the defaults counted
    from the control. Early tasks are closed by the end of the week."""
    for met in control.persons_met.all():
        if met.vulnerabilities.exists():
            task = _proposed(officer, control, "vulnerability_follow_up", person_met=met)
            if control.started_at.day <= 12:
                set_followup_status(actor=officer, followup=task, status="closed",
                                    note="Kontaktet med tolk; informert om ROSA og rettigheter.")
    if set(control.findings.values_list("code", flat=True)) & LABOUR_FINDINGS:
        _proposed(officer, control, "arbeidstilsynet", agency=Agency.objects.get(code="arbeidstilsynet"))


def _proposed(officer, control, subject: str, agency=None, person_met=None):
    kind = "referral" if agency else "task"
    return create_followup(actor=officer, kind=kind, subject=subject, district=control.district, control=control,
                           person_met=person_met, agency=agency, owner=officer,
                           due_on=default_due(kind, subject, agency.code if agency else None, control.started_at))
