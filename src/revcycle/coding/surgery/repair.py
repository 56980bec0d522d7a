"""Wound repair, debridement and skin grafts, as coding decisions.

- :func:`code_repairs`: group wounds by complexity (simple, intermediate, complex) and by the anatomic group of that
  complexity's code family, add the lengths inside each group, and pick each group's code: a size bracket for simple
  and intermediate repairs (12001-12057), a base code plus "each added 5 cm" units for complex ones (13100-13153).
  Lengths of different complexities, or of different groups, are never added. Lines come most complex first.
- :func:`debridement_lines`: by the deepest tissue removed, the areas of wounds at the same depth added: a base code
  for the first 20 sq cm and one add-on unit per further 20 sq cm or part (11042-11047).
- :func:`graft_lines`: split-thickness autografts by recipient area: per 100 sq cm, or per 1% of body area for
  children under 10 (15100/15101, 15120/15121).

The families are CPT's structure, kept here as numbers and brackets only (no AMA text); the tests check every code
against the CY2026 PFS file.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from revcycle.coding.surgery.excision import length
from revcycle.core.errors import InputError, RuleError

__all__ = ["COMPLEXITIES", "DEBRIDEMENT", "GRAFTS", "REPAIR_FAMILIES", "REPAIR_GROUPS", "SITES", "Line", "Wound",
           "addon_units", "code_repairs", "debridement_lines", "graft_lines", "repair_group"]

COMPLEXITIES = ("complex", "intermediate", "simple")  # most complex first: the order lines are listed in
#: Each complexity's anatomic groups, in the book's words.
REPAIR_GROUPS: dict[str, dict[str, str]] = {
    "simple": {"body": "scalp, neck, armpits, outer genitals, trunk, arms and legs (hands and feet included)",
               "face": "face, ears, eyelids, nose, lips and mucous membranes"},
    "intermediate": {"scalp-trunk-limbs": "scalp, armpits, trunk, arms and legs (hands and feet not included)",
                     "neck-hands-feet": "neck, hands, feet and outer genitals",
                     "face": "face, ears, eyelids, nose, lips and mucous membranes"},
    "complex": {"trunk": "trunk", "scalp-arms-legs": "scalp, arms and legs",
                "forehead-neck-hands-feet": "forehead, cheeks, chin, mouth, neck, armpits, genitals, hands and feet",
                "eyelids-nose-ears-lips": "eyelids, nose, ears and lips"},
}
_B = Decimal
#: Simple and intermediate: group -> ((largest total length in cm, or None for no limit), code) in order.
#: Complex: group -> ((2.5, base), (7.5, second), (None, the add-on for each further 5 cm or part)).
REPAIR_FAMILIES: dict[tuple[str, str], tuple[tuple[Decimal | None, str], ...]] = {
    ("simple", "body"): ((_B("2.5"), "12001"), (_B("7.5"), "12002"), (_B("12.5"), "12004"), (_B("20"), "12005"),
                         (_B("30"), "12006"), (None, "12007")),
    ("simple", "face"): ((_B("2.5"), "12011"), (_B("5"), "12013"), (_B("7.5"), "12014"), (_B("12.5"), "12015"),
                         (_B("20"), "12016"), (_B("30"), "12017"), (None, "12018")),
    ("intermediate", "scalp-trunk-limbs"): ((_B("2.5"), "12031"), (_B("7.5"), "12032"), (_B("12.5"), "12034"),
                                            (_B("20"), "12035"), (_B("30"), "12036"), (None, "12037")),
    ("intermediate", "neck-hands-feet"): ((_B("2.5"), "12041"), (_B("7.5"), "12042"), (_B("12.5"), "12044"),
                                          (_B("20"), "12045"), (_B("30"), "12046"), (None, "12047")),
    ("intermediate", "face"): ((_B("2.5"), "12051"), (_B("5"), "12052"), (_B("7.5"), "12053"), (_B("12.5"), "12054"),
                               (_B("20"), "12055"), (_B("30"), "12056"), (None, "12057")),
    ("complex", "trunk"): ((_B("2.5"), "13100"), (_B("7.5"), "13101"), (None, "13102")),
    ("complex", "scalp-arms-legs"): ((_B("2.5"), "13120"), (_B("7.5"), "13121"), (None, "13122")),
    ("complex", "forehead-neck-hands-feet"): ((_B("2.5"), "13131"), (_B("7.5"), "13132"), (None, "13133")),
    ("complex", "eyelids-nose-ears-lips"): ((_B("2.5"), "13151"), (_B("7.5"), "13152"), (None, "13153")),
}
COMPLEX_MIN = _B("1.1")  # a complex repair of 1.0 cm or less is coded as a simple or intermediate one
COMPLEX_STEP = _B("5")
#: Site word -> its group for (simple, intermediate, complex); None where that family has no group for the site.
SITES: dict[str, tuple[str, str, str | None]] = {
    "scalp": ("body", "scalp-trunk-limbs", "scalp-arms-legs"),
    "neck": ("body", "neck-hands-feet", "forehead-neck-hands-feet"),
    "axilla": ("body", "scalp-trunk-limbs", "forehead-neck-hands-feet"),
    "genitalia": ("body", "neck-hands-feet", "forehead-neck-hands-feet"),
    **{w: ("body", "scalp-trunk-limbs", "trunk") for w in ("trunk", "chest", "back", "abdomen")},
    **{w: ("body", "scalp-trunk-limbs", "scalp-arms-legs") for w in ("arm", "forearm", "leg", "thigh", "knee")},
    **{w: ("body", "neck-hands-feet", "forehead-neck-hands-feet") for w in ("hand", "foot")},
    **{w: ("face", "face", "forehead-neck-hands-feet") for w in ("forehead", "cheek", "chin", "mouth")},
    **{w: ("face", "face", "eyelids-nose-ears-lips") for w in ("eyelid", "nose", "ear", "lip")},
    "mucous membrane": ("face", "face", None),
}
#: Debridement by deepest tissue removed: depth -> (first 20 sq cm, each further 20 sq cm or part).
DEBRIDEMENT: dict[str, tuple[str, str]] = {
    "subcutaneous": ("11042", "11045"), "muscle": ("11043", "11046"), "bone": ("11044", "11047"),
}
DEBRIDEMENT_BLOCK = _B("20")
DEPTH_WORDS = {"subcutaneous": "subcutaneous tissue", "muscle": "muscle or fascia", "bone": "bone"}
#: Split-thickness autograft families by recipient site: group -> (first unit, each further unit).
GRAFTS: dict[str, tuple[str, str]] = {"trunk-arms-legs": ("15100", "15101"),
                                      "face-scalp-neck-hands-feet-genitalia": ("15120", "15121")}
GRAFT_BLOCK = _B("100")  # sq cm, adults and children 10 and older
GRAFT_CHILD_AGE = 10  # younger children are measured in percent of body surface area, 1% a unit


@dataclass(frozen=True)
class Wound:
    """One wound repaired: where, how long (cm), and how complex the repair was."""

    site: str
    length_cm: Decimal
    complexity: str

    @classmethod
    def of(cls, site: str, length_cm: object, complexity: str) -> Wound:
        """A wound from a note's words and numbers, checked."""
        kind = complexity.strip().lower() if isinstance(complexity, str) else ""
        if kind not in COMPLEXITIES:
            raise InputError(f"A repair is 'simple', 'intermediate' or 'complex', not {complexity!r}.")
        size = length(length_cm, f"The length of the {kind} repair of the {site}")
        if not isinstance(site, str) or " ".join(site.lower().split()).rstrip("s") not in SITES:
            raise InputError(f"{site!r} is not a site this book maps; use one of: {', '.join(sorted(SITES))}.")
        return cls(" ".join(site.lower().split()).rstrip("s"), size, kind)


