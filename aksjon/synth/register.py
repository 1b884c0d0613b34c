"""Enhetsregisteret for the landscape: units, sub-units, re-registrations and roles.

Ordinary salons are sole proprietorships of the owner-masseuse (most with no
establishment unit: the main unit at its business address is the salon) or small
limited companies (a BEDR at the salon). Some companies run several salons, each its
own BEDR (legitimate chains; network groups). Network salons are held through front
persons and holding companies, share one accountant across districts and are deleted
and re-registered under new numbers more often (reference.md 7: shell firms, shared
owners and accountants); a re-registration keeps the address and industry and often
takes a new name. Hub firms (district and national accountants, auditors, persons who
hold REGN/REVI roles) serve dozens of unrelated clients, and other businesses (a
hairdresser, a Thai restaurant) share buildings with salons.
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
NEIGHBOUR_NAMES = {
    "96.021": ("{surname} FRISØR", "HÅRSTUDIO {given}", "SALONG {given} {surname}", "FRISØR {town}"),
    "96.022": ("NEGLESTUDIO {given}", "{given} HUDPLEIE", "BEAUTY BY {given}", "VIPPER OG BRYN {town}"),
    "56.101": ("{thai} THAI RESTAURANT", "{thai} THAI FOOD", "RESTAURANT {thai}", "{thai} KITCHEN"),
    "47.111": ("{thai} ASIA MAT", "ASIA SUPERMARKED {town}", "{thai} ORIENTAL FOOD", "THAI SHOP {town}"),
}
NATIONAL_ACCOUNTANT_NAMES = ("NORSK SALONGREGNSKAP AS", "ASIA ØKONOMI OG REGNSKAP AS", "SMB REGNSKAPSTJENESTER AS")
ACCOUNTANT_PATTERNS = ("{surname} REGNSKAP AS", "{town} REGNSKAPSKONTOR AS", "ØKONOMIHUSET {town} AS",
                       "{surname} & {surname2} REGNSKAP AS")


class RegisterBuilder:
    def __init__(self, world: World, rng: random.Random):
        self.world, self.rng = world, rng
        self.orgnr = OrgnrAllocator(rng)
        self.accountants: dict[str, list[Registration]] = {}
        self.auditors: list[Registration | Person] = []
        self.with_establishment: set[str] = set()

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
        self.national = [self._firm(name, "69.201", norwegian_towns()[0], self.rng.randint(2005, 2014), "accountant")
                         for name in NATIONAL_ACCOUNTANT_NAMES[:P.NATIONAL_ACCOUNTANTS]]
        self.world.accountants += self.national
        self._service_persons(sorted(self.accountants))

    def _service_persons(self, districts: list[str]) -> None:
        """Authorised accountants and auditors who hold REGN/REVI roles as persons. The first two
        accountants share one common name and were born 15 years apart (namesakes, both hubs)."""
        self.person_accountants: dict[str, list[Person]] = {}
        first = people.norwegian_person(self.world, self.rng, "accountant", birth=date(1961, 4, 9))
        first.given, first.given_variants, first.family, first.family_variants, first.middle = \
            "Per", ("Per",), "Hansen", ("Hansen",), None
        second = people.norwegian_person(self.world, self.rng, "accountant", name_of=first, birth=date(1976, 9, 23))
        persons = [first, second] + [people.norwegian_person(self.world, self.rng, "accountant",
                                                             female=chance(self.rng, 0.5))
                                     for _ in range(P.PERSON_ACCOUNTANTS - 2)]
        for i, person in enumerate(persons):
            # A region of districts each: a person accountant has dozens of unrelated clients.
            width = P.PERSON_ACCOUNTANT_DISTRICTS
            for district in (districts[(width * i + j) % len(districts)] for j in range(width)):
                self.person_accountants.setdefault(district, []).append(person)
        self.auditors += [people.norwegian_person(self.world, self.rng, "auditor", female=chance(self.rng, 0.5))
                          for _ in range(P.PERSON_AUDITORS)]

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
        gaps = [timedelta(days=between(self.rng, P.RE_REGISTRATION_GAP_DAYS)) for _ in cuts]
        starts = [venue.opened] + [c + gap for c, gap in zip(cuts, gaps, strict=True)]
        starts = [min(s, LAST_REGISTRATION) for s in starts]
        starts = [max(s, starts[0] + timedelta(days=i)) for i, s in enumerate(starts)]
        return list(zip(starts, [*cuts, None], strict=True))

    def _holder(self, venue: Venue, network: Network | None, takeover_on: date | None = None) -> Person:
        if network is None:
            if venue.owner is None or takeover_on is not None:
                venue.owner = people.thai_person(self.world, self.rng, "owner")
                venue.owner.venue_type = venue.type
                venue.owners.append((takeover_on or venue.opened, venue.owner))
            return venue.owner
        return self.rng.choice(network.front_persons)    # a new front person at each re-registration, often

    def _name(self, venue: Venue, form: str, holder: Person, index: int, registered: date) -> str:
        if index and chance(self.rng, P.RE_REGISTRATION_NEW_NAME):
            venue.rename(registered, names.venue_name_tokens(self.rng))   # a new name at the same address
            tokens = venue.name_tokens
        else:
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

    def _address(self, venue: Venue, form: str, establishment: bool) -> Address:
        elsewhere = P.MAIN_ELSEWHERE if establishment else 1 - P.ENK_AT_VENUE_ADDRESS
        if form != "NUF" and chance(self.rng, elsewhere):
            return make_address(self.rng, venue.town)     # the owner's home, or c/o elsewhere in town
        return venue.address

    def _main(self, venue: Venue, network: Network | None, index: int, period, previous: str | None) -> Registration:
        form = self._form(venue, previous)
        registered, deleted = period
        takeover = index and network is None and chance(self.rng, P.RE_REGISTRATION_TAKEOVER)
        holder = self._holder(venue, network, registered if takeover else None)
        establishment = form in ("AS", "NUF") or chance(self.rng, P.ENK_SUB_UNIT_SHARE)
        reg = Registration(
            self.orgnr.new(registered.year), form, self._name(venue, form, holder, index, registered), registered,
            self._address(venue, form, establishment), industry=venue.industry,
            vat=chance(self.rng, P.VAT_SHARE[venue.type]),
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
        if establishment:
            self.with_establishment.add(reg.orgnr)
        return reg

    def _website(self, venue: Venue) -> str | None:
        if venue.type != "legit" or not chance(self.rng, 0.3):
            return None
        return "www." + venue.canonical_name.lower().replace(" ", "") + ".no"

    def _accountant(self, venue: Venue, network: Network | None) -> Registration | Person | None:
        if network:
            return network.accountant
        if not chance(self.rng, 0.7):
            return None
        if chance(self.rng, P.NATIONAL_ACCOUNTANT_SHARE):
            return self.rng.choice(self.national)
        persons = self.person_accountants.get(venue.town.district)
        if persons and chance(self.rng, P.PERSON_ACCOUNTANT_SHARE):
            return self.rng.choice(persons)
        return self.rng.choice(self.accountants[venue.town.district])

    def _roles(self, venue: Venue, network: Network | None, form: str, holder: Person) -> list:
        roles: list[tuple[str, object]] = [("INNH" if form == "ENK" else "DAGL", holder)]
        if form == "AS":
            roles.append(("LEDE", self.rng.choice(network.holdings) if network else self._owner_holding(venue, holder)))
            partner = self._partner(venue, network)
            if partner:
                roles.append(("MEDL", partner))
            if chance(self.rng, P.AUDITED_AS_SHARE):
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

    def _owner_holding(self, venue: Venue, holder: Person) -> Registration | Person:
        """The board chair of an ordinary salon's AS: the owner, or now and then her own holding company."""
        if not chance(self.rng, P.OWNER_HOLDING_SHARE):
            return holder
        year = max(2008, venue.opened.year - self.rng.randint(0, 3))
        surname = (holder.married or holder.family).upper()
        reg = Registration(self.orgnr.new(year), "AS", f"{holder.given.upper()} {surname} HOLDING AS",
                           date(year, self.rng.randint(1, 12), self.rng.randint(1, 28)),
                           make_address(self.rng, venue.town), industry="64.200", employees=0, vat=False)
        reg.roles = [("DAGL", holder), ("LEDE", holder)]
        self.world.businesses.append(Business(self.world.next_key("U"), [reg], None, "holding"))
        return reg

    def build_venue(self, venue: Venue, network: Network | None) -> None:
        venue.industry = pick_weighted(self.rng, P.INDUSTRY_CODES)
        mains: list[Registration] = []
        for index, period in enumerate(self._periods(venue)):
            mains.append(self._main(venue, network, index, period, mains[-1].form if mains else None))
        venue.businesses.append(Business(self.world.next_key("U"), mains, venue.key, "venue"))
        subs = [self._sub_unit(venue, main) for main in mains if main.orgnr in self.with_establishment]
        if subs:
            venue.businesses.append(Business(self.world.next_key("U"), subs, venue.key, "sub_unit"))

    def _sub_unit(self, venue: Venue, main: Registration, name: str | None = None,
                  registered: date | None = None) -> Registration:
        """The establishment: the salon's own address under the company (BEDR)."""
        if name is None:
            own = " ".join(t[0] for t in venue.tokens_on(main.registered)).upper()
            name = main.name if chance(self.rng, 0.6) else own
        registered = registered or main.registered
        return Registration(self.orgnr.new(registered.year), "BEDR", name, registered, venue.address,
                            industry=main.industry, employees=self.rng.randint(1, 5), deleted=main.deleted,
                            parent=main.orgnr)

    # --- companies with several salons -------------------------------------------------------
    def build_chain(self, venues: list[Venue], network: Network | None) -> Business:
        """One AS running several salons, each its own BEDR at its own address: different venues.
        A legitimate chain often shares a brand name and now and then a central booking phone."""
        venues.sort(key=lambda v: (v.opened, v.key))
        lead = venues[0]
        founded = lead.opened
        holder = self._holder(lead, network)
        industry = pick_weighted(self.rng, P.INDUSTRY_CODES)
        brand = network is None and chance(self.rng, P.CHAIN_SHARED_BRAND)
        central = network is None and chance(self.rng, P.CHAIN_SHARED_PHONE)
        base = " ".join(t[0] for t in lead.name_tokens).upper()
        name = self.rng.choice((f"{base} AS", f"{base} GRUPPEN AS", f"{(holder.married or holder.family).upper()} "
                                f"{'THAI SPA' if brand else 'VELVÆRE'} AS"))
        reg = Registration(self.orgnr.new(founded.year), "AS", name, founded, self._address(lead, "AS", True),
                           industry=industry, vat=True, employees=self.rng.randint(3, 15))
        reg.roles = self._roles(lead, network, "AS", holder)
        reg.roles_changed = founded + timedelta(days=self.rng.randint(0, 400))
        chain = Business(self.world.next_key("U"), [reg], None, "chain", operates=[v.key for v in venues])
        self.world.businesses.append(chain)
        for venue in venues:
            venue.chain, venue.industry = chain, industry
            if network is None:
                venue.owner = holder
                if not venue.owners:
                    venue.owners.append((venue.opened, holder))
            if brand and venue is not lead:
                venue.name_tokens = lead.name_tokens
            if central and venue is not lead:
                venue.phones = [lead.phones[0]] + venue.phones
            own = " ".join(t[0] for t in venue.name_tokens).upper()
            label = self.rng.choice((own, f"{own} AVD {venue.address.street.upper()}", reg.name))
            sub = self._sub_unit(venue, reg, name=label, registered=max(venue.opened, founded))
            venue.businesses.append(Business(self.world.next_key("U"), [sub], venue.key, "sub_unit"))
        return chain

    def plan_chains(self, networks: dict[str, Network]) -> list[tuple[list[Venue], Network | None]]:
        """Legitimate chains in towns with enough ordinary salons (the first: four in one town),
        and in some networks a group of venues run by one AS."""
        plans: list[tuple[list[Venue], Network | None]] = []
        free = [v for v in self.world.venues if v.town.country == "NO" and v.type == "legit"]
        for i in range(between(self.rng, P.LEGIT_CHAINS)):
            size = 4 if i == 0 else between(self.rng, P.CHAIN_SIZE)
            by_town: dict[str, list[Venue]] = {}
            for venue in free:
                by_town.setdefault(venue.town.name, []).append(venue)
            towns = sorted(t for t, vs in by_town.items() if len(vs) >= size)
            if not towns:
                break
            town = self.rng.choices(towns, weights=[len(by_town[t]) for t in towns])[0]
            group = self.rng.sample(by_town[town], size)
            plans.append((group, None))
            free = [v for v in free if all(v is not g for g in group)]
        for key in sorted(networks):
            network = networks[key]
            if network.venues[0].town.country == "NO" and chance(self.rng, P.NETWORK_CHAIN_SHARE):
                size = min(between(self.rng, P.NETWORK_CHAIN_SIZE), len(network.venues))
                plans.append((self.rng.sample(network.venues, size), network))
        return plans

    # --- other businesses in the salons' buildings ----------------------------------------------------
    def build_neighbours(self) -> None:
        """A live, unrelated unit at a salon's address: a hairdresser, a beauty studio, a Thai
        restaurant, an Asian grocery. Never a venue."""
        for venue in self.world.venues:
            if venue.town.country != "NO" or not chance(self.rng, P.NEIGHBOUR_SHARE):
                continue
            industry = pick_weighted(self.rng, P.NEIGHBOUR_INDUSTRIES)
            thai = industry in ("56.101", "47.111")
            owner = (people.thai_person(self.world, self.rng, "owner") if thai
                     else people.norwegian_person(self.world, self.rng, "owner", female=chance(self.rng, 0.7)))
            name = self.rng.choice(NEIGHBOUR_NAMES[industry]).format(
                surname=(owner.married or owner.family).upper(), given=owner.given.upper(),
                town=venue.town.name.upper(), thai=self.rng.choice(names.VENUE_THAI_WORDS)[0].upper())
            year = self.rng.randint(1998, 2023)
            registered = date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
            form = "ENK" if chance(self.rng, 0.6) else "AS"
            if form == "ENK":
                name = f"{name} {owner.given} {owner.married or owner.family}"
            main = Registration(self.orgnr.new(year), form, name, registered,
                                venue.address if form == "ENK" or chance(self.rng, 0.5)
                                else make_address(self.rng, venue.town),
                                industry=industry, employees=self.rng.randint(0, 6), vat=True)
            main.roles = [("INNH" if form == "ENK" else "DAGL", owner)]
            if form == "AS":
                main.roles.append(("LEDE", owner))
                if chance(self.rng, P.AUDITED_AS_SHARE):
                    main.roles.append(("REVI", self.rng.choice(self.auditors)))
            accountant = self._accountant(venue, None)
            if accountant is not None:
                main.roles.append(("REGN", accountant))
            main.roles_changed = registered
            regs = [main]
            if form == "AS" or chance(self.rng, P.ENK_SUB_UNIT_SHARE):
                regs.append(Registration(self.orgnr.new(year), "BEDR", name, registered, venue.address,
                                         industry=industry, employees=main.employees, parent=main.orgnr))
            self.world.businesses.append(Business(self.world.next_key("U"), regs, None, "neighbour", next_to=venue.key))

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
    for group, network in builder.plan_chains(networks):
        builder.build_chain(group, network)
    for venue in world.venues:
        if venue.town.country == "NO":
            if venue.chain is None:
                builder.build_venue(venue, networks.get(venue.network))
            world.businesses.extend(venue.businesses)
    builder.build_neighbours()
    return builder
