"""ICD-10-CM diagnosis codes: validate, describe, add 7th characters, search, and look terms up in the index.

Two releases are shipped, and every function that judges a code takes `on=`, the date of service (a date or
ISO text; default today), and uses the release in force that day: FY2026 (CDC's April 1, 2026 update, as
simple-icd-10-cm carries it) for October 1, 2025 to September 30, 2026, and FY2027 (FY2026 plus the official
FY2027 addenda) from October 1, 2026. `release(on)` names it; `status(code, on)` gives a verdict with the
reason (deleted, not yet in force, a header since ...). Each release's data is
copied once into an SQLite file in a cache folder (see `revcycle.codes.engine.cache`; override the folder with
the REVCYCLE_CACHE_DIR environment variable), so nothing here imports simple-icd-10-cm at run time and
every call after the first takes well under a millisecond. The first call in a new environment builds the
release's file (about 20 s).

Search also covers the FY2025 Alphabetic Index (a third-party flattening that keeps only the first code of
each term), the CDC FY2025 External Cause Index, Table of Drugs and Chemicals and Neoplasm Table. Every
index code is confirmed against the release's tabular list before it is shown, and billable status always
comes from that tabular list.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from revcycle.codes.engine import cache, expand, fts
from revcycle.codes.engine import icd10cm_release as _release
from revcycle.codes.engine import icd10cm_sources as _src
from revcycle.codes.engine.icd10cm_addenda import load as _load_addenda
from revcycle.codes.engine.icd10cm_release import RELEASES, Release
from revcycle.core.dates import parse_date
from revcycle.core.errors import CodeFormatError, DataError, InputError, UnknownCodeError

__all__ = [
    "PRIMARY",
    "RELEASE",
    "RELEASES",
    "SOURCES",
    "Chapter",
    "CodeInfo",
    "CodeStatus",
    "DateLike",
    "Hit",
    "IndexEntry",
    "Note",
    "Release",
    "Section",
    "SeventhOption",
    "TableRow",
    "billable_code",
    "blocks",
    "categories",
    "chapters",
    "children",
    "codes",
    "describe",
    "drug_table",
    "history",
    "index_info",
    "index_lookup",
    "is_billable",
    "is_valid",
    "listing",
    "neoplasm_table",
    "normalize",
    "release",
    "releases",
    "search",
    "status",
    "title",
    "with_seventh",
]

DateLike = date | str | None
"""A date of service: a date, ISO text such as '2026-10-01', or None for today."""

PRIMARY: Release = _release.PRIMARY
"""The release the book teaches (FY2027); pass `on=PRIMARY.effective_from` where output must not depend on today."""

RELEASE: str = PRIMARY.name
"""The name of the release the book teaches: 'ICD-10-CM FY2027 (October 1, 2026 release)'."""

SOURCES: dict[int, str] = {**_src.SOURCE_LABELS, fts.VOCABULARY_SOURCE: "the project's search vocabulary"}
"""Where a search hit's matching term comes from (tabular list, index or table), keyed by source id."""

DRUG_COLUMNS = _src.DRUG_COLUMNS
NEOPLASM_COLUMNS = _src.NEOPLASM_COLUMNS
PATH_SEP = " \u203a "

_MAX_LIMIT = 200
# A letter then a digit, except FY2026's new QA0 category, whose second character is a letter.
_CODE_PREFIX = re.compile(
    r"(?:[Qq][Aa](?:[0-9A-Za-z](?:\.?[0-9A-Za-z]{0,4})?)?|[A-Za-z](?:[0-9](?:[0-9A-Za-z](?:\.?[0-9A-Za-z]{0,4})?)?)?)\.?"
)
_SEVENTH_CHAR = re.compile(r"[0-9A-Z]")


# --- data classes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    """One instructional note; `source` is where the tabular list writes it (the code, a parent, a block)."""

    kind: str
    text: str
    source: str


@dataclass(frozen=True)
class SeventhOption:
    """A 7th character and its meaning (`note` holds extra wording the tabular list gives some of them)."""

    char: str
    meaning: str
    note: str = ""


@dataclass(frozen=True)
class Section:
    """A chapter (id '4') or block (id 'E08-E13') of the tabular list."""

    kind: str
    id: str
    title: str
    span: str


@dataclass(frozen=True)
class Chapter:
    """A chapter with its size: how many categories, codes of any level and billable codes it holds."""

    number: int
    title: str
    span: str
    categories: int
    codes: int
    billable: int


