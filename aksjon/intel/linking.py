"""Running the cross-referencing model over the register, and linking new records.

The analytics engine (aksjon.linkage: Splink on DuckDB) reads frames built here
from the operational database and hands back scored pairs; this module writes
them back as a LinkageRun with its CandidatePairs and recomputes the clusters.
The engine never holds the only copy of anything.
"""
from __future__ import annotations

import pandas as pd
from django.db import transaction

from aksjon.accounts.access import ADD, restrict
from aksjon.audit.log import record_write
from aksjon.controls.models import PersonMet
from aksjon.core.errors import Conflict, InvalidInput
from aksjon.core.refs import ref_text
from aksjon.core.text import gettext_noop
from aksjon.intel import actions
from aksjon.intel.judging import newest_run, recompute_clusters
from aksjon.intel.models import CandidatePair, ClusterMember, Inspection, LinkageRun, Tip
from aksjon.intel.records import MODELS
from aksjon.jobs.progress import Progress
from aksjon.registry.models import Ad, Person, RegisteredUnit, Role, Venue
from aksjon.registry.places import roles_held

KINDS = ("person", "venue")


def person_frame(persons=None) -> pd.DataFrame:
    persons = (persons if persons is not None else Person.objects.all()).prefetch_related("phones")
    role_of, units_of = _role_codes(), _units_of()
    rows = [{"unique_id": ref_text("person", p.pk), "given_name": p.given_name or None,
             "family_name": p.family_name or None,
             "birth_date": p.birth_date.isoformat() if p.birth_date else None,
             "phone": next((ph.e164 for ph in p.phones.all()), None), "address": None, "document_no": None,
             "source": p.source, "role": role_of.get(p.pk), "units": sorted(units_of.get(p.pk, ())) or None}
            for p in persons]
    return pd.DataFrame(rows, columns=["unique_id", "given_name", "family_name", "birth_date", "phone", "address",
                                       "document_no", "source", "role", "units"])


def _units_of() -> dict[int, set[str]]:
    """person -> the organisation numbers of the units they hold a role in or were met at (the
    controlled venue's unit): the model compares them (linkage.persons, 'a unit in common')."""
    units: dict[int, set[str]] = {}
    held = Role.objects.filter(person__isnull=False).values_list("person_id", "unit__orgnr")
    met = PersonMet.objects.filter(control__venue__unit__isnull=False).values_list(
        "person_id", "control__venue__unit__orgnr")
    for person, orgnr in [*held, *met]:
        units.setdefault(person, set()).add(orgnr)
    return units


def _role_codes() -> dict[int, str]:
    """person -> the register role the model compares: a service role (accountant, auditor) where
    the person holds one anywhere, else any role they hold."""
    from aksjon.linkage.persons import SERVICE_ROLES

    role_of: dict[int, str] = {}
    for person, code in Role.objects.filter(person__isnull=False).values_list("person_id", "code"):
        if person not in role_of or (code in SERVICE_ROLES and role_of[person] not in SERVICE_ROLES):
            role_of[person] = code
    return role_of


def _address_parts(address) -> dict:
    if address is None:
        return {"street": None, "postcode": None, "town": None}
    return {"street": address.street or None, "postcode": address.postcode or None,
            "town": address.postal_town or (address.town.name if address.town else None)}


VENUE_COLUMNS = ["unique_id", "kind", "name", "orgnr", "street", "postcode", "town", "phones", "parent_orgnr",
                 "registered", "deleted", "owners", "text", "form", "industry", "roles_held"]


def venue_frame(units=None, venues=None) -> pd.DataFrame:
    """Units and venues, and the tips, earlier inspections and ads that describe a venue."""
    units = (units if units is not None else RegisteredUnit.objects.all()).select_related(
        "location_address__town", "business_address__town", "parent")
    venues = (venues if venues is not None else Venue.objects.all()).select_related(
        "address__town", "unit").prefetch_related("phones")
    owners, held = _owners(), roles_held()
    rows = [{"unique_id": ref_text("unit", u.pk), "kind": "unit", "name": u.name, "orgnr": u.orgnr, "phones": [],
             "parent_orgnr": u.parent.orgnr if u.parent else None, "registered": _iso(u.registered_on),
             "deleted": _iso(u.deleted_on), "owners": owners.get(u.pk), "form": u.form or None,
             "industry": u.industry_code or None, "roles_held": held.get(u.orgnr, []),
             **_address_parts(u.location_address or u.business_address)} for u in units]
    rows += [{"unique_id": ref_text("venue", v.pk), "kind": "venue", "name": v.name,
              "orgnr": v.unit.orgnr if v.unit else None,
              "phones": [p.e164 for p in v.phones.all()], **_address_parts(v.address)} for v in venues]
    rows += _tip_rows() + _inspection_rows() + _ad_rows()
    return pd.DataFrame(rows, columns=VENUE_COLUMNS)


