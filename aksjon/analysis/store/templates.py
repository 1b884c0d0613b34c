"""Writing the ad templates back: AdTemplate, AdTemplateMember and the `template` signals.

One transaction replaces the previous rows with one audit row (`store_templates`). Keys are
the engine's and stay the same between runs, so a link to a template survives a new run.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_noop

from aksjon.analysis.core.templates import Group, TemplateIndex
from aksjon.analysis.models import AdTemplate, AdTemplateMember, Signal
from aksjon.analysis.signals import english, said
from aksjon.audit.log import record_write
from aksjon.registry.models import Ad, Venue

FAMILY = "template"
# A text used by advertisers sharing no contact (copied, or a service's) says less about who
# is behind a venue than one writer's text joined by a booking phone: its signals count less.
DAMPED_STRENGTH = 0.3
BATCH = 2000
SLOT_VALUES_KEPT = 50  # per slot, the most common values


def ads_on_record() -> tuple[dict, dict]:
    """Which venues and phones each ad (source, ad id) is on, from the Ad rows (all observations)."""
    venues: dict[tuple[str, str], set[int]] = defaultdict(set)
    for source, ad_id, venue in Ad.objects.filter(venue__isnull=False).values_list(
            "ad_source", "ad_id", "venue_id").distinct().iterator(chunk_size=5000):
        venues[(source, ad_id)].add(venue)
    phones: dict[tuple[str, str], set[int]] = defaultdict(set)
    for source, ad_id, phone in Ad.phones.through.objects.values_list(
            "ad__ad_source", "ad__ad_id", "phone_id").distinct().iterator(chunk_size=5000):
        phones[(source, ad_id)].add(phone)
    return venues, phones


def store_templates(*, actor, groups: list[Group], index: TemplateIndex) -> dict:
    """Replace every template, member and template signal by `groups`; one audit row."""
    ad_venues, ad_phones = ads_on_record()
    with transaction.atomic():
        before = {"templates": AdTemplate.objects.count(), "signals": Signal.objects.filter(family=FAMILY).count()}
        Signal.objects.filter(family=FAMILY).delete()
        AdTemplateMember.objects.all().delete()
        AdTemplate.objects.all().delete()
        rows = AdTemplate.objects.bulk_create((_template_row(group, index) for group in groups), batch_size=BATCH)
        members = venues_of = phones_of = 0
        venue_links, phone_links, member_rows = [], [], []
        touched: dict[str, tuple[set[int], set[int]]] = {}
        for group, row in zip(groups, rows, strict=True):
            venues = set().union(*(ad_venues.get(ad, ()) for ad in group.ads))
            phones = set().union(*(ad_phones.get(ad, ()) for ad in group.ads))
            touched[group.key] = (venues, phones)
            venue_links += [AdTemplate.venues.through(adtemplate_id=row.pk, venue_id=venue) for venue in venues]
            phone_links += [AdTemplate.phones.through(adtemplate_id=row.pk, phone_id=phone) for phone in phones]
            member_rows += _member_rows(group, row, index)
            if len(member_rows) >= BATCH * 5:
                members += len(AdTemplateMember.objects.bulk_create(member_rows, batch_size=BATCH))
                member_rows = []
        members += len(AdTemplateMember.objects.bulk_create(member_rows, batch_size=BATCH))
        venues_of = len(AdTemplate.venues.through.objects.bulk_create(venue_links, batch_size=BATCH))
        phones_of = len(AdTemplate.phones.through.objects.bulk_create(phone_links, batch_size=BATCH))
        signals = Signal.objects.bulk_create(_signals(groups, touched), batch_size=BATCH)
        after = {"templates": len(rows), "members": members, "venue_links": venues_of, "phone_links": phones_of,
                 "signals": len(signals)}
        record_write(actor, "store_templates", rows[0] if rows else actor, before=before, after=after)
    return after


def _template_row(group: Group, index: TemplateIndex) -> AdTemplate:
    slots = {slot: dict(values.most_common(SLOT_VALUES_KEPT)) for slot, values in sorted(group.slots.items())}
    return AdTemplate(key=group.key, texts=[index.template_text(text) for text in group.texts], slots=slots,
                      ads=len(group.ads), observations=group.observations, first_seen=group.first_seen,
                      last_seen=group.last_seen,
                      details={"categories": dict(group.categories), "joined_by": dict(group.joined_by),
                               "venue_links": group.venue_links, "hubs": dict(group.hubs),
                               "template_kinds": dict(group.template_kinds), "shared_text": group.shared_text,
                               "venue_names": sorted(group.venues)[:50]})


def _member_rows(group: Group, row: AdTemplate, index: TemplateIndex) -> Iterable[AdTemplateMember]:
    for ad in group.ads:
        state = index.ads[ad]
        yield AdTemplateMember(template=row, ad_source=ad[0], ad_id=ad[1], text_index=index.text_index_of(ad, group),
                               observations=state.observations, first_seen=state.first_seen,
                               last_seen=state.last_seen)


def _damped(group: Group) -> bool:
    """A text several venues' ads use without a phone or photo between them: a service's or a
    booking site's, or copied. It says little about who is behind the venues."""
    return group.shared_text


