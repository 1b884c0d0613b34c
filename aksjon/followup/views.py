"""Follow-up lists (per district and per operation), creation and status changes."""
from __future__ import annotations

from django.shortcuts import redirect, render

from aksjon.accounts.access import ADD, CHANGE, allows, get_for
from aksjon.audit.log import record_read
from aksjon.controls.models import Control, PersonMet
from aksjon.core.errors import DomainError
from aksjon.followup import actions
from aksjon.followup.forms import FollowUpForm, StatusForm
from aksjon.followup.models import FollowUp
from aksjon.operations.models import Operation
from aksjon.web.views import add_domain_error, page

FILTERS = {"operation": "operation_id", "district": "district_id", "status": "status", "kind": "kind",
           "agency": "agency_id"}


@page
def followup_list(request):
    items = FollowUp.objects.restrict(request.user).select_related("district", "agency", "owner", "operation")
    chosen = {key: request.GET[key] for key in FILTERS if request.GET.get(key)}
    items = items.filter(**{FILTERS[key]: value for key, value in chosen.items()})
    operations = Operation.objects.restrict(request.user) if allows(request.user, "view", "operation") else []
    return render(request, "followup/list.html", {
        "items": items, "chosen": chosen, "operations": operations,
        "can_add": allows(request.user, ADD, "followup")})


@page
def followup_create(request):
    FollowUp.objects.restrict(request.user, ADD)
    control = _linked(request, Control, "control")
    person_met = _linked(request, PersonMet, "person_met")
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


def _linked(request, model, key: str):
    pk = request.POST.get(key) or request.GET.get(key)
    return get_for(request.user, "view", model, pk=pk) if pk else None


@page
def followup_detail(request, pk):
    item = get_for(request.user, "view", FollowUp, pk=pk)
    can_change = allows(request.user, CHANGE, "followup")
    form = StatusForm(request.POST or None, initial={"status": item.status})
    if request.method == "POST":
        get_for(request.user, CHANGE, FollowUp, pk=pk)
        if form.is_valid():
            try:
                actions.set_followup_status(actor=request.user, followup=item, **form.cleaned_data)
                return redirect("followup_detail", pk=item.pk)
            except DomainError as error:
                add_domain_error(form, error)
    return render(request, "followup/detail.html", {"item": item, "form": form if can_change else None})
