"""A table-driven ICD-10-PCS builder on a subset of the CMS FY2026 tables (shipped verbatim, see PROVENANCE.md).

Characters 1-3 pick a table; each table has rows, and a code is valid only when its characters 4-7 all come from
one row. This module loads the shipped tables, lists a table's rows, offers the values that may follow the ones
chosen so far, builds a code (with an error naming the first character that does not fit), and decodes a code
back to its labels. Only the shipped tables are known: a code from any other table is refused as "not shipped",
which is not the same as "does not exist". Code real records from the complete CMS tables.
"""

from __future__ import annotations

import gzip
import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from revcycle.core.errors import CodeFormatError, DataError, UnknownCodeError

__all__ = [
    "DATA_FILE",
    "EDITION",
    "Decoded",
    "Row",
    "Table",
    "build",
    "codes",
    "decode",
    "is_valid",
    "next_values",
    "rows",
    "table",
    "tables",
]

#: The shipped subset of the CMS ICD-10-PCS tables file (icd10pcs_tables_2026.xml), gzipped.
DATA_FILE = "pcs_tables_fy2026_subset.xml.gz"
#: The edition of the shipped tables: FY2026 (discharges October 1, 2025 to September 30, 2026).
EDITION = "FY2026"
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class Row:
    """One row of a table: the allowed values (code -> label) for characters 4, 5, 6 and 7."""

    axes: tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]

    def codes(self, prefix: str) -> Iterator[str]:
        """Every code the row allows after the table's three characters ``prefix``."""
        for combo in itertools.product(*(sorted(axis) for axis in self.axes)):
            yield prefix + "".join(combo)


@dataclass(frozen=True)
class Table:
    """A CMS table: its three characters, what each of the seven positions is called in it, and its rows."""

    key: str
    titles: tuple[str, ...]
    labels: tuple[str, str, str]
    definition: str
    rows: tuple[Row, ...]

    def label(self, position: int, value: str) -> str | None:
        """The label of ``value`` in position 4-7 in any row of this table, or None."""
        for row in self.rows:
            if value in row.axes[position - 4]:
                return row.axes[position - 4][value]
        return None


@dataclass(frozen=True)
class Decoded:
    """A code read back through its table: for each position, (what the position is called, value, label)."""

    code: str
    characters: tuple[tuple[str, str, str], ...]

    @property
    def labels(self) -> tuple[str, ...]:
        """The seven labels in order."""
        return tuple(label for _, _, label in self.characters)

    @property
    def title(self) -> str:
        """The labels joined for reading: 'Medical and Surgical / Gastrointestinal System / Resection / ...'."""
        return " / ".join(self.labels)


def _axis(element: ET.Element) -> dict[str, str]:
    return {str(label.get("code")): (label.text or "").strip() for label in element.findall("label")}


@lru_cache(maxsize=1)
def tables() -> dict[str, Table]:
    """Every shipped table by its three characters ('0DT'), read once from the shipped file."""
    try:
        raw = gzip.decompress(resources.files("revcycle.data").joinpath(DATA_FILE).read_bytes())
        root = ET.fromstring(raw)
    except (OSError, ET.ParseError) as exc:  # pragma: no cover - the file ships with the package
        raise DataError(f"The shipped ICD-10-PCS tables ({DATA_FILE}) cannot be read: {exc}") from exc
    out: dict[str, Table] = {}
    for element in root.findall("pcsTable"):
        head = element.findall("axis")
        firsts = [_axis(a) for a in head]
        key = "".join(next(iter(a)) for a in firsts)
        head_labels = (next(iter(firsts[0].values())), next(iter(firsts[1].values())), next(iter(firsts[2].values())))
        row_elements = element.findall("pcsRow")
        rows = tuple(
            Row(tuple(_axis(a) for a in r.findall("axis")))  # type: ignore[arg-type]
            for r in row_elements
        )
        titles = tuple((a.findtext("title") or "").strip() for a in head) + tuple(
            (a.findtext("title") or "").strip() for a in row_elements[0].findall("axis")
        )
        out[key] = Table(key, titles, head_labels, (head[2].findtext("definition") or "").strip(), rows)
    return out