def _signals(groups: list[Group], touched: dict) -> list[Signal]:
    """Per venue: its writer also writes for venues in other towns; its writer also writes escort ads."""
    all_venues = {venue for venues, _phones in touched.values() for venue in venues}
    towns = dict(Venue.objects.filter(pk__in=all_venues).values_list("pk", "town__name"))
    signals = []
    for group in groups:
        venues = touched[group.key][0]
        if not venues or group.template_kinds.get("site", 0) * 2 > len(group.ads):
            continue  # a booking site's listings say nothing about who is behind the venues listed
        strength = DAMPED_STRENGTH if _damped(group) else 1.0
        observed = group.last_seen.date() if group.last_seen else None
        refs = [f"template:{group.key}"]
        escort_ads = group.categories.get("escort", 0)
        for venue in venues:
            others = venues - {venue}
            other_towns = {towns.get(other) for other in others} - {towns.get(venue)}
            if others and other_towns:
                message = _shared_evidence(group, len(others), len(other_towns), strength < 1)
                signals.append(Signal(
                    venue_id=venue, family=FAMILY, code="template_shared_venues", strength=strength,
                    observed_on=observed,
                    refs=refs + [f"venue:{other}" for other in sorted(others)[:20]], message=message,
                    evidence=english(message)[:300]))
            if escort_ads:
                message = said(gettext_noop("The writer of this venue's ads (template %(template)s) also wrote %(ads)s "
                                     "escort ads — a shared text without a shared contact, damped") if strength < 1
                               else gettext_noop("The writer of this venue's ads (template %(template)s) also wrote "
                                          "%(ads)s escort ads"), template=group.key, ads=escort_ads)
                signals.append(Signal(
                    venue_id=venue, family=FAMILY, code="template_writer_escort", strength=strength,
                    observed_on=observed, refs=refs, message=message,
                    evidence=english(message)[:300]))
    return signals


def _shared_evidence(group: Group, venues: int, towns: int, damped: bool) -> dict:
    """The evidence as a message (aksjon.analysis.signals.said): in the reader's language on the page."""
    joined = Counter(group.joined_by)
    how = ([said(gettext_noop("%(value)s ×%(count)s"), value=kind, count=count) for kind, count in joined.most_common()]
           or said(gettext_noop("the text alone")))
    text = (gettext_noop("Ads from template %(template)s (%(ads)s ads) are also written for %(venues)s other venues in "
                  "%(towns)s other towns; joined by %(how)s — a text shared without a shared contact (copied or "
                  "an ad service), damped") if damped else
            gettext_noop("Ads from template %(template)s (%(ads)s ads) are also written for %(venues)s other venues in "
                  "%(towns)s other towns; joined by %(how)s"))
    return said(text, template=group.key, ads=len(group.ads), venues=venues, towns=towns, how=how)
