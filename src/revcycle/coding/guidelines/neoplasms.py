"""Neoplasms (Section I.C.2): a site and behavior to a code through the Neoplasm Table, and an encounter's
sequence: primary or secondary first, a Z85 history code for an eradicated primary, Z51 first for an encounter
solely for chemotherapy, immunotherapy or radiation, and the anemia, dehydration and pain rules.

The table is the CMS Neoplasm Table shipped with the code set (:func:`revcycle.codes.icd10cm.neoplasm_table`);
a table code that needs more characters is completed from the tabular list by the documented side. The histology
is looked up in the Alphabetic Index first; this module starts once the index has sent the coder to a column.
"""

from __future__ import annotations

from collections.abc import Iterable

from revcycle.codes import icd10cm
from revcycle.coding.guidelines.systemic_lines import Coding, Line, build, line
from revcycle.core.errors import DataError, InputError, RuleError

__all__ = ["BEHAVIORS", "HISTORY", "REASONS", "encounter", "history_code", "table_code"]

#: Behavior as the coder names it -> the Neoplasm Table column it reads.
BEHAVIORS: dict[str, str] = {"primary": "Malignant primary", "secondary": "Malignant secondary",
                             "in situ": "Ca in situ", "benign": "Benign", "uncertain": "Uncertain behavior",
                             "unspecified": "Unspecified behavior"}
#: Primary malignancy category -> the personal history code (Z85) for a former primary at that site.
HISTORY: dict[str, str] = {"C34": "Z85.118", "C50": "Z85.3", "C18": "Z85.038", "C61": "Z85.46", "C67": "Z85.51",
                           "C56": "Z85.43", "C25": "Z85.07"}
#: Reasons for the encounter this module sequences.
REASONS = ("primary", "secondary", "chemotherapy", "immunotherapy", "radiation", "anemia", "chemo-anemia",
           "dehydration", "pain")
_Z51 = {"chemotherapy": "Z51.11", "immunotherapy": "Z51.12", "radiation": "Z51.0"}
_SIDES = {"right": "right", "left": "left", None: "unspecified"}


def _key(text: str) -> str:
    text = " ".join(text.lower().split())
    for tail in (" nec", " nos"):
        text = text.removesuffix(tail)
    return text


def _complete(code: str, side: str | None, on: icd10cm.DateLike) -> str:
    """A table code ending in '-' completed down the tabular list by side ('right', 'left', None = unspecified)."""
    if side not in _SIDES:
        raise InputError(f"Side {side!r}: give 'right', 'left' or None (not documented).")
    word = _SIDES[side]
    current = code.rstrip("-").rstrip(".")
    while not icd10cm.is_billable(current, on):
        kids = icd10cm.children(current, on)
        pick = [k for k in kids if word in icd10cm.title(k, on).lower().replace("unspecified side", "unspecified")]
        if len(pick) != 1:
            raise InputError(f"{current} needs more characters than the side tells: choose from "
                             f"{', '.join(f'{k} ({icd10cm.title(k, on)})' for k in kids)}.")
        current = pick[0]
    return current


def table_code(site: str, behavior: str = "primary", side: str | None = None, on: icd10cm.DateLike = None) -> str:
    """The billable code the Neoplasm Table gives for `site` ('lung, upper lobe', 'brain') and `behavior`."""
    if behavior not in BEHAVIORS:
        raise InputError(f"Behavior {behavior!r}: give one of {', '.join(BEHAVIORS)}.")
    parts = [_key(p) for p in site.split(",") if p.strip()]
    if not parts:
        raise InputError("Give a site as the Neoplasm Table names it, e.g. 'lung, upper lobe'.")
    rows = [r for r in icd10cm.neoplasm_table(parts[0], limit=500, on=on)
            if [_key(p) for p in r.path[1:]] == parts]
    if not rows:
        raise InputError(f"The Neoplasm Table has no row {site!r}: look the site up under its main word, e.g. "
                         "'lung, upper lobe' or 'brain'.")
    row = rows[0]
    code = row.codes[row.columns.index(BEHAVIORS[behavior])]
    if not code:
        raise DataError(f"The Neoplasm Table prints no code (--) for {site!r} in the column {BEHAVIORS[behavior]!r}.")
    return _complete(code, side, on)


def history_code(primary: str, on: icd10cm.DateLike = None) -> str:
    """The Z85 personal history code for a former primary malignancy (the book's table, HISTORY)."""
    code = HISTORY.get(icd10cm.normalize(primary)[:3])
    if code is None:
        raise DataError(f"The book's history table has no Z85 code for {primary}: look up History, personal, "
                        "malignant neoplasm, by site, in the index.")
    return line(code, "", "I.C.2.d", on).code