@dataclass(frozen=True)
class Line:
    """A line to report: code, units, and what it stands for."""

    code: str
    units: int
    what: str
    total: Decimal = Decimal("0")
    addon: bool = False

    def __str__(self) -> str:
        return f"{self.code}{f' x {self.units}' if self.units > 1 else ''} ({self.what})"


def addon_units(amount: Decimal, first: Decimal, each: Decimal) -> int:
    """Add-on units past ``first``: one for each ``each`` or part of it; 0 when ``amount`` is within ``first``."""
    return max(0, math.ceil((amount - first) / each))


def repair_group(site: str, complexity: str) -> str:
    """The anatomic group a site belongs to in a complexity's code family."""
    w = Wound.of(site, 1, complexity)
    group = SITES[w.site][COMPLEXITIES[::-1].index(w.complexity)]
    if group is None:
        raise RuleError(f"The complex repair family has no group for the {w.site}: check the note's site.")
    return group


def _as_wound(w: object) -> Wound:
    if isinstance(w, Wound):
        return w
    if isinstance(w, tuple | list) and len(w) == 3:
        return Wound.of(*w)
    raise InputError(f"A wound is a Wound or a (site, length in cm, complexity) triple, not {w!r}.")


def code_repairs(wounds: Iterable[object]) -> tuple[Line, ...]:
    """The repair lines for wounds repaired at one session: same complexity and group added, most complex first."""
    items = [_as_wound(w) for w in wounds]
    if not items:
        raise InputError("List at least one wound: (site, length in cm, complexity).")
    totals: dict[tuple[str, str], Decimal] = {}
    for w in items:
        key = (w.complexity, repair_group(w.site, w.complexity))
        totals[key] = totals.get(key, Decimal("0")) + w.length_cm
    ordered = sorted(totals.items(), key=lambda kv: (COMPLEXITIES.index(kv[0][0]), -kv[1]))
    lines: list[Line] = []
    for (kind, group), total in ordered:
        family = REPAIR_FAMILIES[(kind, group)]
        what = f"{kind} repair, {REPAIR_GROUPS[kind][group]}, {total} cm in all"
        if kind == "complex":
            if total < COMPLEX_MIN:
                raise RuleError(f"A complex repair totalling {total} cm ({REPAIR_GROUPS[kind][group]}) is too short "
                                "for the complex family (it starts above 1.0 cm): code it as simple or intermediate.")
            base = family[0][1] if total <= family[0][0] else family[1][1]  # type: ignore[operator]
            lines.append(Line(base, 1, what, total))
            extra = addon_units(total, family[1][0], COMPLEX_STEP)  # type: ignore[arg-type]
            if extra:
                lines.append(Line(family[2][1], extra, f"each further 5 cm or part past 7.5 cm ({kind}, {group})",
                                  total, addon=True))
            continue
        code = next(c for top, c in family if top is None or total <= top)
        lines.append(Line(code, 1, what, total))
    return tuple(lines)


