"""truth.jsonl: the ground truth behind every record, for evaluating linkage.

One JSON object per line with a "kind": network, venue, unit, person, tip, ad_writer, and
(streamed while the ads are written) ad. Record references are strings
"<file>#<record id>" (see docs/synth.md):
  enheter.jsonl#<orgnr>             roller.jsonl#<orgnr>/<group index>/<role index>
  tips.csv#<tip_id>                 inspections.jsonl#<inspection_id>
  controls.jsonl#<control_id>       controls.jsonl#<control_id>/persons/<index>
  ads.jsonl#<source>/<ad_id>        (every observation of that ad)
"""
from __future__ import annotations

from aksjon.synth.model import Business, Network, Person, Stint, Venue, World, Writer
from aksjon.synth.phones import e164
from aksjon.synth.writer import JsonLines


def network_line(network: Network) -> dict:
    return {"kind": "network", "network": network.key, "country": network.venues[0].town.country,
            "venues": [v.key for v in network.venues], "controllers": [p.key for p in network.controllers],
            "front_persons": [p.key for p in network.front_persons],
            "holding_units": [h.orgnr for h in network.holdings],
            "accountant": network.accountant.orgnr if network.accountant else None,
            "shared_phones": [e164(p) for p in network.shared_phones], "workers": [p.key for p in network.workers],
            "writer_key": network.writer, "photos": [f"{h:016x}" for h in network.photos]}


def _orgnrs(venue: Venue, purposes: tuple[str, ...]) -> list[str]:
    return [r.orgnr for b in venue.businesses if b.purpose in purposes for r in b.registrations]


def venue_line(venue: Venue, worker_firms: list[str]) -> dict:
    units = _orgnrs(venue, ("venue", "sub_unit"))
    return {"kind": "venue", "venue_key": venue.key, "type": venue.type, "network": venue.network,
            "exploitative": venue.exploitative,
            "country": venue.town.country, "town": venue.town.name, "district": venue.town.district,
            "name": venue.canonical_name,
            "names": [" ".join(t[0] for t in venue.first_tokens)] + [" ".join(t[0] for t in tokens)
                                                                      for _day, tokens in venue.renamed],
            "address": venue.address.line, "postcode": venue.address.postcode,
            "phones": [e164(p) for p in venue.phones], "opened": venue.opened.isoformat(),
            "orgnrs": units, "worker_orgnrs": worker_firms,
            "chain_orgnrs": [r.orgnr for r in venue.chain.registrations] if venue.chain else [],
            "unit_keys": [b.key for b in venue.businesses],
            "owner": venue.owner.key if venue.owner else None,
            "owners": [[since.isoformat(), owner.key] for since, owner in venue.owners], "conditions": venue.conditions,
            "writer_key": venue.writer, "stock_photos": [f"{h:016x}" for h in venue.stock_photos],
            "records": [f"enheter.jsonl#{o}" for o in units] + venue.records}


def _re_registered(business: Business) -> bool:
    """More than one number for the same thing over time (a main unit and its own BEDR are not that)."""
    mains = [r for r in business.registrations if r.form != "BEDR"]
    return len(mains) > 1 or (not mains and len(business.registrations) > 1)


def unit_line(business: Business) -> dict:
    return {"kind": "unit", "unit_key": business.key, "purpose": business.purpose, "venue_key": business.venue_key,
            "place": business.place, "operates": business.operates, "next_to": business.next_to,
            "orgnrs": [r.orgnr for r in business.registrations], "forms": [r.form for r in business.registrations],
            "re_registered": _re_registered(business),
            "records": [f"enheter.jsonl#{r.orgnr}" for r in business.registrations]}


def person_line(person: Person, stints: list[Stint], trips: list | None = None) -> dict:
    return {"kind": "person", "person_key": person.key, "given_name": person.given,
            "given_name_variants": list(person.given_variants), "family_name": person.family,
            "family_name_variants": list(person.family_variants), "middle_name": person.middle,
            "married_name": person.married,
            "birth_date": person.birth.isoformat(), "sex": person.sex, "nationality": person.nationality,
            "role": person.kind, "network": person.network, "exploited": person.exploitation != "none",
            "exploitation": person.exploitation, "residence": person.residence, "language": person.language,
            "conditions": person.conditions, "true_indicators": person.indicators,
            "vulnerabilities": person.vulnerabilities, "phones": [e164(person.phone)] if person.phone else [],
            "nickname": person.nickname,
            "stints": [[s.venue_key, s.start.isoformat(), s.end.isoformat()] for s in stints],
            "trips": [[town.name, town.country, first.isoformat(), last.isoformat()] for town, first,
                      last in trips or []],
            "records": person.records, "service_records": person.service_records}


def write_static_truth(world: World, out: JsonLines) -> None:
    for network in world.networks:
        out.write(network_line(network))
    worker_firms: dict[str, list[str]] = {}
    for business in world.businesses:
        if business.purpose == "worker_enk":
            worker_firms.setdefault(business.venue_key, []).extend(r.orgnr for r in business.registrations)
    stints: dict[str, list[Stint]] = {}
    for venue in world.venues:
        out.write(venue_line(venue, worker_firms.get(venue.key, [])))
        for stint in venue.stints:
            stints.setdefault(stint.person.key, []).append(stint)
    for business in sorted(world.businesses, key=lambda b: b.key):
        out.write(unit_line(business))
    trips = {person.key: person_trips for person, person_trips in world.escorts}
    for key in sorted(world.persons):
        own = sorted(stints.get(key, []), key=lambda s: (s.start, s.venue_key))
        out.write(person_line(world.persons[key], own, trips.get(key)))
    for tip in world.tip_truth:
        out.write(tip)
    for writer in world.writers:
        out.write(writer_line(writer))


def writer_line(writer: Writer) -> dict:
    """A writer and its one template (title, text with slots); `service`: an ad-writing service
    for unrelated salons; `kind` says which decoy or owner it is (docs/synth.md)."""
    def template(pair):
        return {"title": pair[0], "text": pair[1]} if pair else None

    return {"kind": "ad_writer", "writer_key": writer.key, "writer_kind": writer.kind,
            "service": writer.kind == "service", "network": writer.network, "venue_keys": writer.venue_keys,
            "person_key": writer.person_key, "template": template(writer.massage),
            "escort_template": template(writer.escort), "thai": _has_thai(writer), "lang": writer.lang}


def _has_thai(writer: Writer) -> bool:
    """A template carries a Thai-script sentence."""
    return any("\u0e00" <= ch <= "\u0e7f" for pair in (writer.massage, writer.escort) if pair
               for part in pair for ch in part)