def _site(given: str | tuple[str, str | None], behavior: str, on: icd10cm.DateLike) -> str:
    if isinstance(given, tuple):
        return table_code(given[0], behavior, given[1], on)
    if given[:1].isalpha() and given[1:3].isdigit():  # a code, not a site name
        return line(given, "", "", on).code
    return table_code(given, behavior, None, on)


def encounter(primary: str | tuple[str, str | None], *, secondary: Iterable[str | tuple[str, str | None]] = (),
              primary_status: str = "current", reason: str = "primary", directed_at: str = "primary",
              pain: bool = False, on: icd10cm.DateLike = None) -> Coding:
    """Sequence a cancer encounter. `primary` and each `secondary` are a code, a table site ('brain') or a
    (site, side) pair; `primary_status` is 'current' or 'history' (excised or eradicated, no treatment, no
    evidence); `reason` is one of REASONS; `directed_at` 'secondary' says the treatment (radiation, say) aims at
    the secondary site only, which then comes first among the cancer codes; `pain` adds G89.3 for documented
    neoplasm-related pain."""
    if directed_at not in ("primary", "secondary"):
        raise InputError("directed_at is 'primary' or 'secondary' (the site the treatment aims at).")
    if reason == "secondary":
        directed_at = "secondary"
    if reason not in REASONS:
        raise InputError(f"Reason {reason!r}: give one of {', '.join(REASONS)}.")
    if primary_status not in ("current", "history"):
        raise InputError("primary_status is 'current' (still present or under treatment) or 'history'.")
    if isinstance(secondary, str):
        raise InputError("Give the secondary sites as a list, e.g. [('lung', 'right')] or ['brain'].")
    prim = _site(primary, "primary", on)
    if not prim.startswith("C") or "C77" <= prim[:3] <= "C79":
        raise InputError(f"{prim} is not a primary malignancy code (C00-C76, C80-C96).")
    secs = [_site(s, "secondary", on) for s in secondary]
    if any(not ("C77" <= s[:3] <= "C79") for s in secs):
        raise InputError("Secondary (metastatic) sites are coded from C77-C79.")
    if primary_status == "history":
        if reason == "primary":
            raise RuleError("A primary malignancy that was excised or eradicated is history (Z85): the encounter "
                            "cannot be for treatment directed at it. Is it still present or under treatment?")
        if not secs:
            raise InputError("With the primary as history and no secondary site, there is no current cancer: code "
                             "the reason for the visit and Z85 (Section I.C.2.d).")
        prim_line = line(history_code(prim, on), "The primary was excised or eradicated, no treatment is directed "
                         "at it and there is no evidence of it: a personal history code.", "I.C.2.d", on)
    else:
        prim_line = line(prim, "The primary malignancy, still present or under treatment.", "I.C.2.a", on)
    sec_lines = [line(s, "A secondary (metastatic) site.", "I.C.2.b", on) for s in secs]
    if directed_at == "secondary" and not secs:
        raise InputError("Treatment directed at the secondary site needs a secondary site.")
    cancer: list[Line] = ([*sec_lines, prim_line] if directed_at == "secondary" or primary_status == "history"
                          else [prim_line, *sec_lines])
    if directed_at == "secondary" and primary_status == "current":
        cancer[0] = Line(cancer[0].code, cancer[0].title, "Treatment is directed at the secondary site only: it comes "
                         "first although the primary is present.", cancer[0].section)
    out: list[Line] = []
    if reason in _Z51:
        out.append(line(_Z51[reason], f"The encounter is solely for {reason}: the Z51 code comes first, the "
                        "malignancy treated follows.", "I.C.2.e.2", on))
        out += cancer
    elif reason == "anemia":
        out += cancer
        out.append(line("D63.0", "Anemia of the malignancy, the only treatment given: the malignancy first, then "
                        "D63.0 (its code-first note asks for the neoplasm).", "I.C.2.c.1", on))
    elif reason == "chemo-anemia":
        out.append(line("D64.81", "Anemia due to chemotherapy, the only treatment given: the anemia first.",
                        "I.C.2.c.2", on))
        out += cancer
        out.append(line("T45.1X5A", "The adverse effect of the antineoplastic drug.", "I.C.2.c.2", on))
    elif reason == "dehydration":
        out.append(line("E86.0", "Dehydration due to the malignancy or its therapy, only the dehydration treated: "
                        "it comes first.", "I.C.2.c.3", on))
        out += cancer
    elif reason == "pain":
        out.append(line("G89.3", "The encounter is for pain control: G89.3 first, the neoplasm follows.",
                        "I.C.6.b.5", on))
        out += cancer
    else:
        out += cancer
    if pain and reason != "pain":
        out.append(line("G89.3", "Neoplasm-related pain documented: G89.3 as an additional code.", "I.C.6.b.5", on))
    return build(out, on)
