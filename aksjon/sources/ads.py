"""ads.jsonl: observations of online ads and reviews (Aksjon's own format)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar

from aksjon.sources.base import (
    Fields,
    PhoneText,
    Problem,
    checked,
    image_hash,
    one_of,
    phone,
    text,
    timestamp,
    web_address,
)

CATEGORIES = ("massage", "escort", "review", "booking")


@dataclass(frozen=True)
class AdRecord:
    KEY_FIELD: ClassVar[str] = "observed_at"

    line: int
    source: str
    ad_id: str
    url: str
    category: str
    observed_at: datetime
    posted_at: datetime | None
    title: str
    text: str
    phones: tuple[PhoneText, ...]  # as written, each mention; doubtful ones too
    city: str
    address: str
    venue_name: str
    image_hashes: tuple[str, ...]
    price_text: str
    lang: str

    @property
    def key(self) -> tuple[str, str, datetime]:
        """One observation: the same ad seen again later is a new record."""
        return self.source, self.ad_id, self.observed_at.astimezone(UTC)

    @property
    def numbers(self) -> dict[str, bool]:
        """Each possible number once, in E.164, with whether it is in an assigned range."""
        return {p.e164: p.verified for p in self.phones if p.e164}


def validate(row: dict, line: int) -> tuple[AdRecord | None, list[Problem]]:
    problems: list[Problem] = []
    fields = Fields(row, line, problems)
    record = AdRecord(
        line=line,
        source=fields.value("source", text(60, blank=False), required=True),
        ad_id=fields.value("ad_id", text(60, blank=False), required=True),
        url=fields.value("url", web_address(500), required=True),
        category=fields.value("category", one_of(CATEGORIES), required=True),
        observed_at=fields.value("observed_at", timestamp, required=True),
        posted_at=fields.value("posted_at", timestamp),
        title=fields.value("title", text(300), required=True, default=""),
        text=fields.value("text", text(), required=True, default=""),
        phones=tuple(fields.values("phones", phone, required=True)),
        city=fields.value("city", text(80), required=True, default=""),
        address=fields.value("address", text(200), default=""),
        venue_name=fields.value("venue_name", text(200), default=""),
        image_hashes=tuple(fields.values("image_hashes", image_hash, required=True)),
        price_text=fields.value("price_text", text(200), default=""),
        lang=fields.value("lang", text(10), default=""),
    )
    return checked(record, problems)
