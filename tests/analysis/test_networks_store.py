"""Rotation and networks on the database: personas and stints written, rotation and network
signals on venues, networks with nodes, ties and damped reasons, a legitimate chain left out,
the `networks` export, and the pages with their access rules."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aksjon.analysis.models import Network, NetworkNode, NetworkTie, Persona, Signal, Stint
from aksjon.analysis.run_networks import run_networks
from aksjon.analysis.run_rotation import run_rotation
from aksjon.audit.models import AuditEntry
from aksjon.exports.actions import export_records
from aksjon.registry.models import Ad, Address, Person, Phone, RegisteredUnit, Role, Town, Venue
from tests.conftest import login

FRONT = ("Somchai", "Frontmann")


def _quiet(*_args):
    return None


def _venue(name: str, town: str, orgnr: str, parent: RegisteredUnit | None = None) -> Venue:
    town = Town.objects.get(name=town)
    address = Address.objects.create(street=f"{name} gate 1", postcode="0150", town=town)
    unit = RegisteredUnit.objects.create(orgnr=orgnr, name=name.upper(), form="BEDR" if parent else "AS",
                                         parent=parent)
    venue = Venue.objects.create(name=name, town=town, district=town.district, address=address, unit=unit)
    unit.place = venue
    unit.save()
    return venue


def _ad(ref: str, venue: Venue | None, phone: str, *, days_ago: int, category="massage", city=None,
        text="Thaimassasje. Ring oss.", photos=()):
    source, ad_id = ref.split("/")
    ad = Ad.objects.create(ad_source=source, ad_id=ad_id, category=category, venue=venue, text=text,
                           title=text[:40], city=city or (venue.town.name if venue else ""),
                           observed_at=timezone.now() - timedelta(days=days_ago), image_hashes=list(photos))
    # Not get_or_create: its savepoint would look like an unaudited action to the audit guard.
    ad.phones.add(Phone.objects.filter(e164=phone).first() or Phone.objects.create(e164=phone))
    return ad


@pytest.fixture
def sector(world):
    """Three salons of one network (two towns, two districts) sharing booking phones, a front person
    and a holding company; a legitimate chain of two salons sharing a phone; a hub accountant
    for all of them; a worker moved between two of the network's salons; a worker abroad."""
    network = [_venue("Baan Lotus", "Oslo", "910000001"), _venue("Siam Lotus", "Oslo", "910000002"),
               _venue("Lotus Bergen", "Bergen", "910000003")]
    company = RegisteredUnit.objects.create(orgnr="920000000", name="KJEDE AS", form="AS")
    chain = [_venue("Kjede Sentrum", "Oslo", "920000001", parent=company),
             _venue("Kjede Vest", "Bergen", "920000002", parent=company)]
    front = Person.objects.create(given_name=FRONT[0], family_name=FRONT[1], purpose="register")
    accountant = RegisteredUnit.objects.create(orgnr="930000000", name="HUB REGNSKAP AS", form="AS")
    holding = RegisteredUnit.objects.create(orgnr="940000000", name="LOTUS HOLDING AS", form="AS")
    for venue in network:
        Role.objects.create(unit=venue.unit, code="DAGL", person=front)
        Role.objects.create(unit=venue.unit, code="LEDE", holder_orgnr=holding.orgnr, holder_name=holding.name)
    for unit in [v.unit for v in network] + [company]:
        Role.objects.create(unit=unit, code="REGN", holder_orgnr=accountant.orgnr, holder_name=accountant.name)
    for i, venue in enumerate(network):
        for repost in range(2):
            _ad(f"guide/{i}{repost}", venue, "+4791000001" if i < 2 else "+4791000002", days_ago=90 - repost)
    _ad("guide/b1", network[2], "+4791000001", days_ago=80)
    _ad("guide/b2", network[2], "+4791000001", days_ago=79)
    for i, venue in enumerate(chain):
        _ad(f"guide/c{i}", venue, "+4790000009", days_ago=60)
        _ad(f"guide/d{i}", venue, "+4790000009", days_ago=50)
    photo = "0f0f12345678abcd"
    _ad("escort/1", None, "+4791000001", days_ago=70, category="escort", city="Oslo",
        text="Hello darling! I am Nok from Thailand.", photos=[photo])
    _ad("escort/2", None, "+4791000002", days_ago=40, category="escort", city="Bergen",
        text="Hello darling! I am Nok from Thailand.", photos=["0f0f12345678abcc"])
    _ad("escort/3", None, "+46735397122", days_ago=20, category="escort", city="Stockholm",
        text="Hello darling! I am Nok from Thailand.", photos=[photo])
    analyst = world.users["analyst"]
    run_rotation(actor=analyst, progress=_quiet)
    run_networks(actor=analyst, progress=_quiet)
    return {"world": world, "network": network, "chain": chain, "front": front}