@dataclass(frozen=True)
class CodeInfo:
    """Everything the tabular list says about one code, with the notes it inherits from above.

    Notes written at a parent, block or chapter apply to every code below them, so each Note carries its
    `source`. `parents` runs from the nearest parent up to the category.
    """

    code: str
    title: str
    kind: str
    billable: bool
    chapter: Section
    block: Section
    parents: tuple[str, ...]
    children: tuple[str, ...]
    includes: tuple[Note, ...]
    inclusion_terms: tuple[Note, ...]
    excludes1: tuple[Note, ...]
    excludes2: tuple[Note, ...]
    code_first: tuple[Note, ...]
    use_additional_code: tuple[Note, ...]
    code_also: tuple[Note, ...]
    notes: tuple[Note, ...]
    seventh_note: str
    seventh_options: tuple[SeventhOption, ...]
    needs_seventh: bool
    seventh: str | None
    release: str
    data_note: str = ""

    def to_text(self) -> str:
        """A plain-text card of the code and its notes, as a coder reads it in the tabular list."""
        status = "billable" if self.billable else "not billable (a header: choose a more specific code)"
        if self.needs_seventh:
            status = "not billable until a 7th character is added"
        lines = [f"{self.code}  {self.title}", f"  {status}; {self.kind}; {self.release}"]
        if self.data_note:
            lines.append(f"  Note: {self.data_note}")
        lines.append(f"  Chapter {self.chapter.id}: {self.chapter.title} ({self.chapter.span})")
        lines.append(f"  Block {self.block.span}: {self.block.title}")
        if self.parents:
            lines.append("  Parents: " + " < ".join(self.parents))
        for label, items in (
            ("Includes", self.includes),
            ("Inclusion terms", self.inclusion_terms),
            ("Excludes1 (never together)", self.excludes1),
            ("Excludes2 (may be coded together)", self.excludes2),
            ("Code first", self.code_first),
            ("Use additional code", self.use_additional_code),
            ("Code also", self.code_also),
        ):
            if items:
                lines.append(f"  {label}:")
                lines += [f"    - {n.text}" + ("" if n.source == self.code else f"  [at {n.source}]")
                          for n in items]
        if self.seventh_options:
            lines.append("  7th characters: " + "; ".join(f"{o.char} {o.meaning}" for o in self.seventh_options))
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: the code, its title in the release searched, a score in (0, 1], and what matched where."""

    code: str
    title: str
    score: float
    billable: bool
    matched: str = ""
    source: str = ""
    why: str = ""  # "" for the words as typed; else "synonym: CHF = ..." or "spelling: pnuemonia -> pneumonia"


@dataclass(frozen=True)
class IndexEntry:
    """A term of the Alphabetic or External Cause Index, with the tabular code its code is confirmed as."""

    source: str
    level: int
    path: tuple[str, ...]
    nonessential: str
    code: str
    confirmed: str | None
    billable: bool
    see: str
    see_also: str


@dataclass(frozen=True)
class CodeChange:
    """A change the official addenda made to a code: 'added', 'deleted', 'became a header', 'title revised'."""

    release: str
    effective: date
    change: str
    title: str
    previous_title: str = ""


@dataclass(frozen=True)
class CodeStatus:
    """The verdict on a code for a date of service, with the reason in plain words.

    `verdict` is one of 'billable', 'header', 'needs 7th', 'deleted', 'not yet', 'unknown', 'malformed';
    `choices` holds the codes to pick from instead (the codes below a header, or near a deleted code).
    """

    code: str
    verdict: str
    release: str
    message: str
    choices: tuple[str, ...] = ()

    @property
    def billable(self) -> bool:
        return self.verdict == "billable"


@dataclass(frozen=True)
class TableRow:
    """A row of the Drug or Neoplasm table; `codes[i]` sits under `columns[i]` ('' where the table has --)."""

    table: str
    level: int
    path: tuple[str, ...]
    nonessential: str
    columns: tuple[str, ...]
    codes: tuple[str, ...]
    confirmed: tuple[str | None, ...]
    see: str
    see_also: str


# --- database ---------------------------------------------------------------------------------------

# A row of the codes table as _row() selects it: code, title, kind, billable, parent, block, chapter,
# needs_seventh, seventh (SQLite integers for the two flags).
_CodeRow = tuple[str, str, str, int, str | None, str, int, int, str | None]
# A row of the terms table as _TERM_COLS selects it: id, source, level, path, nemod, code, confirmed, see,
# see_also, cells, key.
_TermRow = tuple[int, int, int, str, str, str, str | None, str, str, str, str]


class _Edition:
    """One release's database and searcher, opened (and built if needed) on first use."""

    def __init__(self, release: Release) -> None:
        self.release = release
        self._conn: sqlite3.Connection | None = None
        self._searcher: fts.Searcher | None = None
        self._unspecified: dict[str, tuple[str, str] | None] = {}  # heading -> its unspecified billable code

    @property
    def db(self) -> sqlite3.Connection:
        if self._conn is None:
            installed = _release.detect(self.release)
            self._conn = cache.open_db(f"icd10cm-{self.release.id.lower()}", installed.key, self._build)
        return self._conn

    def unspecified_child(self, heading: str) -> tuple[str, str] | None:
        """The heading's first billable child titled 'unspecified' (code, title), or None; read once per heading
        (the release does not change under it). None too where the children differ only by a 7th character."""
        if heading not in self._unspecified:
            self._unspecified[heading] = self.db.execute(
                "SELECT c.code, c.title FROM codes AS c JOIN codes AS p ON p.code = c.parent WHERE c.parent = ? "
                "AND c.billable = 1 AND p.needs_seventh = 0 AND c.title LIKE '%unspecified%' ORDER BY c.ord LIMIT 1",
                (heading,)).fetchone()
        return self._unspecified[heading]

    @property
    def searcher(self) -> fts.Searcher:
        if self._searcher is None:
            self._searcher = fts.Searcher(self.db, "docs", "codes", ("billable",))
        return self._searcher

    def _build(self, conn: sqlite3.Connection) -> None:
        from revcycle.codes.engine import icd10cm_build

        try:
            icd10cm_build.build(conn, self.release)
        except ImportError as exc:
            raise DataError(
                "The ICD-10-CM data comes from the simple-icd-10-cm package, which is not installed: "
                "run `pip install simple-icd-10-cm==1.5.0` (or `pip install -r requirements.txt`)."
            ) from exc


