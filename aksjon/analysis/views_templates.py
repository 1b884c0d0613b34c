"""Ad template pages: the list (largest first) and one template with its texts, slots, ads over
time, and the venues and phones it touches. Everything through `restrict`."""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import timedelta

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.shortcuts import render

from aksjon.accounts.access import allows, get_for
from aksjon.analysis.models import AdTemplate, AdTemplateMember
from aksjon.core.phones import display
from aksjon.registry.models import Phone, Town, Venue
from aksjon.web.lists import chosen_as_text, narrowed, paged
from aksjon.web.params import ID, PAGE, TEXT, reads
from aksjon.web.views import page

SLOT = re.compile(r"(\{[a-z]+\})")
ADS_SHOWN = 50
WEEKS_SHOWN = 104


def _searched(templates, q: str | None):
    """Each word of the search in a template's texts, its key, a venue's name or a phone."""
    digits = re.sub(r"\D", "", q or "")
    if len(digits) >= 5 and re.fullmatch(r"[\d\s+().-]+", q):  # a phone number, however it is written
        return templates.filter(phones__e164__contains=digits[-8:]).distinct()
    for word in (q or "").split():
        # The texts are case-folded JSON, read back as text: SQLite escapes non-ASCII letters
        # (\u00e5), PostgreSQL keeps them. Search it as either stores it.
        folded = word.casefold()
        as_stored = Q(as_text__icontains=folded) | Q(as_text__icontains=json.dumps(folded)[1:-1])
        templates = templates.filter(pk__in=AdTemplate.objects.annotate(
            as_text=Cast("texts", TextField())).filter(as_stored).values("pk")) | \
            templates.filter(key__iexact=word) | templates.filter(venues__name__icontains=word)
    return templates.distinct()


@page
@reads(q=TEXT, venue=ID, town=ID, page=PAGE)
def template_list(request, q, venue, town, page):
    visible = AdTemplate.objects.restrict(request.user)
    templates = _searched(narrowed(visible, venues__id=venue, venues__town_id=town), q)
    chosen = {"q": q, "venue": venue, "town": town}
    return render(request, "analysis/templates_list.html", {
        **paged(templates.distinct().order_by("-ads", "key"), page, chosen), "chosen": chosen_as_text(chosen),
        # Only the towns of venues the user may see, so the choices name nothing more.
        "towns": Town.objects.filter(venues__in=Venue.objects.restrict(request.user),
                                     venues__ad_templates__isnull=False).distinct().order_by("name")})


@page
def template_detail(request, key):
    template = get_for(request.user, "view", AdTemplate, key=key)
    user = request.user
    venues = (Venue.objects.restrict(user).filter(ad_templates=template).select_related("town", "district")
              if allows(user, "view", "venue") else Venue.objects.none())
    phones = (Phone.objects.restrict(user).filter(ad_templates=template).distinct()
              if allows(user, "view", "phone") else Phone.objects.none())
    members = AdTemplateMember.objects.restrict(user).filter(template=template).distinct()
    return render(request, "analysis/templates_detail.html", {
        "template": template, "texts": [_pieces(text) for text in template.texts],
        "slots": sorted(((slot, sorted(values.items(), key=lambda item: -item[1])[:20], len(values))
                         for slot, values in template.slots.items()), key=lambda item: item[0]),
        "weeks": _weeks(members), "ads": members.order_by("first_seen", "ad_source", "ad_id")[:ADS_SHOWN],
        "ads_total": members.count(), "venues": venues.distinct(),
        "phones": [(phone, display(phone.e164)) for phone in phones],
        "joined_by": sorted((template.details or {}).get("joined_by", {}).items()),
        "categories": sorted((template.details or {}).get("categories", {}).items()),
        "shared_text": (template.details or {}).get("shared_text", False)})


def _pieces(text: str) -> list[tuple[bool, str]]:
    """A template text cut into (is a slot, text) pieces, for the page to mark the slots."""
    return [(bool(SLOT.fullmatch(piece)), piece) for piece in SLOT.split(text) if piece]


def _weeks(members) -> list[dict]:
    """New ads per ISO week (by when each was first seen), as rows with a bar width in percent."""
    counts = Counter()
    for first_seen in members.exclude(first_seen=None).values_list("first_seen", flat=True):
        monday = (first_seen - timedelta(days=first_seen.weekday())).date()
        counts[monday] += 1
    rows = sorted(counts.items())[-WEEKS_SHOWN:]
    most = max((count for _week, count in rows), default=1)
    return [{"week": week, "iso": f"{week.isocalendar()[0]}-W{week.isocalendar()[1]:02d}", "count": count,
             "width": max(2, round(100 * count / most))} for week, count in rows]
