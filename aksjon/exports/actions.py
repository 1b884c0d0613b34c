"""The one export path: `export_records` checks, counts, records the export, then streams the file.

The audit row is written *before* the file, in a short transaction of its own:
a large export must not hold SQLite's write lock while it is written, and an
export that fails half-way is still on record (it may have disclosed rows).
The rows streamed are the ones counted: rows added after the count (a higher
primary key) are left out, so the audit row's count matches the file.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import models, transaction
from django.db.models import Count, Max
from django.utils import timezone

from aksjon.audit.log import record_write, snapshot
from aksjon.core.errors import InvalidInput
from aksjon.core.text import gettext_noop
from aksjon.exports.models import Export
from aksjon.exports.registry import ExportKind, get_kind
from aksjon.exports.writers import CSV, FORMATS, XLSX, csv_chunks, write_xlsx, xlsx_chunks

ITERATOR_CHUNK = 2000


@dataclass
class ExportFile:
    """A recorded export, ready to be written: stream `chunks()` or `write_to(path)` once."""

    export: Export
    kind: ExportKind
    queryset: models.QuerySet

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

    def records(self) -> Iterator:
        return self.queryset.iterator(chunk_size=ITERATOR_CHUNK)

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
    queryset = export_kind.queryset(actor, chosen)
    with transaction.atomic():
        pk = export_kind.model._meta.pk.name
        counted = queryset.aggregate(rows=Count(pk), last=Max(pk))
        export = Export.objects.create(kind=export_kind.name, format=fmt, rows=counted["rows"], filters=chosen,
                                       created_by=actor)
        record_write(actor, "export_records", export, before=None, after=snapshot(export))
    fixed = queryset.filter(pk__lte=counted["last"]) if counted["last"] is not None else queryset.none()
    return ExportFile(export=export, kind=export_kind, queryset=fixed)