def test_a_rotating_worker_is_one_persona_with_a_stint_abroad_and_venues_share_her(sector):
    persona = Persona.objects.get()
    assert persona.nicknames == ["Nok"] and persona.towns == 3 and persona.abroad
    stints = list(Stint.objects.filter(persona=persona).order_by("first_seen"))
    assert [(s.town, s.country) for s in stints] == [("Oslo", "NO"), ("Bergen", "NO"), ("Stockholm", "SE")]
    baan, _siam, bergen = sector["network"]
    assert stints[1].venue == bergen and stints[0].venue is None  # Oslo's booking phone is two salons'
    assert not Signal.objects.filter(family="rotation", venue__in=sector["chain"]).exists()


def test_the_network_binds_its_salons_and_leaves_the_chain_out(sector):
    network = Network.objects.get()
    assert set(network.venues.all()) == set(sector["network"])
    assert network.key == f"N{min(v.pk for v in sector['network']):05d}"
    ties = NetworkTie.objects.filter(network=network)
    accountant = ties.filter(kind="accountant")
    assert accountant.exists() and all(t.damped and "damped" in t.reason and "4 clients" in t.reason
                                       for t in accountant)
    assert ties.filter(kind="phone", damped=False).exists() and ties.filter(kind="holding", damped=False).exists()
    assert ties.filter(kind="phone").order_by("-weight").first().weight > accountant.first().weight * 10
    node = NetworkNode.objects.get(network=network, ref=f"person:{sector['front'].pk}")
    assert node.type == "person" and node.label == " ".join(FRONT)
    assert network.central and NetworkNode.objects.filter(network=network).exclude(x=0, y=0).exists()
    signals = Signal.objects.filter(family="network")
    assert set(signals.values_list("venue_id", flat=True)) == {v.pk for v in sector["network"]}
    assert network.key in signals.first().evidence and FRONT[1] not in signals.first().evidence


def test_the_networks_export_lists_the_units_of_each_networks_venues(sector):
    result = export_records(actor=sector["world"].users["analyst"], kind="networks", fmt="csv")
    reader = csv.DictReader(io.StringIO(b"".join(result.chunks()).decode("utf-8-sig"), newline=""))
    assert reader.fieldnames == ["orgnr", "network_id"]
    rows = {row["orgnr"]: row["network_id"] for row in reader}
    assert rows == {v.unit.orgnr: Network.objects.get().key for v in sector["network"]}


def test_a_second_run_replaces_the_first(sector):
    analyst = sector["world"].users["analyst"]
    run_rotation(actor=analyst, progress=_quiet)
    run_networks(actor=analyst, progress=_quiet)
    assert Network.objects.count() == 1 and Persona.objects.count() == 1
    assert Signal.objects.filter(family="network").count() == 3