def _clean(text: str, least: int, most: int) -> str:
    if not isinstance(text, str):
        raise CodeFormatError(f"An ICD-10-PCS code must be text such as '0DTJ4ZZ', not {type(text).__name__}.")
    s = text.strip().upper().replace(" ", "").replace("-", "")
    bad = sorted({ch for ch in s if ch not in _ALPHABET})
    if bad:
        raise CodeFormatError(
            f"{s[:20]!r} contains {', '.join(repr(b) for b in bad)}: ICD-10-PCS uses only 0-9 and A-Z except I and O."
        )
    if not least <= len(s) <= most:
        want = f"exactly {most}" if least == most else f"{least} to {most}"
        raise CodeFormatError(f"{s[:20]!r} has {len(s)} characters: give {want}.")
    return s


def table(key: str) -> Table:
    """The shipped table whose first three characters are ``key`` ('0dt' works); UnknownCodeError if not shipped."""
    k = _clean(key, 3, 3)
    try:
        return tables()[k]
    except KeyError:
        raise UnknownCodeError(
            f"Table {k} is not among the {len(tables())} tables this book ships (a subset of the CMS {EDITION} "
            f"tables): {', '.join(sorted(tables()))}. Look it up in the complete CMS tables."
        ) from None


def rows(key: str) -> tuple[Row, ...]:
    """The rows of a shipped table, in the CMS file's order."""
    return table(key).rows


def next_values(prefix: str) -> dict[str, str]:
    """The values (code -> label) the next character may take after ``prefix`` (3 to 6 characters chosen).

    Only rows that hold every value chosen so far count: that is how the row structure limits a code.
    """
    p = _clean(prefix, 3, 6)
    t = table(p[:3])
    position = len(p) + 1
    out: dict[str, str] = {}
    for row in t.rows:
        if all(p[i] in row.axes[i - 3] for i in range(3, len(p))):
            out.update(row.axes[position - 4])
    if not out:
        raise UnknownCodeError(f"No row of table {t.key} holds {p}: {_first_misfit(t, p)}")
    return dict(sorted(out.items()))


def _first_misfit(t: Table, code: str) -> str:
    """Which character of ``code`` is the first that no row of ``t`` allows with the ones before it, and what would."""
    for position in range(4, len(code) + 1):
        chosen = code[3 : position - 1]
        allowed: dict[str, str] = {}
        for row in t.rows:
            if all(chosen[i] in row.axes[i] for i in range(len(chosen))):
                allowed.update(row.axes[position - 4])
        value = code[position - 1]
        if value not in allowed:
            name = t.titles[position - 1].lower()
            label = t.label(position, value)
            known = f" ({label})" if label else ""
            choices = ", ".join(f"{k} {v}" for k, v in sorted(allowed.items()))
            return (
                f"character {position} ({name}) {value!r}{known} does not fit after {code[: position - 1]}; "
                f"the values that would are: {choices}."
            )
    return "every character fits."  # pragma: no cover - only called on a misfit


def build(*characters: str) -> str:
    """The code made of seven characters (or one 7-character string), checked against the shipped tables.

    ``build('0', 'F', 'T', '4', '4', 'Z', 'Z') == '0FT44ZZ'``. Raises UnknownCodeError naming the first character
    that no row allows after the ones before it, with the values that would fit.
    """
    text = "".join(characters) if all(isinstance(c, str) for c in characters) else None
    if text is None:
        raise CodeFormatError("build() takes the seven characters as text, such as build('0', 'D', 'T', ...).")
    code = _clean(text, 7, 7)
    t = table(code[:3])
    if not any(all(code[i] in row.axes[i - 3] for i in range(3, 7)) for row in t.rows):
        raise UnknownCodeError(f"{code} is not in table {t.key}: {_first_misfit(t, code)}")
    return code


def is_valid(code: str) -> bool:
    """True if the code is valid in a shipped table; False for anything else (never raises)."""
    try:
        build(code)
    except CodeFormatError:
        return False
    return True


def decode(code: str) -> Decoded:
    """The labels of a valid code's seven characters, read from its table (raises like :func:`build`)."""
    norm = build(code)
    t = table(norm[:3])
    row = next(r for r in t.rows if all(norm[i] in r.axes[i - 3] for i in range(3, 7)))
    labels = (*t.labels, *(row.axes[i - 3][norm[i]] for i in range(3, 7)))
    return Decoded(norm, tuple(zip(t.titles, norm, labels, strict=True)))


def codes(keys: Sequence[str] | None = None) -> Iterator[str]:
    """Every valid code of the given shipped tables (all of them by default), table by table, row by row."""
    for key in keys if keys is not None else sorted(tables()):
        t = table(key)
        for row in t.rows:
            yield from row.codes(t.key)
