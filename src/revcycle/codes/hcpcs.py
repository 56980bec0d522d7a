"""HCPCS Level II codes and modifiers from the CMS January 2026 quarterly file (public domain).

HCPCS Level II codes are one letter and four digits (E0114 crutches, J1100 dexamethasone) for supplies,
equipment, drugs and services CPT lacks. The descriptions are shown as CMS wrote them. Search uses the
same SQLite FTS5 machinery as revcycle.codes.icd10cm, built once into the cache folder (REVCYCLE_CACHE_DIR).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import cache as _memo
from importlib import resources

from revcycle.codes.engine import cache, expand, fts
from revcycle.core.errors import CodeFormatError, DataError, UnknownCodeError

__all__ = [
    "EFFECTIVE",
    "RELEASE",
    "HcpcsCode",
    "Hit",
    "Modifier",
    "describe",
    "is_valid",
    "modifier",
    "modifiers",
    "normalize",
    "search",
]

CODES_FILE = "hcpcs_2026.csv.gz"
MODIFIERS_FILE = "hcpcs_modifiers_2026.csv.gz"
RELEASE = "HCPCS Level II, CMS January 2026 quarterly file (HCPC2026_JAN_ANWEB_01122026)"
EFFECTIVE = date(2026, 1, 1)
_SCHEMA = "hcpcs-db-6"
_CODE = re.compile(r"[A-Z][0-9]{4}")
_MAX_LIMIT = 200


@dataclass(frozen=True)
class HcpcsCode:
    """One HCPCS Level II code; `terminated` is the last date Medicare accepts it (None while current)."""

    code: str
    description: str
    short_description: str
    betos: str
    added: date | None
    effective: date | None
    terminated: date | None

    def active_on(self, day: date) -> bool:
        """True if the code can be billed for a service on `day`."""
        return (self.added is None or self.added <= day) and (self.terminated is None or day <= self.terminated)


@dataclass(frozen=True)
class Modifier:
    """A two-character HCPCS Level II modifier (LT left side, XE separate encounter...)."""

    code: str
    description: str
    short_description: str
    added: date | None
    terminated: date | None


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: the code, its CMS description, a score in (0, 1], and whether it is current."""

    code: str
    title: str
    score: float
    active: bool
    matched: str = ""
    source: str = ""
    why: str = ""  # "" for the words as typed; else "synonym: ..." or "spelling: ..."


SOURCES = {0: "CMS long description", 1: "CMS short description",
           fts.VOCABULARY_SOURCE: "the project's search vocabulary"}

# A row of the codes table as _row() selects it: code, title, short, betos, added, effective, terminated
# (the dates as the CMS file writes them, YYYYMMDD or '').
_CodeRow = tuple[str, str, str, str, str, str, str]