_EDITIONS = {r.id: _Edition(r) for r in RELEASES}


def _day(on: DateLike) -> date:
    """The date of service asked about: today when none is given."""
    if on is None:
        return date.today()
    return parse_date(on, "The date of service (on=)", CodeFormatError)


def _edition(on: DateLike) -> _Edition:
    if on is None:  # the common case, kept cheap: today's release
        return _EDITIONS[_release.in_force(date.today()).id]
    return _EDITIONS[_release.in_force(_day(on)).id]


def release(on: DateLike = None) -> Release:
    """The ICD-10-CM release in force on a date of service (a date or ISO text; default today).

    Each release governs October 1 to September 30 of its fiscal year: `release("2026-09-30").id` is
    'FY2026' and `release("2026-10-01").id` is 'FY2027'.
    """
    return _release.in_force(_day(on))


def releases() -> tuple[Release, ...]:
    """Every release shipped, oldest first."""
    return RELEASES


def index_info(on: DateLike = None) -> dict[str, str]:
    """The release and counts recorded when its database was built (also builds it if needed)."""
    ed = _edition(on)
    return {k: v for k, v in ed.db.execute("SELECT key, value FROM meta ORDER BY key") if k != "release_key"}


# --- releases and changes ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _changes() -> dict[str, tuple[CodeChange, ...]]:
    """Every code the shipped addenda touch, with what each release did to it (oldest first)."""
    out: dict[str, list[CodeChange]] = {}
    for rel in RELEASES:
        for name in rel.addenda:
            add = _load_addenda(name)
            headers = add.became_headers
            old_titles = {c.code: c.title for c in add.of("revise_from")}
            for c in add.changes:
                if c.action == "revise_to":
                    what, before = "title revised", old_titles.get(c.code, "")
                elif c.code in headers:
                    if c.action == "delete":
                        continue
                    what, before = "became a header", ""
                else:
                    what, before = {"add": "added", "delete": "deleted"}.get(c.action, ""), ""
                if what:
                    out.setdefault(c.code, []).append(CodeChange(rel.id, rel.effective_from, what, c.title, before))
    return {k: tuple(v) for k, v in out.items()}


def history(code: str) -> list[CodeChange]:
    """What the shipped releases changed about a code ([] when it is unchanged since FY2026)."""
    return list(_changes().get(normalize(code), ()))


def _change(norm: str, rel: Release, kinds: tuple[str, ...]) -> CodeChange | None:
    return next((c for c in _changes().get(norm, ()) if c.release == rel.id and c.change in kinds), None)


def _data_note(rel: Release, norm: str, billable: bool) -> str:
    """Where the shipped data of `rel` say less about `norm` than the official tabular list does."""
    added = _change(norm, rel, ("added",))
    if added:
        return (f"New in {rel.id}: the shipped data carry its official title but not its own tabular notes "
                "(includes, excludes, code first, use additional code); the notes shown are those of the codes "
                f"above it. Check the {rel.id} tabular list for its own.")
    if _change(norm, rel, ("became a header",)):
        return (f"A header since {_release.long_date(rel.effective_from)} ({rel.id}); it was billable before. "
                f"Its notes are those it had in the previous release: {rel.id} may have moved some of them to "
                "the new codes below it.")
    revised = _change(norm, rel, ("title revised",))
    if revised:
        return f"Title revised in {rel.id}; it was '{revised.previous_title}'."
    return ""


def _elsewhere(ed: _Edition, norm: str) -> str:
    """Why a code missing from this release exists in another: deleted before it, or added after it."""
    rel = ed.release
    for change in _changes().get(norm, ()):
        if change.change == "deleted" and change.effective <= rel.effective_from:
            return (f"{norm} ({change.title}) was deleted from ICD-10-CM on "
                    f"{_release.long_date(change.effective)} ({change.release}): it is not valid for dates of "
                    f"service from then on.{_instead(ed, norm)}")
        if change.change == "added" and change.effective > rel.effective_from:
            return (f"{norm} ({change.title}) takes effect on {_release.long_date(change.effective)} "
                    f"({change.release}): for a date of service in {rel.id} ({rel.dates}) it is not yet a code."
                    f"{_instead(ed, norm)}")
    return ""


def _instead(ed: _Edition, norm: str) -> str:
    """' Use X (title).' or ' Under X: a, b, c.': what this release offers near a code it lacks."""
    near = _nearest_existing(ed, norm)
    if near is None:
        return ""
    row = _row(ed, near)
    if row and row[3]:
        return f" In {ed.release.id} use {near} ({row[1]})."
    kids = _children(ed, near)
    shown = ", ".join(kids[:6]) + (", ..." if len(kids) > 6 else "")
    return f" In {ed.release.id}, under {near} ({row[1] if row else ''}): {shown}."


