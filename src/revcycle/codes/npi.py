"""National Provider Identifier (NPI): check digits, validation and synthetic NPIs.

An NPI is 10 digits; the first is 1 or 2 and the last is a Luhn check digit computed over the
prefix ``80840`` followed by the first 9 digits (the same as adding 24 to the plain Luhn sum).
Synthetic NPIs made here have valid check digits but belong to nobody.
"""

from __future__ import annotations

import random
from typing import Protocol

from stdnum import luhn

from revcycle.core.errors import CodeFormatError

#: Prefix (the US health-industry issuer number) that the NPI check digit is computed over.
NPI_PREFIX = "80840"


class NpiFormatError(CodeFormatError):
    """Text that cannot be an NPI (wrong length, non-digits, wrong first digit, bad check digit)."""


class _IntegerSource(Protocol):
    def randrange(self, start: int, stop: int) -> int: ...


def _digits(value: object, length: int, what: str) -> str:
    """Return ``value`` as a string of exactly ``length`` ASCII digits, or raise NpiFormatError."""
    if isinstance(value, bool) or value is None:
        raise NpiFormatError(f"{what} must be a string of {length} digits, not {value!r}.")
    if isinstance(value, int):
        if value < 0:
            raise NpiFormatError(f"{what} cannot be negative; pass {length} digits such as '123456789'.")
        value = str(value)
    if not isinstance(value, str):
        raise NpiFormatError(f"{what} must be a string of {length} digits, not a {type(value).__name__}.")
    text = value.strip()
    if not (text.isascii() and text.isdigit()):
        raise NpiFormatError(
            f"{what} {value!r} contains something other than the digits 0-9; "
            "remove spaces, dashes and letters."
        )
    if len(text) != length:
        raise NpiFormatError(f"{what} {value!r} has {len(text)} digits; it needs exactly {length}.")
    return text


def check_digit(nine_digits: str | int) -> str:
    """Return the NPI check digit (one character) for the first 9 digits of an NPI.

    >>> check_digit("123456789")
    '3'
    """
    body = _digits(nine_digits, 9, "The first part of an NPI")
    return luhn.calc_check_digit(NPI_PREFIX + body)


def validate_npi(text: str | int) -> str:
    """Return the NPI as a 10-digit string, or raise NpiFormatError saying exactly what is wrong."""
    npi = _digits(text, 10, "An NPI")
    if npi[0] not in "12":
        raise NpiFormatError(f"NPI {npi} starts with {npi[0]}; every NPI starts with 1 or 2.")
    expected = luhn.calc_check_digit(NPI_PREFIX + npi[:9])
    if npi[9] != expected:
        raise NpiFormatError(
            f"NPI {npi} fails the check-digit test: after {npi[:9]} the last digit should be "
            f"{expected}, not {npi[9]}. Re-read the number from its source; a digit is probably mistyped."
        )
    return npi


def normalize(text: str) -> str:
    """The NPI as its 10 digits (' 1234567893 ' -> '1234567893'), as every code-set module names it.

    The same as :func:`validate_npi`: raises NpiFormatError (a CodeFormatError) saying what is wrong.
    """
    return validate_npi(text)


def is_valid(code: str) -> bool:
    """True for a well-formed NPI with a right check digit, as every code-set module names it; never raises.

    The same as :func:`is_valid_npi`. There is no registry here, so this does not say the NPI was issued.
    """
    return is_valid_npi(code)


def is_valid_npi(text: object) -> bool:
    """True when ``text`` is a 10-digit NPI starting with 1 or 2 whose check digit is right; never raises."""
    try:
        validate_npi(text)  # type: ignore[arg-type]
    except CodeFormatError:
        return False
    return True


def make_npi(rng: random.Random | _IntegerSource) -> str:
    """Return a synthetic NPI (first digit 1 or 2, valid check digit) drawn from ``rng``.

    ``rng`` is a seeded ``random.Random`` (anything with ``randrange`` works), so the same seed
    always gives the same NPI. The number is made up: it belongs to no real provider.
    """
    if isinstance(rng, int | str | None):
        raise NpiFormatError("make_npi needs a random generator; pass random.Random(seed), not a seed.")
    first = str(rng.randrange(1, 3))
    rest = "".join(str(rng.randrange(0, 10)) for _ in range(8))
    body = first + rest
    return body + check_digit(body)
