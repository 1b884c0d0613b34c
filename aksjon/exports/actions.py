"""The one export path: `export_records` checks, counts, records the export, then streams the file.

The audit row is written *before* the file, in a short transaction of its own:
a large export must not hold SQLite's write lock while it is written, and an
export that fails half-way is still on record (it may have disclosed rows).
The rows streamed are the ones counted: rows added after the count (a higher
primary key) are left out, so the audit row's count matches the file. A kind of
several parts is counted part by part in the same transaction and written part
after part, each part fixed at its own count.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.db.models import Count, Max
from django.utils import timezone

from aksjon.audit.log import record_write, snapshot
from aksjon.core.errors import InvalidInput
from aksjon.core.text import gettext_noop
from aksjon.exports.models import Export
from aksjon.exports.registry import ExportKind, Part, get_kind
from aksjon.exports.writers import CSV, FORMATS, XLSX, csv_chunks, write_xlsx, xlsx_chunks

ITERATOR_CHUNK = 2000


@dataclass
class ExportFile:
    """A recorded export, ready to be written: stream `chunks()` or `write_to(path)` once."""

    export: Export
    kind: ExportKind
    parts: list[tuple[Part, models.QuerySet]]  # each part with the rows counted of it

    @property
    def fmt(self) -> str:
        return self.export.format

    @property
    def rows(self) -> int:
        return self.export.rows

    @property
    def content_type(self) -> str:
        return FORMATS[self.fmt]

    @property
    def filename(self) -> str:
        stamp = timezone.localtime(self.export.created_at).strftime("%Y%m%d-%H%M%S")
        return f"aksjon-{self.kind.name}-{stamp}.{self.fmt}"

    def records(self) -> Iterator[list[Any]]:
        """Each row's values in the columns' order, part after part, read in chunks."""
        for part, queryset in self.parts:
            getters = part.getters(self.kind.columns)
            for row in queryset.iterator(chunk_size=ITERATOR_CHUNK):
                yield [get(row) for get in getters]

    def chunks(self) -> Iterator[bytes]:
        columns = list(self.kind.columns)
        if self.fmt == CSV:
            return csv_chunks(columns, self.records())
        return xlsx_chunks(columns, self.records(), self.kind.name)

    def write_to(self, path: Path) -> None:
        """Write the file beside `path` and move it into place, so a failed export leaves no half file."""
        partial = path.with_name(path.name + ".part")
        try:
            if self.fmt == XLSX:
                write_xlsx(list(self.kind.columns), self.records(), partial, self.kind.name)
            else:
                with partial.open("wb") as out:
                    for chunk in self.chunks():
                        out.write(chunk)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)


def export_records(*, actor, kind: str, fmt: str, **filters) -> ExportFile:
    """Export the rows of `kind` that `actor` may see, narrowed by `filters`, as CSV or XLSX.

    Raises NotFound for an unknown kind, InvalidInput for an unknown format or filter,
    AccessDenied when the role may not see the kind's records. One audit row,
    "export_records", with the kind, format, row count and filters.
    """
    export_kind = get_kind(kind)
    if fmt not in FORMATS:
        raise InvalidInput(gettext_noop("Export as csv or xlsx."), field="format")
    chosen = export_kind.clean_filters(filters)
    parts = export_kind.querysets(actor, chosen)
    with transaction.atomic():
        counted = [queryset.aggregate(rows=Count("pk"), last=Max("pk")) for _part, queryset in parts]
        export = Export.objects.create(kind=export_kind.name, format=fmt, rows=sum(c["rows"] for c in counted),
                                       filters=chosen, created_by=actor)
        record_write(actor, "export_records", export, before=None, after=snapshot(export))
    fixed = [(part, queryset.filter(pk__lte=count["last"]) if count["last"] is not None else queryset.none())
             for (part, queryset), count in zip(parts, counted, strict=True)]
    return ExportFile(export=export, kind=export_kind, parts=fixed)
