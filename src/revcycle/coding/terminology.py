"""Medical word parts: split an operative or diagnostic term into prefix, roots and suffix, and read it.

A medical word is built from a few kinds of parts: an optional **prefix** (``brady-``, slow), one or more
**roots**, each usually written as a **combining form** with its combining vowel (``cardi/o``, heart), and a
**suffix** (``-ectomy``, surgical removal of). The table of parts ships as data, ``revcycle/data/word_parts.csv``
(the project's own words; see PROVENANCE.md), with each part's kind, meaning, body system and an example word.

:func:`split` finds the most likely decomposition of a word with a small dynamic program: prefixes come first,
then roots (joined by their combining vowels), then at most one suffix; among the readings that use only known
parts it prefers the one with the fewest parts, then the one with the longest parts. A root may drop its last
letter before a part that starts with the same letter (``thorac/o`` + ``-centesis`` = thoracentesis). When no
reading uses known parts only, the result says so (``complete`` is False) and lists the known parts it did find,
rather than guessing. Its ``meaning`` reads the word the way terminology is taught: the suffix first, then the
prefix and the roots (``cholecystectomy``: surgical removal of the gallbladder).

:func:`laterality_of` is a teaching helper for the anatomy that changes a code: it reads an ICD-10-CM code's title
words (and its neighbours') to say whether the code names the right side, the left, both, an unspecified side,
or no side at all, and which character of the code carries that fact.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from revcycle.codes import icd10cm
from revcycle.core.errors import DataError, InputError

__all__ = [
    "BODY_SYSTEMS",
    "ENDOSCOPIES",
    "GI_TRACT",
    "Endoscopy",
    "Laterality",
    "Part",
    "Piece",
    "Split",
    "laterality_of",
    "lookup",
    "parts",
    "side_in_title",
    "split",
]

DATA_FILE = "word_parts.csv"
Kind = Literal["prefix", "root", "suffix"]
KINDS: tuple[Kind, ...] = ("prefix", "root", "suffix")
#: Body systems in the order of CPT's surgery sections (the breast is with the skin there, as in this table);
#: "general" holds the parts that belong to no one system (most prefixes and suffixes, directions, colours).
BODY_SYSTEMS = ("integumentary", "musculoskeletal", "respiratory", "cardiovascular", "hemic and lymphatic",
                "mediastinum and diaphragm", "digestive", "urinary", "male genital", "female genital", "endocrine",
                "nervous", "eye", "ear", "general")
MAX_LENGTH = 60
VOWELS = "aeiou"
#: Roots that, side by side, name one organ: read together instead of one by one.
COMPOUNDS: dict[tuple[str, ...], str] = {
    ("chol", "cyst"): "gallbladder",
    ("chol", "angi"): "bile ducts",
    ("lymph", "aden"): "lymph nodes",
    ("hyster", "salping", "oophor"): "uterus, fallopian tubes and ovaries",
}


@dataclass(frozen=True)
class Part:
    """One row of the word-part table."""

    part: str
    kind: Kind
    combining_form: str
    meaning: str
    body_system: str
    example: str

    @property
    def vowels(self) -> str:
        """The combining vowel(s) a root takes before another part ('o' for cardi/o, 'e' for chol/e)."""
        return self.combining_form.split("/", 1)[1] if self.kind == "root" and "/" in self.combining_form else ""

    @property
    def label(self) -> str:
        """How teaching writes the part: 'brady-', 'cardi/o', '-ectomy'."""
        return self.combining_form


@dataclass(frozen=True)
class Piece:
    """A stretch of the word: `text` as it appears (with any combining vowel after it), and the part it is
    (None for letters no known part covers). `elided` is a last letter the part dropped before the next part."""

    text: str
    part: Part | None
    vowel: str = ""
    elided: str = ""

    @property
    def kind(self) -> str:
        return self.part.kind if self.part else "unknown"


@dataclass(frozen=True)
class Split:
    """The reading of one word. `complete` is False when some letters match no known part."""

    term: str
    pieces: tuple[Piece, ...]
    complete: bool
    meaning: str | None
    reading: tuple[str, ...]
    message: str

    @property
    def parts(self) -> tuple[str, ...]:
        """The pieces as written in the word: ('chole', 'cyst', 'ectomy')."""
        return tuple(p.text for p in self.pieces)

    @property
    def known(self) -> tuple[Part, ...]:
        """The known parts found, in order (for an incomplete split, the ones of three letters or more)."""
        return tuple(p.part for p in self.pieces if p.part and (self.complete or len(p.text) >= 3))

    @property
    def suffix(self) -> Part | None:
        last = self.pieces[-1].part if self.pieces else None
        return last if last and last.kind == "suffix" else None

    @property
    def body_systems(self) -> tuple[str, ...]:
        """The body systems of the roots, in order, without repeats ('general' left out)."""
        found = [p.part.body_system for p in self.pieces if p.part and p.part.kind == "root"]
        return tuple(dict.fromkeys(s for s in found if s != "general"))

    def __str__(self) -> str:
        return " + ".join(self.parts)


@cache
def _table() -> tuple[Part, ...]:
    text = resources.files("revcycle.data").joinpath(DATA_FILE).read_text(encoding="utf-8")
    rows: list[Part] = []
    seen: set[tuple[str, str]] = set()
    for n, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        kind = row["kind"]
        if kind not in KINDS or not row["part"].isalpha() or (row["part"], kind) in seen:
            raise DataError(f"{DATA_FILE}, line {n}: a bad or repeated row ({row['part']!r}, {kind!r}).")
        if row["body_system"] not in BODY_SYSTEMS:
            raise DataError(f"{DATA_FILE}, line {n}: unknown body system {row['body_system']!r}.")
        seen.add((row["part"], kind))
        rows.append(Part(row["part"], kind, row["combining_form"], row["meaning"], row["body_system"],  # type: ignore[arg-type]
                         row["example"]))
    return tuple(rows)


@cache
def _by_text() -> dict[str, tuple[Part, ...]]:
    out: dict[str, list[Part]] = {}
    for p in _table():
        out.setdefault(p.part, []).append(p)
    return {k: tuple(sorted(v, key=lambda p: KINDS.index(p.kind))) for k, v in out.items()}


def parts(kind: str | None = None, body_system: str | None = None) -> list[Part]:
    """Every part in the table, in table order, optionally of one kind and one body system."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}.")
    if body_system is not None and body_system not in BODY_SYSTEMS:
        raise InputError(f"body_system must be one of {', '.join(BODY_SYSTEMS)}, not {body_system!r}.")
    return [p for p in _table() if kind in (None, p.kind) and body_system in (None, p.body_system)]


