"""Importing one source file: validate every row, then write all of it or nothing.

Pass 1 reads and checks the whole file (aksjon.sources) and, for roles, that each
unit is in the register already. One problem anywhere and the batch is rejected
with its problems listed and nothing written. Pass 2 reads the file again and
writes it in one transaction with one audit row for the batch (aksjon.intel.actions:
start, reject, finish and fail are actions with their audit rows). A record whose natural key is in
the database already is left as it is and counted unchanged, so a second import of
the same file adds nothing. Imported records are unverified intelligence.

A doubtful value (a phone number outside the ranges known to be assigned, or no
number at all) is a warning, not a problem: it is imported as written, flagged, and
the warnings are kept on the batch. A rejected upload's stored copy is deleted.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC
from itertools import islice
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from aksjon import sources
from aksjon.controls.actions import PERSON_RETENTION
from aksjon.core.errors import Conflict
from aksjon.core.text import gettext_noop
from aksjon.intel import actions, uploads
from aksjon.intel.models import ImportBatch, Inspection, Tip
from aksjon.jobs.progress import Interrupted, Progress
from aksjon.registry.models import Ad, Address, Person, Phone, RegisteredUnit, Role, Town
from aksjon.registry.places import assign_places
from aksjon.registry.reference import municipalities
from aksjon.sources import Problem

PROGRESS_EVERY = 250  # rows between progress reports
AD_CHUNK = 500  # ads written per bulk insert
MAX_STORED_PROBLEMS = 1000


def import_file(*, actor, kind: str, path, batch: ImportBatch | None = None,
                progress: Progress | None = None) -> ImportBatch:
    """Validate `path` as a `kind` file and import it all or nothing; returns the finished batch.

    `batch`: a queued batch a job runs; without it (the command, the demo) a new batch is made."""
    path = Path(path)
    sha256, lines = sources.file_facts(path)
    if batch is None:
        batch = ImportBatch(kind=kind, file_name=path.name, stored_path=str(path), sha256=sha256, created_by=actor)
    actions.start_import(actor=actor, batch=batch, lines=lines)
    try:
        return _run(actor, batch, path, lines, progress or _quiet)
    except Interrupted:
        raise  # stopped or cancelled and rolled back: the job says which, and runs start_import again on retry
    except BaseException as error:  # Ctrl+C in the command too: the batch must not stay running
        actions.fail_import(actor=actor, batch=batch, error=error)
        raise


def _quiet(phase: str, done: int, total: int) -> None:
    pass


def _run(actor, batch: ImportBatch, path: Path, lines: int, report: Progress) -> ImportBatch:
    problems, warnings, valid = _validate(batch.kind, path, lines, report)
    if problems.count:
        with transaction.atomic():  # the warnings are written with the rejection's audit row
            _keep_warnings(batch, warnings)
            _reject(actor, batch, problems, lines)
        _discard_upload(batch)
        return batch
    report("importing", 0, valid)
    writer = Writer(actor, batch, report, valid)
    with transaction.atomic():
        WRITERS[batch.kind](writer, _clean_records(batch, path))
        _keep_warnings(batch, warnings)
        _finish(writer)
    return batch


def _keep_warnings(batch: ImportBatch, warnings: _Problems) -> None:
    batch.warnings = warnings.as_dicts(batch.file_name)
    if batch.pk is not None:
        ImportBatch.objects.filter(pk=batch.pk).update(warnings=batch.warnings)


def _discard_upload(batch: ImportBatch) -> None:
    """A rejected upload is not kept, unless another batch still waits to read the same file."""
    waiting = ImportBatch.objects.filter(stored_path=batch.stored_path, status__in=("queued", "running"))
    if not waiting.exclude(pk=batch.pk).exists():
        uploads.discard(batch.stored_path)


class _Problems:
    """The first problems found (up to MAX_STORED_PROBLEMS) and how many there were in all."""

    def __init__(self):
        self.kept: list[Problem] = []
        self.count = 0

    def add(self, problems: list[Problem]) -> None:
        self.count += len(problems)
        self.kept += problems[:MAX_STORED_PROBLEMS - len(self.kept)]

    def as_dicts(self, file: str) -> list[dict]:
        kept = [p.as_dict(file) for p in self.kept]
        if self.count > len(self.kept):
            kept.append(Problem(0, "", gettext_noop("… and %(count)s more problems"),
                                {"count": self.count - len(self.kept)}, self.kept[0].severity).as_dict(file))
        return kept


def _validate(kind: str, path: Path, lines: int, report: Progress) -> tuple[_Problems, _Problems, int]:
    found, warned, valid, units = _Problems(), _Problems(), 0, {}
    report("validating", 0, lines)
    for n, checked in enumerate(sources.scan(kind, path), start=1):
        warned.add(checked.warnings)
        if checked.problems:
            found.add(checked.problems)
        else:
            valid += 1
            if kind == "roller":
                units.setdefault(checked.record.orgnr, checked.line)
        if n % PROGRESS_EVERY == 0:
            report("validating", checked.line, lines)
    if units:
        found.add(_units_missing(units))
    report("validating", lines, lines)
    return found, warned, valid


def _units_missing(units: dict[str, int]) -> list[Problem]:
    """Roles hang on units: a role file is read against the register imported before it."""
    numbers = list(units)
    known = set()
    for start in range(0, len(numbers), 5000):
        known |= set(RegisteredUnit.objects.filter(orgnr__in=numbers[start:start + 5000])
                     .values_list("orgnr", flat=True))
    return [Problem(line, "organisasjonsnummer", gettext_noop(
        "no registered unit has this number: import it from enheter.jsonl first")) for orgnr, line
        in sorted(units.items(), key=lambda item: item[1]) if orgnr not in known]


def _reject(actor, batch: ImportBatch, problems: _Problems, lines: int) -> ImportBatch:
    return actions.reject_import(actor=actor, batch=batch, errors=problems.as_dicts(batch.file_name), lines=lines)


def _clean_records(batch: ImportBatch, path: Path) -> Iterator:
    for checked in sources.scan(batch.kind, path):
        if checked.problems:
            raise Conflict(gettext_noop("The file changed while it was imported (line %(line)s)."),
                           line=checked.line)
        yield checked.record


class Writer:
    """What each kind's writer shares: the acting user, the origin to stamp, counts, progress."""

    def __init__(self, actor, batch: ImportBatch, report: Progress, total: int):
        self.actor, self.batch, self.report, self.total = actor, batch, report, total
        self.rows = self.added = self.unchanged = 0

    def origin(self, line: int) -> dict:
        return {"source": self.batch.kind, "source_file": self.batch.file_name, "source_line": line,
                "verified": False, "created_by": self.actor}

    def rows_done(self, count: int = 1) -> None:
        before, self.rows = self.rows, self.rows + count
        if self.rows // PROGRESS_EVERY != before // PROGRESS_EVERY or self.rows == self.total:
            self.report("importing", self.rows, self.total)


