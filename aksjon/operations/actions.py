"""State changes of operations, teams and targets. Each: one transaction, one audit row."""
from __future__ import annotations

from datetime import date

from django.db import transaction

from aksjon.accounts.access import ADD, APPROVE, CHANGE, allows, ensure_in_scope, get_for, restrict
from aksjon.audit.log import record_write, snapshot
from aksjon.core import vocabulary
from aksjon.core.errors import Conflict, InvalidInput
from aksjon.core.text import gettext_noop
from aksjon.operations.models import Operation, Target, Team
from aksjon.web.versions import bump, locked


def create_operation(*, actor, name: str, starts_on: date, ends_on: date, coordinating_agency,
                     districts, support_agencies=(), aims: str = "") -> Operation:
    restrict(Operation.objects.all(), actor, ADD)
    if ends_on < starts_on:
        raise InvalidInput(gettext_noop("The operation cannot end before it starts."), field="ends_on")
    if not districts:
        raise InvalidInput(gettext_noop("Choose at least one participating district."), field="districts")
    if Operation.objects.filter(name=name).exists():
        raise InvalidInput(gettext_noop("An operation with this name exists already."), field="name")
    with transaction.atomic():
        operation = Operation.objects.create(name=name, starts_on=starts_on, ends_on=ends_on,
                                             coordinating_agency=coordinating_agency, aims=aims)
        operation.districts.set(districts)
        operation.support_agencies.set(support_agencies)
        record_write(actor, "create_operation", operation, before=None, after=_operation_state(operation))
    return operation


def _operation_state(operation: Operation) -> dict:
    return snapshot(operation) | {
        "districts": sorted(d.pk for d in operation.districts.all()),
        "support_agencies": sorted(a.pk for a in operation.support_agencies.all()),
    }


def set_operation_status(*, actor, operation: Operation, status: str, version: int | None = None) -> Operation:
    """`version`: the one the actor's page showed (None: no page); another is refused as Stale."""
    get_for(actor, CHANGE, Operation, pk=operation.pk)
    if status not in vocabulary.codes("operation_statuses"):
        raise InvalidInput(gettext_noop("Unknown status."), field="status")
    with transaction.atomic():
        operation = locked(operation, version)
        before = snapshot(operation)
        operation.status = status
        bump(operation)
        operation.save(update_fields=["status", "version"])
        record_write(actor, "set_operation_status", operation, before=before, after=snapshot(operation))
    return operation


def add_target(*, actor, operation: Operation, venue, reason: str, priority: int = 2) -> Target:
    """Propose a venue for control. A target added by a role that approves targets is approved at once."""
    restrict(Target.objects.all(), actor, ADD)
    if not reason.strip():
        raise InvalidInput(gettext_noop("Say why this venue should be controlled."), field="reason")
    if priority not in (1, 2, 3):
        raise InvalidInput(gettext_noop("Priority is 1, 2 or 3."), field="priority")
    if not operation.districts.filter(pk=venue.district_id).exists():
        raise InvalidInput(gettext_noop("The venue's district does not take part in this operation."), field="venue")
    if Target.objects.filter(operation=operation, venue=venue).exists():
        raise InvalidInput(gettext_noop("This venue is a target in this operation already."), field="venue")
    status = "approved" if allows(actor, APPROVE, Target) else "proposed"
    with transaction.atomic():
        target = Target.objects.create(operation=operation, venue=venue, district_id=venue.district_id,
                                       reason=reason.strip(), priority=priority, status=status, proposed_by=actor)
        ensure_in_scope(actor, ADD, target)
        record_write(actor, "add_target", target, before=None, after=snapshot(target))
    return target


def approve_target(*, actor, target: Target, version: int | None = None) -> Target:
    """`version`: the one the actor's page showed (None: no page); another is refused as Stale."""
    # A role that may not approve: 403; a target outside the scope: 404.
    get_for(actor, APPROVE, Target, pk=target.pk)

    def check(current: Target) -> dict:
        if current.status != "proposed":
            raise Conflict(gettext_noop("Only a proposed target can be approved."))
        return {"status": "approved"}
    return _change_target(actor, target, version, "approve_target", check, action=APPROVE)


def assign_target(*, actor, target: Target, team: Team | None, version: int | None = None) -> Target:
    """Give a target to a team of its own district (or take it back with team=None).
    `version`: the one the actor's page showed (None: no page); another is refused as Stale."""
    get_for(actor, CHANGE, Target, pk=target.pk)

    def check(current: Target) -> dict:
        if current.status in {"controlled", "cancelled"}:
            raise Conflict(gettext_noop("A controlled or cancelled target cannot be reassigned."))
        if team is not None and (team.district_id, team.operation_id) != (current.district_id, current.operation_id):
            raise InvalidInput(gettext_noop("The team must belong to the target's district and operation."),
                               field="team")
        return {"team": team, "status": "assigned" if team else "approved"}
    return _change_target(actor, target, version, "assign_target", check)


def _change_target(actor, target: Target, version: int | None, verb: str, check, action: str = CHANGE) -> Target:
    """Lock the target, compare the version, let `check` say what changes (or refuse), and write it."""
    with transaction.atomic():
        target = locked(target, version)
        changes = check(target)
        before = snapshot(target)
        for field, value in changes.items():
            setattr(target, field, value)
        bump(target)
        target.save()
        ensure_in_scope(actor, action, target)
        record_write(actor, verb, target, before=before, after=snapshot(target))
    return target


def create_team(*, actor, operation: Operation, district, name: str, members=()) -> Team:
    restrict(Team.objects.all(), actor, ADD)
    if not name.strip():
        raise InvalidInput(gettext_noop("A team needs a name."), field="name")
    if not operation.districts.filter(pk=district.pk).exists():
        raise InvalidInput(gettext_noop("The district does not take part in this operation."), field="district")
    if Team.objects.filter(operation=operation, district=district, name=name.strip()).exists():
        raise InvalidInput(gettext_noop("The district has a team with this name already."), field="name")
    with transaction.atomic():
        team = Team.objects.create(operation=operation, district=district, name=name.strip())
        team.members.set(members)
        ensure_in_scope(actor, ADD, team)
        record_write(actor, "create_team", team, before=None,
                     after=snapshot(team) | {"members": sorted(m.pk for m in members)})
    return team
