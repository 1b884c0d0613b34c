"""Reading a number, a date or a piece of text that came from outside — a URL, a query
string, a form's hidden input, a command line — one way, here, into a value or an
InvalidInput (which an edge answers with 400).

Python's own parsers accept more than a person or a link ever means: int() reads
'١' (Arabic-Indic one), ' 1', '+1' and '1_000'; date.fromisoformat() reads the
year 1, whose arithmetic (a retention date, a time zone shift) overflows; a
database key is a 64-bit signed integer, and PostgreSQL refuses text holding NUL.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from aksjon.core.errors import InvalidInput
from aksjon.core.text import gettext_noop

# Database keys are 64-bit signed integers; a larger number names no record.
LARGEST_KEY = 2**63 - 1
_DIGITS = frozenset("0123456789")  # str.isdigit() would also accept '²' and other scripts' digits
# The dates Aksjon has any use for; outside them a date is a typing slip or a probe.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)
LONGEST_TEXT = 200  # a filter or a search, not a document
_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # fromisoformat also reads 20240311 and 2024-W11-1


def is_number(text: object) -> bool:
    """ASCII digits only, nothing else: the one spelling of a whole number we read."""
    return isinstance(text, str) and bool(text) and set(text) <= _DIGITS


def whole_number(text: object, *, field: str, least: int = 0, most: int = LARGEST_KEY) -> int:
    """A whole number between `least` and `most`, written in ASCII digits."""
    if not is_number(text) or len(text) > len(str(most)) or not least <= int(text) <= most:
        raise InvalidInput(gettext_noop("%(name)s must be a whole number."), field=field, name=field)
    return int(text)


def record_key(text: object, *, field: str) -> int:
    """The key of a record: a whole number from 1 to the largest 64-bit one."""
    try:
        return whole_number(text, field=field, least=1)
    except InvalidInput:
        raise InvalidInput(gettext_noop("%(name)s does not name a record."), field=field, name=field) from None


def calendar_date(text: object, *, field: str) -> date:
    """A date written YYYY-MM-DD, between 1900 and 2999."""
    try:
        value = date.fromisoformat(text) if isinstance(text, str) and _DATE_SHAPE.fullmatch(text) else None
    except ValueError:
        value = None
    if value is None or not EARLIEST <= value <= LATEST:
        raise InvalidInput(gettext_noop("%(name)s must be a date (YYYY-MM-DD) between 1900 and 2999."),
                           field=field, name=field)
    return value


def date_and_time(text: object, *, field: str) -> datetime:
    """A date and time written the ISO way (2024-03-11T09:30), its date between 1900 and 2999."""
    try:
        value = datetime.fromisoformat(text) if isinstance(text, str) and _DATE_SHAPE.fullmatch(text[:10]) \
            and text.isascii() else None
    except ValueError:
        value = None
    if value is None or not EARLIEST <= value.date() <= LATEST:
        raise InvalidInput(gettext_noop("%(name)s must be a date and time (YYYY-MM-DDTHH:MM)."),
                           field=field, name=field)
    return value


def plain_text(text: object, *, field: str, longest: int = LONGEST_TEXT) -> str:
    """Text without control characters, of at most `longest` characters, trimmed."""
    if not isinstance(text, str) or len(text) > longest or any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        raise InvalidInput(gettext_noop("%(name)s has characters or a length that cannot be right."),
                           field=field, name=field)
    return text.strip()


def yes_or_no(text: object, *, field: str) -> bool:
    """A yes/no switch: 1, true or yes; 0, false or no."""
    answer = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}
    if not isinstance(text, str) or text.lower() not in answer:
        raise InvalidInput(gettext_noop("%(name)s must be yes or no."), field=field, name=field)
    return answer[text.lower()]