def status(code: str, on: DateLike = None) -> CodeStatus:
    """Can this code go on a claim for a date of service `on` (default today)? The verdict and why.

    Never raises for a bad code: a malformed one gets verdict 'malformed' with the reason. A bad `on`
    raises CodeFormatError.
    """
    ed = _edition(on)
    rel = ed.release
    try:
        norm = normalize(code)
    except CodeFormatError as exc:
        return CodeStatus(str(code), "malformed", rel.id, str(exc))
    row = _row(ed, norm)
    if row is None:
        why = _elsewhere(ed, norm)
        if why:
            verdict = "deleted" if " deleted " in why.split(":")[0] else "not yet"
            near = _nearest_existing(ed, norm)
            return CodeStatus(norm, verdict, rel.id, why, tuple(_children(ed, near)) if near else ())
        return CodeStatus(norm, "unknown", rel.id, str(_unknown(ed, norm)))
    if row[3]:
        return CodeStatus(norm, "billable", rel.id, f"{norm} ({row[1]}) is billable in {rel.name}.")
    kids = _children(ed, norm)
    if row[7]:
        return CodeStatus(norm, "needs 7th", rel.id,
                          f"{norm} needs a 7th character to be complete in {rel.name}.", tuple(kids))
    listing = "; ".join(f"{k} {_lookup(ed, k)[1]}" for k in kids[:6]) + ("; ..." if len(kids) > 6 else "")
    if _change(norm, rel, ("became a header",)):
        return CodeStatus(norm, "header", rel.id,
                          f"{norm} has been a header since {_release.long_date(rel.effective_from)} ({rel.id}); "
                          f"it was billable before. Choose one of the codes below it: {listing}.", tuple(kids))
    return CodeStatus(norm, "header", rel.id,
                      f"{norm} is a header with more specific codes below it ({listing}); report one of them.",
                      tuple(kids))


# --- codes ------------------------------------------------------------------------------------------


def _shown(text: str) -> str:
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return repr(text[:20] + ("..." if len(text) > 20 else ""))


def normalize(text: str) -> str:
    """The code in tabular-list form ('e119 ' -> 'E11.9'); raises CodeFormatError if it cannot be a code.

    Checks the shape only (3 to 7 letters and digits, a letter first, a digit second except in the FY2026
    category QA0, the dot after the third); is_valid() says whether the code exists.
    """
    if not isinstance(text, str):
        raise CodeFormatError(f"An ICD-10-CM code must be text such as 'E11.9', not {type(text).__name__}.")
    s = text.strip().upper()
    shown = _shown(text.strip())
    if not s:
        raise CodeFormatError("The code is empty: type an ICD-10-CM code such as E11.9.")
    if len(s) > 12:
        raise CodeFormatError(
            f"{shown} is too long for an ICD-10-CM code, which has 3 to 7 characters (E11.9, S72.001A). "
            "To find a code by words, use search()."
        )
    if s.endswith("-"):
        raise CodeFormatError(
            f"{shown} ends in '-': in the index a dash means the code needs more characters. "
            "Look the code up in the tabular list and pick a complete code."
        )
    bad = sorted({ch for ch in s if not (ch.isascii() and (ch.isalnum() or ch == "."))})
    if bad:
        raise CodeFormatError(
            f"{shown} contains {', '.join(repr(b) for b in bad)}: ICD-10-CM codes use only letters, digits "
            "and one dot (E11.9). To find a code by words, use search()."
        )
    if s.count(".") > 1 or ("." in s and s.index(".") != 3):
        raise CodeFormatError(f"{shown} has a misplaced dot: the dot comes after the third character (E11.9).")
    compact = s.replace(".", "")
    if compact.isdigit():
        hint = " It looks like a CPT code; use revcycle.codes.cpt." if len(compact) == 5 else ""
        raise CodeFormatError(f"{shown} is not an ICD-10-CM code: those start with a letter (E11.9).{hint}")
    if not compact[0].isalpha():
        raise CodeFormatError(f"{shown} is not an ICD-10-CM code: the first character is a letter (E11.9).")
    if len(compact) < 3:
        raise CodeFormatError(
            f"{shown} is too short: an ICD-10-CM code has at least 3 characters (a category such as E11)."
        )
    if len(compact) > 7:
        raise CodeFormatError(f"{shown} is too long: an ICD-10-CM code has at most 7 characters (S72.001A).")
    if not compact[1].isdigit() and not compact.startswith("QA"):
        hint = " (the letter O where zero was meant?)" if compact[1] == "O" else ""
        hint = " (the letter I where one was meant?)" if compact[1] == "I" else hint
        raise CodeFormatError(f"{shown}: the second character of an ICD-10-CM code is a digit{hint}.")
    return compact[:3] + ("." + compact[3:] if len(compact) > 3 else "")


def _try_normalize(code: object) -> str | None:
    try:
        return normalize(code)  # type: ignore[arg-type]
    except CodeFormatError:
        return None


def _row(ed: _Edition, code: str) -> _CodeRow | None:
    row: _CodeRow | None = ed.db.execute(
        "SELECT code, title, kind, billable, parent, block, chapter, needs_seventh, seventh FROM codes "
        "WHERE code = ?",
        (code,),
    ).fetchone()
    return row


def is_valid(code: str, on: DateLike = None) -> bool:
    """True if the code exists, at any level (category, subcategory or code), in the release in force `on`."""
    norm = _try_normalize(code)
    return norm is not None and _row(_edition(on), norm) is not None


def is_billable(code: str, on: DateLike = None) -> bool:
    """True if the code is complete (no more characters below it) in the release in force `on`, so it can go
    on a claim for that date of service."""
    norm = _try_normalize(code)
    if norm is None:
        return False
    row = _row(_edition(on), norm)
    return bool(row and row[3])


