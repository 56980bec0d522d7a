"""Selective catheter placement in a teaching tree of abdominal arteries: the highest order per vascular family.

A branch that leaves the aorta is first order and starts a vascular family; its branches are second order, theirs
third. For the abdominal, pelvic and leg arteries a catheter steered into a family is coded once for the furthest
order its tip reached (36245 first, 36246 second, 36247 third or beyond), and each further second- or higher-order
vessel of the same family that the catheter was placed in, off the path to that deepest one, adds one 36248. The
orders passed on the way are part of the trip; the aorta itself (36200, nonselective) is included when any selective
placement is made through the same access (NCCI Policy Manual, ch. V; CPT's vascular family instructions).

The tree holds three visceral families (celiac trunk, superior and inferior mesenteric arteries), whose branching is
standard anatomy. Renal arteries are left out on purpose: renal angiography has its own codes that include the
imaging. This is a teaching model of the rule, not a full vascular family table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from revcycle.core.errors import InputError, RuleError

__all__ = ["AORTA", "NONSELECTIVE", "ORDER_CODES", "ADDITIONAL", "TREE", "CatheterLine", "order", "family_of",
           "path", "catheter_lines", "vessels"]

AORTA = "aorta"
NONSELECTIVE = "36200"
ORDER_CODES = {1: "36245", 2: "36246", 3: "36247"}  # third order or beyond share 36247
ADDITIONAL = "36248"

#: vessel -> the vessel it branches from (the teaching tree; every first-order branch leaves the aorta).
TREE: dict[str, str] = {
    "celiac trunk": AORTA,
    "left gastric artery": "celiac trunk",
    "common hepatic artery": "celiac trunk",
    "splenic artery": "celiac trunk",
    "proper hepatic artery": "common hepatic artery",
    "gastroduodenal artery": "common hepatic artery",
    "right hepatic artery": "proper hepatic artery",
    "left hepatic artery": "proper hepatic artery",
    "right gastroepiploic artery": "gastroduodenal artery",
    "dorsal pancreatic artery": "splenic artery",
    "superior mesenteric artery": AORTA,
    "middle colic artery": "superior mesenteric artery",
    "right colic artery": "superior mesenteric artery",
    "ileocolic artery": "superior mesenteric artery",
    "inferior mesenteric artery": AORTA,
    "left colic artery": "inferior mesenteric artery",
    "sigmoid artery": "inferior mesenteric artery",
    "superior rectal artery": "inferior mesenteric artery",
}


def vessels() -> tuple[str, ...]:
    """Every vessel of the teaching tree, the aorta first."""
    return (AORTA, *TREE)


def _vessel(name: object) -> str:
    if not isinstance(name, str):
        raise InputError(f"A vessel is named in words, such as 'proper hepatic artery', not {name!r}.")
    v = " ".join(name.strip().lower().split())
    if v not in TREE and v != AORTA:
        if v + " artery" in TREE:
            return v + " artery"
        raise InputError(f"{name!r} is not in the book's teaching tree of abdominal arteries; vessels() lists them.")
    return v


def path(vessel: str) -> tuple[str, ...]:
    """The vessels from the family's first-order branch to ``vessel`` (empty for the aorta)."""
    v = _vessel(vessel)
    out: list[str] = []
    while v != AORTA:
        out.append(v)
        v = TREE[v]
    return tuple(reversed(out))


def order(vessel: str) -> int:
    """1 for a branch of the aorta, 2 for its branch, and so on; 0 for the aorta."""
    return len(path(vessel))


def family_of(vessel: str) -> str:
    """The first-order branch that heads ``vessel``'s vascular family."""
    p = path(vessel)
    if not p:
        raise RuleError("The aorta belongs to no vascular family: a catheter left there is nonselective.")
    return p[0]


@dataclass(frozen=True)
class CatheterLine:
    """One claim line: a code, its units, and the vessel(s) it stands for."""

    code: str
    units: int
    family: str
    why: str


def catheter_lines(placed: Iterable[str]) -> tuple[CatheterLine, ...]:
    """The catheter placement lines for the vessels the catheter's tip was placed in, through one access.

    Per family: the code of the deepest order reached, then one 36248 for each other placed vessel of second order or
    more that is not on the way to the deepest one (or to another such vessel). Only the aorta: 36200."""
    given = [_vessel(v) for v in placed]
    if not given:
        raise InputError("Name at least one vessel the catheter was placed in (the aorta for a nonselective study).")
    selective = [v for v in given if v != AORTA]
    if not selective:
        return (CatheterLine(NONSELECTIVE, 1, AORTA, "catheter left in the aorta: a nonselective placement"),)
    lines: list[CatheterLine] = []
    families: dict[str, list[str]] = {}
    for v in selective:
        families.setdefault(family_of(v), [])
        if v not in families[family_of(v)]:
            families[family_of(v)].append(v)
    for head, found in families.items():
        deepest = max(found, key=lambda v: (order(v), -found.index(v)))
        n = order(deepest)
        code = ORDER_CODES[min(n, 3)]
        lines.append(CatheterLine(code, 1, head, f"{deepest}: order {n}, the deepest reached in the {head} family"))
        covered = set(path(deepest))
        others = [v for v in found if v not in covered]
        # a placed vessel on the way to another additional one is part of that trip
        extra = [v for v in others if not any(v != w and v in path(w) for w in others)]
        if extra:
            lines.append(CatheterLine(ADDITIONAL, len(extra), head,
                                      f"additional vessel(s) of the {head} family: {', '.join(extra)}"))
    return tuple(lines)
