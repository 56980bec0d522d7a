"""CMS place-of-service codes: the two digits in CMS-1500 item 24B that say where a service happened.

The code-set text is CMS's (public domain); this copy came from a third-party transcription checked
against a second one, so check the effective-date notes against the CMS page before quoting them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from revcycle.codes.engine import fts
from revcycle.core.errors import CodeFormatError, UnknownCodeError

__all__ = ["RELEASE", "PlaceOfService", "all_codes", "describe", "is_valid", "normalize", "search"]

RELEASE = "CMS Place of Service code set (current set, including 27 and 66; unassigned codes omitted)"
_FILE = "pos_codes.csv"


@dataclass(frozen=True)
class PlaceOfService:
    """One place-of-service code with its CMS name, description and effective-date note."""

    code: str
    name: str
    description: str
    effective_note: str


@cache
def _table() -> dict[str, PlaceOfService]:
    text = resources.files("revcycle.data").joinpath(_FILE).read_text(encoding="utf-8")
    return {
        r["code"]: PlaceOfService(r["code"], r["name"], r["description"], r["effective_note"])
        for r in csv.DictReader(io.StringIO(text))
    }


def normalize(code: str) -> str:
    """Two digits ('11', ' 2 ' -> '02'); raises CodeFormatError for anything else."""
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)
    if not isinstance(code, str):
        raise CodeFormatError(f"A place-of-service code is two digits such as '11', not {type(code).__name__}.")
    s = code.strip()
    if not (s.isascii() and s.isdigit() and 1 <= len(s) <= 2):
        shown = repr(s[:20])
        raise CodeFormatError(f"{shown} is not a place-of-service code: those are two digits (11 office).")
    return s.zfill(2)


def is_valid(code: str) -> bool:
    """True for an assigned place-of-service code."""
    try:
        return normalize(code) in _table()
    except CodeFormatError:
        return False


def describe(code: str) -> PlaceOfService:
    """The CMS entry for a code; raises CodeFormatError, or UnknownCodeError for an unassigned one."""
    norm = normalize(code)
    found = _table().get(norm)
    if found is None:
        raise UnknownCodeError(
            f"{norm} is not an assigned place-of-service code; common ones are 11 office, 21 inpatient "
            "hospital, 22 on-campus outpatient hospital, 23 emergency room."
        )
    return found


def all_codes() -> list[PlaceOfService]:
    """Every assigned code, in code order."""
    return list(_table().values())


def search(query: str) -> list[PlaceOfService]:
    """Codes whose number is `query`, or whose name and description hold every word of it."""
    if not isinstance(query, str):
        raise CodeFormatError(f"search() needs text such as 'telehealth', not {type(query).__name__}.")
    if is_valid(query):
        return [describe(query)]
    words = set(fts.tokenize(query[: fts.MAX_QUERY_CHARS]))
    if not words:
        return []
    return [p for p in _table().values() if words <= set(fts.tokenize(f"{p.name} {p.description}"))]