def test_the_network_page_shows_venues_evidence_and_the_chart_placeholder(client, sector):
    world = sector["world"]
    network = Network.objects.get()
    login(client, world.users["analyst"])
    before = AuditEntry.objects.filter(verb="view_network_persons").count()
    page = client.get(reverse("network_detail", args=[network.pk])).content.decode()
    assert 'id="link-chart"' in page and f'data-network="{network.pk}"' in page
    assert "Baan Lotus" in page and "Lotus Bergen" in page and "Kjede" not in page
    assert "damped" in page and " ".join(FRONT) in page
    assert AuditEntry.objects.filter(verb="view_network_persons").count() == before + 1
    listing = client.get(reverse("network_list")).content.decode()
    assert network.key in listing
    assert client.get(reverse("network_detail", args=[network.pk]), {"damped": "maybe"}).status_code == 400


def test_persona_and_venue_rotation_pages(client, sector):
    world = sector["world"]
    persona = Persona.objects.get()
    login(client, world.users["analyst"])
    page = client.get(reverse("persona_detail", args=[persona.pk])).content.decode()
    assert "Stockholm" in page and "data-abroad" in page and "Nok" in page
    bergen = sector["network"][2]
    timeline = client.get(reverse("venue_rotation", args=[bergen.pk])).content.decode()
    assert persona.key in timeline and "Stockholm" in timeline
    assert persona.key in client.get(reverse("persona_list"), {"abroad": "yes"}).content.decode()
    # Her phone's timeline: every stint advertised with it, and her whole timeline beside.
    stint = persona.stints.exclude(phone=None).first()
    assert reverse("phone_rotation", args=[stint.phone_id]) in page
    on_phone = client.get(reverse("phone_rotation", args=[stint.phone_id])).content.decode()
    assert persona.key in on_phone and stint.town in on_phone and "data-abroad" in on_phone
    venue_page = client.get(reverse("venue_detail", args=[bergen.pk])).content.decode()
    assert reverse("venue_rotation", args=[bergen.pk]) in venue_page
    assert f'{reverse("template_list")}?venue={bergen.pk}' in venue_page


def test_district_users_see_only_their_networks_and_officers_none(client, sector):
    world = sector["world"]
    network = Network.objects.get()  # Oslo and Vest venues: both districts see it, each its own venues
    login(client, world.users["district_lead"])
    page = client.get(reverse("network_detail", args=[network.pk])).content.decode()
    assert "Baan Lotus" in page and "Lotus Bergen" not in page
    login(client, world.users["field_officer"])
    assert client.get(reverse("network_list")).status_code == 403
    assert client.get(reverse("persona_list")).status_code == 403


def test_each_run_leaves_one_audit_row(sector):
    for verb in ("store_rotation", "store_networks"):
        entry = AuditEntry.objects.filter(verb=verb).latest("pk")
        assert "signals" in entry.after and entry.user == sector["world"].users["analyst"]
    assert AuditEntry.objects.filter(verb="store_networks").latest("pk").after["networks"] == 1


def test_a_namesake_given_the_networks_address_less_ads_does_not_hold_its_booking_phone(sector):
    """Ads are placed by name and town: 'Baan Lotus' ads giving no address land on a legitimate
    'Baan Lotus' elsewhere in Oslo. The network's Baan Lotus advertises the phone at its address."""
    from aksjon.analysis.store.networks import misplaced_observations, read_facts

    baan = sector["network"][0]
    legit = _venue("Lotus Baan", "Oslo", "950000001")

    def ad(ref, venue, phone, address, name):
        made = _ad(ref, venue, phone, days_ago=30)
        made.address_text, made.venue_name = address, name
        made.save()
        return made

    ad("guide/a1", baan, "+4791000001", "Baan Lotus gate 1", "Baan Lotus")
    for i in range(3):
        ad(f"guide/l{i}", legit, "+4792000001", "Storgata 5", "Baan Lotus Thaimassasje")
    lost = [ad(f"guide/x{i}", legit, "+4791000001", "", "Baan Lotus Thai Spa") for i in range(3)]
    assert misplaced_observations() == {a.pk for a in lost}
    _venues, holdings = read_facts()
    phones = {(h.venue, h.ref) for h in holdings if h.kind == "phone"}
    assert (legit.pk, "phone:+4791000001") not in phones and (legit.pk, "phone:+4792000001") in phones
    assert (baan.pk, "phone:+4791000001") in phones
