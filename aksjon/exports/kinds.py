"""The export kinds. Each is one declaration; docs/exports.md lists their columns.

Vocabulary values (statuses, kinds, finding codes) are exported as their codes,
which are stable; their labels in bokmål and English are in aksjon/data/vocabulary.toml.
Free-text fields that may name a person (a control's observations, a follow-up's
description and closing note, a judgement's note) are left out.
"""
from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from aksjon.audit.models import AuditEntry
from aksjon.controls.models import Control
from aksjon.exports.registry import BOOL, DATE, DATETIME, INT, Column, ExportKind, Filter, register
from aksjon.followup.models import FollowUp
from aksjon.intel.models import Judgement
from aksjon.operations.models import Target

register(ExportKind(
    name="targets", model=Target, label=_("Targets"),
    rows=lambda targets, user: targets.select_related("operation", "venue__town", "district", "team"),
    filters={"operation": Filter("operation_id", INT), "district": Filter("district_id", INT),
             "status": Filter("status"), "team": Filter("team_id", INT), "priority": Filter("priority", INT)},
    columns=[
        Column("id", "pk", INT),
        Column("operation", "operation.name"),
        Column("venue_id", "venue_id", INT),
        Column("venue", "venue.name", width=30),
        Column("town", "venue.town.name", width=16),
        Column("district", "district.name", width=16),
        Column("status", "status", width=12),
        Column("priority", "priority", INT),
        Column("team", "team.name", width=16),
        Column("reason", "reason", width=50),
    ],
))

register(ExportKind(
    name="followups", model=FollowUp, label=_("Follow-up"),
    rows=lambda items, user: items.select_related("district", "agency", "operation", "owner"),
    filters={"operation": Filter("operation_id", INT), "district": Filter("district_id", INT),
             "status": Filter("status"), "followup_kind": Filter("kind"), "agency": Filter("agency_id", INT)},
    columns=[
        Column("id", "pk", INT),
        Column("kind", "kind", width=10),
        Column("title", "title", width=40),
        Column("district", "district.name", width=16),
        Column("agency", "agency.name", width=20),
        Column("operation", "operation.name"),
        Column("control_id", "control_id", INT),
        Column("owner", "owner.username", width=16),
        Column("due_on", "due_on", DATE),
        Column("status", "status", width=12),
        Column("created_at", "created_at", DATETIME),
        Column("closed_at", "closed_at", DATETIME),
    ],
))

register(ExportKind(
    name="controls", model=Control, label=_("Controls"),
    # Counts, not people: no names, no free text.
    rows=lambda controls, user: controls.select_related("venue__town", "district", "operation", "team",
                                                        "recorded_by")
    .annotate(persons_met_count=Count("persons_met", distinct=True),
              rights_given_count=Count("persons_met", distinct=True,
                                       filter=~Q(persons_met__rights_information_language="")),
              findings_count=Count("findings", distinct=True))
    .prefetch_related("findings"),
    filters={"operation": Filter("operation_id", INT), "district": Filter("district_id", INT),
             "venue": Filter("venue_id", INT), "from": Filter("started_at__date__gte", DATE),
             "to": Filter("started_at__date__lte", DATE)},
    columns=[
        Column("id", "pk", INT),
        Column("operation", "operation.name"),
        Column("target_id", "target_id", INT),
        Column("venue_id", "venue_id", INT),
        Column("venue", "venue.name", width=30),
        Column("town", "venue.town.name", width=16),
        Column("district", "district.name", width=16),
        Column("team", "team.name", width=16),
        Column("started_at", "started_at", DATETIME),
        Column("venue_open", "venue_open", BOOL),
        Column("persons_met", "persons_met_count", INT),
        Column("rights_information_given", "rights_given_count", INT),
        Column("findings", "findings_count", INT),
        Column("finding_codes", lambda c: ";".join(sorted({f.code for f in c.findings.all()})), width=40),
        Column("recorded_by", "recorded_by.username", width=16),
    ],
))

register(ExportKind(
    name="judgements", model=Judgement, label=_("Judgements"),
    rows=lambda judgements, user: judgements.select_related("made_by", "retracted_by"),
    filters={"record_kind": Filter("kind"), "verdict": Filter("verdict"), "made_by": Filter("made_by__username"),
             "standing": Filter("retracted_at__isnull", BOOL)},
    columns=[
        Column("id", "pk", INT),
        Column("kind", "kind", width=10),
        Column("left", "left", width=16),
        Column("right", "right", width=16),
        Column("verdict", "verdict", width=10),
        Column("made_by", "made_by.username", width=16),
        Column("made_at", "made_at", DATETIME),
        Column("retracted_at", "retracted_at", DATETIME),
        Column("retracted_by", "retracted_by.username", width=16),
    ],
))

register(ExportKind(
    name="audit", model=AuditEntry, label=_("Audit log"),
    # Who did what when, and the chain's digests and seals; never the before/after bodies (they hold the data itself).
    rows=lambda entries, user: entries.defer("before", "after"),
    filters={"entry_kind": Filter("kind"), "username": Filter("username"), "object_type": Filter("object_type"),
             "verb": Filter("verb"), "from": Filter("at__date__gte", DATE), "to": Filter("at__date__lte", DATE)},
    columns=[
        Column("id", "pk", INT),
        Column("seq", "seq", INT),
        Column("at", "at", DATETIME),
        Column("username", "username", width=16),
        Column("request_id", "request_id", width=38),
        Column("kind", "kind", width=8),
        Column("verb", "verb", width=24),
        Column("object_type", "object_type", width=24),
        Column("object_id", "object_id", width=10),
        Column("digest", "digest", width=66),
        Column("mac", "mac", width=66),
    ],
))