def billable_code(value: object, what: str = "A diagnosis", on: DateLike = None) -> str:
    """A typed diagnosis as its dotted code, or InputError saying why it cannot go on a claim for `on` (not text, not
    a code, a heading, a deleted code): the one reader engines use for diagnoses a person gives them."""
    if not isinstance(value, str):
        raise InputError(f"{what} must be an ICD-10-CM code such as 'E11.22', not {value!r}.")
    try:
        code = normalize(value)
    except CodeFormatError as err:
        raise InputError(f"{what} {value!r} is not an ICD-10-CM code: {err}") from None
    verdict = status(code, on=on)
    if not verdict.billable:
        raise InputError(f"{what} {code} is not a billable ICD-10-CM code: {verdict.message}")
    return code


def title(code: str, on: DateLike = None) -> str:
    """The title of a code in the release in force `on`; raises CodeFormatError (or UnknownCodeError)."""
    return _lookup(_edition(on), code)[1]


def _placeholder_form(ed: _Edition, compact: str) -> str | None:
    """'T1490A' -> 'T14.90XA' when that exists: the 7th character typed without its placeholder X."""
    if len(compact) < 4 or len(compact) >= 7:
        return None
    padded = compact[:-1].ljust(6, "X") + compact[-1]
    dotted = padded[:3] + "." + padded[3:]
    return dotted if _row(ed, dotted) else None


def _nearest_existing(ed: _Edition, code: str) -> str | None:
    compact = code.replace(".", "")
    for n in range(len(compact) - 1, 2, -1):
        cand = compact[:n][:3] + ("." + compact[3:n] if n > 3 else "")
        if _row(ed, cand):
            return cand
    return compact[:3] if _row(ed, compact[:3]) else None


def _unknown(ed: _Edition, norm: str) -> UnknownCodeError:
    compact = norm.replace(".", "")
    fixed = _placeholder_form(ed, compact)
    if fixed:
        return UnknownCodeError(
            f"{norm} is not a code, but {fixed} is: a 7th character sits in the 7th position, so empty "
            "positions before it are filled with the placeholder X."
        )
    elsewhere = _elsewhere(ed, norm)
    if elsewhere:
        return UnknownCodeError(elsewhere)
    near = _nearest_existing(ed, norm)
    base = f"{norm} is not in {ed.release.name}."
    if near is None:
        return UnknownCodeError(f"{base} Check the characters, or find the code by words with search().")
    kids = _children(ed, near)
    near_title = _lookup(ed, near)[1]
    if kids:
        shown = ", ".join(kids[:6]) + (", ..." if len(kids) > 6 else "")
        return UnknownCodeError(f"{base} The nearest existing code is {near} ({near_title}); under it: {shown}.")
    return UnknownCodeError(f"{base} {near} ({near_title}) exists and has no subdivisions.")


def _lookup(ed: _Edition, code: str) -> _CodeRow:
    norm = normalize(code)
    row = _row(ed, norm)
    if row is None:
        raise _unknown(ed, norm)
    return row


def children(code: str, on: DateLike = None) -> list[str]:
    """The codes directly below a code in the release in force `on`, in tabular order (empty for a billable code)."""
    return _children(_edition(on), normalize(code))


def _children(ed: _Edition, norm: str) -> list[str]:
    return [r[0] for r in ed.db.execute("SELECT code FROM codes WHERE parent = ? ORDER BY ord", (norm,))]


def _ancestors(ed: _Edition, code: str) -> list[str]:
    rows = ed.db.execute(
        "WITH RECURSIVE up(code, parent, depth) AS (SELECT code, parent, 0 FROM codes WHERE code = ? "
        "UNION ALL SELECT c.code, c.parent, up.depth + 1 FROM codes AS c JOIN up ON c.code = up.parent) "
        "SELECT code FROM up ORDER BY depth",
        (code,),
    ).fetchall()
    return [r[0] for r in rows[1:]]


def _section(ed: _Edition, owner: str) -> Section:
    row = ed.db.execute("SELECT kind, title, span FROM sections WHERE id = ?", (owner,)).fetchone()
    kind, sec_title, span = row
    return Section(kind, owner.split(":", 1)[1], sec_title, span)


def _seventh_rows(ed: _Edition, owners: list[str]) -> list[tuple[str, str, str]]:
    """The 7th-character table nearest to the code: written at the code or its nearest ancestor."""
    for owner in owners:
        rows = ed.db.execute(
            "SELECT char, meaning, note FROM seventh WHERE owner = ? ORDER BY ord", (owner,)
        ).fetchall()
        if rows:
            return rows
    return []


