"""The two file formats: CSV and XLSX, written row by row so memory stays bounded.

Formula injection: a spreadsheet runs a cell that starts with = + - or @ (and,
in some programs, a tab or carriage return) as a formula, so a venue called
`=HYPERLINK("http://…")` could act when an export is opened. Every value of a
*text* column that starts with one of those characters is written with a
leading apostrophe (`'=HYPERLINK(…)`), in CSV and in XLSX alike, so the
spreadsheet shows it as text. Typed columns (numbers, dates, booleans) are
never prefixed: they are written as numbers and dates, not as text. In XLSX
text cells are also stored as strings, never as formulas.
"""
from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import BinaryIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from aksjon.exports.registry import BOOL, DATE, DATETIME, FLOAT, INT, TEXT, Column

CSV, XLSX = "csv", "xlsx"
FORMATS = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BOM = "\ufeff".encode()
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_BATCH = 500  # rows per chunk yielded to the response
FILE_CHUNK = 64 * 1024


def neutralise(text: str) -> str:
    """A text cell a spreadsheet would run as a formula, made plain text with a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def csv_value(column: Column, value) -> str:
    """One value as CSV text: ISO dates, local times with their UTC offset, true/false."""
    if value is None:
        return ""
    if column.type == DATETIME and isinstance(value, datetime):
        return _local(value).isoformat(timespec="seconds")
    if column.type == DATE and isinstance(value, (date, datetime)):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if column.type == BOOL:
        return "true" if value else "false"
    if column.type in (INT, FLOAT):
        return str(value)
    return neutralise(str(value))


def xlsx_value(column: Column, value):
    """One value as an XLSX cell value: real numbers, dates and (time-zone-less, local) date-times."""
    if value is None:
        return None
    if column.type == DATETIME and isinstance(value, datetime):
        return _local(value).replace(tzinfo=None)  # Excel has no time zones: local time, as on the pages
    if column.type == DATE:
        return value.date() if isinstance(value, datetime) else value
    if column.type == BOOL:
        return bool(value)
    if column.type == INT:
        return int(value)
    if column.type == FLOAT:
        return float(value)
    return ILLEGAL_CHARACTERS_RE.sub("", neutralise(str(value)))


def csv_chunks(columns: list[Column], rows: Iterable[list]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark (so a spreadsheet reads æ, ø, å right), RFC 4180 quoting, CRLF.
    `rows`: each row's values in the columns' order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([column.name for column in columns])
    yield BOM + buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(rows, start=1):
        writer.writerow([csv_value(column, value) for column, value in zip(columns, row, strict=True)])
        if count % CSV_BATCH == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


NUMBER_FORMATS = {DATE: "yyyy-mm-dd", DATETIME: "yyyy-mm-dd hh:mm:ss", FLOAT: "0.00###"}


def write_xlsx(columns: list[Column], rows: Iterable[list], out: BinaryIO | str, title: str) -> None:
    """An XLSX workbook in write-only mode (rows go to a temporary file, not memory):
    one sheet, a bold header row that stays in view, typed cells, column widths by type.
    `rows`: each row's values in the columns' order."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.display_width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column, raw in zip(columns, row, strict=True):
            value = xlsx_value(column, raw)
            if column.type == TEXT:
                cell = WriteOnlyCell(sheet, value=value)
                if value is not None:
                    cell.data_type = "s"  # a string, never a formula
            elif column.type in NUMBER_FORMATS and value is not None:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = NUMBER_FORMATS[column.type]
            else:
                cell = value
            cells.append(cell)
        sheet.append(cells)
    workbook.save(out)


def xlsx_chunks(columns: list[Column], rows: Iterable[list], title: str) -> Iterator[bytes]:
    """The workbook built in a temporary file, then read out in chunks."""
    with tempfile.TemporaryFile(prefix="aksjon-export-") as spool:
        write_xlsx(columns, rows, spool, title)
        spool.seek(0)
        while chunk := spool.read(FILE_CHUNK):
            yield chunk
