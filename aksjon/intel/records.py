"""Record references ("person:12", "unit:3", "venue:7") and what an analyst sees of each."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from aksjon.accounts.access import allows
from aksjon.core.errors import NotFound
from aksjon.core.text import gettext_noop
from aksjon.registry.models import Person, RegisteredUnit, Venue

MODELS = {"person": Person, "unit": RegisteredUnit, "venue": Venue}


@dataclass
class RecordView:
    ref: str
    label: str
    url: str | None
    facts: list[tuple[str, str]] = field(default_factory=list)
    origin: str = ""


def ref_of(obj) -> str:
    kind = {Person: "person", RegisteredUnit: "unit", Venue: "venue"}[type(obj)]
    return f"{kind}:{obj.pk}"


def resolve(user, ref: str):
    """The record behind a reference, if the user may see it (else NotFound)."""
    kind, _, pk = ref.partition(":")
    model = MODELS.get(kind)
    if model is None or not pk.isdigit():
        raise NotFound(gettext_noop("Not found."))
    try:
        return model.objects.restrict(user).get(pk=int(pk))
    except model.DoesNotExist:
        raise NotFound(gettext_noop("Not found.")) from None


def _origin(obj) -> str:
    where = f"{obj.source_file}:{obj.source_line}" if obj.source_file else ""
    state = "verified" if obj.verified else "unverified"
    return " · ".join(p for p in [obj.source, where, state] if p)


def describe(user, ref: str) -> RecordView:
    obj = resolve(user, ref)
    if isinstance(obj, Person):
        facts = [("birth_date", str(obj.birth_date or "—")),
                 ("phones", ", ".join(p.e164 for p in obj.phones.all()) or "—"),
                 ("roles", ", ".join(f"{r.code} {r.unit.orgnr}" for r in obj.roles.select_related("unit")) or "—")]
        url = reverse("person_detail", args=[obj.pk]) if allows(user, "view", "person") else None
        return RecordView(ref, str(obj), url, facts, _origin(obj))
    if isinstance(obj, RegisteredUnit):
        facts = [("orgnr", obj.orgnr), ("form", obj.form), ("address", str(obj.location_address or
                                                                             obj.business_address or "—")),
                 ("deleted", str(obj.deleted_on or "—"))]
        return RecordView(ref, obj.name, None, facts, _origin(obj))
    facts = [("address", str(obj.address or "—")), ("town", obj.town.name),
             ("orgnr", obj.unit.orgnr if obj.unit else "—"),
             ("phones", ", ".join(p.e164 for p in obj.phones.all()) or "—")]
    return RecordView(ref, obj.name, reverse("venue_detail", args=[obj.pk]), facts, _origin(obj))