def _finish(writer: Writer) -> None:
    actions.finish_import(actor=writer.actor, batch=writer.batch, added=writer.added, unchanged=writer.unchanged,
                          rows=writer.rows)


# Registered units (enheter.jsonl)

def _write_units(writer: Writer, records: Iterable[sources.enheter.UnitRecord]) -> None:
    towns = towns_by_name()
    written = {}
    for record in records:
        existing = RegisteredUnit.objects.filter(orgnr=record.orgnr).first()
        if existing is not None and existing.raw is not None:
            writer.unchanged += 1
        else:
            written[record.orgnr] = _save_unit(writer, record, existing, towns)
            writer.added += 1
        writer.rows_done()
    _link_parents(written)
    assign_places()  # every place its venue, from the facts just imported


def _save_unit(writer: Writer, record, existing: RegisteredUnit | None, towns: dict) -> RegisteredUnit:
    facts = {"name": record.name, "form": record.form, "industry_code": record.industry_code,
             "registered_on": record.registered_on, "deleted_on": record.deleted_on,
             "employees": record.employees, "raw": record.raw,
             "business_address": _address(writer, record.business_address, record.line, towns),
             "location_address": _address(writer, record.location_address, record.line, towns)}
    if existing is None:
        unit = RegisteredUnit.objects.create(orgnr=record.orgnr, **facts, **writer.origin(record.line))
    else:
        # Typed in by hand with a venue (a number, no register facts): the register fills it in.
        for name, value in facts.items():
            setattr(existing, name, value)
        existing.save(update_fields=list(facts))
        unit = existing
    return unit


