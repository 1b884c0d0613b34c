"""Record references ("person:12", "unit:3", "venue:7", "tip:4", "inspection:9", "ad:311")
and what an analyst sees of each."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from aksjon.accounts.access import allows
from aksjon.core.errors import NotFound
from aksjon.core.refs import MalformedRef, Ref, ref_text
from aksjon.core.text import gettext_noop
from aksjon.intel.models import Inspection, Tip
from aksjon.registry.models import Ad, Person, RegisteredUnit, Venue

MODELS = {"person": Person, "unit": RegisteredUnit, "venue": Venue, "tip": Tip, "inspection": Inspection, "ad": Ad}
KIND_OF = {model: kind for kind, model in MODELS.items()}


@dataclass
class RecordView:
    ref: str
    label: str
    url: str | None
    facts: list[tuple[str, str]] = field(default_factory=list)
    origin: str = ""


def ref_of(obj) -> str:
    return ref_text(KIND_OF[type(obj)], obj.pk)


def resolve(user, ref: str):
    """The record behind a reference, if the user may see it (else NotFound)."""
    try:
        parsed = Ref.parse(ref)
    except MalformedRef:  # a reference from an address: nothing is there, as for one out of sight
        raise NotFound(gettext_noop("Not found.")) from None
    model = MODELS[parsed.kind]
    try:
        return model.objects.restrict(user).get(pk=parsed.key)
    except model.DoesNotExist:
        raise NotFound(gettext_noop("Not found.")) from None


def _origin(obj) -> str:
    where = f"{obj.source_file}:{obj.source_line}" if obj.source_file else ""
    state = "verified" if obj.verified else "unverified"
    return " · ".join(p for p in [obj.source, where, state] if p)


def describe(user, ref: str) -> RecordView:
    obj = resolve(user, ref)
    facts, url = DESCRIBERS[type(obj)](user, obj)
    return RecordView(ref, _label(obj), url, facts, _origin(obj))


def _label(obj) -> str:
    if isinstance(obj, RegisteredUnit | Venue):
        return obj.name
    if isinstance(obj, Tip | Inspection | Ad):
        return f"{obj} {obj.venue_name}".strip()
    return str(obj)


def _person(user, obj: Person):
    facts = [("birth_date", str(obj.birth_date or "—")),
             ("phones", ", ".join(p.e164 for p in obj.phones.all()) or "—"),
             ("roles", ", ".join(f"{r.code} {r.unit.orgnr}" for r in obj.roles.select_related("unit")) or "—")]
    return facts, reverse("person_detail", args=[obj.pk]) if allows(user, "view", "person") else None


def _unit(user, obj: RegisteredUnit):
    return [("orgnr", obj.orgnr), ("form", obj.form),
            ("address", str(obj.location_address or obj.business_address or "—")),
            ("deleted", str(obj.deleted_on or "—"))], None


def _venue(user, obj: Venue):
    return [("address", str(obj.address or "—")), ("town", obj.town.name),
            ("orgnr", obj.unit.orgnr if obj.unit else "—"),
            ("phones", ", ".join(p.e164 for p in obj.phones.all()) or "—")], reverse("venue_detail", args=[obj.pk])


def _tip(user, obj: Tip):
    return [("received", f"{obj.received_at:%Y-%m-%d}"), ("channel", obj.channel),
            ("address", " ".join(p for p in [obj.address, obj.city] if p) or "—"),
            ("phones", ", ".join(obj.all_phones()) or "—"), ("text", obj.text)], None


def _inspection(user, obj: Inspection):
    return [("agency", obj.agency), ("date", str(obj.date)), ("orgnr", obj.orgnr or "—"),
            ("address", " ".join(p for p in [obj.address, obj.city] if p) or "—"),
            ("findings", ", ".join(obj.findings) or "—")], None


def _ad(user, obj: Ad):
    return [("observed", f"{obj.observed_at:%Y-%m-%d}"), ("category", obj.category),
            ("address", " ".join(p for p in [obj.address_text, obj.city] if p) or "—"),
            ("phones", ", ".join(p.e164 for p in obj.phones.all()) or "—"), ("title", obj.title)], \
        obj.url or None


DESCRIBERS = {Person: _person, RegisteredUnit: _unit, Venue: _venue, Tip: _tip, Inspection: _inspection, Ad: _ad}
