"""Reading whole numbers typed by people: only the ASCII digits 0-9 count.

``str.isdigit`` also accepts superscripts and other scripts' digits ("¹", "٣"), which ``int`` then refuses or reads
in surprising ways; every check of "is this text a number" goes through here instead.
"""

from __future__ import annotations

from revcycle.core.errors import InputError

__all__ = ["digits", "whole"]


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