def towns_by_name() -> dict[str, Town]:
    """Each town under its own name, and under its municipality's name and number: the register's
    postal town is often the municipality's (STJØRDAL for Stjørdalshalsen, STORD for Leirvik)."""
    towns = {town.name.casefold(): town for town in Town.objects.all()}
    for row in municipalities():
        if row["town"].casefold() in towns:
            town = towns[row["town"].casefold()]
            towns.setdefault(row["municipality"].casefold(), town)
            towns.setdefault(row["municipality_number"], town)
    return towns


def _town(address, towns: dict) -> Town | None:
    if address is None or address.country_code != "NO":
        return None
    return (towns.get(address.postal_town.casefold()) or towns.get(address.municipality.casefold())
            or towns.get(address.municipality_number))


def _address(writer: Writer, address, line: int, towns: dict) -> Address | None:
    if address is None:
        return None
    return Address.objects.create(street=address.street, postcode=address.postcode,
                                  postal_town=address.postal_town, town=_town(address, towns),
                                  country_code=address.country_code, **writer.origin(line))


def _link_parents(written: dict[str, RegisteredUnit]) -> None:
    """A sub-unit gets its parent once both are known: from this file, or one before or after it."""
    children = [unit for unit in written.values() if unit.raw.get("overordnetEnhet")]
    children += RegisteredUnit.objects.filter(parent=None, raw__overordnetEnhet__in=list(written))
    parents = RegisteredUnit.objects.in_bulk({c.raw["overordnetEnhet"] for c in children}, field_name="orgnr")
    for child in children:
        parent = parents.get(child.raw["overordnetEnhet"])
        if parent is not None and child.parent_id != parent.pk:
            child.parent = parent
            child.save(update_fields=["parent"])


# Roles (roller.jsonl)

def _write_roles(writer: Writer, records: Iterable[sources.roller.UnitRoles]) -> None:
    for record in records:
        unit = RegisteredUnit.objects.get(orgnr=record.orgnr)  # checked in pass 1
        for role in record.roles:
            if _save_role(writer, unit, role, record.line):
                writer.added += 1
            else:
                writer.unchanged += 1
        writer.rows_done()
    assign_places()  # a unit that is accountant, auditor or owner of others is no venue


def _save_role(writer: Writer, unit: RegisteredUnit, role, line: int) -> bool:
    person = _register_person(writer, role.person, line) if role.person else None
    holder = {"person": person} if person else {"person": None, "holder_orgnr": role.holder_orgnr}
    if Role.objects.filter(unit=unit, code=role.code, **holder).exists():
        return False
    Role.objects.create(unit=unit, code=role.code, person=person, holder_orgnr=role.holder_orgnr,
                        holder_name=role.holder_name, resigned=role.resigned, changed_on=role.changed_on,
                        **writer.origin(line))
    return True


def _register_person(writer: Writer, holder, line: int) -> Person:
    # The register knows a person by name and birth date. Only persons kept for the same
    # purpose are reused: register data never merges into a victim-protection record here.
    same = {"purpose": "register", "given_name": holder.given_name, "family_name": holder.family_name,
            "birth_date": holder.birth_date}
    return Person.objects.filter(**same).first() or Person.objects.create(
        **same, retain_until=timezone.localdate() + PERSON_RETENTION, **writer.origin(line))


# Ads (ads.jsonl): written in chunks, since collections run to millions of observations