def _owners() -> dict[int, list[str]]:
    """unit -> its owners' names (INNH): the law puts them in a sole proprietorship's name."""
    owners: dict[int, list[str]] = {}
    for unit, given, family in (Role.objects.filter(code="INNH", resigned=False, person__isnull=False)
                                .values_list("unit_id", "person__given_name", "person__family_name")):
        owners.setdefault(unit, []).append(f"{given} {family}".strip())
    return owners


def _described(name: str, street: str, town: str) -> dict:
    return {"name": name or None, "street": street or None, "postcode": None, "town": town or None}


def _tip_rows() -> list[dict]:
    """Every tip: one without a name, an address or a phone may still name its venue in its text."""
    return [{"unique_id": ref_text("tip", tip.pk), "kind": "venue", "orgnr": None, "phones": tip.all_phones(),
             "text": tip.text, **_described(tip.venue_name, tip.address, tip.city)}
            for tip in Tip.objects.select_related("phone")]


def _inspection_rows() -> list[dict]:
    return [{"unique_id": ref_text("inspection", i.pk), "kind": "venue", "orgnr": i.orgnr or None, "phones": [],
             **_described(i.venue_name, i.address, i.city)} for i in Inspection.objects.all()]


def _ad_rows() -> list[dict]:
    """One row per ad that names a venue or an address, as last observed (escort ads name neither)."""
    phones: dict[int, list[str]] = {}
    for ad_id, e164 in Ad.phones.through.objects.values_list("ad_id", "phone__e164"):
        phones.setdefault(ad_id, []).append(e164)
    newest: dict[tuple[str, str], dict] = {}
    for ad in (Ad.objects.exclude(venue_name="", address_text="").order_by("observed_at", "pk")
               .values("pk", "ad_source", "ad_id", "venue_name", "address_text", "city")):
        newest[ad["ad_source"], ad["ad_id"]] = ad
    return [{"unique_id": ref_text("ad", ad["pk"]), "kind": "ad", "orgnr": None, "phones": phones.get(ad["pk"], []),
             **_described(ad["venue_name"], ad["address_text"], ad["city"])} for ad in newest.values()]


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _engine(kind: str):
    # Imported when used: Splink and DuckDB load only for a linkage run.
    from aksjon.linkage import persons, units

    if kind == "person":
        return person_frame, persons.dedupe_persons, persons.CLUSTER_THRESHOLD
    return venue_frame, units.link_units_and_venues, persons.CLUSTER_THRESHOLD


def run_linkage(*, actor, kind: str, job=None, progress: Progress | None = None) -> LinkageRun:
    """Train, predict and store every candidate pair; clusters are recomputed after.

    `job`: the queued job a worker runs, which the run's row is linked to; `progress` hears of
    each phase (reading, scoring, storing) and may stop the run there (a cancel, the worker stopping).
    """
    report = progress or _quiet
    report("reading", 0, len(PHASES))  # a job cancelled before it started stops here, leaving no run
    from aksjon.linkage.engine import TooLittleData

    run = actions.start_linkage_run(actor=actor, kind=kind, job=job)
    try:
        frame_of, link, threshold = _engine(kind)
        frame = frame_of()
        if len(frame) < 2:
            raise Conflict(gettext_noop("There is nothing to cross-reference yet."))
        report("scoring", 1, len(PHASES))
        try:
            result = link(frame)
        except TooLittleData as error:
            raise Conflict(gettext_noop(
                "Too little data to train the model: no two records share a strong key yet.")) from error
        report("storing", 2, len(PHASES))
        actions.finish_linkage_run(actor=actor, run=run, threshold=threshold, model_json=result.model_json,
                                   records=len(frame), timings=result.timings,
                                   candidates=_candidates(run, result.pairs))
    except BaseException as error:  # Ctrl+C and a cancel too: the run must not stay "running"
        actions.fail_linkage_run(actor=actor, run=run, error=error)
        raise
    report("storing", len(PHASES), len(PHASES))
    return run


