"""The synthetic world: the true objects behind every record the generator writes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from aksjon.synth.places import Address, Town


@dataclass(eq=False)
class Person:
    key: str
    given_variants: tuple[str, ...]
    given: str                       # passport romanisation (canonical)
    family_variants: tuple[str, ...]
    family: str
    married: str | None              # Norwegian married surname
    birth: date
    sex: str                         # "F" | "M"
    nationality: str                 # ISO 3166
    nickname: str | None
    phone: tuple[str, str] | None
    kind: str                        # worker | owner | front | controller | partner | accountant
    venue_type: str | None = None    # type of venue where the person (first) worked
    network: str | None = None
    exploitation: str = "none"       # sexual | labour | none
    residence: str = "permanent"
    language: str = "th"
    conditions: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    vulnerabilities: list[str] = field(default_factory=list)
    photos: list[int] = field(default_factory=list)
    records: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Stint:
    person: Person
    venue_key: str
    start: date
    end: date                        # inclusive


@dataclass(eq=False)
class Registration:
    """One organisation number in Enhetsregisteret."""
    orgnr: str
    form: str                        # ENK, AS, NUF, BEDR, ANS, DA
    name: str
    registered: date
    address: Address | None          # forretningsadresse (main) or beliggenhetsadresse (BEDR)
    foreign_address: tuple[str, str, str, str] | None = None   # (street, postcode, poststed, country code)
    industry: str = "96.040"
    employees: int | None = None
    vat: bool = False
    deleted: date | None = None
    konkurs: bool = False
    winding_up: bool = False
    website: str | None = None
    parent: str | None = None        # overordnetEnhet for BEDR
    roles: list[tuple[str, object]] = field(default_factory=list)   # (code, Person | Registration)
    roles_changed: date | None = None


@dataclass(eq=False)
class Business:
    """A truth unit: one business, possibly under several numbers over time."""
    key: str
    registrations: list[Registration]
    venue_key: str | None
    purpose: str                     # venue | sub_unit | worker_enk | holding | accountant


@dataclass(eq=False)
class Venue:
    key: str
    town: Town
    type: str                        # legit | independent | network
    network: str | None
    name_tokens: tuple[tuple[str, ...], tuple[str, ...]]
    address: Address
    phones: list[tuple[str, str]]
    opened: date
    slots: int
    conditions: list[str]
    photos: list[int]
    owner: Person | None = None
    partner: Person | None = None     # the owner's Norwegian husband, on the board
    industry: str = "96.040"
    businesses: list[Business] = field(default_factory=list)
    stints: list[Stint] = field(default_factory=list)
    writer: str | None = None
    records: list[str] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)   # what police intelligence holds about it
    price: int = 700

    @property
    def canonical_name(self) -> str:
        return " ".join(t[0] for t in self.name_tokens)

    def registration_on(self, day: date, purpose: str = "venue") -> Registration | None:
        """The venue's main unit (purpose "venue") or sub-unit ("sub_unit") valid on `day`."""
        for business in self.businesses:
            if business.purpose == purpose:
                for reg in business.registrations:
                    if reg.registered <= day and (reg.deleted is None or day < reg.deleted):
                        return reg
        return None

    def staff_on(self, day: date) -> list[Stint]:
        return [s for s in self.stints if s.start <= day <= s.end]


@dataclass(eq=False)
class Network:
    key: str
    venues: list[Venue]
    controllers: list[Person]
    front_persons: list[Person]
    holdings: list[Registration]
    accountant: Registration | None
    shared_phones: list[tuple[str, str]]
    workers: list[Person] = field(default_factory=list)
    writer: str | None = None
    photos: list[int] = field(default_factory=list)
    swedish_seat: tuple[str, str, str] | None = None   # shared foreign address of its NUFs


@dataclass
class Writer:
    key: str
    venue_keys: list[str]
    network: str | None
    template: int
    escort_template: int
    lang: str


@dataclass(eq=False)
class World:
    seed: int
    venues: list[Venue]
    networks: list[Network]
    persons: dict[str, Person]
    businesses: list[Business]
    writers: list[Writer]
    accountants: list[Registration] = field(default_factory=list)
    phones_taken: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)
    by_key: dict[str, Venue] = field(default_factory=dict)

    def next_key(self, prefix: str, width: int = 5) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]:0{width}d}"

    def add_venue(self, venue: Venue) -> None:
        self.venues.append(venue)
        self.by_key[venue.key] = venue

    def venue(self, key: str) -> Venue:
        return self.by_key[key]
