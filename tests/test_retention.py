"""Retention (aksjon/registry/retention.py, aksjon/data/retention.toml): the rules are checked
when loaded, a dry run changes nothing and lists exactly what a run would change, a run
pseudonymises, deletes and blanks with one audit row per category and keeps the chain whole,
and a blocked person is hidden from every role."""
from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from aksjon.accounts.access import POLICY, VIEW, role_allows
from aksjon.audit.log import BLANK_VERB
from aksjon.audit.models import WRITE, AuditEntry
from aksjon.audit.verify import verify_chain
from aksjon.controls.actions import add_person_met
from aksjon.core.errors import AccessDenied, NotFound
from aksjon.intel.models import Inspection, Tip
from aksjon.registry.actions import block_person, run_retention, unblock_person
from aksjon.registry.models import Ad, Person, Phone, Role
from aksjon.registry.retention import KEPT_FOLLOWUP, KEPT_INDICATIONS, RulesError, load_rules, pseudonym
from aksjon.reports.figures import operation_figures
from aksjon.screening.actions import start_screening, update_screening
from tests.contract.actions import VICTIM

NOW = timezone.now()
SOON = timezone.localdate() + timedelta(days=181)  # the persons met today are past the 180 days
YEAR = timedelta(days=365)


# Rules

def test_the_shipped_rules_load_with_reasons_and_basis_in_both_languages():
    rules = {rule.category: rule for rule in load_rules()}
    assert list(rules) == ["persons_no_indications", "persons_review_date", "tips", "inspections", "ads",
                           "roles", "audit"]
    assert (rules["persons_no_indications"].days, rules["tips"].years, rules["inspections"].years,
            rules["ads"].years, rules["audit"].years) == (180, 5, 10, 2, 5)
    for rule in rules.values():
        assert rule.reason_nb and rule.reason_en and "50–51" in rule.basis_nb and "50–51" in rule.basis_en


VALID_TIPS = ('after_years = 5\nreason_nb = "a"\nreason_en = "b"\nbasis_nb = "c"\nbasis_en = "d"\n')


@pytest.mark.parametrize(("text", "key", "problem"), [
    ("[bogus]\n" + VALID_TIPS, "bogus", "unknown category"),
    ("[tips]\n" + VALID_TIPS.replace("after_years = 5", "after_years = -1"), "tips.after_years", "0 or more"),
    ("[tips]\n" + VALID_TIPS.replace("after_years = 5", "after_days = 1.5"), "tips.after_days", "whole number"),
    ("[tips]\n" + VALID_TIPS.replace("after_years = 5", ""), "tips.after_days", "exactly one"),
    ("[tips]\n" + VALID_TIPS.replace('reason_en = "b"', ""), "tips.reason_en", "non-empty text"),
    ("[tips]\n" + VALID_TIPS + "keep = true\n", "tips.keep", "unknown key"),
    ("[persons_review_date]\npurposes = [\"nobody\"]\n" + VALID_TIPS, "persons_review_date.purposes", "purposes"),
])
def test_a_bad_rule_is_refused_naming_the_file_and_the_key(tmp_path, text, key, problem):
    path = tmp_path / "retention.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(RulesError) as refused:
        load_rules(path)
    assert str(refused.value).startswith(f"{path}: {key}: ") and problem in str(refused.value)


# A world with something for every rule

def _records(world) -> dict:
    officer = world.users["field_officer"]
    quiet = add_person_met(actor=officer, control=world.control["oslo"], role="worker", given_name="Malee",
                           family_name="Srisuk", phone="+47 401 23 456").person
    quiet.birth_date = NOW.date().replace(year=1990)
    quiet.save()
    screened = add_person_met(actor=officer, control=world.control["oslo"], role="worker", given_name="Lamai")
    update_screening(actor=officer, screening=start_screening(actor=officer, person_met=screened), answers=VICTIM,
                     notes={}, minor=False)
    past = timezone.localdate() - timedelta(days=1)
    holder = Person.objects.create(given_name="Ola", family_name="Eier", purpose="register", retain_until=past)
    Person.objects.create(given_name="Mistenkt", purpose="suspect", retain_until=past)  # no rule covers suspects
    unit = world.venue["oslo"].unit
    return {
        "quiet": quiet, "screened": screened.person, "holder": holder,
        "old_tip": Tip.objects.create(tip_id="T-old", received_at=NOW - 6 * YEAR, channel="public", text="Gammelt"),
        "new_tip": Tip.objects.create(tip_id="T-new", received_at=NOW - YEAR, channel="public", text="Nytt"),
        "old_inspection": Inspection.objects.create(inspection_id="I-old", agency="AT", date=(NOW - 11 * YEAR).date()),
        "new_inspection": Inspection.objects.create(inspection_id="I-new", agency="AT", date=(NOW - 9 * YEAR).date()),
        "old_ad": _ad("1", NOW - 3 * YEAR),
        "target_ad": _ad("2", NOW - 3 * YEAR, venue=world.venue["oslo"]),  # the venue is a target: kept whole
        "new_ad": _ad("3", NOW - YEAR),
        "old_role": Role.objects.create(unit=unit, code="DAGL", holder_name="X", resigned=True,
                                        changed_on=(NOW - 6 * YEAR).date()),
        "held_role": Role.objects.create(unit=unit, code="INNH", holder_name="Y", changed_on=(NOW - 6 * YEAR).date()),
    }


