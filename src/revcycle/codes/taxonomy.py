"""Health Care Provider Taxonomy codes: the shape of one, checked without the code set.

The National Uniform Claim Committee (NUCC) maintains the code set; each code is ten characters, letters and digits,
and every code it publishes ends in ``X`` (``207Q00000X``). A provider picks the code that fits its licence and
training when it applies for an NPI, and claims carry it (837P ``PRV03``). The code set and its descriptions belong to
the NUCC and are not shipped here: this module checks only the form, so a well-formed code may still be one the NUCC
never issued.
"""

from __future__ import annotations

import re

from revcycle.core.errors import CodeFormatError

#: Ten characters: nine letters or digits, then X.
PATTERN = re.compile(r"[0-9A-Z]{9}X")
#: How messages describe the form.
FORM = "10 characters, letters and digits, ending in X (such as 207Q00000X)"


class TaxonomyFormatError(CodeFormatError):
    """Text that cannot be a taxonomy code (wrong length, characters other than letters and digits, no final X)."""


def normalize(text: str) -> str:
    """The code in upper case without surrounding spaces (' 207q00000x ' -> '207Q00000X'); raises
    TaxonomyFormatError saying what is wrong."""
    if not isinstance(text, str):
        raise TaxonomyFormatError(f"A taxonomy code is text of {FORM}, not {text!r}.")
    code = text.strip().upper()
    if not code:
        raise TaxonomyFormatError(f"The taxonomy code is empty; it is {FORM}.")
    if len(code) != 10:
        raise TaxonomyFormatError(f"Taxonomy code {text!r} has {len(code)} characters; it needs exactly 10 ({FORM}).")
    if not PATTERN.fullmatch(code):
        raise TaxonomyFormatError(f"Taxonomy code {text!r} is not {FORM}. Copy it again from the provider's NPPES "
                                  "record.")
    return code


def is_valid(code: str) -> bool:
    """True for text of the taxonomy code form; False for anything else, never an exception."""
    try:
        normalize(code)
    except CodeFormatError:
        return False
    return True


__all__ = ["FORM", "PATTERN", "TaxonomyFormatError", "is_valid", "normalize"]
