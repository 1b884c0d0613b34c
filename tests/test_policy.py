"""Role rules as data (allows, the {% allows %} tag), scopes of several paths, and the
related records a page lists: each through restrict(), so no other district's record shows."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from aksjon.accounts.access import APPROVE, OWN, allows, role_allows, roles_allowed
from aksjon.accounts.models import User
from aksjon.controls.actions import add_person_met
from aksjon.core.errors import AccessDenied, InvalidInput
from aksjon.followup.actions import create_followup
from aksjon.operations.actions import add_target, approve_target, create_team
from aksjon.operations.models import Target
from aksjon.registry.actions import create_venue
from aksjon.registry.models import Phone, RegisteredUnit, Role, Town


def test_allows_takes_a_model_name_a_model_class_or_a_record(world):
    lead, vest_target = world.users["district_lead"], world.target["vest"]
    assert allows(lead, "view", "target") and allows(lead, "view", Target)
    assert allows(lead, "view", world.target["oslo"])
    assert not allows(lead, "view", vest_target), "a record outside the district is not allowed"
    assert allows(world.users["coordinator"], "view", vest_target)
    assert not allows(world.users["auditor"], "view", world.target["oslo"])


def test_only_roles_with_approve_approve_targets(world):
    assert roles_allowed(APPROVE, "target") == ["coordinator"]
    lead = world.users["district_lead"]
    proposed = add_target(actor=lead, operation=world.operation, venue=create_venue(
        actor=lead, name="Thai Touch", town=Town.objects.get(name="Oslo"), street="Torggata 2"), reason="Tips")
    assert proposed.status == "proposed"
    with pytest.raises(AccessDenied):
        approve_target(actor=lead, target=proposed)
    assert approve_target(actor=world.users["coordinator"], target=proposed).status == "approved"


def test_targets_page_offers_approve_by_policy(client, world):
    lead = world.users["district_lead"]
    target = add_target(actor=lead, operation=world.operation, venue=create_venue(
        actor=lead, name="Thai Touch", town=Town.objects.get(name="Oslo"), street="Torggata 2"), reason="Tips")
    approve = reverse("target_approve", args=[target.pk])
    for role, shown in [("coordinator", True), ("district_lead", False)]:
        client.force_login(world.users[role])
        assert (approve in client.get(reverse("target_list", args=[world.operation.pk])).content.decode()) is shown


def test_template_tag_asks_the_same_question(world):
    template = Template('{% load aksjon %}{% allows "approve" "target" as a %}{% allows "view" t as b %}'
                        '{{ a }} {{ b }}')
    for role, expected in [("coordinator", "True True"), ("district_lead", "False False")]:
        request = RequestFactory().get("/")
        request.user = world.users[role]
        assert template.render(Context({"request": request, "t": world.target["vest"]})) == expected, role


def test_follow_up_owner_must_have_a_role_that_owns(world):
    assert set(roles_allowed(OWN, "followup")) == {"coordinator", "district_lead", "field_officer"}
    assert not role_allows("partner_liaison", OWN, "followup")
    with pytest.raises(InvalidInput):
        create_followup(actor=world.users["field_officer"], kind="task", title="Ring", district=world.venue[
            "oslo"].district, owner=world.users["partner_liaison"])


def test_a_phone_met_at_a_control_is_reachable_through_the_control(world):
    """A worker's own phone, on no venue: the Oslo district sees it through its control, Vest does not."""
    add_person_met(actor=world.users["field_officer"], control=world.control["oslo"], role="worker",
                   given_name="Malee", phone="+47 401 23 456")
    phone = Phone.objects.get(e164="+4740123456")
    assert not phone.venues.exists()
    for role, seen in [("district_lead", True), ("field_officer", True), ("vest_lead", False)]:
        assert Phone.objects.restrict(world.users[role]).filter(pk=phone.pk).exists() is seen, role


def test_the_main_unit_and_its_roles_are_reachable_through_a_venues_sub_unit(world):
    sub_unit = world.venue["oslo"].unit
    main = RegisteredUnit.objects.create(orgnr="912345670", name="BAAN SABAI AS", form="AS")
    sub_unit.parent = main
    sub_unit.save()
    role = Role.objects.create(unit=main, code="DAGL", holder_name="Somchai")
    for user, seen in [(world.users["district_lead"], True), (world.users["vest_lead"], False)]:
        assert RegisteredUnit.objects.restrict(user).filter(pk=main.pk).exists() is seen
        assert Role.objects.restrict(user).filter(pk=role.pk).exists() is seen


def test_operation_page_lists_only_the_teams_the_user_may_see(client, world):
    create_team(actor=world.users["vest_lead"], operation=world.operation, district=world.venue["vest"].district,
                name="Bergensteamet")
    url = reverse("operation_detail", args=[world.operation.pk])
    client.force_login(world.users["district_lead"])
    assert "Bergensteamet" not in client.get(url).content.decode()
    client.force_login(world.users["coordinator"])
    assert "Bergensteamet" in client.get(url).content.decode()


def test_person_page_lists_the_phones_through_restrict(client, world):
    """A worker's own phone is on no venue: the page shows it to the district that met the person
    (through the phone's second scope path), and the person stays out of other districts' reach."""
    met = add_person_met(actor=world.users["field_officer"], control=world.control["oslo"], role="worker",
                         given_name="Malee", phone="+47 401 23 456")
    url = reverse("person_detail", args=[met.person_id])
    client.force_login(world.users["district_lead"])
    assert "40 12 34 56" in client.get(url).content.decode()
    client.force_login(world.users["vest_lead"])
    assert client.get(url).status_code == 404


def test_unit_on_venue_page_follows_the_policy(client, world):
    url = reverse("venue_detail", args=[world.venue["oslo"].pk])
    for role, shown in [("district_lead", True), ("field_officer", False)]:
        client.force_login(world.users[role])
        assert ("923456783" in client.get(url).content.decode()) is shown, role


def test_user_role_codes_of_the_policy_are_the_vocabulary(world):
    from aksjon.accounts.access import POLICY, ROLE_SCOPE
    from aksjon.core import vocabulary

    assert set(POLICY) == set(ROLE_SCOPE) == set(vocabulary.codes("roles"))
    assert set(User.objects.values_list("role", flat=True)) <= set(POLICY)


def _policy_questions():
    """Every (action, model) a view or a template asks allows() by name, with where it is asked."""
    from aksjon.accounts import access

    root = Path(access.__file__).resolve().parents[1]
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            func = getattr(node, "func", None)
            if getattr(func, "id", getattr(func, "attr", None)) == "allows" and len(node.args) == 3:
                action, model = node.args[1], node.args[2]
                action = action.value if isinstance(action, ast.Constant) else getattr(access, action.id, None) \
                    if isinstance(action, ast.Name) else None
                if isinstance(action, str) and isinstance(model, ast.Constant) and isinstance(model.value, str):
                    yield f"{path.relative_to(root)}:{node.lineno}", action, model.value
    for path in sorted((root / "templates").rglob("*.html")):
        for action, model in re.findall(r'\{% allows "(\w+)" "(\w+)"', path.read_text("utf-8")):
            yield str(path.relative_to(root)), action, model


def test_every_policy_question_asked_by_name_is_one_some_role_may_do():
    """A misspelt action or model name would quietly answer "no" to everyone."""
    questions = list(_policy_questions())
    assert any(where.startswith("templates") for where, _, _ in questions), "the scan found no template tag"
    wrong = [f"{where}: {action} {model}" for where, action, model in questions if not roles_allowed(action, model)]
    assert not wrong, "\n".join(wrong)
