"""Export kinds of intelligence (found at start-up by aksjon.exports; docs/exports.md).

`persons`: one row per role holding and per person met, with the cluster the person
linkage put the person record in, so an analyst can see in a spreadsheet which
holdings and encounters are one person.
"""
from __future__ import annotations

from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from aksjon.controls.models import PersonMet
from aksjon.core.refs import prefix, ref_text
from aksjon.exports.registry import DATE, Column, ExportKind, Filter, Part, register
from aksjon.intel.models import ClusterMember
from aksjon.registry.models import Role

# The role code of a person met at a control (register role codes are DAGL, INNH, REGN …).
MET = "MET"


def with_person_cluster(rows):
    """`rows` (with a `person` foreign key) annotated with `person_cluster`: the cluster of the
    person's record ("person:<pk>", refs.prefix), None when the record is in no cluster.
    One indexed lookup per row inside the query: nothing is held in memory for the export."""
    ref = Concat(Value(prefix("person")), Cast(OuterRef("person_id"), CharField()), output_field=CharField())
    clusters = ClusterMember.objects.filter(kind="person", ref=ref).values("cluster")[:1]
    return rows.annotate(person_cluster=Subquery(clusters, output_field=CharField()))


def _name(row) -> str:
    person = row.person
    return " ".join(part for part in (person.given_name, person.family_name) if part)


def _cluster(row) -> str:
    return row.person_cluster or ref_text("person", row.person_id)


register(ExportKind(
    name="persons", label=_("Persons: roles and persons met"),
    filters={"orgnr": Filter("unit__orgnr")},
    columns=[
        Column("orgnr", width=11),
        Column("role", width=8),
        Column("name", width=30),
        Column("birth_date", type=DATE),
        Column("cluster_id", width=16),
    ],
    parts=[
        # A role in a registered unit held by a person (a role held by another unit has no person).
        Part(Role, rows=lambda roles, user: with_person_cluster(
            roles.filter(person__isnull=False).select_related("unit", "person")),
            values={"orgnr": "unit.orgnr", "role": "code", "name": _name, "birth_date": "person.birth_date",
                    "cluster_id": _cluster}),
        # A person met at a control: the controlled venue's unit, if it has one.
        Part(PersonMet, rows=lambda met, user: with_person_cluster(
            met.select_related("person", "control__venue__unit")),
            lookups={"orgnr": "control__venue__unit__orgnr"},
            values={"orgnr": "control.venue.unit.orgnr", "role": lambda row: MET, "name": _name,
                    "birth_date": "person.birth_date", "cluster_id": _cluster}),
    ],
))
