"""Venue and person pages. Looking at a person writes an access row."""
from __future__ import annotations

from django.db.models import Count, Max, Min
from django.shortcuts import redirect, render

from aksjon.accounts.access import ADD, allows, get_for, prefetch_visible
from aksjon.accounts.models import District
from aksjon.audit.log import record_read
from aksjon.controls.models import Control, Finding, PersonMet, Vulnerability
from aksjon.core.refs import ref_text
from aksjon.operations.models import Target
from aksjon.registry import actions
from aksjon.registry.forms import VenueForm
from aksjon.registry.models import Ad, Person, Phone, RegisteredUnit, Role, Town, Venue
from aksjon.screening.models import Screening
from aksjon.web.lists import chosen_as_text, narrowed, ordered, paged, searched
from aksjon.web.params import ID, PAGE, TEXT, one_of, reads
from aksjon.web.views import page, submitted

VENUE_ORDERS = {"town": ("town__name", "name", "pk"), "name": ("name", "town__name", "pk"),
                "district": ("district__name", "town__name", "name", "pk")}
VENUE_SEARCH = ("name", "town__name", "address__street", "unit__orgnr")


@page
@reads(q=TEXT, district=ID, town=ID, sort=one_of(*VENUE_ORDERS), page=PAGE)
def venue_list(request, q, district, town, sort, page):
    visible = Venue.objects.restrict(request.user)
    venues = searched(narrowed(visible, district_id=district, town_id=town), q, VENUE_SEARCH)
    chosen = {"q": q, "district": district, "town": town, "sort": sort}
    return render(request, "registry/venue_list.html", {
        **paged(ordered(venues.select_related("town", "district", "unit"), sort, VENUE_ORDERS), page, chosen),
        "chosen": chosen_as_text(chosen), "can_add": allows(request.user, ADD, "venue"),
        # The choices are the districts and towns of the venues the user sees, so they name nothing more.
        "districts": District.objects.filter(venues__in=visible).distinct(),
        "towns": Town.objects.filter(venues__in=visible).distinct()})


@page
def venue_create(request):
    Venue.objects.restrict(request.user, ADD)
    form = VenueForm(request.POST or None, user=request.user)
    venue = submitted(request, form, lambda data: actions.create_venue(actor=request.user, **data))
    if venue:
        return redirect("venue_detail", pk=venue.pk)
    return render(request, "registry/venue_form.html", {"form": form})


@page
def venue_detail(request, pk):
    venue = get_for(request.user, "view", Venue, pk=pk)
    user = request.user
    controls = (Control.objects.restrict(user).filter(venue=venue).select_related("operation")
                .prefetch_related(prefetch_visible(user, "findings", Finding))
                if allows(user, "view", "control") else [])
    targets = (Target.objects.restrict(user).filter(venue=venue).select_related("operation")
               if allows(user, "view", "target") else [])
    units = _units_of(user, venue)
    holders = sorted({role.person_id for unit in units for role in unit.roles.all() if role.person_id})
    if holders:  # the register's history names the persons holding roles: an access row names them
        record_read(user, "view_venue_holders", venue, shown={"persons": holders})
    return render(request, "registry/venue_detail.html", {
        "venue": venue, "controls": controls, "targets": targets, "ads": _ads_of(user, venue),
        # A field officer's role does not read the unit register: the unit is shown to whom it may.
        "unit": venue.unit if venue.unit_id and allows(user, "view", venue.unit) else None,
        "phones": _phones(user, venues=venue), "can_control": allows(user, ADD, "control"),
        "units": units,
        "can_see_links": allows(user, "view", "candidatepair"), "venue_ref": ref_text("venue", venue.pk)})


def _units_of(user, venue: Venue) -> list:
    """The register's history of this place: every unit that is or was it, oldest first, with
    its holders (roles) as far as the user may see them."""
    if not allows(user, "view", RegisteredUnit):
        return []
    return list(RegisteredUnit.objects.restrict(user).filter(place=venue).select_related("parent")
                .prefetch_related(prefetch_visible(user, "roles", Role), "roles__person")
                .order_by("registered_on", "orgnr"))


def _ads_of(user, venue: Venue):
    """The ads cross-referencing placed on this venue, one line per ad, newest first."""
    if not allows(user, "view", "ad"):
        return []
    return (Ad.objects.restrict(user).filter(venue=venue).values("ad_source", "ad_id", "category")
            .annotate(last_seen=Max("observed_at"), first_seen=Min("observed_at"), seen=Count("pk"),
                      title=Max("title")).order_by("-last_seen")[:200])


def _phones(user, **lookup) -> list:
    return list(Phone.objects.restrict(user).filter(**lookup)) if allows(user, "view", Phone) else []


@page
def person_detail(request, pk):
    user = request.user
    person = get_for(user, "view", Person, pk=pk)
    encounters = (PersonMet.objects.restrict(user).filter(person=person)
                  .select_related("person", "control__venue__town")
                  .prefetch_related(prefetch_visible(user, "findings", Finding),
                                    prefetch_visible(user, "vulnerabilities", Vulnerability),
                                    prefetch_visible(user, "screenings", Screening)))
    phones = _phones(user, persons=person)
    record_read(user, "view_person", person, shown={"encounters": [e.pk for e in encounters],
                                                   "phones": [p.e164 for p in phones]})
    return render(request, "registry/person_detail.html", {"person": person, "encounters": encounters,
                                                           "phones": phones})
