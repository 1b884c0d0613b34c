"""Shared fixtures: a small world with two districts and one persona per role.

Oslo and Vest take part in the operation; the district personas work in Oslo,
so every Vest record is "another district's object" for them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from aksjon.accounts.models import Agency, District, User
from aksjon.controls.actions import record_visit
from aksjon.followup.actions import create_followup
from aksjon.operations.actions import add_target, assign_target, create_operation, create_team
from aksjon.registry.actions import create_venue
from aksjon.registry.models import Town
from aksjon.registry.reference import load_reference
from aksjon.screening.actions import start_screening
from aksjon.screening.catalogue import install_shipped_catalogue
from tests.audit_guard import AuditGuard

PASSWORD = "test-password-123"
# Text that only Vest's records carry: none of it may reach an Oslo user or Arbeidstilsynet's liaison.
VEST_MARKERS = ("Siam Spa", "Strandgaten", "Nattaya", "Team Bergen", "Følg opp husleie", "Kontantsalg", "934 56 789")
# What a partner liaison of Arbeidstilsynet must not see either: Oslo's own task and the persons met.
NOT_FOR_ARBEIDSTILSYNET = VEST_MARKERS + ("Siriporn", "Følg opp arbeidsforhold")
ROLES = ["coordinator", "analyst", "auditor", "district_lead", "field_officer", "partner_liaison"]


def make_user(username: str, role: str, district: str | None = None, agency: str | None = None) -> User:
    user = User.objects.create(
        username=username, role=role,
        district=District.objects.get(name=district) if district else None,
        agency=Agency.objects.get(code=agency) if agency else None)
    user.set_password(PASSWORD)
    user.save()
    return user


@dataclass
class World:
    users: dict
    operation: object
    vest_only_operation: object
    venue: dict
    target: dict
    control: dict
    person: dict
    person_met: dict
    task: dict
    referral: object
    other_referral: object
    screening: dict


def _control(officer, target, given: str, phone: str):
    return record_visit(actor=officer, target=target, control={
        "venue": target.venue, "started_at": timezone.now() - timedelta(hours=2),
        "observations": "Two workers present.", "findings": ["sexual_services_offered"]},
        persons=[{"given_name": given, "family_name": "Johansen", "role": "worker", "language": "th",
                  "documents_seen": "passport", "rights_information_language": "th", "phone": phone,
                  "findings": ["no_written_contract"], "vulnerabilities": ["poverty", "migration"]}])


def build_world() -> World:
    users = {
        "coordinator": make_user("coord", "coordinator", agency="kripos"),
        "analyst": make_user("analyst", "analyst", agency="kripos"),
        "auditor": make_user("auditor", "auditor"),
        "district_lead": make_user("lead.oslo", "district_lead", district="Oslo"),
        "field_officer": make_user("officer.oslo", "field_officer", district="Oslo"),
        "partner_liaison": make_user("at.liaison", "partner_liaison", agency="arbeidstilsynet"),
        "vest_lead": make_user("lead.vest", "district_lead", district="Vest"),
        "vest_officer": make_user("officer.vest", "field_officer", district="Vest"),
        "skatt_liaison": make_user("skatt.liaison", "partner_liaison", agency="skatteetaten"),
    }
    coord = users["coordinator"]
    oslo, vest = District.objects.get(name="Oslo"), District.objects.get(name="Vest")
    operation = create_operation(actor=coord, name="Testuke", starts_on=date(2024, 3, 11), ends_on=date(2024, 3, 17),
                                 coordinating_agency=Agency.objects.get(code="kripos"), districts=[oslo, vest])
    vest_only = create_operation(actor=coord, name="Vest alene", starts_on=date(2024, 5, 1), ends_on=date(2024, 5, 3),
                                 coordinating_agency=Agency.objects.get(code="kripos"), districts=[vest])
    venue = {
        "oslo": create_venue(actor=coord, name="Baan Sabai", town=Town.objects.get(name="Oslo"),
                             street="Storgata 1", postcode="0155", orgnr="923456783", phones=["912 34 567"]),
        "vest": create_venue(actor=coord, name="Siam Spa", town=Town.objects.get(name="Bergen"),
                             street="Strandgaten 5", postcode="5013", phones=["+47 934 56 789"]),
    }
    target, control, person_met, task = {}, {}, {}, {}
    # Every name of a Vest record is unique to it (VEST_MARKERS), so a page that leaks one is caught.
    teams = [("oslo", users["field_officer"], users["district_lead"], "Siriporn", "91234567", "Team A",
              "Følg opp arbeidsforhold"),
             ("vest", users["vest_officer"], users["vest_lead"], "Nattaya", "93456789", "Team Bergen",
              "Følg opp husleie")]
    for key, officer, lead, given, phone, team_name, task_title in teams:
        t = add_target(actor=coord, operation=operation, venue=venue[key], reason="Annonser på eskortenettsted")
        team = create_team(actor=lead, operation=operation, district=venue[key].district, name=team_name)
        target[key] = assign_target(actor=lead, target=t, team=team)
        control[key] = _control(officer, target[key], given, phone)
        person_met[key] = control[key].persons_met.get()
        task[key] = create_followup(actor=officer, kind="task", title=task_title, district=venue[key].district,
                                    control=control[key], person_met=person_met[key], owner=officer)
    referral = create_followup(actor=users["field_officer"], kind="referral", title="Arbeidsavtaler",
                               district=venue["oslo"].district, control=control["oslo"],
                               agency=Agency.objects.get(code="arbeidstilsynet"))
    other = create_followup(actor=users["vest_officer"], kind="referral", title="Kontantsalg",
                            district=venue["vest"].district, control=control["vest"],
                            agency=Agency.objects.get(code="skatteetaten"))
    screening = {key: start_screening(actor=officer, person_met=person_met[key]) for key, officer in
                 [("oslo", users["field_officer"]), ("vest", users["vest_officer"])]}
    return World(screening=screening, users=users, operation=operation, vest_only_operation=vest_only,
                 venue=venue, target=target, control=control, person_met=person_met,
                 person={k: pm.person for k, pm in person_met.items()},
                 task=task, referral=referral, other_referral=other)


def restore_reference_data() -> None:
    """A transactional test empties every table afterwards, the migrations' reference data too."""
    load_reference(apps.get_model)
    install_shipped_catalogue(apps.get_model)


DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}


def pytest_collection_modifyitems(config, items):
    """Mark the tests that touch the database: `make test` runs them on SQLite and on
    PostgreSQL, and the rest (core, generator, sources, linkage engine) once."""
    for item in items:
        if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.database)


@pytest.fixture(autouse=True)
def audit_guard(request):
    """Fail the test when a write to an audited table commits without its audit row (tests/audit_guard.py).

    Only for tests in the test's own transaction (`db`): there every action's
    transaction is a savepoint the guard can follow."""
    if "db" not in request.fixturenames or "transactional_db" in request.fixturenames \
            or "live_server" in request.fixturenames:
        yield None
        return
    from django.db import connection

    request.getfixturevalue("db")
    guard = AuditGuard()
    with connection.execute_wrapper(guard):
        yield guard
    assert guard.violations == [], "writes without an audit row:\n" + "\n".join(guard.violations)


@pytest.fixture(autouse=True)
def no_worker_thread_outside_a_live_server(request, settings):
    """A page that queues a job starts the web process's worker thread; a test in its own
    transaction runs the queue itself instead (the thread could not see its rows)."""
    if "live_server" not in request.fixturenames:
        settings.JOBS_WORKER_THREAD = False


@pytest.fixture(autouse=True)
def own_audit_checkpoints(settings, tmp_path):
    """Each test its own checkpoint file: its database is rolled back afterwards, and another
    test's checkpoints would name rows this test's chain does not have."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"


@pytest.fixture(autouse=True)
def two_factor_off(settings):
    """Tests log in with force_login or the password alone; tests/test_two_factor.py turns it on."""
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # The real hasher is slow on purpose; tests build many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    return build_world()


def login(client, user: User):
    client.force_login(user)
    return client
