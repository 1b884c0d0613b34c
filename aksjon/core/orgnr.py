"""Norwegian organisation numbers: nine digits, the last a modulus-11 check digit."""
from __future__ import annotations

from aksjon.core.text import gettext_noop

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def check_digit(first8: str) -> int | None:
    """The check digit for eight digits, or None when none exists (remainder 10)."""
    total = sum(int(d) * w for d, w in zip(first8, WEIGHTS, strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_orgnr(s: str) -> bool:
    if not isinstance(s, str) or len(s) != 9 or not s.isdigit():
        return False
    return check_digit(s[:8]) == int(s[8])


def make_orgnr(first8: str) -> str | None:
    """Complete eight digits to a valid number, or None when no check digit exists."""
    digit = check_digit(first8)
    return None if digit is None else first8 + str(digit)


def clean_orgnr(raw: str) -> str:
    """'923 456 783' -> '923456783'; raises InvalidInput with the reason otherwise."""
    from aksjon.core.errors import InvalidInput

    digits = "".join((raw or "").split())
    if len(digits) != 9 or not digits.isdigit():
        raise InvalidInput(gettext_noop("«%(raw)s» is not nine digits"), field="orgnr", raw=raw)
    if not is_valid_orgnr(digits):
        raise InvalidInput(gettext_noop("«%(raw)s» fails the modulus-11 check digit"), field="orgnr", raw=raw)
    return digits
