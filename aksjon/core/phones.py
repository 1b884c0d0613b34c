"""Phone numbers as people write them, normalised to E.164 (default region Norway)."""
from __future__ import annotations

import phonenumbers

from aksjon.core.errors import InvalidInput
from aksjon.core.text import gettext_noop

DEFAULT_REGION = "NO"


def to_e164(raw: str, region: str = DEFAULT_REGION) -> str:
    """Return the E.164 form of `raw`, e.g. '912-34-567' -> '+4791234567'.

    Raises InvalidInput when the text is no possible number (wrong length for its
    country, letters), so an officer typing a number in a form learns at once it is
    wrong. A possible number outside the ranges the phone library lists as assigned is
    accepted: the lists lag behind new series, and a person's real number must not be
    refused (`normalise` says whether it is verified).
    """
    number = _parse(raw, region)
    if number is None:
        raise InvalidInput(gettext_noop("«%(raw)s» is not a phone number"), field="phone", raw=raw)
    if not phonenumbers.is_possible_number(number):
        raise InvalidInput(gettext_noop("«%(raw)s» is not a valid phone number"), field="phone", raw=raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise(raw: str, region: str = DEFAULT_REGION) -> tuple[str | None, bool]:
    """(E.164, verified) for a number as written in a source file; (None, False) when it is no number.

    A *possible* number (right length for its country's plan) gets its E.164 form, so
    the same number written two ways meets. It is *verified* only when it lies in a
    range known to be assigned: the library's lists lag behind new Norwegian ranges,
    so an unlisted number is kept and flagged rather than refused.
    """
    number = _parse(raw, region)
    if number is None or not phonenumbers.is_possible_number(number):
        return None, False
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), \
        phonenumbers.is_valid_number(number)


def _parse(raw: str, region: str) -> phonenumbers.PhoneNumber | None:
    text = (raw or "").strip()
    if text.startswith("00"):  # the international prefix as Norwegians write it
        text = "+" + text[2:]
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def display(e164: str) -> str:
    """A readable national or international form for the UI."""
    number = phonenumbers.parse(e164, None)
    if number.country_code == 47:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phones_in_text(text: str, region: str = DEFAULT_REGION) -> list[str]:
    """Every valid number written in free text (a tip, an ad), in E.164, in order, once each.

    phonenumbers' matcher finds '912 34 567', '+47 912 34 567' and '0047 912…' within
    sentences; at its default leniency only valid numbers are returned.
    """
    found = (phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
             for match in phonenumbers.PhoneNumberMatcher(text or "", region))
    return list(dict.fromkeys(found))