def lookup(part: str) -> list[Part]:
    """The rows for a part, written any usual way: 'cardi/o', 'cardio', 'cardi', '-ectomy', 'ectomy', 'brady-'.

    A leading dash asks for a suffix only, a trailing dash for a prefix only. Raises InputError when nothing
    matches, naming split() for a whole word.
    """
    if not isinstance(part, str) or not part.strip():
        raise InputError("Type a word part such as 'cardi/o', '-ectomy' or 'brady-'.")
    raw = part.strip().lower()
    want: str | None = "suffix" if raw.startswith("-") else "prefix" if raw.endswith("-") else None
    stem = raw.strip("-")
    found = [p for p in _table() if p.combining_form.strip("-") == stem]
    if not found:
        base = stem.split("/", 1)[0]
        found = list(_by_text().get(base, ()))
        if not found and len(base) > 2:  # 'cardio': the root with its combining vowel
            found = [p for p in _by_text().get(base[:-1], ()) if p.kind == "root" and base[-1] in p.vowels]
    found = [p for p in found if want in (None, p.kind)]
    if not found:
        raise InputError(f"{part.strip()!r} is not in the word-part table. To read a whole word, use split(); "
                         "to list the parts, use parts().")
    return found


# --------------------------------------------------------------------------------------------- splitting