def _ad(ad_id: str, observed_at, venue=None) -> Ad:
    return Ad.objects.create(ad_source="annonse.no", ad_id=ad_id, category="massage", observed_at=observed_at,
                             title="Thai massasje", text="Ring Malee", image_hashes=["ab12"], venue=venue)


def _expected(world, r) -> set:
    return {
        ("persons_no_indications", f"person:{r['quiet'].pk}", "pseudonymise"),
        ("persons_no_indications", f"person:{world.person['oslo'].pk}", "keep"),  # its task is open
        ("persons_no_indications", f"person:{world.person['vest'].pk}", "keep"),
        ("persons_no_indications", f"person:{r['screened'].pk}", "keep"),
        ("persons_review_date", f"person:{r['holder'].pk}", "pseudonymise"),
        ("tips", f"tip:{r['old_tip'].pk}", "delete"),
        ("inspections", f"inspection:{r['old_inspection'].pk}", "delete"),
        ("ads", f"ad:{r['old_ad'].pk}", "blank"),
        ("roles", f"role:{r['old_role'].pk}", "delete"),
    }


def _state() -> list:
    return [list(model.objects.order_by("pk").values()) for model in (Person, Tip, Inspection, Ad, Role)] + [
        AuditEntry.objects.count(), list(Person.phones.through.objects.values_list("person_id", "phone_id"))]


def test_a_dry_run_lists_exactly_what_would_change_and_changes_nothing(world):
    records = _records(world)
    before = _state()
    plan = run_retention(today=SOON, dry_run=True)
    assert {(item.category, item.ref, item.action) for item in plan} == _expected(world, records)
    reasons = {item.ref: item.reason for item in plan}
    assert reasons[f"person:{world.person['oslo'].pk}"] == KEPT_FOLLOWUP
    assert reasons[f"person:{records['screened'].pk}"] == KEPT_INDICATIONS
    assert _state() == before


def test_the_run_applies_the_plan_with_one_audit_row_per_category(world):
    records = _records(world)
    known = set(AuditEntry.objects.values_list("pk", flat=True))
    done = run_retention(today=SOON, dry_run=False)
    assert {(item.category, item.ref, item.action) for item in done} == _expected(world, records)

    quiet = Person.objects.get(pk=records["quiet"].pk)
    assert (quiet.given_name, quiet.family_name, quiet.birth_date) == (pseudonym(quiet.pk), "", None)
    assert quiet.given_name.startswith("P-") and len(quiet.given_name) == 10 and quiet.pseudonymised_at
    assert not quiet.phones.exists() and Phone.objects.filter(e164="+4740123456").exists()
    assert quiet.encounters.count() == 1, "the person met stays: the figures count it"
    assert Person.objects.get(pk=records["holder"].pk).pseudonymised_at is not None
    for kept in (world.person["oslo"], records["screened"]):
        assert Person.objects.get(pk=kept.pk).given_name == kept.given_name and kept.pseudonymised_at is None
    assert Person.objects.get(purpose="suspect").pseudonymised_at is None
    assert set(Tip.objects.values_list("tip_id", flat=True)) == {"T-new"}
    assert set(Inspection.objects.values_list("inspection_id", flat=True)) == {"I-new"}
    assert Ad.objects.filter(text="", title="", image_hashes=[]).get().pk == records["old_ad"].pk
    assert set(Role.objects.values_list("pk", flat=True)) >= {records["held_role"].pk}
    assert not Role.objects.filter(pk=records["old_role"].pk).exists()

    rows = list(AuditEntry.objects.filter(kind=WRITE).exclude(pk__in=known).order_by("seq"))
    assert [row.verb for row in rows] == ["retention_run"] * 6 + [BLANK_VERB]
    assert [row.after["category"] for row in rows[:6]] == [rule.category for rule in load_rules()][:6]
    assert rows[0].after["counts"] == {"pseudonymise": 1, "delete": 0, "blank": 0, "keep": 3}
    assert rows[0].after["records"]["pseudonymise"] == [f"person:{quiet.pk}"]
    logged = json.dumps([row.after for row in rows])
    assert not any(name in logged for name in ("Malee", "Srisuk", "Lamai", "Siriporn", "Ola", "Eier"))
    assert verify_chain().intact

    again = run_retention(today=SOON, dry_run=True)
    assert {item.action for item in again} == {"keep"}, "a second run has nothing left to change"