PHASES = ("reading", "scoring", "storing")


def _quiet(phase: str, done: int, total: int) -> None:
    pass


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise InvalidInput(gettext_noop("Unknown kind of record."), field="kind")


def _candidates(run: LinkageRun, pairs: pd.DataFrame) -> list[CandidatePair]:
    """One row per pair: a deterministic rule wins over the model's score for the same pair."""
    best: dict[tuple[str, str], dict] = {}
    for row in pairs.to_dict("records"):
        left, right = sorted((str(row["unique_id_l"]), str(row["unique_id_r"])))
        kept = best.get((left, right))
        if kept is None or (row["rule"] != "splink" and kept["rule"] == "splink"):
            best[(left, right)] = row
    return [CandidatePair(run=run, left=left, right=right, match_weight=float(row["match_weight"]),
                          match_probability=float(row["match_probability"]), rule=row["rule"],
                          explanation=list(row["explanation"] or []))
            for (left, right), row in best.items()]


def link_new_persons(*, actor, persons) -> pd.DataFrame:
    """Link new person records to the existing clusters with the newest saved model,
    without retraining or re-scoring existing pairs; each joins a cluster or starts one."""
    from aksjon.linkage.incremental import link_new_records

    run = _run_to_extend(actor, "person")
    new = person_frame(persons)
    # Every earlier person is a candidate; one that is in no cluster yet is its own.
    existing = person_frame(Person.objects.exclude(pk__in=persons.values("pk")))
    matches = link_new_records(run.model_json, existing, new, _clusters_now("person"))
    return _store_new_matches(actor, run, "link_new_persons", matches)


def link_new_venue_records(*, actor) -> pd.DataFrame:
    """Link the units, venues, tips, inspections and ads added since the newest venue run
    (a day's tips, a new ad crawl) to its clusters with its saved model, without retraining."""
    from aksjon.linkage.incremental import link_new_units

    run = _run_to_extend(actor, "venue")
    frame = venue_frame()
    new_refs = _refs_created_since(run)
    is_new = frame["unique_id"].isin(new_refs)
    if not is_new.any():
        raise Conflict(gettext_noop("Nothing has been added since the last run."))
    matches = link_new_units(run.model_json, frame[~is_new], frame[is_new], _clusters_now("venue"))
    return _store_new_matches(actor, run, "link_new_venue_records", matches)


def _run_to_extend(actor, kind: str) -> LinkageRun:
    restrict(LinkageRun.objects.all(), actor, ADD)
    run = newest_run(kind)
    if run is None:
        raise Conflict(gettext_noop("Run the cross-referencing once before linking new records."))
    return run


def _clusters_now(kind: str) -> dict[str, str]:
    return dict(ClusterMember.objects.filter(kind=kind).values_list("ref", "cluster"))


def _refs_created_since(run: LinkageRun) -> set[str]:
    """Records added since the run started that no pair of it links yet (one that found no
    match last time is tried again: what it may match has grown)."""
    linked = {ref for pair in run.candidates.values_list("left", "right") for ref in pair}
    return {ref_text(kind, pk) for kind, model in MODELS.items() if kind != "person"
            for pk in model.objects.filter(created_at__gt=run.started_at).values_list("pk", flat=True)} - linked


def _store_new_matches(actor, run: LinkageRun, verb: str, matches: pd.DataFrame) -> pd.DataFrame:
    """Each new record's best match becomes a pair of the run it extends, so that clusters,
    the review queue and every later recomputation (after a judgement) count it."""
    found = matches[matches["best_match_id"].notna()]
    pairs = pd.DataFrame({"unique_id_l": found["best_match_id"], "unique_id_r": found["unique_id"],
                          "match_weight": found["match_weight"], "match_probability": found["match_probability"],
                          "rule": found["rule"], "explanation": found["explanation"]})
    known = set(run.candidates.values_list("left", "right"))
    with transaction.atomic():
        CandidatePair.objects.bulk_create([pair for pair in _candidates(run, pairs)
                                           if (pair.left, pair.right) not in known], batch_size=2000)
        run.pairs = run.candidates.count()
        run.save(update_fields=["pairs"])
        recompute_clusters(run.kind)
        record_write(actor, verb, run, before=None,
                     after={"new": len(matches), "joined": int(matches["joins_existing"].sum())})
    return matches
