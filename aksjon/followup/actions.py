"""Creating and closing follow-ups. Each action: one transaction, one audit row."""
from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from aksjon.accounts.access import ADD, CHANGE, OWN, ensure_in_scope, get_for, restrict, role_allows
from aksjon.audit.log import record_write, snapshot
from aksjon.core import vocabulary
from aksjon.core.errors import Conflict, InvalidInput
from aksjon.core.text import gettext_noop
from aksjon.followup.models import FollowUp


def create_followup(*, actor, kind: str, title: str, district, description: str = "", agency=None,
                    operation=None, control=None, person_met=None, finding=None, owner=None,
                    due_on: date | None = None) -> FollowUp:
    """A task for the district, or (with `agency`) a referral to a partner or support service."""
    restrict(FollowUp.objects.all(), actor, ADD)
    if kind not in vocabulary.codes("followup_kinds"):
        raise InvalidInput(gettext_noop("A follow-up is a task or a referral."), field="kind")
    if kind == "referral" and agency is None:
        raise InvalidInput(gettext_noop("A referral needs the agency it goes to."), field="agency")
    if not title.strip():
        raise InvalidInput(gettext_noop("Give the follow-up a title."), field="title")
    if owner is not None and not role_allows(owner.role, OWN, FollowUp):
        raise InvalidInput(gettext_noop("This user's role cannot own a follow-up."), field="owner")
    with transaction.atomic():
        item = FollowUp.objects.create(
            kind=kind, title=title.strip(), description=description, district=district, agency=agency,
            operation=operation or (control.operation if control else None), control=control,
            person_met=person_met, finding=finding, owner=owner, due_on=due_on, created_by=actor)
        ensure_in_scope(actor, ADD, item)
        record_write(actor, "create_followup", item, before=None, after=snapshot(item))
    return item


def set_followup_status(*, actor, followup: FollowUp, status: str, note: str = "") -> FollowUp:
    """Move a follow-up on; closing it needs a note saying what was done."""
    item = get_for(actor, CHANGE, FollowUp, pk=followup.pk)
    if status not in vocabulary.codes("followup_statuses"):
        raise InvalidInput(gettext_noop("Unknown status."), field="status")
    if item.status == status:
        raise Conflict(gettext_noop("The follow-up has this status already."))
    if status == "closed" and not note.strip():
        raise InvalidInput(gettext_noop("Say what was done before closing."), field="note")
    with transaction.atomic():
        before = snapshot(item)
        item.status = status
        item.closed_at = timezone.now() if status == "closed" else None
        item.closing_note = note.strip() if status == "closed" else item.closing_note
        item.save()
        record_write(actor, "set_followup_status", item, before=before, after=snapshot(item))
    return item