def describe(code: str, on: DateLike = None) -> CodeInfo:
    """Title, place in the hierarchy, notes (own and inherited) and 7th-character options of a code, in the
    release in force `on` (default today). `data_note` says where the shipped data are incomplete.

    Raises CodeFormatError for text that cannot be a code and UnknownCodeError (a CodeFormatError) for a
    well-formed code that release lacks (saying when it was deleted or takes effect, if it exists in another).
    """
    ed = _edition(on)
    norm, code_title, kind, billable, _parent, block, chapter, needs, seventh = _lookup(ed, code)
    parents = _ancestors(ed, norm)
    block_owner = f"block:{block}"
    chapter_owner = f"chapter:{chapter}"
    owners = [norm, *parents, block_owner, chapter_owner]
    marks = ",".join("?" * len(owners))
    found: dict[str, list[Note]] = {}
    rank = {o: i for i, o in enumerate(owners)}
    rows = ed.db.execute(f"SELECT owner, kind, ord, text FROM notes WHERE owner IN ({marks})", owners)
    for owner, note_kind, _order, text in sorted(rows, key=lambda r: (rank[r[0]], r[1], r[2])):
        source = owner.split(":", 1)[1] if ":" in owner else owner
        if owner.startswith("block:"):
            source = f"block {source}"
        elif owner.startswith("chapter:"):
            source = f"chapter {source}"
        found.setdefault(note_kind, []).append(Note(note_kind, text, source))
    sevenths = _seventh_rows(ed, owners)
    if needs or seventh:
        base = norm[:-1] if seventh else norm
        padded = base.replace(".", "").ljust(6, "X")
        existing = {
            r[0][-1]
            for r in ed.db.execute(
                "SELECT code FROM codes WHERE compact >= ? AND compact < ? AND length(compact) = 7",
                (padded, padded + "~"),
            )
        }
        sevenths = [s for s in sevenths if s[0] in existing]
    seventh_note = next((n.text for n in found.get("seventh_note", [])), "")
    kids = tuple(r[0] for r in ed.db.execute("SELECT code FROM codes WHERE parent = ? ORDER BY ord", (norm,)))
    return CodeInfo(
        code=norm,
        title=code_title,
        kind=kind,
        billable=bool(billable),
        chapter=_section(ed, chapter_owner),
        block=_section(ed, block_owner),
        parents=tuple(parents),
        children=kids,
        includes=tuple(found.get("includes", ())),
        inclusion_terms=tuple(found.get("inclusion_term", ())),
        excludes1=tuple(found.get("excludes1", ())),
        excludes2=tuple(found.get("excludes2", ())),
        code_first=tuple(found.get("code_first", ())),
        use_additional_code=tuple(found.get("use_additional_code", ())),
        code_also=tuple(found.get("code_also", ())),
        notes=tuple(found.get("notes", ())),
        seventh_note=seventh_note,
        seventh_options=tuple(SeventhOption(c, m, n) for c, m, n in sevenths),
        needs_seventh=bool(needs),
        seventh=seventh,
        release=ed.release.name,
        data_note=_data_note(ed.release, norm, billable=bool(billable)),
    )


def with_seventh(code: str, char: str, on: DateLike = None) -> str:
    """The code with a 7th character added, placeholder X filling any empty positions (T14.90 + A -> T14.90XA).

    Raises CodeFormatError explaining why when the code takes no 7th character, is a header with more
    specific codes below it, already has one, or the character is not one the code allows.
    """
    if not isinstance(char, str) or not _SEVENTH_CHAR.fullmatch(char.strip().upper()):
        shown = _shown(char) if isinstance(char, str) else type(char).__name__
        raise CodeFormatError(f"{shown} is not a 7th character: give one letter or digit, such as A.")
    char = char.strip().upper()
    ed = _edition(on)
    norm = normalize(code)
    row = _row(ed, norm)
    if row is None:
        # 'T14.90X' typed for 'T14.90': the placeholder X belongs with the 7th character, so drop it.
        stripped = norm.rstrip("X").rstrip(".")
        stripped_row = _row(ed, stripped) if stripped != norm and len(stripped) >= 3 else None
        if stripped_row is None or not stripped_row[7]:
            raise _unknown(ed, norm)
        norm, row = stripped, stripped_row
    _, code_title, kind, billable, _parent, _block, _chapter, needs, seventh = row
    if seventh:
        raise CodeFormatError(
            f"{norm} already ends in a 7th character ({seventh}). Give the code without it "
            f"({norm[:-1].rstrip('X').rstrip('.')}) to choose another."
        )
    owners = [norm, *_ancestors(ed, norm)]
    defs = _seventh_rows(ed, owners)
    if not defs:
        why = "it is complete and billable as it is" if billable else "choose a more specific code below it"
        raise CodeFormatError(f"{norm} ({code_title}) takes no 7th character: {why}.")
    if not needs:
        kids = _children(ed, norm)
        shown = ", ".join(kids[:6]) + (", ..." if len(kids) > 6 else "")
        raise CodeFormatError(
            f"{norm} is a {kind} with more specific codes below it ({shown}): choose one of them, then add "
            "the 7th character."
        )
    padded = norm.replace(".", "").ljust(6, "X") + char
    result = padded[:3] + "." + padded[3:]
    if _row(ed, result):
        return result
    allowed = describe(norm, ed.release.effective_from).seventh_options
    listing = "; ".join(f"{o.char} = {o.meaning}" for o in allowed)
    if char in {d[0] for d in defs}:
        raise CodeFormatError(
            f"The tabular list does not allow 7th character {char} with {norm}. Allowed: {listing}."
        )
    raise CodeFormatError(f"{char} is not a 7th character for {norm} ({code_title}). Allowed: {listing}.")


# --- browsing ---------------------------------------------------------------------------------------


def chapters(on: DateLike = None) -> list[Chapter]:
    """The 22 chapters with their sizes in the release in force `on`, in tabular order."""
    return list(_chapters(_edition(on)))


@lru_cache(maxsize=4)
def _chapters(ed: _Edition) -> tuple[Chapter, ...]:
    counts = {
        ch: (cats, n, bill)
        for ch, cats, n, bill in ed.db.execute(
            "SELECT chapter, sum(kind = 'category' OR (parent IS NULL)), count(*), sum(billable) FROM codes "
            "GROUP BY chapter"
        )
    }
    out = []
    for sec_id, sec_title, span in ed.db.execute(
        "SELECT id, title, span FROM sections WHERE kind = 'chapter' ORDER BY ord"
    ):
        number = int(sec_id.split(":")[1])
        cats, n, bill = counts.get(number, (0, 0, 0))
        out.append(Chapter(number, sec_title, span, cats, n, bill))
    return tuple(out)