def debridement_lines(wounds: Sequence[tuple[str, object]]) -> tuple[Line, ...]:
    """Debridement lines: areas (sq cm) of wounds debrided to the same depth added, deepest first, each depth a base
    code for the first 20 sq cm and an add-on unit per further 20 sq cm or part."""
    if not wounds:
        raise InputError("List each wound debrided as (depth, area in sq cm); depth: "
                         f"{', '.join(DEBRIDEMENT)}.")
    areas: dict[str, Decimal] = {}
    for item in wounds:
        if not isinstance(item, tuple | list) or len(item) != 2:
            raise InputError(f"A debrided wound is (depth, area in sq cm), not {item!r}.")
        depth = item[0].strip().lower() if isinstance(item[0], str) else ""
        if depth not in DEBRIDEMENT:
            raise InputError(f"The depth is the deepest tissue removed: {', '.join(DEBRIDEMENT)}; not {item[0]!r}.")
        areas[depth] = areas.get(depth, Decimal("0")) + length(item[1], f"The area debrided to {depth}")
    lines: list[Line] = []
    for depth in reversed(list(DEBRIDEMENT)):
        if depth not in areas:
            continue
        base, add = DEBRIDEMENT[depth]
        lines.append(Line(base, 1, f"debridement to {DEPTH_WORDS[depth]}, first 20 sq cm ({areas[depth]} sq cm in all)",
                          areas[depth]))
        extra = addon_units(areas[depth], DEBRIDEMENT_BLOCK, DEBRIDEMENT_BLOCK)
        if extra:
            lines.append(Line(add, extra, f"each further 20 sq cm or part ({DEPTH_WORDS[depth]})", areas[depth],
                              addon=True))
    return tuple(lines)


def graft_lines(group: str, *, area_sqcm: object = None, body_percent: object = None, age: int) -> tuple[Line, ...]:
    """Split-thickness autograft lines by recipient area: per 100 sq cm (age 10 and older) or per 1% of body area
    (younger children); the first unit on the base code, the rest on its add-on."""
    if group not in GRAFTS:
        raise InputError(f"A graft recipient group is one of {', '.join(GRAFTS)}, not {group!r}.")
    if not isinstance(age, int) or isinstance(age, bool) or age < 0:
        raise InputError(f"Give the patient's age in whole years, not {age!r}.")
    if age < GRAFT_CHILD_AGE:
        amount = length(body_percent, "The percent of body surface area grafted (children under 10)")
        block, unit = Decimal("1"), "1% of body area"
    else:
        amount = length(area_sqcm, "The recipient area grafted, in sq cm")
        block, unit = GRAFT_BLOCK, "100 sq cm"
    base, add = GRAFTS[group]
    lines = [Line(base, 1, f"graft, first {unit}", amount)]
    extra = addon_units(amount, block, block)
    if extra:
        lines.append(Line(add, extra, f"each further {unit} or part", amount, addon=True))
    return tuple(lines)
