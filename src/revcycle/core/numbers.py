"""Reading numbers typed by people: whole numbers from the ASCII digits only, decimals from text, never floats.

``str.isdigit`` also accepts superscripts and other scripts' digits ("¹", "٣"), which ``int`` then refuses or reads
in surprising ways; every check of "is this text a number" goes through here instead.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from revcycle.core.errors import InputError

__all__ = ["decimal", "digits", "whole"]


def digits(text: str) -> bool:
    """True when ``text`` is one or more of the ASCII digits 0-9 and nothing else."""
    return text.isascii() and text.isdigit()


def whole(value: object, what: str, low: int, high: int, example: str) -> int:
    """A whole number from an int or ASCII digits as text, between ``low`` and ``high``; a clear error otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(f"{what} must be a whole number such as {example}, not {value!r}.")
    text = str(value).strip()
    if not digits(text):
        raise InputError(f"{what} must be a whole number such as {example}, not {value!r}.")
    number = int(text)
    if not low <= number <= high:
        raise InputError(f"{what} must be from {low} to {high}, not {number}.")
    return number


def decimal(value: object, what: str, example: str) -> Decimal:
    """A finite Decimal from text, an int or a Decimal. A float is refused (it has already lost the digits a rate or
    an index is published with: write it as text), and so are bools, None and other types; ``what`` names the
    value and ``example`` shows how to write it in the message."""
    if isinstance(value, float):
        raise InputError(f"{what} was given as the float {value!r}; write it as text, e.g. '{value:.4f}'.")
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InputError(f"{what} is a number such as '{example}', not {value!r}.")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise InputError(f"{what} {value!r}: write a number such as '{example}'.") from None
    if not number.is_finite():
        raise InputError(f"{what} {value!r}: write a finite number such as '{example}'.")
    return number