def blocks(chapter: int, on: DateLike = None) -> list[Section]:
    """The blocks (ranges of categories such as E08-E13) of a chapter, in tabular order."""
    rows = _edition(on).db.execute(
        "SELECT id, title, span FROM sections WHERE kind = 'block' AND chapter = ? ORDER BY ord", (int(chapter),)
    )
    return [Section("block", sec_id.split(":", 1)[1], sec_title, span) for sec_id, sec_title, span in rows]


def categories(block: str, on: DateLike = None) -> list[str]:
    """The 3-character categories of a block such as 'E08-E13', in tabular order."""
    rows = _edition(on).db.execute("SELECT code FROM codes WHERE block = ? AND parent IS NULL ORDER BY ord", (block,))
    return [r[0] for r in rows]


def codes(billable: bool | None = None, chapter: int | None = None, on: DateLike = None) -> list[str]:
    """All codes of the release in force `on`, in tabular order, optionally only billable (True) or header
    (False) ones, or one chapter."""
    sql = "SELECT code FROM codes WHERE 1"
    args: list[object] = []
    if billable is not None:
        sql += " AND billable = ?"
        args.append(int(billable))
    if chapter is not None:
        sql += " AND chapter = ?"
        args.append(int(chapter))
    return [r[0] for r in _edition(on).db.execute(sql + " ORDER BY ord", args)]


def listing(on: DateLike = None) -> list[tuple[str, str, bool]]:
    """Every code of the release in force `on` as (code, title, billable), in tabular order: ready for
    pandas.DataFrame(..., columns=["code", "title", "billable"]), e.g. to compare two releases."""
    rows = _edition(on).db.execute("SELECT code, title, billable FROM codes ORDER BY ord")
    return [(code, code_title, bool(billable)) for code, code_title, billable in rows]


# --- search -----------------------------------------------------------------------------------------


def _clamp(limit: object) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise CodeFormatError(f"limit must be a whole number such as 10, not {limit!r:.40}.")
    return max(0, min(limit, _MAX_LIMIT))


def _code_hits(ed: _Edition, prefix: str, limit: int) -> list[Hit]:
    """The code typed, then the codes under it level by level (S72, then S72.0-S72.9, then S72.00...)."""
    compact = prefix.upper().replace(".", "")
    hits: list[Hit] = []
    for size in range(max(3, len(compact)), 8):
        rows = ed.db.execute(
            "SELECT code, compact, title, billable FROM codes WHERE length(compact) = ? AND compact >= ? "
            "AND compact < ? ORDER BY compact LIMIT ?",
            (size, compact, compact + "~", limit - len(hits)),
        )
        hits += [
            Hit(code, t, 1.0 if comp == compact else round(len(compact) / len(comp), 4), bool(b), code,
                "code" if comp == compact else "code prefix")
            for code, comp, t, b in rows
        ]
        if len(hits) >= limit:
            break
    return hits


def search(query: str, limit: int = 10, on: DateLike = None) -> list[Hit]:
    """Codes for what a coder types, from the release in force `on`: a code or code prefix lists codes; words
    find titles, inclusion terms and index terms (the last word matched as a prefix while it is being typed).
    Best first.

    Raises CodeFormatError only for a non-text query or a non-integer limit; any text is safe.
    """
    if not isinstance(query, str):
        raise CodeFormatError(f"search() needs text such as 'diabetes' or 'E11', not {type(query).__name__}.")
    limit = _clamp(limit)
    ed = _edition(on)
    text = query.strip()
    if not text or limit == 0:
        return []
    hits: list[Hit] = []
    code_shaped = bool(_CODE_PREFIX.fullmatch(text))
    if code_shaped:
        hits = _code_hits(ed, text, limit)
    if not hits:
        # A code-shaped query that is no code ('E11.99') gets word matches only, not partial ones.
        found = expand.search(ed.searcher, query.lstrip(), limit, "icd10cm",
                              keep=lambda row: not (code_shaped and row.score < fts.PARTIAL),
                              prefer=lambda row: bool(row.extra[0]))
        hits += [Hit(f.row.code, f.row.title, f.row.score, bool(f.row.extra[0]), f.row.label,
                     SOURCES[f.row.source], f.why) for f in found]
        hits = _to_billable(ed, hits, limit)
    return hits


def _to_billable(ed: _Edition, hits: list[Hit], limit: int) -> list[Hit]:
    """A heading found by words is preceded by its unspecified billable code, the default a coder lands on
    ('leukemia' finds the heading C95.9; C95.90 is the code to report). Not where the codes below differ only
    by a 7th character (the encounter is for the coder to choose)."""
    out: dict[str, Hit] = {}
    for hit in hits:
        if not hit.billable:
            child = ed.unspecified_child(hit.code)
            if child is not None and child[0] not in out:  # found further down, it moves up to the heading
                note = f"{hit.code} is a heading: its unspecified code"
                out[child[0]] = Hit(child[0], child[1], hit.score, True, hit.matched, hit.source,
                                    f"{hit.why}; {note}" if hit.why else note)
        out.setdefault(hit.code, hit)
    return list(out.values())[:limit]


# --- index and tables -------------------------------------------------------------------------------


def _key(text: str) -> str:
    """An index look-up key: the words as written (not stemmed), as a coder finds a term in the book."""
    return " ".join(fts.words(text))