# Cost of a reading, compared in order: letters no part covers, number of parts, minus the sum of squared part
# lengths (longer parts win), number of roots (a prefix or suffix reading wins a tie).
Cost = tuple[int, int, int, int]
_STATES = ("start", "prefix", "root", "vowel", "suffix")
_NEXT: dict[str, set[str]] = {
    "start": {"prefix", "root", "suffix", "unknown"},
    "prefix": {"prefix", "root", "suffix", "unknown"},
    "root": {"root", "vowel", "suffix", "unknown"},
    "vowel": {"root", "suffix", "unknown"},
    "unknown": {"root", "suffix", "unknown"},
    "suffix": set(),
}


def _clean(term: object) -> str:
    if not isinstance(term, str):
        raise InputError(f"split() takes a word as text, such as 'cholecystectomy', not {type(term).__name__}.")
    word = term.strip().lower()
    if not word:
        raise InputError("The word is empty: type one medical word, such as 'cholecystectomy'.")
    if len(word) > MAX_LENGTH:
        raise InputError(f"{term.strip()[:20]!r}... is too long for one medical word ({MAX_LENGTH} letters at most).")
    bad = sorted({ch for ch in word if not ("a" <= ch <= "z")})
    if bad:
        shown = ", ".join(repr(b) for b in bad)
        raise InputError(f"{term.strip()!r} contains {shown}: split() reads one word of the letters a to z. "
                         "Split a phrase word by word, and leave out hyphens and apostrophes.")
    return word


@dataclass(frozen=True)
class _Step:
    start: int
    end: int
    state: str
    part: Part | None
    vowel: str = ""
    elided: str = ""


def _candidates(word: str, i: int, state: str, vowels: str) -> Iterable[tuple[_Step, str]]:
    """Every piece that can start at position i after a piece in `state`, with the vowels the new piece allows."""
    n = len(word)
    allowed = _NEXT[state]
    if "vowel" in allowed and vowels and word[i] in vowels:
        yield _Step(i, i + 1, "vowel", None, vowel=word[i]), ""
    table = _by_text()
    for j in range(i + 1, n + 1):
        chunk = word[i:j]
        for p in table.get(chunk, ()):
            if p.kind not in allowed or (p.kind == "suffix" and j != n):
                continue
            yield _Step(i, j, p.kind, p), p.vowels
        # a root that drops its last letter before a part starting with the same letter (thorac + centesis), or
        # its last vowel before a part starting with a vowel (peritone + itis = peritonitis)
        if j < n and "root" in allowed:
            drops = [word[j]] + ([v for v in VOWELS if v != word[j]] if word[j] in VOWELS else [])
            for letter in drops:
                for p in table.get(chunk + letter, ()):
                    if p.kind == "root":
                        yield _Step(i, j, "root", p, elided=letter), ""
        if "unknown" in allowed:
            yield _Step(i, j, "unknown", None), ""


def _cost(step: _Step) -> Cost:
    if step.state == "vowel":
        return (0, 0, 0, 0)
    size = step.end - step.start
    if step.state == "unknown":
        return (size, 1, 0, 0)
    return (0, 1, -size * size, 1 if step.state == "root" else 0)


def _add(a: Cost, b: Cost) -> Cost:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3])


def _best_path(word: str) -> list[_Step]:
    """The cheapest reading of the whole word (dynamic programming over position and grammar state)."""
    n = len(word)
    Key = tuple[int, str, str]  # position, state, vowels the last root allows
    best: dict[Key, tuple[Cost, Key | None, _Step | None]] = {(0, "start", ""): ((0, 0, 0, 0), None, None)}
    for i in range(n):
        here = sorted(k for k in best if k[0] == i)
        for key in here:
            cost = best[key][0]
            for step, vowels in _candidates(word, i, key[1], key[2]):
                nxt: Key = (step.end, step.state, vowels)
                total = _add(cost, _cost(step))
                if nxt not in best or total < best[nxt][0]:
                    best[nxt] = (total, key, step)
    ends = sorted((v[0], k) for k, v in best.items() if k[0] == n and k[1] in ("prefix", "root", "suffix", "unknown"))
    path: list[_Step] = []
    at: Key | None = ends[0][1]
    while at is not None:
        _cost_, prev, last = best[at]
        if last is None:
            break
        path.append(last)
        at = prev
    return path[::-1]


