"""Review a coded diagnosis list against the ICD-10-CM tabular notes: what links the codes, and what is wrong.

A coder's list of ICD-10-CM codes for one encounter, in claim order, is checked the way a careful reviewer
reads the tabular list: each code must be complete (billable); an Excludes1 note on one code that names
another code on the list means the two are not reported together; a "code first" note names a code that must
come earlier; a "use additional code" note names one that follows; a manifestation ("in diseases classified
elsewhere") or an external-cause code may not be listed first; no code is listed twice.

Notes are read from the tabular list in force on the date of service `on` (default today) through
:func:`revcycle.codes.icd10cm.describe`, including the notes a code inherits from its category, block and
chapter. Only the code references in a note's parentheses are used ("(N18.1-N18.6)", "(E10.-)",
"(B95-B97)"); a note that names no code cannot be checked and is ignored.
The review reports what the tabular list says; whether the record supports a code is the coder's judgement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from revcycle.codes import icd10cm
from revcycle.core.errors import CodeFormatError

__all__ = ["Finding", "Link", "covers", "links", "note_refs", "review", "table"]

Severity = Literal["error", "warning", "ok", "reminder"]
LINK_KINDS = ("excludes1", "excludes2", "code_first", "use_additional_code", "code_also")
GUIDELINES = "ICD-10-CM Official Guidelines for Coding and Reporting FY2026"

_CODE = r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{0,4})?"
_RANGE = re.compile(rf"^({_CODE})\s*-\s*({_CODE})$")
_PREFIX = re.compile(rf"^({_CODE})\.?-$")
_SINGLE = re.compile(rf"^({_CODE})$")
_PARENS = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Link:
    """An instructional note on `code` that names `other`, another code on the same list."""

    kind: str
    code: str
    other: str
    note: str
    source: str


@dataclass(frozen=True)
class Finding:
    """One result of the review: `code` is the code it is about (position `position` on the list, from 1)."""

    severity: Severity
    position: int
    code: str
    message: str
    rule: str


def _compact(code: str) -> str:
    return code.replace(".", "").upper()


def note_refs(text: str) -> list[tuple[str, str]]:
    """The code references in a note's parentheses, as ('code' | 'prefix' | 'range', value) pairs.

    'tobacco dependence (F17.-)' -> [('prefix', 'F17')]; '(N18.1-N18.4, N18.9)' -> [('range', 'N18.1-N18.4'),
    ('code', 'N18.9')]. Parts that are not code references ('with .17, .27, .97') are skipped.
    """
    refs: list[tuple[str, str]] = []
    for group in _PARENS.findall(text or ""):
        for part in group.split(","):
            part = part.strip().upper()
            if m := _RANGE.match(part):
                refs.append(("range", f"{m.group(1)}-{m.group(2)}"))
            elif m := _PREFIX.match(part):
                refs.append(("prefix", m.group(1).rstrip(".")))
            elif m := _SINGLE.match(part):
                refs.append(("code", m.group(1)))
    return refs


def covers(ref: tuple[str, str], code: str) -> bool:
    """True if a note reference (from note_refs) takes in the code: itself, a code below it, or within a range."""
    kind, value = ref
    c = _compact(code)
    if kind == "range":
        low, high = (_compact(v) for v in value.split("-"))
        return c[: len(low)] >= low and c[: len(high)] <= high
    return c.startswith(_compact(value))


def _notes(info: icd10cm.CodeInfo, kind: str) -> tuple[icd10cm.Note, ...]:
    return getattr(info, kind)


def links(codes: list[str], on: icd10cm.DateLike = None) -> list[Link]:
    """Every note on a listed code that names another listed code, in list order (codes must be valid).

    When several notes of one kind on a code name the same other code, only the nearest one is kept.
    """
    infos = [icd10cm.describe(c, on) for c in codes]
    found: list[Link] = []
    seen: set[tuple[str, str, str]] = set()
    for info in infos:
        for kind in LINK_KINDS:
            for note in _notes(info, kind):
                refs = note_refs(note.text)
                for other in infos:
                    key = (kind, info.code, other.code)
                    if other.code != info.code and key not in seen and any(covers(r, other.code) for r in refs):
                        seen.add(key)
                        found.append(Link(kind, info.code, other.code, note.text, note.source))
    return found


def _where(source: str) -> str:
    return f"tabular note at {source}"


def review(codes: list[str], reminders: bool = False, on: icd10cm.DateLike = None) -> list[Finding]:
    """Check a diagnosis list (claim order, first-listed first) against the tabular notes and a few guidelines.

    Severities: 'error' (the list is wrong as written), 'warning' (look again), 'ok' (an instruction the list
    already follows) and, with reminders=True, 'reminder' (the code or its category asks for an additional code
    that is not on the list: add it if the record supports it). Excludes2 notes written for a whole chapter
    ("neoplasms (C00-D49)") are not reported as links: they say only that another chapter's conditions may be
    coded too. Raises CodeFormatError for text that cannot be a code.
    """
    if isinstance(codes, str):
        raise CodeFormatError("Give the codes as a list, first-listed first, e.g. ['E11.22', 'N18.31'].")
    findings: list[Finding] = []
    valid: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for pos, raw in enumerate(codes, start=1):
        code = icd10cm.normalize(raw)
        if code in seen:
            findings.append(Finding("warning", pos, code, f"{code} is already listed at position {seen[code]}: "
                                    "report each code once per encounter.", f"{GUIDELINES}, Section I.B.12"))
            continue
        seen[code] = pos
        if not icd10cm.is_valid(code, on):
            try:
                icd10cm.describe(code, on)
            except CodeFormatError as err:
                findings.append(Finding("error", pos, code, str(err), f"{GUIDELINES}, Section I.B.2"))
            continue
        info = icd10cm.describe(code, on)
        if not info.billable:
            why = ("it needs a 7th character" if info.needs_seventh
                   else f"it is a {info.kind} with codes below it ({', '.join(info.children[:4])}...)")
            findings.append(Finding("error", pos, code, f"{code} is not billable: {why}.",
                                    f"{GUIDELINES}, Sections I.A.5 and I.B.2"))
        valid.append((pos, code))
    order = {code: pos for pos, code in valid}
    if valid:
        first_pos, first = valid[0]
        title = icd10cm.title(first, on)
        if first_pos == 1 and "in diseases classified elsewhere" in title:
            findings.append(Finding("error", 1, first, f"{first} is a manifestation code ('in diseases classified "
                                    "elsewhere') and may never be listed first: its underlying condition goes first.",
                                    f"{GUIDELINES}, Section I.A.13"))
        if first_pos == 1 and icd10cm.describe(first, on).chapter.id == "20":
            findings.append(Finding("error", 1, first, f"{first} is an external cause code: it explains how an "
                                    "injury or condition happened and is never listed first.",
                                    f"{GUIDELINES}, Section I.C.20"))
    found = links([c for _, c in valid], on)
    excluded = {frozenset((lk.code, lk.other)) for lk in found if lk.kind == "excludes1"}
    for link in found:
        if link.kind == "excludes2" and (link.source.startswith("chapter")
                                         or frozenset((link.code, link.other)) in excluded):
            continue
        pos, other_pos = order[link.code], order[link.other]
        if link.kind == "excludes1":
            findings.append(Finding("error", pos, link.code, f"Excludes1 at {link.source} ('{link.note}'): "
                                    f"{link.code} and {link.other} are not reported together, unless the two "
                                    "conditions are unrelated to each other.", f"{GUIDELINES}, Section I.A.12.a"))
        elif link.kind == "excludes2":
            findings.append(Finding("ok", pos, link.code, f"Excludes2 at {link.source} ('{link.note}'): "
                                    f"{link.other} is a different condition; both may be reported.",
                                    f"{GUIDELINES}, Section I.A.12.b"))
        elif link.kind == "code_first":
            if other_pos < pos:
                findings.append(Finding("ok", pos, link.code, f"Code first ('{link.note}'): {link.other} is "
                                        f"listed before {link.code}, as instructed.", _where(link.source)))
            else:
                findings.append(Finding("error", pos, link.code, f"Code first ('{link.note}'): {link.other} "
                                        f"must be listed before {link.code}.", f"{GUIDELINES}, Section I.A.13; "
                                        + _where(link.source)))
        elif link.kind == "use_additional_code":
            if other_pos > pos:
                findings.append(Finding("ok", pos, link.code, f"Use additional code ('{link.note}'): "
                                        f"{link.other} follows {link.code}.", _where(link.source)))
            else:
                findings.append(Finding("warning", pos, link.code, f"Use additional code ('{link.note}'): "
                                        f"{link.other} is an additional code for {link.code} and usually follows "
                                        "it; check the sequencing.", f"{GUIDELINES}, Section I.B.7; "
                                        + _where(link.source)))
        else:  # code_also
            findings.append(Finding("ok", pos, link.code, f"Code also ('{link.note}'): {link.other} is on the "
                                    "list; which goes first depends on the circumstances of the encounter.",
                                    f"{GUIDELINES}, Section I.A.17"))
    linked = {(lk.code, lk.kind) for lk in found}
    for pos, code in valid:
        info = icd10cm.describe(code, on)
        if "in diseases classified elsewhere" in info.title and (code, "code_first") not in linked:
            findings.append(Finding("warning", pos, code, f"{code} is a manifestation code: code its underlying "
                                    "condition first (none of the conditions its 'code first' note names is on "
                                    "the list).", f"{GUIDELINES}, Section I.A.13"))
        if not reminders or (code, "use_additional_code") in linked:
            continue
        own = {code, *info.parents}
        for note in info.use_additional_code:
            if note.source in own and note_refs(note.text):
                findings.append(Finding("reminder", pos, code, f"The tabular list asks for an additional code at "
                                        f"{note.source}: '{note.text}'. None is on the list; add it if the record "
                                        "supports it.", _where(note.source)))
    rank = {"error": 0, "warning": 1, "reminder": 2, "ok": 3}
    return sorted(findings, key=lambda f: (f.position, rank[f.severity]))


def table(codes: list[str], on: icd10cm.DateLike = None) -> list[dict[str, object]]:
    """One row per listed code: its position, title, billable flag and the review's findings as text lines.

    Reminders are left out (see review()); rows are plain dicts, ready for pandas.DataFrame.
    """
    findings = review(codes, on=on)
    rows = []
    for pos, raw in enumerate(codes, start=1):
        code = icd10cm.normalize(raw)
        valid = icd10cm.is_valid(code, on)
        mine = [f for f in findings if f.position == pos and f.severity != "reminder"]
        rows.append({
            "seq": pos,
            "code": code,
            "title": icd10cm.title(code, on) if valid else "(not in the code set)",
            "billable": icd10cm.is_billable(code),
            "check": "error" if any(f.severity == "error" for f in mine)
            else "warning" if any(f.severity == "warning" for f in mine) else "ok",
            "notes": "\n".join(f"[{f.severity}] {f.message}" for f in mine),
        })
    return rows
