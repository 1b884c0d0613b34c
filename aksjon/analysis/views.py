"""Analysis pages: the hub (run the analyses, their latest results), the priority list, and an
operation's target proposals with the coordinator's decision. For prioritising controls,
never evidence: every page that shows a score says so."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Count, Max
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from aksjon.accounts.access import ADD, CHANGE, VIEW, allows, get_for
from aksjon.accounts.models import District
from aksjon.analysis import actions, pipeline
from aksjon.analysis.models import AdTemplate, Network, Persona, Signal, TargetProposal, VenueScore
from aksjon.core import vocabulary
from aksjon.core.errors import DomainError
from aksjon.jobs import runner as job_runner
from aksjon.jobs.models import DONE
from aksjon.jobs.scope import visible_jobs
from aksjon.jobs.views import progress_html
from aksjon.operations.models import Operation
from aksjon.web.lists import paged
from aksjon.web.params import ID, PAGE, RecordsChoiceField, reads
from aksjon.web.views import add_domain_error, page, requires

NEVER_EVIDENCE = _("For prioritising controls, never evidence.")
PRIORITY_PER_PAGE = 50
# Pages of the other analyses, linked from the hub when they are there.
OTHER_PAGES = (("template_list", _("Ad templates")), ("persona_list", _("Rotation")),
               ("network_list", _("Networks")))


# --- the hub ---

class RunForm(forms.Form):
    names = forms.ChoiceField(label=_("Analysis"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["names"].choices = [("all", _("All, in order"))] + [(name, _label("analyses", name))
                                                                        for name in pipeline.load()]


@page
@requires("view venuescore")
def analysis_hub(request):
    job = visible_jobs(request.user).filter(kind="analysis").first() if allows(request.user, VIEW, "job") else None
    shown = job if job and job.status != DONE else None
    can_run = allows(request.user, ADD, "venuescore")
    return render(request, "analysis/hub.html", {
        "results": _latest_results(request.user), "job": job, "pending": bool(job and job.pending),
        "analysis_job": progress_html(request, shown) if shown else "", "can_run": can_run,
        "form": RunForm() if can_run else None, "links": _other_pages(),
        "operations": Operation.objects.restrict(request.user).filter(status__in=("planning", "active"))
        if allows(request.user, VIEW, "targetproposal") else [],
        "never_evidence": NEVER_EVIDENCE})


def _latest_results(user) -> list[dict]:
    """What each analysis left the last time: counts the user may see and when."""
    rows = []
    for label, model, when in ((_("Ad templates"), AdTemplate, "updated_at"), (_("Rotation: workers"), Persona, None),
                               (_("Networks"), Network, "computed_at"), (_("Venues scored"), VenueScore,
                                                                          "computed_at")):
        if not allows(user, VIEW, model):
            continue
        visible = model.objects.restrict(user)
        rows.append({"label": label, "count": visible.count(),
                     "when": visible.aggregate(latest=Max(when))["latest"] if when else None})
    if allows(user, VIEW, Signal):
        counts = (Signal.objects.restrict(user).values("family").annotate(count=Count("id")).order_by("family"))
        rows += [{"label": gettext("Signals: %(family)s") % {"family": _label("signal_families", row["family"])},
                  "count": row["count"], "when": None} for row in counts]
    return rows


def _label(kind: str, code: str) -> str:
    """A code's vocabulary label in the reader's language (the code itself if it has none)."""
    try:
        return vocabulary.label(kind, code, (get_language() or "nb")[:2])
    except KeyError:
        return code


def _other_pages() -> list[tuple[str, str]]:
    found = []
    for name, label in OTHER_PAGES:
        try:
            found.append((reverse(name), label))
        except NoReverseMatch:
            continue
    return found


@page
@require_POST
@requires("add venuescore")
def analysis_run(request):
    form = RunForm(request.POST)
    if form.is_valid():
        actions.queue_analysis(actor=request.user, names=[form.cleaned_data["names"]])
        job_runner.ensure_worker()
        messages.success(request, gettext("The analyses are queued; this page follows them."))
    else:
        messages.error(request, gettext("Choose an analysis."))
    return redirect("analysis_hub")


# --- the priority list ---

@page
@requires("view venuescore")
@reads(district=ID, page=PAGE)
def priority_list(request, district, page):
    scores = VenueScore.objects.restrict(request.user).select_related("venue__town", "venue__district",
                                                                       "venue__unit")
    chosen_district = None
    if district is not None:
        chosen_district = get_for(request.user, VIEW, District, pk=district)
        scores = scores.filter(venue__district=chosen_district)
    shown = paged(scores.order_by("rank", "venue_id"), page, {"district": district}, per_page=PRIORITY_PER_PAGE)
    return render(request, "analysis/priority.html", {
        **shown, "districts": District.objects.restrict(request.user).order_by("name"),
        "district": chosen_district, "never_evidence": NEVER_EVIDENCE,
        "weights_version": scores.values_list("weights_version", flat=True).first()})


# --- target proposals ---

class ProposeForm(forms.Form):
    per_district = forms.IntegerField(label=_("Venues per district"), min_value=1, max_value=100,
                                      initial=actions.PROPOSALS_PER_DISTRICT)


class AcceptForm(forms.Form):
    proposals = RecordsChoiceField(label=_("Proposals"), queryset=TargetProposal.objects.none(),
                                   widget=forms.CheckboxSelectMultiple,
                                   error_messages={"required": _("Choose at least one proposal.")})

    def __init__(self, *args, operation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = TargetProposal.objects.restrict(user).filter(
            operation=operation, status=TargetProposal.PROPOSED)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why rejected"), max_length=500,
                             error_messages={"required": _("Say why the proposal is rejected.")})


@page
@requires("view operation", "view targetproposal")
def proposal_list(request, pk):
    operation = get_for(request.user, VIEW, Operation, pk=pk)
    return _proposal_page(request, operation)


def _proposal_page(request, operation, *, accept_form=None, reject_forms=None, propose_form=None):
    proposals = (TargetProposal.objects.restrict(request.user).filter(operation=operation)
                 .select_related("venue__town", "district", "decided_by", "target"))
    can_decide = allows(request.user, CHANGE, "targetproposal")
    groups: dict = {}
    for proposal in proposals:
        groups.setdefault(proposal.district, []).append(proposal)
    return render(request, "analysis/proposals.html", {
        "operation": operation, "groups": list(groups.items()), "can_decide": can_decide,
        "can_propose": allows(request.user, ADD, "targetproposal"),
        "accept_form": accept_form or (AcceptForm(operation=operation, user=request.user) if can_decide else None),
        "reject_forms": reject_forms or {}, "propose_form": propose_form or ProposeForm(),
        "undecided": sum(p.status == TargetProposal.PROPOSED for p in proposals),
        "never_evidence": NEVER_EVIDENCE})


@page
@require_POST
@requires("add targetproposal")
def proposals_make(request, pk):
    operation = get_for(request.user, VIEW, Operation, pk=pk)
    form = ProposeForm(request.POST)
    if form.is_valid():
        try:
            made = actions.propose_targets(actor=request.user, operation=operation,
                                           per_district=form.cleaned_data["per_district"])
            if made:
                messages.success(request, gettext("%(count)s venues proposed.") % {"count": len(made)})
            else:
                messages.warning(request, gettext("No venue to propose: run the priority analysis first."))
            return redirect("proposal_list", pk=operation.pk)
        except DomainError as error:
            add_domain_error(form, error)
    return _proposal_page(request, operation, propose_form=form)


@page
@require_POST
@requires("change targetproposal", "add target")
def proposals_accept(request, pk):
    operation = get_for(request.user, VIEW, Operation, pk=pk)
    form = AcceptForm(request.POST, operation=operation, user=request.user)
    if form.is_valid():
        try:
            targets = actions.accept_proposals(actor=request.user, operation=operation,
                                               proposals=form.cleaned_data["proposals"])
            messages.success(request, gettext("%(count)s proposals accepted as targets.") % {"count": len(targets)})
            return redirect("proposal_list", pk=operation.pk)
        except DomainError as error:
            add_domain_error(form, error)
    return _proposal_page(request, operation, accept_form=form)


@page
@require_POST
@requires("change targetproposal")
def proposal_reject(request, pk):
    proposal = get_for(request.user, CHANGE, TargetProposal, pk=pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            actions.reject_proposal(actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"])
            messages.success(request, gettext("The proposal is rejected; its reason is kept."))
            return redirect("proposal_list", pk=proposal.operation_id)
        except DomainError as error:
            add_domain_error(form, error)
    return _proposal_page(request, proposal.operation, reject_forms={proposal.pk: form})