def _pieces(word: str, path: list[_Step]) -> tuple[Piece, ...]:
    out: list[Piece] = []
    for step in path:
        text = word[step.start:step.end]
        if step.state == "vowel" and out:
            last = out[-1]
            out[-1] = Piece(last.text + text, last.part, vowel=text, elided=last.elided)
        elif step.state == "unknown" and out and out[-1].part is None:
            out[-1] = Piece(out[-1].text + text, None)
        else:
            out.append(Piece(text, step.part, elided=step.elided))
    return tuple(out)


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _first_sense(meaning: str) -> str:
    """'bladder, sac' -> 'bladder'; 'neck; the cervix of the uterus' -> 'neck': the first sense, for reading."""
    return re.split(r"[;,]", meaning, maxsplit=1)[0].strip()


def _roots_phrase(roots: list[Part]) -> str:
    words: list[str] = []
    i = 0
    while i < len(roots):
        for size in (3, 2):
            key = tuple(r.part for r in roots[i:i + size])
            if len(key) == size and key in COMPOUNDS:
                words.append(COMPOUNDS[key])
                i += size
                break
        else:
            words.append(_first_sense(roots[i].meaning))
            i += 1
    return _join(words) if words else ""


def _meaning(pieces: tuple[Piece, ...]) -> tuple[str, tuple[str, ...]]:
    known = [p.part for p in pieces if p.part]
    prefixes = [p for p in known if p.kind == "prefix"]
    roots = [p for p in known if p.kind == "root"]
    suffixes = [p for p in known if p.kind == "suffix"]
    words = [*(_first_sense(p.meaning) for p in prefixes)]
    phrase = _roots_phrase(roots)
    if phrase:
        words.append(phrase)
    body = " ".join(words)
    if suffixes and not roots:  # an + emia: 'without' + 'blood condition', the suffix read as a noun
        meaning = f"{body} {re.sub(r' (of|in|to|from|at|with)$', '', suffixes[0].meaning)}".strip()
    else:
        meaning = f"{suffixes[0].meaning} {body}".strip() if suffixes else body
    order = suffixes + prefixes + roots  # suffix first, as terminology is taught
    reading = tuple(f"{p.label}: {p.meaning}" for p in order)
    return meaning, reading


def split(term: str) -> Split:
    """The most likely reading of a medical word as known parts, with its meaning assembled suffix first.

    'cholecystectomy' -> chole + cyst + ectomy, 'surgical removal of gallbladder'; 'bradycardia' -> brady + cardi
    + a. When some letters match no part, `complete` is False, `meaning` is None and `message` names the known
    parts found. Raises InputError for empty input or anything but the letters a to z.
    """
    word = _clean(term)
    pieces = _pieces(word, _best_path(word))
    complete = all(p.part for p in pieces)
    if complete:
        meaning, reading = _meaning(pieces)
        message = f"{word} = {' + '.join(p.text for p in pieces)}: {meaning}"
        return Split(word, pieces, True, meaning, reading, message)
    found = [p for p in pieces if p.part and len(p.text) >= 3]
    if found:
        listed = ", ".join(f"{p.part.label} ({p.part.meaning})" for p in found if p.part)
        message = (f"No full split found for {word!r}: the known parts in it are {listed}; the letters "
                   f"{', '.join(repr(p.text) for p in pieces if not p.part)} match no part in the table.")
    else:
        message = f"No full split found for {word!r}: it holds no known part of three letters or more."
    reading = tuple(f"{p.part.label}: {p.part.meaning}" for p in found if p.part)
    return Split(word, pieces, False, None, reading, message)