def test_old_audit_bodies_are_blanked_and_the_chain_still_verifies(world):
    audit_rule = [rule for rule in load_rules() if rule.category == "audit"]
    late = timezone.localdate() + 5 * YEAR + timedelta(days=10)
    old = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert old and AuditEntry.objects.filter(after__isnull=False).count() == len(old)
    run_retention(today=late, dry_run=False, rules=audit_rule)
    blanked = AuditEntry.objects.filter(seq__in=old)
    assert all(row.before is None and row.after is None for row in blanked)
    marker = AuditEntry.objects.get(verb=BLANK_VERB)
    assert marker.after["seqs"] == old
    report = verify_chain()
    assert report.intact, report.reason()
    assert run_retention(today=late, dry_run=True, rules=audit_rule) == [], "the blanking row itself is kept"


def test_a_person_is_decided_by_the_first_person_rule_that_reaches_them(world):
    """Six years on, the persons met are past both the 180 days and their review date."""
    plan = run_retention(today=timezone.localdate() + 6 * YEAR, dry_run=True)
    persons = [(item.category, item.ref) for item in plan if item.ref.startswith("person:")]
    assert sorted(persons) == sorted(("persons_no_indications", f"person:{p.pk}") for p in world.person.values())


def test_pseudonymisation_leaves_the_operation_figures_as_they_were(world):
    records = _records(world)
    coordinator = world.users["coordinator"]
    before = operation_figures(coordinator, world.operation).as_dict()
    run_retention(today=SOON, dry_run=False)
    assert Person.objects.get(pk=records["quiet"].pk).pseudonymised_at is not None
    assert operation_figures(coordinator, world.operation).as_dict() == before


def test_a_user_runs_retention_only_with_the_role_that_blocks(world):
    with pytest.raises(AccessDenied):
        run_retention(actor=world.users["district_lead"], today=SOON, dry_run=True)
    assert run_retention(actor=world.users["coordinator"], today=SOON, dry_run=True)


# Blocking

ROLES_WHO_SEE_PERSONS = [role for role in POLICY if role_allows(role, VIEW, "person")]


def test_a_blocked_person_is_hidden_from_every_role_until_unblocked(world):
    person, coordinator = world.person["oslo"], world.users["coordinator"]
    users = {role: next(u for u in world.users.values() if u.role == role) for role in ROLES_WHO_SEE_PERSONS}
    assert set(users) >= {"coordinator", "analyst", "district_lead", "field_officer"}
    for user in users.values():
        assert Person.objects.restrict(user).filter(pk=person.pk).exists()
    block_person(actor=coordinator, person=person, reason="Den registrerte har bedt om sperring")
    for role, user in users.items():
        assert not Person.objects.restrict(user).filter(pk=person.pk).exists(), role
    assert person.encounters.get().screenings.exists(), "its person met and screening stay"
    with pytest.raises(NotFound):
        block_person(actor=coordinator, person=person, reason="igjen")
    unblock_person(actor=coordinator, person=person)
    for user in users.values():
        assert Person.objects.restrict(user).filter(pk=person.pk).exists()


def test_only_the_blocking_role_blocks_and_unblocks(world):
    person = world.person["oslo"]
    with pytest.raises(AccessDenied):
        block_person(actor=world.users["district_lead"], person=person, reason="Nei")
    block_person(actor=world.users["coordinator"], person=person, reason="Sperret")
    with pytest.raises(AccessDenied):
        unblock_person(actor=world.users["analyst"], person=person)
    assert Person.objects.get(pk=person.pk).blocked_at is not None


def test_a_blocked_persons_page_is_gone_and_the_control_names_no_one(client, world):
    person, control = world.person["oslo"], world.control["oslo"]
    block_person(actor=world.users["coordinator"], person=person, reason="Sperret")
    client.force_login(world.users["district_lead"])
    assert client.get(reverse("person_detail", args=[person.pk])).status_code == 404
    page = client.get(reverse("control_detail", args=[control.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and person.given_name not in page.content.decode()


# The command

def test_the_command_prints_the_plan_and_the_rules(world):
    records = _records(world)
    out = StringIO()
    call_command("retention", "run", "--dry-run", "--today", SOON.isoformat(), stdout=out)
    text = out.getvalue()
    assert f"dry run for {SOON}: nothing changed; 6 records would change" in text
    assert "persons_no_indications   keep                2  " + KEPT_FOLLOWUP in text
    assert "tips                     delete              1  Tips older than five years are deleted." in text
    assert Tip.objects.filter(pk=records["old_tip"].pk).exists()
    out = StringIO()
    call_command("retention", "run", "--today", SOON.isoformat(), stdout=out)
    assert f"retention run for {SOON}: 6 records changed" in out.getvalue()
    assert not Tip.objects.filter(pk=records["old_tip"].pk).exists()
    out = StringIO()
    call_command("retention", "rules", stdout=out)
    assert "tips: after 5 years" in out.getvalue() and "Tips eldre enn fem år slettes." in out.getvalue()
