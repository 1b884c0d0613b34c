"""The field form and the control page. Showing persons met writes an access row."""
from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils import timezone

from aksjon.accounts.access import ADD, allows, get_for, prefetch_visible
from aksjon.audit.log import record_read
from aksjon.controls.actions import record_visit
from aksjon.controls.forms import ControlForm, PersonMetFormSet
from aksjon.controls.models import Control, Finding, PersonMet, Vulnerability
from aksjon.core.errors import DomainError
from aksjon.followup.models import FollowUp
from aksjon.operations.models import Target
from aksjon.registry.models import Venue
from aksjon.screening.models import Screening
from aksjon.web.once import exactly_once
from aksjon.web.params import FLAG, ID, posted, reads
from aksjon.web.views import add_domain_error, page


def _initial(request, target: Target | None, venue: int | None) -> dict:
    venue_id = target.venue_id if target else venue
    if venue_id and not target:
        venue_id = get_for(request.user, "view", Venue, pk=venue_id).pk
    # Most controls are recorded on the spot: start from now, to the minute.
    return {"venue": venue_id, "started_at": timezone.localtime().replace(second=0, microsecond=0)}


@page
@reads(target=posted(ID), venue=ID, again=posted(FLAG))
@exactly_once
def control_create(request, target, venue, again):
    """`target`: the key of the target controlled (the link or the form); `venue`: of a venue chosen beforehand;
    `again`: the officer's yes to controlling a target that is controlled already."""
    Control.objects.restrict(request.user, ADD)
    target = get_for(request.user, "view", Target, pk=target) if target else None
    form = ControlForm(request.POST or None, user=request.user, initial=_initial(request, target, venue))
    persons = PersonMetFormSet(request.POST or None, prefix="persons")
    asked = False
    if request.method == "POST" and form.is_valid() & persons.is_valid():
        try:
            control = record_visit(actor=request.user, target=target, control=dict(form.cleaned_data),
                                   persons=[p.cleaned_data for p in persons if p.has_changed()], again=bool(again))
            return redirect(f"{control.get_absolute_url()}?saved=1")
        except DomainError as error:
            asked = error.field == "again"  # controlled already: ask before recording another
            if not asked:
                add_domain_error(form, error)
    previous = _previous(request.user, target) if asked else None
    return render(request, "controls/form.html", {"form": form, "persons": persons, "target": target,
                                                  "asked": asked, "previous": previous})


def _previous(user, target: Target | None) -> Control | None:
    """The latest control of the target the user may see, for the question "record another?"."""
    if target is None:
        return None
    return Control.objects.restrict(user).filter(target=target).select_related("team").order_by("-started_at").first()


@page
@reads(saved=FLAG)
def control_detail(request, pk, saved):
    user = request.user
    control = get_for(user, "view", Control, pk=pk)
    persons = (PersonMet.objects.restrict(user).filter(control=control).select_related("person", "control")
               .prefetch_related(*(prefetch_visible(user, lookup, model) for lookup, model in
                                   [("findings", Finding), ("vulnerabilities", Vulnerability),
                                    ("screenings", Screening)])))
    record_read(user, "view_control", control, shown={"persons_met": [p.person_id for p in persons]})
    return render(request, "controls/detail.html", {
        "control": control, "persons": persons,
        "venue_findings": (Finding.objects.restrict(user).filter(control=control, person_met=None)
                           if allows(user, "view", Finding) else []),
        "followups": (FollowUp.objects.restrict(user).filter(control=control)
                      if allows(user, "view", "followup") else []),
        "can_follow_up": allows(user, ADD, "followup"),
        "can_screen": allows(user, ADD, "screening"),
        "saved": bool(saved),
    })