# --------------------------------------------------------------------------------------------- the GI tract

#: The segments of the digestive tract in the order food passes them, mouth to anus.
GI_TRACT = ("esophagus", "stomach", "duodenum", "jejunum", "ileum", "cecum", "ascending colon", "transverse colon",
            "descending colon", "sigmoid colon", "rectum", "anus")


@dataclass(frozen=True)
class Endoscopy:
    """A family of GI endoscopy codes as the book summarizes it (its own words, not CPT's): the scope's way in,
    the segments a complete examination of the family covers (from the way in), and its diagnostic base code."""

    family: str
    base_code: str
    entry: Literal["mouth", "anus"]
    reaches: tuple[str, ...]
    note: str = ""

    @property
    def furthest(self) -> str:
        return self.reaches[-1]


ENDOSCOPIES: tuple[Endoscopy, ...] = (
    Endoscopy("esophagoscopy", "43200", "mouth", ("esophagus",)),
    Endoscopy("esophagogastroduodenoscopy (EGD)", "43235", "mouth", ("esophagus", "stomach", "duodenum"),
              "the jejunum too where the anatomy calls for it (after some stomach surgery)"),
    Endoscopy("enteroscopy", "44360", "mouth", ("esophagus", "stomach", "duodenum", "jejunum"),
              "past the second part of the duodenum, into the small intestine"),
    Endoscopy("anoscopy", "46600", "anus", ("anus",)),
    Endoscopy("proctosigmoidoscopy (rigid)", "45300", "anus", ("anus", "rectum", "sigmoid colon")),
    Endoscopy("flexible sigmoidoscopy", "45330", "anus", ("anus", "rectum", "sigmoid colon"),
              "sometimes a little of the descending colon"),
    Endoscopy("colonoscopy", "45378", "anus", ("anus", "rectum", "sigmoid colon", "descending colon",
                                               "transverse colon", "ascending colon", "cecum"),
              "the end of the ileum too when the scope passes the valve"),
)


# --------------------------------------------------------------------------------------------- laterality

Side = Literal["right", "left", "bilateral", "unspecified", "none"]
_BILATERAL = re.compile(r"\bbilateral\b", re.IGNORECASE)
# "left ventricular failure", "right bundle-branch block": a part of the heart, not a side of the body; "foreign
# body accidentally left in body": a verb
_NOT_A_SIDE = (r"(?![\s-]+(?:ventric|atri|heart|bundle|main|anterior fascicular|posterior fascicular|colon|colic|"
               r"coronary|circumflex|in\b|during\b|sided heart))")