def _day(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def _rows(name: str) -> list[dict[str, str]]:
    try:
        raw = resources.files("revcycle.data").joinpath(name).read_bytes()
    except FileNotFoundError as exc:  # pragma: no cover - a broken install
        raise DataError(f"The shipped file {name} is missing; reinstall the package.") from exc
    return list(csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8"))))


def _build(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE codes (code TEXT PRIMARY KEY, title TEXT NOT NULL, short TEXT NOT NULL, betos TEXT NOT NULL, "
        "added TEXT NOT NULL, effective TEXT NOT NULL, terminated TEXT NOT NULL, active INTEGER NOT NULL) "
        "WITHOUT ROWID"
    )
    rows = _rows(CODES_FILE)
    records = []
    docs = []
    for order, r in enumerate(rows):
        term = _day(r["termination_date"])
        active = int(term is None or term >= EFFECTIVE)
        records.append((r["code"], r["long_description"], r["short_description"], r["betos"], r["add_date"],
                        r["action_effective_date"], r["termination_date"], active))
        # Current codes sort before terminated ones among equally short descriptions.
        for source, text in ((0, r["long_description"]), (1, r["short_description"])):
            words = len(set(fts.tokenize(text)))
            docs.append(fts.Doc(text, r["code"], source, text, words, order + (0 if active else 100000)))
    conn.executemany("INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?, ?, ?)", records)
    fts.create(conn, "docs")
    fts.fill(conn, "docs", docs, {r["code"]: r["long_description"] for r in rows})
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('release', ?)", (RELEASE,))


def _key() -> str:
    data = resources.files("revcycle.data")
    sizes = [f"{n}:{len(data.joinpath(n).read_bytes())}" for n in (CODES_FILE,)]
    return "|".join([_SCHEMA, *sizes])


_conn: sqlite3.Connection | None = None
_searcher: fts.Searcher | None = None


def _db() -> sqlite3.Connection:
    global _conn
    if _conn is None:
        _conn = cache.open_db("hcpcs", _key(), _build)
    return _conn


def normalize(text: str) -> str:
    """The code in CMS form ('j1100 ' -> 'J1100'); raises CodeFormatError if it cannot be a HCPCS code."""
    if not isinstance(text, str):
        raise CodeFormatError(f"A HCPCS code must be text such as 'J1100', not {type(text).__name__}.")
    s = text.strip().upper()
    shown = repr(s[:20] + ("..." if len(s) > 20 else ""))
    if not s:
        raise CodeFormatError("The code is empty: type a HCPCS Level II code such as J1100.")
    if _CODE.fullmatch(s):
        return s
    if re.fullmatch(r"[0-9]{5}|[0-9]{4}[FTU]", s):
        raise CodeFormatError(f"{shown} is a CPT code (HCPCS Level I), not Level II: use revcycle.codes.cpt.")
    if re.fullmatch(r"[A-Z0-9]{2}", s):
        raise CodeFormatError(f"{shown} looks like a modifier: use revcycle.codes.hcpcs.modifier().")
    raise CodeFormatError(
        f"{shown} is not a HCPCS Level II code: those are one letter and four digits (J1100, E0114)."
    )


def _row(code: str) -> _CodeRow | None:
    row: _CodeRow | None = _db().execute(
        "SELECT code, title, short, betos, added, effective, terminated FROM codes WHERE code = ?", (code,)
    ).fetchone()
    return row


def is_valid(code: str, on: date | None = None) -> bool:
    """True if the code is in the file and billable on `on` (default: January 1, 2026)."""
    try:
        norm = normalize(code)
    except CodeFormatError:
        return False
    row = _row(norm)
    return row is not None and _record(row).active_on(on or EFFECTIVE)


def _record(row: _CodeRow) -> HcpcsCode:
    code, title, short, betos, added, effective, terminated = row
    return HcpcsCode(code, title, short, betos, _day(added), _day(effective), _day(terminated))


def describe(code: str) -> HcpcsCode:
    """The CMS record of a code, terminated codes included; raises CodeFormatError or UnknownCodeError."""
    norm = normalize(code)
    row = _row(norm)
    if row is None:
        near = [r[0] for r in _db().execute(
            "SELECT code FROM codes WHERE code >= ? AND code < ? ORDER BY code LIMIT 5", (norm[:3], norm[:3] + "~")
        )]
        hint = f" Codes starting {norm[:3]}: {', '.join(near)}." if near else " Find codes by words with search()."
        raise UnknownCodeError(f"{norm} is not in the {RELEASE}.{hint}")
    return _record(row)


def _clamp(limit: object) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise CodeFormatError(f"limit must be a whole number such as 10, not {limit!r:.40}.")
    return max(0, min(limit, _MAX_LIMIT))


def listing(on: date | None = None) -> list[tuple[str, str, bool]]:
    """Every code of the shipped file as (code, CMS long description, billable on ``on``), in file order: for
    tables, diffs and the website's look-up data. ``on`` defaults to the file's effective date."""
    day = on or EFFECTIVE
    out = []
    for r in _rows(CODES_FILE):
        end = _day(r["termination_date"])
        out.append((r["code"], r["long_description"], end is None or end >= day))
    return out


def search(query: str, limit: int = 10) -> list[Hit]:
    """Codes for a code prefix ('J11') or for words in their descriptions ('crutches'), best first.

    Raises CodeFormatError only for a non-text query or a non-integer limit; any text is safe.
    """
    global _searcher
    if not isinstance(query, str):
        raise CodeFormatError(f"search() needs text such as 'wheelchair' or 'J11', not {type(query).__name__}.")
    limit = _clamp(limit)
    text = query.strip()
    if not text or limit == 0:
        return []
    if re.fullmatch(r"[A-Za-z][0-9]{0,4}", text):
        prefix = text.upper()
        rows = _db().execute(
            "SELECT code, title, active FROM codes WHERE code >= ? AND code < ? ORDER BY code LIMIT ?",
            (prefix, prefix + "~", limit),
        ).fetchall()
        if rows:
            return [
                Hit(c, t, 1.0 if c == prefix else round(len(prefix) / 5, 4), bool(a), c,
                    "code" if c == prefix else "code prefix")
                for c, t, a in rows
            ]
    if _searcher is None:
        _searcher = fts.Searcher(_db(), "docs", "codes", ("active",))
    # A terminated code cannot be billed: current codes come first, each group in score order (a few more rows
    # are fetched so that current codes ranked just past the limit are not lost to terminated ones).
    found = expand.search(_searcher, query.lstrip(), min(_MAX_LIMIT, 2 * limit + 5), "hcpcs",
                          prefer=lambda row: bool(row.extra[0]))
    found.sort(key=lambda f: not f.row.extra[0])
    return [
        Hit(f.row.code, f.row.title, f.row.score, bool(f.row.extra[0]), f.row.label, SOURCES[f.row.source], f.why)
        for f in found[:limit]
    ]


@_memo
def _modifiers() -> dict[str, Modifier]:
    return {
        r["code"]: Modifier(r["code"], r["long_description"], r["short_description"], _day(r["add_date"]),
                            _day(r["termination_date"]))
        for r in _rows(MODIFIERS_FILE)
    }


def modifier(code: str) -> Modifier:
    """A HCPCS Level II modifier by its two characters ('lt' -> LT Left side)."""
    if not isinstance(code, str) or not re.fullmatch(r"[A-Za-z0-9]{2}", code.strip()):
        shown = repr(code[:20]) if isinstance(code, str) else type(code).__name__
        raise CodeFormatError(f"{shown} is not a modifier: modifiers are two letters or digits (LT, XE, GT).")
    norm = code.strip().upper()
    found = _modifiers().get(norm)
    if found is None:
        hint = " CPT modifiers (25, 59...) are in revcycle.codes.cpt.MODIFIERS." if norm.isdigit() else ""
        raise UnknownCodeError(f"{norm} is not a HCPCS Level II modifier in the {RELEASE}.{hint}")
    return found


def modifiers(query: str | None = None) -> list[Modifier]:
    """All Level II modifiers, or those whose description holds every word of `query`."""
    items = list(_modifiers().values())
    if not query:
        return items
    if not isinstance(query, str):
        raise CodeFormatError(f"modifiers() needs text such as 'left', not {type(query).__name__}.")
    words = set(fts.tokenize(query[: fts.MAX_QUERY_CHARS]))
    return [m for m in items if words <= set(fts.tokenize(f"{m.code} {m.description}"))]