def _billable(ed: _Edition, code: str | None) -> bool:
    if not code:
        return False
    row = _row(ed, code)
    return bool(row and row[3])


_TERM_COLS = "id, source, level, path, nemod, code, confirmed, see, see_also, cells, key"


def _subtree(ed: _Edition, row_id: int, source: int, level: int) -> list[_TermRow]:
    """A term and its subterms: the rows after it until the next term at its level or above."""
    db = ed.db
    end = db.execute(
        "SELECT min(id) FROM terms WHERE source = ? AND level <= ? AND id > ?", (source, level, row_id)
    ).fetchone()[0]
    return db.execute(
        f"SELECT {_TERM_COLS} FROM terms WHERE id >= ? AND id < ? ORDER BY id", (row_id, end or 1 << 62)
    ).fetchall()


def _term_rows(
    ed: _Edition, sources: tuple[int, ...], query: str, limit: int, level: int = 0, above: str = ""
) -> list[_TermRow]:
    """Terms at `level` whose words start like the query's first comma part (exact matches first), with
    their subterms, kept when they hold the words of the other parts. `above` prefixes the key (the
    Neoplasm Table's sites sit under 'Neoplasm, neoplastic')."""
    if not isinstance(query, str):
        raise CodeFormatError(f"Look terms up with text such as 'diabetes', not {type(query).__name__}.")
    limit = _clamp(limit)
    parts = [p for p in (_key(p) for p in query[: fts.MAX_QUERY_CHARS].split(",")) if p]
    if not parts or limit == 0:
        return []
    marks = ",".join("?" * len(sources))
    db = ed.db

    def heads(prefix: str) -> list[tuple[int, int]]:
        full = (above + " " + prefix).strip()
        found = db.execute(
            f"SELECT id, source, key FROM terms WHERE source IN ({marks}) AND level = ? AND key >= ? AND key < ? "
            "LIMIT 200",
            (*sources, level, full, full + "\uffff"),
        ).fetchall()
        rank = sorted(found, key=lambda r: (r[2] != full, not r[2].startswith(full + " "), r[0]))
        return [(r[0], r[1]) for r in rank[:3]]

    found = heads(parts[0])
    filters = parts[1:]
    if not found and " " in parts[0]:
        first, rest = parts[0].split(" ", 1)
        found, filters = heads(first), [rest, *filters]
    rows: list[_TermRow] = []
    for row_id, source in found:
        rows += _subtree(ed, row_id, source, level)
    if filters:  # each comma part must appear, as a run of whole words, in the term's path
        rows = [r for r in rows if r[2] == level or all(f" {f} " in f" {r[10]} " for f in filters)]
    return rows[:limit]


def index_lookup(term: str, limit: int = 100, on: DateLike = None) -> list[IndexEntry]:
    """Look a main term up in the Alphabetic and External Cause indexes, as a coder opens the index book.

    'diabetes' gives the main term 'Diabetes, diabetic' and its subterms; 'diabetes, type 2' keeps the
    subterms whose words include 'type 2'. The Alphabetic Index here is FY2025 and derived (first code of
    each term only, manifestation codes dropped): confirm every code in the tabular list (describe()).
    """
    ed = _edition(on)
    rows = _term_rows(ed, (_src.INDEX, _src.EINDEX), term, limit)
    return [
        IndexEntry(
            SOURCES[source], level, tuple(path.split(PATH_SEP)), nemod, code, confirmed, _billable(ed, confirmed),
            see, see_also,
        )
        for _id, source, level, path, nemod, code, confirmed, see, see_also, _cells, _key in rows
    ]


def _table(ed: _Edition, source: int, columns: tuple[str, ...], name: str, query: str, limit: int) -> list[TableRow]:
    from revcycle.codes.engine.icd10cm_build import confirm

    if source == _src.NEOPLASM:  # every site is a subterm of the one main term 'Neoplasm, neoplastic'
        rows = _term_rows(ed, (source,), query, limit, level=1, above="neoplasm neoplastic")
    else:
        rows = _term_rows(ed, (source,), query, limit)
    out = []
    known = _KnownCodes(ed)
    for _id, _source, level, path, nemod, _code, _confirmed, see, see_also, cells, _key in rows:
        values = tuple("" if c.strip("-") == "" else c for c in cells.split("\t")) if cells else ("",) * 6
        out.append(
            TableRow(name, level, tuple(path.split(PATH_SEP)), nemod, columns, values,
                     tuple(confirm(v, known) if v else None for v in values), see, see_also)
        )
    return out


class _KnownCodes:
    """Membership test against the codes table, for confirm()."""

    def __init__(self, ed: _Edition) -> None:
        self.ed = ed

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and _row(self.ed, code) is not None


def drug_table(substance: str, limit: int = 50, on: DateLike = None) -> list[TableRow]:
    """Rows of the Table of Drugs and Chemicals (FY2025) for a substance, e.g. 'acetaminophen'.

    Codes here lack their 7th character (A, D or S): add it with with_seventh().
    """
    return _table(_edition(on), _src.DRUG, DRUG_COLUMNS, "drug", substance, limit)


def neoplasm_table(site: str, limit: int = 50, on: DateLike = None) -> list[TableRow]:
    """Rows of the Neoplasm Table (FY2025) for a site, e.g. 'lung' or 'lung, upper lobe'."""
    return _table(_edition(on), _src.NEOPLASM, NEOPLASM_COLUMNS, "neoplasm", site, limit)
