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
    middle: str | None = None        # a second given name (Norwegians: "Roger Stian Larsen")
    service_records: list[str] = field(default_factory=list)   # her REGN/REVI role holdings (a subset of records)


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
    # venue | sub_unit | worker_enk | holding | accountant | auditor | chain | neighbour
    purpose: str
    operates: list[str] = field(default_factory=list)   # a chain company: the venue keys of its establishments
    next_to: str | None = None       # a neighbouring business: the venue whose address it shares

    @property
    def place(self) -> str | None:
        """The venue (the place) these numbers are, or None: a masseuse's own firm, a holding
        company, an accountant, an auditor, a chain's company and a neighbouring business are no venue."""
        return self.venue_key if self.purpose in ("venue", "sub_unit") else None


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
    chain: Business | None = None     # the company running this salon among others (its own unit is a BEDR)
    owners: list[tuple[date, Person]] = field(default_factory=list)   # (from, owner): takeovers at re-registration
    renamed: list[tuple[date, tuple]] = field(default_factory=list)   # (from, name tokens): names after the first
    original_tokens: tuple | None = None                               # the first name, once renamed
    # Trafficking or forced labour happens here (issue 11): every network venue, some
    # independent venues (a manager controls the women), a few ordinary ones (forced labour).
    exploitative: bool = False
    stock_photos: list[int] = field(default_factory=list)               # stock pictures (also in photos)

    @property
    def canonical_name(self) -> str:
        return " ".join(t[0] for t in self.name_tokens)

    def tokens_on(self, day: date) -> tuple:
        """The name the salon went by on `day` (a re-registration may bring a new name)."""
        tokens = self.first_tokens
        for start, renamed in self.renamed:
            if start <= day:
                tokens = renamed
        return tokens

    @property
    def first_tokens(self) -> tuple:
        return self.original_tokens or self.name_tokens

    def rename(self, day: date, tokens: tuple) -> None:
        if self.original_tokens is None:
            self.original_tokens = self.name_tokens
        self.renamed.append((day, tokens))
        self.name_tokens = tokens              # the current name: ads, tips and the truth use it by date

    def registration_on(self, day: date, purpose: str = "venue") -> Registration | None:
        """The venue's main unit (purpose "venue") or sub-unit ("sub_unit") valid on `day`."""
        businesses = self.businesses if self.chain is None or purpose != "venue" else [self.chain]
        for business in businesses:
            if business.purpose in (purpose, "chain"):
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
    """Who writes ads, with the one template of its own (title, text with slots)."""
    key: str
    venue_keys: list[str]
    network: str | None
    massage: tuple[str, str] | None     # massage-ad template (None: writes no massage ads)
    escort: tuple[str, str] | None      # escort-ad template (networks and independent escorts)
    lang: str
    # venue (a salon's own) | network | chain (a legitimate chain) | service (an ad-writing
    # service for unrelated salons) | copied (a salon taking the widely copied text) | escort (a woman herself)
    kind: str = "venue"
    person_key: str | None = None       # kind "escort": the woman
    site: str | None = None             # kind "site": the booking site whose listing form writes the text


@dataclass(eq=False)
class World:
    seed: int
    venues: list[Venue]
    networks: list[Network]
    persons: dict[str, Person]
    businesses: list[Business]
    writers: list[Writer]
    accountants: list[Registration] = field(default_factory=list)
    escorts: list[tuple[Person, list[tuple[object, date, date]]]] = field(default_factory=list)  # (woman, trips)
    tip_truth: list[dict] = field(default_factory=list)                # one truth line per tip
    phones_taken: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)
    by_key: dict[str, Venue] = field(default_factory=dict)
    name_book: dict[tuple[str, str], list[Person]] = field(default_factory=dict)   # (nationality, sex) -> persons

    def next_key(self, prefix: str, width: int = 5) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]:0{width}d}"

    def add_venue(self, venue: Venue) -> None:
        self.venues.append(venue)
        self.by_key[venue.key] = venue

    def venue(self, key: str) -> Venue:
        return self.by_key[key]
