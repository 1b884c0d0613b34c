"""Follow-up lists (per district and per operation), creation, assignment and status changes."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aksjon.accounts.access import ADD, ASSIGN, CHANGE, allows, get_for
from aksjon.accounts.models import District
from aksjon.audit.log import record_read
from aksjon.controls.models import Control, PersonMet
from aksjon.core import vocabulary
from aksjon.core.errors import DomainError, Stale
from aksjon.followup import actions
from aksjon.followup.disclosure import shown_to
from aksjon.followup.forms import AssignForm, FollowUpForm, NoteForm, StatusForm
from aksjon.followup.models import FollowUp
from aksjon.operations.models import Operation
from aksjon.web.lists import chosen_as_text, narrowed, ordered, paged, searched
from aksjon.web.once import exactly_once
from aksjon.web.params import DATE, FLAG, ID, PAGE, TEXT, one_of, posted, reads
from aksjon.web.versions import conflict
from aksjon.web.views import add_domain_error, page, requires

FILTERS = {"operation": "operation_id", "district": "district_id", "status": "status", "kind": "kind",
           "agency": "agency_id", "owner": "owner_id", "due_from": "due_on__gte", "due_to": "due_on__lte"}
# "urgent": overdue first, then the other open ones by due date, closed last — the work to do on top.
FOLLOWUP_ORDERS = {"urgent": ("urgency", F("due_on").asc(nulls_last=True), "pk"),
                   "newest": ("-created_at", "-pk"),
                   "district": ("district__name", "urgency", F("due_on").asc(nulls_last=True), "pk")}
# The follow-up's own words and its workplace; never a person's name, which a partner may not see.
FOLLOWUP_SEARCH = ("title", "venue__name")


def _overdue() -> Q:
    return Q(due_on__lt=timezone.localdate()) & ~Q(status="closed")


def _urgency() -> Case:
    """0 overdue, 1 open or in progress, 2 closed."""
    return Case(When(status="closed", then=Value(2)), When(_overdue(), then=Value(0)), default=Value(1),
                output_field=IntegerField())


@page
@reads(operation=ID, district=ID, status=TEXT, kind=TEXT, agency=ID, owner=ID, due_from=DATE, due_to=DATE,
       overdue=FLAG, q=TEXT, sort=one_of(*FOLLOWUP_ORDERS), page=PAGE)
def followup_list(request, overdue, q, sort, page, **filters):
    visible = FollowUp.objects.restrict(request.user)
    items = searched(narrowed(visible, **{FILTERS[key]: value for key, value in filters.items()}), q, FOLLOWUP_SEARCH)
    if overdue is not None:
        items = items.filter(_overdue()) if overdue else items.exclude(_overdue())
    items = (items.annotate(urgency=_urgency())
             .select_related("district", "agency", "owner", "operation", "venue", "person_met__person",
                             "person_met__control")
             .prefetch_related("person_met__screenings"))  # for the child mark, without a query per row
    chosen = filters | {"overdue": overdue, "q": q, "sort": sort}
    return render(request, "followup/list.html", {
        **paged(ordered(items, sort, FOLLOWUP_ORDERS), page, chosen), "chosen": chosen_as_text(chosen),
        **_choices(request.user, visible), "can_add": allows(request.user, ADD, "followup")})


def _choices(user, visible) -> dict:
    """The filters' choices: the user's operations, and the districts and owners of the follow-ups
    the user sees (shown on the list already, so the choices name nobody new)."""
    return {"operations": Operation.objects.restrict(user) if allows(user, "view", "operation") else [],
            "districts": District.objects.filter(followups__in=visible).distinct(),
            "owners": get_user_model().objects.filter(followups__in=visible).distinct().order_by("username")}


@page
@reads(control=posted(ID), person_met=posted(ID))
@exactly_once
def followup_create(request, control, person_met):
    """`control`, `person_met`: the keys of what the follow-up is about, from the link or the form."""
    FollowUp.objects.restrict(request.user, ADD)
    control = _linked(request.user, Control, control)
    person_met = _linked(request.user, PersonMet, person_met)
    initial = {"district": (control.district_id if control else request.user.district_id), "kind": "task"}
    form = FollowUpForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.create_followup(actor=request.user, control=control or (person_met and person_met.control),
                                           person_met=person_met, **form.cleaned_data)
            return redirect("followup_detail", pk=item.pk)
        except DomainError as error:
            add_domain_error(form, error)
    if person_met is not None:  # the page names the person the follow-up is about
        record_read(request.user, "view_person_met", person_met, shown={"person": person_met.person_id})
    return render(request, "followup/form.html", {"form": form, "control": control, "person_met": person_met})


def _linked(user, model, pk: int | None):
    return get_for(user, "view", model, pk=pk) if pk else None


@page
@reads(version=posted(ID), seen=posted(ID))
def followup_detail(request, pk, version, seen):
    """`version`: the follow-up's version the page showed; `seen`: the newest log entry it showed."""
    item = get_for(request.user, "view", FollowUp, pk=pk)
    form = StatusForm(request.POST or None, initial={"status": item.status})
    if request.method == "POST":
        get_for(request.user, CHANGE, FollowUp, pk=pk)
        if form.is_valid():
            try:
                actions.set_followup_status(actor=request.user, followup=item, version=version, **form.cleaned_data)
                return redirect("followup_detail", pk=item.pk)
            except Stale as error:
                return _conflict(request, item, error, seen, [(_("Status"), _status_label(form.cleaned_data["status"])),
                                                              (_("Note"), form.cleaned_data["note"])])
            except DomainError as error:
                add_domain_error(form, error)
    return _detail(request, item, form, None)


