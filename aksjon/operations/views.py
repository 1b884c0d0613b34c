"""Operation pages: list, create, overview with progress, targets, teams."""
from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from aksjon.accounts.access import ADD, APPROVE, CHANGE, allows, get_for
from aksjon.accounts.models import Agency
from aksjon.core import vocabulary
from aksjon.core.errors import DomainError, Stale
from aksjon.operations import actions
from aksjon.operations.forms import AssignForm, OperationForm, TargetForm, TeamForm
from aksjon.operations.models import Operation, Target, Team
from aksjon.web.once import exactly_once
from aksjon.web.params import ID, TEXT, posted, reads
from aksjon.web.versions import conflict
from aksjon.web.views import page, requires, submitted


@page
def operation_list(request):
    operations = Operation.objects.restrict(request.user).select_related("coordinating_agency")
    return render(request, "operations/list.html", {
        "operations": operations, "can_add": allows(request.user, ADD, "operation")})


@page
@exactly_once
def operation_create(request):
    Operation.objects.restrict(request.user, ADD)
    form = OperationForm(request.POST or None, user=request.user)
    operation = submitted(request, form, lambda data: actions.create_operation(actor=request.user, **data))
    if operation:
        return redirect("operation_detail", pk=operation.pk)
    return render(request, "operations/form.html", {"form": form})


def progress_by_district(user, operation: Operation) -> list[dict]:
    """Targets controlled and remaining per district, as far as `user` may see."""
    rows = (Target.objects.restrict(user).filter(operation=operation).exclude(status="cancelled")
            .values("district__name").order_by("district__name")
            .annotate(total=Count("id"), controlled=Count("id", filter=Q(status="controlled"))))
    return [dict(district=r["district__name"], total=r["total"], controlled=r["controlled"],
                 remaining=r["total"] - r["controlled"]) for r in rows]


@page
def operation_detail(request, pk):
    operation = get_for(request.user, "view", Operation, pk=pk)
    progress = progress_by_district(request.user, operation)
    # Another district's teams are its own business: list only the teams the user may see.
    teams = Team.objects.restrict(request.user).filter(operation=operation).select_related("district")
    return render(request, "operations/detail.html", {
        "operation": operation, "progress": progress, "teams": teams,
        "support_agencies": Agency.objects.restrict(request.user).filter(supported_operations=operation),
        "total": sum(p["total"] for p in progress), "controlled": sum(p["controlled"] for p in progress),
        "can_add_target": allows(request.user, ADD, "target"), "can_add_team": allows(request.user, ADD, "team"),
        "can_change": allows(request.user, CHANGE, "operation"),
    })


@page
@reads(status=TEXT)
def target_list(request, pk, status):
    operation = get_for(request.user, "view", Operation, pk=pk)
    targets = (Target.objects.restrict(request.user).filter(operation=operation)
               .select_related("venue__town", "district", "team"))
    status = status or ""
    if status:
        targets = targets.filter(status=status)
    can_assign = allows(request.user, CHANGE, "target")
    rows = [(t, AssignForm(user=request.user, target=t, initial={"team": t.team_id}) if can_assign else None)
            for t in targets]
    return render(request, "operations/targets.html", {
        "operation": operation, "rows": rows, "status": status,
        "can_add": allows(request.user, ADD, "target")})


@page
@requires("add target")
@exactly_once
def target_create(request, pk):
    operation = get_for(request.user, "view", Operation, pk=pk)
    form = TargetForm(request.POST or None, user=request.user, operation=operation)
    if submitted(request, form, lambda data: actions.add_target(actor=request.user, operation=operation, **data)):
        return redirect("target_list", pk=operation.pk)
    return render(request, "operations/target_form.html", {"form": form, "operation": operation})


@page
@require_POST
@reads(version=posted(ID))
def target_assign(request, pk, version):
    target = get_for(request.user, CHANGE, Target, pk=pk)
    form = AssignForm(request.POST, user=request.user, target=target)
    error = None
    if form.is_valid():
        try:
            target = actions.assign_target(actor=request.user, target=target, team=form.cleaned_data["team"],
                                           version=version)
        except Stale as stale:
            team = form.cleaned_data["team"]
            return _target_conflict(request, target, stale, [(gettext("Team"), str(team or "—"))],
                                    reverse("target_assign", args=[target.pk]))
        except DomainError as exc:
            error = exc.localized(gettext)
    else:
        error = gettext("Choose a team of the target's district and operation.")
    if request.htmx:
        return render(request, "operations/_target_status.html", {"target": target, "error": error})
    return redirect("target_list", pk=target.operation_id)


@page
@require_POST
@reads(version=posted(ID))
def target_approve(request, pk, version):
    target = get_for(request.user, APPROVE, Target, pk=pk)
    try:
        actions.approve_target(actor=request.user, target=target, version=version)
    except Stale as stale:
        return _target_conflict(request, target, stale, [(gettext("Status"), _vocab_label("target_statuses",
                                                                                          "approved"))],
                                reverse("target_approve", args=[target.pk]))
    return redirect("target_list", pk=target.operation_id)


def _target_conflict(request, target, error, yours, action):
    """Your change of a target beside the target as saved now."""
    now = Target.objects.select_related("team", "venue").get(pk=target.pk)
    saved = [(gettext("Team"), str(now.team or "—")), (gettext("Status"), _vocab_label("target_statuses", now.status))]
    return conflict(request, error, title=now.venue.name, back=reverse("target_list", args=[now.operation_id]),
                    action=action, posted=request.POST, yours=yours, saved=saved)


def _vocab_label(group: str, code: str) -> str:
    return vocabulary.label(group, code, (get_language() or "nb")[:2])


@page
@requires("add team")
@exactly_once
def team_create(request, pk):
    operation = get_for(request.user, "view", Operation, pk=pk)
    form = TeamForm(request.POST or None, user=request.user, operation=operation)
    if submitted(request, form, lambda data: actions.create_team(actor=request.user, operation=operation, **data)):
        return redirect("operation_detail", pk=operation.pk)
    return render(request, "operations/team_form.html", {"form": form, "operation": operation})


@page
@require_POST
@reads(version=posted(ID))
def operation_status(request, pk, version):
    operation = get_for(request.user, CHANGE, Operation, pk=pk)
    status = request.POST.get("status", "")
    try:
        actions.set_operation_status(actor=request.user, operation=operation, status=status, version=version)
    except Stale as stale:
        now = Operation.objects.get(pk=operation.pk)
        return conflict(request, stale, title=now.name, back=reverse("operation_detail", args=[now.pk]),
                        action=reverse("operation_status", args=[now.pk]), posted=request.POST,
                        yours=[(gettext("Status"), _vocab_label("operation_statuses", status))],
                        saved=[(gettext("Status"), _vocab_label("operation_statuses", now.status))])
    return redirect("operation_detail", pk=operation.pk)
