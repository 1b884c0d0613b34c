"""The review queue, pair pages, judgements with undo, and entity (cluster) pages."""
from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from aksjon.accounts.access import ADD, CHANGE, allows, get_for
from aksjon.audit.log import record_read
from aksjon.core.errors import InvalidInput, NotFound
from aksjon.core.refs import Ref
from aksjon.core.text import gettext_noop
from aksjon.intel import actions, judging
from aksjon.intel.models import CandidatePair, Judgement
from aksjon.intel.records import describe
from aksjon.jobs import runner as job_runner
from aksjon.jobs.models import DONE
from aksjon.jobs.scope import visible_jobs
from aksjon.jobs.views import progress_html
from aksjon.registry.models import Person
from aksjon.web.lists import paged
from aksjon.web.once import exactly_once
from aksjon.web.params import PAGE, reads
from aksjon.web.views import page, requires

KINDS = ("person", "venue")
# Each pair shows both its records: fifty made the page 31,000 px tall.
REVIEW_PER_PAGE = 20


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise NotFound(gettext_noop("Not found."))
    return kind


def _log_persons_shown(user, verb: str, records) -> None:
    """An access row for every person a page shows: analysts read personal data here too."""
    for record in records:
        ref = Ref.parse(record.ref)
        if ref.kind == "person":
            record_read(user, verb, Person(pk=ref.key), shown={"ref": record.ref})


def _pair_view(user, pair: CandidatePair) -> dict:
    return {"pair": pair, "left": describe(user, pair.left), "right": describe(user, pair.right),
            "judgements": judging.judgements_on(pair.run.kind, pair.left, pair.right),
            "constraint": judging.constraint_reason(pair)}


@page
@requires("view candidatepair")
def review_home(request):
    return redirect("review_queue", kind="person")


@page
@reads(page=PAGE)
def review_queue(request, kind, page):
    kind = _kind(kind)
    CandidatePair.objects.restrict(request.user)
    run = judging.newest_run(kind)
    shown = paged(judging.review_queue(request.user, kind, limit=None), page, {}, per_page=REVIEW_PER_PAGE)
    # Only the page's pairs are described, and only their persons get an access row.
    pairs = [_pair_view(request.user, p) for p in shown["page"]]
    shown_records = [record for item in pairs for record in (item["left"], item["right"])]
    _log_persons_shown(request.user, "view_review_queue", shown_records)
    return render(request, "intel/review.html", {
        **shown, "back": _back(kind, shown["page"]), "kind": kind, "run": run, "pairs": pairs,
        "can_judge": allows(request.user, ADD, "judgement"), "can_run": allows(request.user, ADD, "linkagerun"),
        **_linkage_state(request, kind)})


def _back(kind: str, page) -> str:
    """Where judging returns: to this page while pages follow it (the next pairs move up into it),
    else to the first: judged pairs leave the queue, and the last page may go with them."""
    url = reverse("review_queue", args=[kind])
    return f"{url}?page={page.number}" if page.has_next() and page.number > 1 else url


@page
@require_POST
def start_linkage(request, kind):
    actions.queue_linkage(actor=request.user, kind=_kind(kind))
    job_runner.ensure_worker()
    return redirect("review_queue", kind=kind)


def _linkage_state(request, kind: str) -> dict:
    """The newest linkage job of this kind, shown by the jobs fragment while it waits or runs, or when it
    failed or was cancelled (with its reason and a retry); the page reloads when it ends."""
    job = visible_jobs(request.user).filter(kind="linkage", params__kind=kind).first()
    shown = job if job and job.status != DONE else None
    return {"pending": job if job and job.pending else None,
            "linkage_job": progress_html(request, shown) if shown else ""}


@page
def pair_detail(request, pk):
    pair = get_for(request.user, "view", CandidatePair, pk=pk)
    item = _pair_view(request.user, pair)
    _log_persons_shown(request.user, "view_pair", [item["left"], item["right"]])
    return render(request, "intel/pair.html", {
        "item": item, "judgements": item["judgements"], "kind": pair.run.kind,
        "can_judge": allows(request.user, ADD, "judgement"),
        "can_undo": allows(request.user, CHANGE, "judgement")})


@page
@require_POST
@requires("add judgement")
@exactly_once
def judge(request, kind):
    kind = _kind(kind)
    verdict = request.POST.get("verdict", "")
    pairs = [tuple(value.split("|", 1)) for value in request.POST.getlist("pair") if "|" in value]
    if not pairs:
        raise InvalidInput(gettext_noop("Choose at least one pair."), field="pair")
    for left, right in pairs:  # judging needs sight of both records
        describe(request.user, left), describe(request.user, right)
    actions.judge_many(actor=request.user, kind=kind, pairs=pairs, verdict=verdict)
    back = request.POST.get("next")
    return redirect(back) if _local(back) else redirect("review_queue", kind=kind)


def _local(url: str | None) -> bool:
    return bool(url) and url.startswith("/") and not url.startswith("//")


@page
@require_POST
def undo(request, pk):
    judgement = get_for(request.user, CHANGE, Judgement, pk=pk)
    actions.retract_judgement(actor=request.user, judgement=judgement)
    back = request.POST.get("next")
    return redirect(back) if _local(back) else redirect("judgement_list")


@page
def judgement_list(request):
    judgements = Judgement.objects.restrict(request.user).select_related("made_by", "retracted_by")[:200]
    return render(request, "intel/judgements.html", {
        "judgements": judgements, "can_undo": allows(request.user, CHANGE, "judgement")})


@page
def entity(request, kind, ref: Ref):
    kind = _kind(kind)
    CandidatePair.objects.restrict(request.user)
    ref = str(ref)  # as references are stored
    members = [describe(request.user, member) for member in judging.cluster_of(kind, ref)]
    _log_persons_shown(request.user, "view_entity", members)
    return render(request, "intel/entity.html", {"kind": kind, "ref": ref, "members": members})
