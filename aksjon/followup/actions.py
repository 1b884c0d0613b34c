"""Creating, assigning and closing follow-ups. Each action: one transaction, one audit row."""
from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from aksjon.accounts.access import ADD, ASSIGN, CHANGE, OWN, ensure_in_scope, get_for, restrict, role_allows
from aksjon.audit.log import record_write, snapshot
from aksjon.core import vocabulary
from aksjon.core.errors import Conflict, InvalidInput
from aksjon.core.text import gettext_noop
from aksjon.followup.due import default_due
from aksjon.followup.models import FollowUp, FollowUpNote
from aksjon.followup.notify import notify_owner_on_commit
from aksjon.web.versions import bump, locked

NOTE_LIMIT = FollowUpNote._meta.get_field("text").max_length


def create_followup(*, actor, kind: str, district, title: str = "", subject: str = "", description: str = "",
                    agency=None, operation=None, control=None, person_met=None, finding=None, venue=None,
                    owner=None, due_on: date | None = None) -> FollowUp:
    """A task for the district, or (with `agency`) a referral to a partner or support service.

    A proposed one names its `subject` and is titled by it; the control, venue and operation
    follow from the person met or the control; the due date, unless given, is the default
    for its subject, agency or kind. A new owner other than the actor is told by e-mail.
    """
    restrict(FollowUp.objects.all(), actor, ADD)
    _check_kind(kind, subject, agency)
    title = title.strip() or (vocabulary.label("followup_subjects", subject, "nb") if subject else "")
    if not title:
        raise InvalidInput(gettext_noop("Give the follow-up a title."), field="title")
    _check_owner(owner, district)
    control = control or (person_met.control if person_met else None)
    with transaction.atomic():
        item = FollowUp.objects.create(
            kind=kind, subject=subject, title=title, description=description, district=district, agency=agency,
            operation=operation or (control.operation if control else None), control=control,
            person_met=person_met, finding=finding, venue=venue or (control.venue if control else None),
            owner=owner, created_by=actor,
            due_on=due_on or default_due(kind, subject, agency.code if agency else None))
        ensure_in_scope(actor, ADD, item)
        notified = notify_owner_on_commit(actor, item)
        record_write(actor, "create_followup", item, before=None, after=snapshot(item) | {"notified": notified})
    return item


def _check_kind(kind: str, subject: str, agency) -> None:
    if kind not in vocabulary.codes("followup_kinds"):
        raise InvalidInput(gettext_noop("A follow-up is a task or a referral."), field="kind")
    if kind == "referral" and agency is None:
        raise InvalidInput(gettext_noop("A referral needs the agency it goes to."), field="agency")
    if not subject:
        return
    entry = vocabulary.entry("followup_subjects", subject) if subject in vocabulary.codes("followup_subjects") else {}
    if entry.get("kind") != kind or entry.get("agency") != (agency.code if agency else None):
        raise InvalidInput(gettext_noop("Unknown proposal."), field="subject")


def _check_owner(owner, district) -> None:
    """An owner has a role that owns follow-ups, in the follow-up's district or national."""
    if owner is None:
        return
    if not role_allows(owner.role, OWN, FollowUp):
        raise InvalidInput(gettext_noop("This user's role cannot own a follow-up."), field="owner")
    if not owner.is_active or owner.district_id not in (None, district.pk):
        raise InvalidInput(gettext_noop("The owner must work in the follow-up's district."), field="owner")


def assign_followup(*, actor, followup: FollowUp, owner, due_on: date | None = None,
                    version: int | None = None) -> FollowUp:
    """Give the follow-up to `owner` (and a new due date, if given); the owner is told by e-mail.
    `version`: the one the actor's page showed (None: no page); another is refused as Stale."""
    get_for(actor, ASSIGN, FollowUp, pk=followup.pk)
    if owner is None:
        raise InvalidInput(gettext_noop("Choose who the follow-up goes to."), field="owner")
    with transaction.atomic():
        item = locked(followup, version)
        if item.status == "closed":
            raise Conflict(gettext_noop("A closed follow-up cannot be assigned."))
        _check_owner(owner, item.district)
        if item.owner_id == owner.pk and due_on in (None, item.due_on):
            raise Conflict(gettext_noop("The follow-up is this user's already."))
        before = snapshot(item)
        item.owner, item.due_on = owner, due_on or item.due_on
        bump(item)
        item.save(update_fields=["owner", "due_on", "version"])
        notified = notify_owner_on_commit(actor, item)
        record_write(actor, "assign_followup", item, before=before, after=snapshot(item) | {"notified": notified})
    return item


def set_followup_status(*, actor, followup: FollowUp, status: str, note: str = "",
                        version: int | None = None) -> FollowUp:
    """Move a follow-up on; closing it needs a note saying what was done. The change and its
    note are one new entry in the follow-up's log, so no one's note is ever overwritten.
    `version`: the one the actor's page showed (None: no page); another is refused as Stale."""
    get_for(actor, CHANGE, FollowUp, pk=followup.pk)
    if status not in vocabulary.codes("followup_statuses"):
        raise InvalidInput(gettext_noop("Unknown status."), field="status")
    note = _checked_note(note, required=gettext_noop("Say what was done before closing.") if status == "closed" else "")
    with transaction.atomic():
        item = locked(followup, version)
        if item.status == status:
            raise Conflict(gettext_noop("The follow-up has this status already."))
        before = snapshot(item)
        entry = FollowUpNote.objects.create(followup=item, text=note, status_before=item.status,
                                            status_after=status, created_by=actor)
        item.status = status
        item.closed_at = timezone.now() if status == "closed" else None
        # The last closing note, kept on the follow-up for the exports; the log keeps every note.
        item.closing_note = note if status == "closed" else item.closing_note
        bump(item)
        item.save()
        record_write(actor, "set_followup_status", item, before=before, after=snapshot(item) | {"note": entry.pk})
    return item


def add_followup_note(*, actor, followup: FollowUp, text: str) -> FollowUpNote:
    """A note in the follow-up's log, without a change of status. Notes are only added, so
    they need no version: two officers writing at once both keep their words."""
    item = get_for(actor, "view", FollowUp, pk=followup.pk)
    restrict(FollowUpNote.objects.all(), actor, ADD)
    text = _checked_note(text, required=gettext_noop("Write the note."))
    with transaction.atomic():
        entry = FollowUpNote.objects.create(followup=item, text=text, created_by=actor)
        ensure_in_scope(actor, ADD, entry)
        record_write(actor, "add_followup_note", entry, before=None, after=snapshot(entry))
    return entry


def _checked_note(text: str, *, required: str = "") -> str:
    """The note, trimmed; `required`: the message when it may not be empty."""
    text = text.strip()
    if required and not text:
        raise InvalidInput(required, field="note")
    if len(text) > NOTE_LIMIT:
        raise InvalidInput(gettext_noop("A note has at most %(limit)s characters."), field="note", limit=NOTE_LIMIT)
    return text