_RIGHT = re.compile(r"\bright\b" + _NOT_A_SIDE, re.IGNORECASE)
_LEFT = re.compile(r"\bleft\b" + _NOT_A_SIDE, re.IGNORECASE)
_SIDED_WORD = re.compile(r"\b(?:right|left)\s+(\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class Laterality:
    """What a code says about the side of the body, and which character says it.

    `position` is the character position (1 to 7, the dot not counted) where this code and a code for another
    side of the same condition differ, and `character` the value there; both are None when the code names no
    side or no neighbour names another one.
    """

    code: str
    title: str
    side: Side
    position: int | None
    character: str | None
    evidence: str

    def __str__(self) -> str:
        where = f", character {self.position} = {self.character}" if self.position else ""
        return f"{self.code}: {self.side}{where} ({self.evidence})"


def side_in_title(title: str) -> Side:
    """The side a code title names by its own words: 'right', 'left', 'bilateral', 'unspecified' (only when the
    title says 'unspecified side') or 'none'. laterality_of() also reads the neighbouring codes."""
    return _side_of_title(title)[0]


def _side_of_title(title: str, neighbours: Iterable[str] = ()) -> tuple[Side, str]:
    if _BILATERAL.search(title):
        return "bilateral", "the title says 'bilateral'"
    right, left = bool(_RIGHT.search(title)), bool(_LEFT.search(title))
    if right and left:
        return "bilateral", "the title names both sides"
    if right:
        return "right", "the title says 'right'"
    if left:
        return "left", "the title says 'left'"
    sided = {m.lower() for t in neighbours for m in _SIDED_WORD.findall(t)}
    for word in sorted(sided):
        if re.search(rf"\bunspecified\s+{re.escape(word)}\b", title, re.IGNORECASE):
            return "unspecified", f"the title says 'unspecified {word}' where its neighbours name a side"
    if re.search(r"\bunspecified (?:side|laterality)\b", title, re.IGNORECASE):
        return "unspecified", "the title says the side is unspecified"
    return "none", "the title names no side of the body"


def _base(code: str, on: icd10cm.DateLike) -> str:
    """The code without its 7th character and placeholder X (S52.92XA -> S52.92), when that is a code."""
    compact = code.replace(".", "")
    if len(compact) == 7:
        stem = compact[:6].rstrip("X")
        dotted = stem[:3] + ("." + stem[3:] if len(stem) > 3 else "")
        if icd10cm.is_valid(dotted, on=on) and not icd10cm.is_billable(dotted, on=on):
            return dotted
    return code


def _parent(code: str, on: icd10cm.DateLike) -> str | None:
    compact = code.replace(".", "")
    for n in range(len(compact) - 1, 2, -1):
        cand = compact[:3] + ("." + compact[3:n] if n > 3 else "")
        if icd10cm.is_valid(cand, on=on) and code in icd10cm.children(cand, on=on):
            return cand
    return None


def _class(title: str, neighbours: Iterable[str]) -> str:
    """The side a neighbouring code names, with 'unilateral' kept apart from 'none' (M17.1 beside M17.0)."""
    side = _side_of_title(title, neighbours)[0]
    return "unilateral" if side == "none" and re.search(r"\bunilateral\b", title, re.IGNORECASE) else side


def _side_position(base: str, side: Side, on: icd10cm.DateLike) -> tuple[int | None, str | None]:
    """Where `base` and a code for another side of the same condition first differ, climbing the tabular list
    until a level has such a neighbour (L97.411: the neighbours differ by depth, L97.41 and L97.42 by side)."""
    level: str | None = base
    while level is not None and len(level.replace(".", "")) > 3:
        parent = _parent(level, on)
        if parent is None:
            break
        siblings = {c: icd10cm.title(c, on=on) for c in icd10cm.children(parent, on=on) if c != level}
        here = icd10cm.title(level, on=on)
        for sib, sib_title in siblings.items():
            other = _class(sib_title, [*siblings.values(), here])
            if other not in (side, "none"):
                a, b = level.replace(".", ""), sib.replace(".", "")
                diff = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), None)
                if diff is not None:
                    return diff + 1, a[diff]
        if _side_of_title(icd10cm.title(parent, on=on), siblings.values())[0] != side:
            break
        level = parent
    return None, None


def laterality_of(icd10cm_code: str, on: icd10cm.DateLike = None) -> Laterality:
    """Right, left, bilateral, unspecified side, or none, read from an ICD-10-CM code's title (a teaching helper).

    The side comes from the title words ('right', 'left', 'bilateral'; 'unspecified knee' when the neighbouring
    codes name a right and a left knee). Words such as 'left ventricular' that name part of an organ are not a
    side. For a code with a 7th character the side is read at the code without it. Raises CodeFormatError (an
    InputError) for text that is not a code, UnknownCodeError for a code not in the release in force `on`.
    """
    code = icd10cm.normalize(icd10cm_code)
    title = icd10cm.title(code, on=on)
    base = _base(code, on)
    parent = _parent(base, on)
    neighbours = [icd10cm.title(c, on=on) for c in icd10cm.children(parent, on=on) if c != base] if parent else []
    side, evidence = _side_of_title(title, neighbours)
    position, character = _side_position(base, side, on) if side != "none" else (None, None)
    return Laterality(code, title, side, position, character, evidence)
