"""Time without time zones databases: CET/CEST by the EU rule, computed here.

Internally every moment is naive UTC. Norway, Sweden, Denmark switch to summer time
on the last Sunday of March at 01:00 UTC and back on the last Sunday of October at
01:00 UTC, so the offset is +01:00 or +02:00. Computing it ourselves keeps the output
byte-identical whatever tzdata the machine has.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

EPOCH = datetime(2000, 1, 1)


def _last_sunday(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    last = first_next - timedelta(days=1)
    return last - timedelta(days=(last.weekday() + 1) % 7)


@cache
def summer_time_utc(year: int) -> tuple[datetime, datetime]:
    start = _last_sunday(year, 3)
    end = _last_sunday(year, 10)
    return datetime(start.year, start.month, start.day, 1), datetime(end.year, end.month, end.day, 1)


def offset_hours(utc: datetime) -> int:
    start, end = summer_time_utc(utc.year)
    return 2 if start <= utc < end else 1


def stamp(utc: datetime) -> str:
    """ISO 8601 local time with offset, to the minute: 2024-03-12T11:05:00+01:00."""
    hours = offset_hours(utc)
    local = utc + timedelta(hours=hours)
    return f"{local:%Y-%m-%dT%H:%M}:00+0{hours}:00"


def local_to_utc(day: date, hour: int, minute: int) -> datetime:
    """The UTC moment of a wall-clock time in Norway (in the spring gap, an hour later)."""
    naive = datetime(day.year, day.month, day.day, hour, minute)
    winter = naive - timedelta(hours=1)
    return naive - timedelta(hours=2) if offset_hours(winter) == 2 else winter


def minutes(utc: datetime) -> int:
    return int((utc - EPOCH).total_seconds() // 60)


def from_minutes(value: int) -> datetime:
    return EPOCH + timedelta(minutes=value)


def day_start_minutes(day: date) -> int:
    """Minutes since EPOCH of local midnight (approximately: UTC 23:00 the day before)."""
    return minutes(datetime(day.year, day.month, day.day)) - 60
