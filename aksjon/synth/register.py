"""Enhetsregisteret for the landscape: units, sub-units, re-registrations and roles.

Ordinary salons are sole proprietorships of the owner-masseuse or small limited
companies with a local accountant. Network salons are held through front persons
and holding companies, share one accountant across districts and are deleted and
re-registered under new numbers more often (reference.md 7: shell firms, shared
owners and accountants).
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from aksjon.synth import names, people
from aksjon.synth import params as P
from aksjon.synth.model import Business, Network, Person, Registration, Venue, World
from aksjon.synth.orgnumbers import OrgnrAllocator
from aksjon.synth.places import Address, Town, make_address, norwegian_towns
from aksjon.synth.rng import between, chance, pick_weighted

LAST_REGISTRATION = date(2024, 2, 15)
SWEDISH_SEATS = (("Storgatan", "21120", "MALMÖ"), ("Drottninggatan", "25221", "HELSINGBORG"),
                 ("Kungsgatan", "41119", "GÖTEBORG"), ("Sveavägen", "11157", "STOCKHOLM"))
HOLDING_WORDS = ("NORDIC WELLNESS", "ASIA GROUP", "SCANDI SPA", "GOLDEN LOTUS", "SIAM INVEST", "ORIENT CAPITAL",
                 "NORTHERN STAR", "LOTUS EIENDOM")
ACCOUNTANT_PATTERNS = ("{surname} REGNSKAP AS", "{town} REGNSKAPSKONTOR AS", "ØKONOMIHUSET {town} AS",
                       "{surname} & {surname2} REGNSKAP AS")


class RegisterBuilder:
    def __init__(self, world: World, rng: random.Random):
        self.world, self.rng = world, rng
        self.orgnr = OrgnrAllocator(rng)
        self.accountants: dict[str, list[Registration]] = {}
        self.auditors: list[Registration] = []

    # --- service firms -------------------------------------------------------------------
    def _firm(self, name: str, industry: str, town: Town, year: int, purpose: str) -> Registration:
        founded = date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
        reg = Registration(self.orgnr.new(year), "AS", name, founded,
                           make_address(self.rng, town), industry=industry, employees=self.rng.randint(2, 12),
                           vat=True)
        manager = people.norwegian_person(self.world, self.rng, "accountant", female=chance(self.rng, 0.5))
        reg.roles = [("DAGL", manager), ("LEDE", manager)]
        self.world.businesses.append(Business(self.world.next_key("U"), [reg], None, purpose))
        return reg

    def build_service_firms(self) -> None:
        seats: dict[str, Town] = {}
        for town in norwegian_towns():
            seats.setdefault(town.district, town)       # towns are listed largest first
        for district, town in sorted(seats.items()):
            for _ in range(between(self.rng, P.LOCAL_ACCOUNTANTS_PER_DISTRICT)):
                name = self.rng.choice(ACCOUNTANT_PATTERNS).format(
                    surname=self.rng.choice(names.NORWEGIAN_SURNAMES).upper(),
                    surname2=self.rng.choice(names.NORWEGIAN_SURNAMES).upper(), town=town.name.upper())
                firm = self._firm(name, "69.201", town, self.rng.randint(1995, 2015), "accountant")
                self.accountants.setdefault(district, []).append(firm)
        for word in ("REVISJON NORD", "VEST REVISJON", "ØSTLANDSREVISJON"):
            self.auditors.append(self._firm(word + " AS", "69.202", norwegian_towns()[0], 2001, "auditor"))
        self.world.accountants = [f for firms in self.accountants.values() for f in firms]

    # --- networks ------------------------------------------------------------------------
    def build_network(self, network: Network) -> None:
        oslo = norwegian_towns()[0]
        network.front_persons = [people.thai_person(self.world, self.rng, "front")
                                 for _ in range(between(self.rng, P.FRONT_PERSONS_PER_NETWORK))]
        for person in network.front_persons:
            person.network = network.key
        firm_name = f"{self.rng.choice(('SIAM', 'ASIA', 'LOTUS', 'ORCHID'))} REGNSKAP OG RÅDGIVNING AS"
        network.accountant = self._firm(firm_name, "69.201", oslo, self.rng.randint(2010, 2016), "accountant")
        for _ in range(between(self.rng, P.HOLDINGS_PER_NETWORK)):
            network.holdings.append(self._holding(network))
        network.swedish_seat = self.rng.choice(SWEDISH_SEATS)

    def _holding(self, network: Network) -> Registration:
        year = self.rng.randint(2012, 2020)
        word = self.rng.choice(HOLDING_WORDS)
        address = network.accountant.address if chance(self.rng, 0.5) else make_address(self.rng, norwegian_towns()[0])
        reg = Registration(self.orgnr.new(year), "AS", f"{word} {self.rng.choice(('HOLDING', 'INVEST'))} AS",
                           date(year, self.rng.randint(1, 12), self.rng.randint(1, 28)), address, industry="64.200",
                           employees=0, vat=False)
        controller = network.controllers[0]
        reg.roles = [("DAGL", controller), ("LEDE", controller), ("REGN", network.accountant)]
        self.world.businesses.append(Business(self.world.next_key("U"), [reg], None, "holding"))
        return reg

    # --- venues --------------------------------------------------------------------------
    def _periods(self, venue: Venue) -> list[tuple[date, date | None]]:
        """(registered, deleted) for each number the venue has had, oldest first."""
        cuts: list[date] = []
        earliest, latest = venue.opened + timedelta(days=200), LAST_REGISTRATION
        if earliest < latest and chance(self.rng, P.RE_REGISTRATION_SHARE[venue.type]):
            extra = 1 + (venue.type == "network" and chance(self.rng, 0.3))
            span = (latest - earliest).days
            cuts = sorted(earliest + timedelta(days=self.rng.randrange(span)) for _ in range(extra))
        starts = [venue.opened] + [c + timedelta(days=self.rng.randint(-20, 30)) for c in cuts]
        starts = [max(s, starts[0] + timedelta(days=i)) for i, s in enumerate(starts)]
        return list(zip(starts, [*cuts, None], strict=True))

    def _holder(self, venue: Venue, network: Network | None) -> Person:
        if network is None:
            if venue.owner is None:
                venue.owner = people.thai_person(self.world, self.rng, "owner")
                venue.owner.venue_type = venue.type
            return venue.owner
        return self.rng.choice(network.front_persons)    # a new front person at each re-registration, often

    def _name(self, venue: Venue, form: str, holder: Person, index: int) -> str:
        tokens = venue.name_tokens if index == 0 else tuple(
            (names.spelling(self.rng, t, t[0], 0.5),) for t in venue.name_tokens)
        base = " ".join(t[0] for t in tokens).upper()
        if form == "ENK":
            surname = holder.married or holder.family
            return f"{base} {self.rng.choice(('THAIMASSASJE', 'THAI MASSASJE', 'MASSASJE'))} {holder.given} {surname}"
        return f"{base} {'AB' if form == 'NUF' else form}"

    def _form(self, venue: Venue, previous: str | None) -> str:
        if previous == "ENK" and venue.type != "network" and chance(self.rng, 0.4):
            return "AS"                                   # the owner turned her firm into a company
        return previous or pick_weighted(self.rng, P.LEGAL_FORMS[venue.type])

    def _address(self, venue: Venue, form: str) -> Address:
        if form in ("ENK", "AS") and chance(self.rng, 0.25):
            return make_address(self.rng, venue.town)     # the owner's home, or c/o elsewhere in town
        return venue.address

    def _main(self, venue: Venue, network: Network | None, index: int, period, previous: str | None) -> Registration:
        form = self._form(venue, previous)
        holder = self._holder(venue, network)
        registered, deleted = period
        reg = Registration(
            self.orgnr.new(registered.year), form, self._name(venue, form, holder, index), registered,
            self._address(venue, form), industry=venue.industry, vat=chance(self.rng, P.VAT_SHARE[venue.type]),
            employees=self.rng.randint(0, 1 if venue.type == "network" else (2 if form == "ENK" else 5)),
            deleted=deleted, website=self._website(venue))
        if form == "NUF":
            street, postcode, city = network.swedish_seat if network else self.rng.choice(SWEDISH_SEATS)
            reg.foreign_address = (f"{street} {self.rng.randint(1, 40)}", postcode, city, "SE")
            reg.address = None
        reg.konkurs = deleted is not None and chance(self.rng, P.KONKURS_SHARE_OF_DELETED)
        reg.winding_up = deleted is None and chance(self.rng, P.UNDER_AVVIKLING_SHARE)
        reg.roles = self._roles(venue, network, form, holder)
        reg.roles_changed = registered + timedelta(days=self.rng.randint(0, 400))
        return reg

    def _website(self, venue: Venue) -> str | None:
        if venue.type != "legit" or not chance(self.rng, 0.3):
            return None
        return "www." + venue.canonical_name.lower().replace(" ", "") + ".no"

    def _accountant(self, venue: Venue, network: Network | None) -> Registration | None:
        if network:
            return network.accountant
        return self.rng.choice(self.accountants[venue.town.district]) if chance(self.rng, 0.7) else None

    def _roles(self, venue: Venue, network: Network | None, form: str, holder: Person) -> list:
        roles: list[tuple[str, object]] = [("INNH" if form == "ENK" else "DAGL", holder)]
        if form == "AS":
            roles.append(("LEDE", self.rng.choice(network.holdings) if network else holder))
            partner = self._partner(venue, network)
            if partner:
                roles.append(("MEDL", partner))
            if chance(self.rng, 0.3):
                roles.append(("REVI", self.rng.choice(self.auditors)))
        if form in ("NUF", "ANS", "DA"):
            roles.append(("KONT", holder if network is None else self.rng.choice(network.front_persons)))
        accountant = self._accountant(venue, network)
        if accountant is not None and (form != "ENK" or network or chance(self.rng, 0.6)):
            roles.append(("REGN", accountant))
        return roles

    def _partner(self, venue: Venue, network: Network | None) -> Person | None:
        if network:
            return network.controllers[-1] if chance(self.rng, 0.4) else None
        if venue.partner is None and venue.owner.married and chance(self.rng, 0.5):
            venue.partner = people.norwegian_person(self.world, self.rng, "partner")
        return venue.partner

    def build_venue(self, venue: Venue, network: Network | None) -> None:
        venue.industry = pick_weighted(self.rng, P.INDUSTRY_CODES)
        mains: list[Registration] = []
        for index, period in enumerate(self._periods(venue)):
            mains.append(self._main(venue, network, index, period, mains[-1].form if mains else None))
        venue.businesses.append(Business(self.world.next_key("U"), mains, venue.key, "venue"))
        subs = [self._sub_unit(venue, main) for main in mains if main.form in ("AS", "NUF")]
        if subs:
            venue.businesses.append(Business(self.world.next_key("U"), subs, venue.key, "sub_unit"))

    def _sub_unit(self, venue: Venue, main: Registration) -> Registration:
        """The establishment: the salon's own address under the company (BEDR)."""
        name = main.name if chance(self.rng, 0.6) else venue.canonical_name.upper()
        return Registration(self.orgnr.new(main.registered.year), "BEDR", name, main.registered, venue.address,
                            industry=main.industry, employees=main.employees, deleted=main.deleted,
                            parent=main.orgnr)

    # --- masseuses' own firms --------------------------------------------------------------------
    def worker_enk(self, venue: Venue, person: Person, start: date, end: date) -> None:
        registered = min(start + timedelta(days=self.rng.randint(0, 60)), LAST_REGISTRATION)
        deleted = end + timedelta(days=self.rng.randint(30, 120)) if end < P.PERIOD_END - timedelta(days=30) else None
        surname = person.married or person.family
        name = self.rng.choice(("MASSASJE {g} {s}", "{G} {S} THAIMASSASJE", "THAI MASSASJE {g} {s}")).format(
            g=person.given, s=surname, G=person.given.upper(), S=surname.upper())
        address = venue.address if chance(self.rng, 0.6) else make_address(self.rng, venue.town)
        reg = Registration(self.orgnr.new(registered.year), "ENK", name, registered, address,
                           industry=venue.industry, employees=0, vat=chance(self.rng, 0.3), deleted=deleted)
        reg.roles = [("INNH", person)]
        reg.roles_changed = registered
        self.world.businesses.append(Business(self.world.next_key("U"), [reg], venue.key, "worker_enk"))


def build_register(world: World, rng: random.Random) -> RegisterBuilder:
    builder = RegisterBuilder(world, rng)
    builder.build_service_firms()
    networks = {n.key: n for n in world.networks}
    for network in world.networks:
        if network.venues[0].town.country == "NO":
            builder.build_network(network)
    for venue in world.venues:
        if venue.town.country == "NO":
            builder.build_venue(venue, networks.get(venue.network))
            world.businesses.extend(venue.businesses)
    return builder