def _write_ads(writer: Writer, records: Iterable[sources.ads.AdRecord]) -> None:
    records = iter(records)
    while chunk := list(islice(records, AD_CHUNK)):
        known = _known_observations(chunk)
        new = [ad for ad in chunk if ad.key not in known]
        phone_ids = _phone_ids(writer, {number: (ad.line, assigned) for ad in reversed(new)
                                        for number, assigned in ad.numbers.items()})
        created = Ad.objects.bulk_create([_ad(writer, ad) for ad in new])
        Ad.phones.through.objects.bulk_create([
            Ad.phones.through(ad_id=row.pk, phone_id=phone_ids[number])
            for row, ad in zip(created, new, strict=True) for number in ad.numbers])
        writer.added += len(new)
        writer.unchanged += len(chunk) - len(new)
        writer.rows_done(len(chunk))


def _known_observations(chunk: list) -> set:
    rows = Ad.objects.filter(ad_source__in={ad.source for ad in chunk}, ad_id__in={ad.ad_id for ad in chunk},
                             observed_at__in={ad.observed_at for ad in chunk})
    return {(source, ad_id, at.astimezone(UTC)) for source, ad_id, at
            in rows.values_list("ad_source", "ad_id", "observed_at")}


def _ad(writer: Writer, ad) -> Ad:
    return Ad(ad_source=ad.source, ad_id=ad.ad_id, url=ad.url, category=ad.category, observed_at=ad.observed_at,
              posted_at=ad.posted_at, title=ad.title, text=ad.text, city=ad.city, address_text=ad.address,
              venue_name=ad.venue_name, price_text=ad.price_text, lang=ad.lang,
              image_hashes=list(ad.image_hashes), phones_written="\n".join(p.written for p in ad.phones),
              **writer.origin(ad.line))


def _phone_ids(writer: Writer, numbers: dict[str, tuple[int, bool]]) -> dict[str, int]:
    """Phone ids by E.164; a number not seen before becomes a Phone from the line it first appears on,
    flagged when it is not in a range known to be assigned."""
    ids = dict(Phone.objects.filter(e164__in=list(numbers)).values_list("e164", "pk"))
    missing = [Phone(e164=number, in_assigned_range=assigned, **writer.origin(line))
               for number, (line, assigned) in numbers.items() if number not in ids]
    ids.update({phone.e164: phone.pk for phone in Phone.objects.bulk_create(missing)})
    return ids


# Tips (tips.csv) and inspections (inspections.jsonl): a few hundred rows, one at a time

def _write_each(writer: Writer, records: Iterable, model, key_field: str, create) -> None:
    for record in records:
        if model.objects.filter(**{key_field: record.key}).exists():
            writer.unchanged += 1
        else:
            create(writer, record)
            writer.added += 1
        writer.rows_done()


def _create_tip(writer: Writer, tip) -> None:
    number = tip.phone.e164 if tip.phone else None
    phone_id = _phone_ids(writer, {number: (tip.line, tip.phone.verified)})[number] if number else None
    Tip.objects.create(tip_id=tip.tip_id, received_at=tip.received_at, channel=tip.channel, text=tip.text,
                       venue_name=tip.venue_name, address=tip.address, city=tip.city, phone_id=phone_id,
                       phone_written=tip.phone.written if tip.phone else "", **writer.origin(tip.line))


def _create_inspection(writer: Writer, inspection) -> None:
    Inspection.objects.create(
        inspection_id=inspection.inspection_id, agency=inspection.agency, date=inspection.date,
        orgnr=inspection.orgnr, venue_name=inspection.venue_name, address=inspection.address,
        city=inspection.city, findings=list(inspection.findings), notes=inspection.notes,
        **writer.origin(inspection.line))


WRITERS: dict[str, Callable[[Writer, Iterable], None]] = {
    "enheter": _write_units,
    "roller": _write_roles,
    "ads": _write_ads,
    "tips": lambda writer, records: _write_each(writer, records, Tip, "tip_id", _create_tip),
    "inspections": lambda writer, records: _write_each(writer, records, Inspection, "inspection_id",
                                                       _create_inspection),
}