@page
@require_POST
@requires("add followupnote")
def followup_note(request, pk):
    """A note in the log without a change of status; notes are only added, never overwritten."""
    item = get_for(request.user, "view", FollowUp, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            actions.add_followup_note(actor=request.user, followup=item, text=form.cleaned_data["text"])
            return redirect("followup_detail", pk=item.pk)
        except DomainError as error:
            add_domain_error(form, error)
    return _detail(request, item, StatusForm(initial={"status": item.status}), None, note_form=form)


@page
@require_POST
@requires("assign followup")
@reads(version=posted(ID))
def followup_assign(request, pk, version):
    item = get_for(request.user, ASSIGN, FollowUp, pk=pk)
    form = AssignForm(request.POST, user=request.user, followup=item)
    if form.is_valid():
        try:
            actions.assign_followup(actor=request.user, followup=item, version=version, **form.cleaned_data)
            return redirect("followup_detail", pk=item.pk)
        except Stale as error:
            due = form.cleaned_data["due_on"]
            return _conflict(request, item, error, None, [
                (_("Owner"), str(form.cleaned_data["owner"])),
                (_("Due"), date_format(due, "SHORT_DATE_FORMAT") if due else "—")],
                action=reverse("followup_assign", args=[item.pk]))
        except DomainError as error:
            add_domain_error(form, error)
    return _detail(request, item, StatusForm(initial={"status": item.status}), form)


def _status_label(code: str) -> str:
    return vocabulary.label("followup_statuses", code, (get_language() or "nb")[:2])


def _conflict(request, item, error, seen, yours, action=""):
    """Your change beside the follow-up as saved now, with its log since the page you saw."""
    now = FollowUp.objects.select_related("owner").get(pk=item.pk)
    due = date_format(now.due_on, "SHORT_DATE_FORMAT") if now.due_on else "—"
    saved = [(_("Status"), _status_label(now.status)), (_("Owner"), str(now.owner or "—")), (_("Due"), due)]
    log = now.notes.select_related("created_by").filter(pk__gt=seen or 0)
    return conflict(request, error, title=now.heading, back=reverse("followup_detail", args=[now.pk]),
                    action=action or reverse("followup_detail", args=[now.pk]), posted=request.POST,
                    yours=yours, saved=saved, log=log)


def _detail(request, item, status_form, assign_form, note_form=None):
    user = request.user
    shown = shown_to(user, item)
    if shown.person:  # the page shows something of a person: an access row says what
        record_read(user, "view_followup", item, shown={"person": item.person_met.person_id,
                                                        "fields": [code for code, _ in shown.person]})
    can_assign = item.status != "closed" and allows(user, ASSIGN, item)
    lang = "en" if (get_language() or "nb").startswith("en") else "nb"
    return render(request, "followup/detail.html", {
        "item": item, "shown": shown, "form": status_form if allows(user, CHANGE, "followup") else None,
        "log": item.notes.select_related("created_by"),
        "note_form": note_form or (NoteForm() if allows(user, ADD, "followupnote") else None),
        "assign_form": assign_form or (AssignForm(user=user, followup=item, initial={
            "owner": item.owner_id, "due_on": item.due_on}) if can_assign else None),
        "why": (vocabulary.entry("followup_subjects", item.subject)["why_" + lang] if item.subject else "")})
