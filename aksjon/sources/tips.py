"""tips.csv: tips received, one per row under a fixed header."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from aksjon.sources.base import Fields, PhoneText, Problem, checked, one_of, phone, text, timestamp

CHANNELS = ("public", "ngo", "partner_agency", "police")


@dataclass(frozen=True)
class TipRecord:
    KEY_FIELD: ClassVar[str] = "tip_id"

    line: int
    tip_id: str
    received_at: datetime
    channel: str
    text: str
    venue_name: str
    address: str
    city: str
    phone: PhoneText | None  # None when the tip gave none

    @property
    def key(self) -> str:
        return self.tip_id


def validate(row: dict, line: int) -> tuple[TipRecord | None, list[Problem]]:
    problems: list[Problem] = []
    # An empty CSV cell is a missing value.
    fields = Fields({name: value if value.strip() else None for name, value in row.items()}, line, problems)
    record = TipRecord(
        line=line,
        tip_id=fields.value("tip_id", text(60), required=True),
        received_at=fields.value("received_at", timestamp, required=True),
        channel=fields.value("channel", one_of(CHANNELS), required=True),
        text=fields.value("text", text(), required=True),
        venue_name=fields.value("venue_name", text(200), default=""),
        address=fields.value("address", text(200), default=""),
        city=fields.value("city", text(80), default=""),
        phone=fields.value("phone", phone),
    )
    return checked(record, problems)
