"""Skin (Section I.C.12): pressure ulcers (L89) by site, side and stage, an ulcer that worsens during a stay, and
non-pressure chronic ulcers of the lower limb (L97) by site, side and depth.

Nothing here is a hand-typed table of codes: every L89 and L97 code in the tabular list in force on `on` is read and
its title parsed into (site, side, stage or depth), and a request is answered from that map, so a site or stage
the code set lacks is refused rather than guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from revcycle.codes import icd10cm
from revcycle.coding.guidelines.organ_result import GUIDELINES, Coded, descendants
from revcycle.core.errors import DataError, InputError, RuleError

#: Stage words as pressure ulcer titles end; numeric stages 1-4 order an ulcer's progression.
STAGES = ("stage 1", "stage 2", "stage 3", "stage 4", "unstageable", "deep tissue damage", "unspecified stage")
_STAGE_WORDS = {"1": "stage 1", "2": "stage 2", "3": "stage 3", "4": "stage 4", "i": "stage 1", "ii": "stage 2",
                "iii": "stage 3", "iv": "stage 4", "unstageable": "unstageable", "deep tissue": "deep tissue damage",
                "deep tissue injury": "deep tissue damage", "deep tissue pressure injury": "deep tissue damage",
                "deep tissue damage": "deep tissue damage", "dti": "deep tissue damage",
                "unspecified": "unspecified stage", "unspecified stage": "unspecified stage"}
#: Depth words -> how an L97 title ends.
DEPTHS = {"skin": "limited to breakdown of skin", "fat": "with fat layer exposed",
          "muscle necrosis": "with necrosis of muscle", "bone necrosis": "with necrosis of bone",
          "muscle": "with muscle involvement without evidence of necrosis",
          "bone": "with bone involvement without evidence of necrosis", "other": "with other specified severity",
          "unspecified": "with unspecified severity"}
_PRESSURE = re.compile(r"^Pressure(?P<dti>-induced deep tissue damage| ulcer) of (?P<loc>.+?)"
                       r"(?:, (?P<stage>stage [1-4]|unstageable|unspecified stage))?$")
_SIDE = re.compile(r"^(?P<side>right|left|unspecified) (?P<site>(?!part of|site).+)$")


def _key(text: object) -> str:
    words = " ".join(str(text).lower().split())
    return words.removeprefix("stage ") if words[6:].strip() in ("1", "2", "3", "4", "i", "ii", "iii", "iv") else words


@lru_cache(maxsize=4)
def _pressure_map(on_key: str) -> dict[tuple[str, str | None, str], str]:
    """(site, side or None, stage) -> code, for every billable L89 code."""
    out: dict[tuple[str, str | None, str], str] = {}
    on = on_key or None
    for code in descendants("L89", on):
        m = _PRESSURE.match(icd10cm.title(code, on=on))
        if m is None:
            raise DataError(f"Cannot read the title of {code}; the pressure ulcer map needs review.")
        stage = "deep tissue damage" if m["dti"].startswith("-") else (m["stage"] or "")
        side_m = _SIDE.match(m["loc"])
        site, side = (side_m["site"], side_m["side"]) if side_m else (m["loc"], None)
        out[(site, side, stage)] = code
    return out


def pressure_sites(on: icd10cm.DateLike = None) -> dict[str, bool]:
    """Each pressure ulcer site of the code set, and whether its codes name a side."""
    sites: dict[str, bool] = {}
    for site, side, _ in _pressure_map(str(on or "")):
        sites[site] = sites.get(site, False) or side is not None
    return sites


def stage_of(stage: object) -> str:
    """A documented stage as STAGES words: 3 -> 'stage 3', 'DTI' -> 'deep tissue damage'."""
    if isinstance(stage, bool):
        raise InputError("A pressure ulcer stage is 1-4, 'unstageable', 'deep tissue' or 'unspecified'.")
    key = _key(stage)
    if key == "healed":
        raise RuleError("A healed pressure ulcer is not coded (Section I.C.12.a): code only ulcers that are there.")
    if key not in _STAGE_WORDS:
        raise InputError(f"Pressure ulcer stage {stage!r}: give 1-4, 'unstageable', 'deep tissue' or 'unspecified' "
                         "(a healing ulcer is coded by the stage documented).")
    return _STAGE_WORDS[key]


def pressure_ulcer(site: str, stage: object, side: str | None = None, on: icd10cm.DateLike = None) -> str:
    """The L89 code for a pressure ulcer: `site` as the code set names it ('sacral region', 'heel', 'upper back',
    'buttock', ...), `side` ('right', 'left', 'unspecified') where the site has sides, `stage` as documented."""
    where = " ".join(site.lower().split())
    sites = pressure_sites(on)
    if where not in sites:
        raise InputError(f"Pressure ulcer site {site!r} is not one of the code set's: {', '.join(sorted(sites))}.")
    words = stage_of(stage)
    if sites[where]:
        if side is None:
            raise InputError(f"A pressure ulcer of the {where} is coded by side: give side='right', 'left' or "
                             "'unspecified'.")
        side = " ".join(side.lower().split())
        if side not in ("right", "left", "unspecified"):
            raise InputError(f"Side {side!r}: give 'right', 'left' or 'unspecified'.")
    elif side is not None:
        raise InputError(f"The {where} has no side in ICD-10-CM: leave side out.")
    code = _pressure_map(str(on or "")).get((where, side, words))
    if code is None:
        raise RuleError(f"The code set has no code for a {words} pressure ulcer of the {where}.")
    return code


def ulcer_during_stay(site: str, admitted: object, highest: object, side: str | None = None,
                      on: icd10cm.DateLike = None) -> Coded:
    """Codes for one pressure ulcer over an inpatient stay: its stage on admission and, when it worsened to a higher
    numbered stage, a second code for the highest stage documented during the stay."""
    first, worst = stage_of(admitted), stage_of(highest)
    numbered = STAGES[:4]
    section = f"{GUIDELINES}, Section I.C.12.a"
    code = pressure_ulcer(site, first, side, on)
    if first == worst:
        return Coded((code,), (f"The ulcer stayed at {first}: one code, {code}.",), section)
    if first not in numbered or worst not in numbered:
        raise InputError("Progression is judged between numbered stages (1-4); code an unstageable or deep tissue "
                         "ulcer by what is documented.")
    if numbered.index(worst) < numbered.index(first):
        raise RuleError("A pressure ulcer is not reverse-staged: a healing ulcer keeps the code of its documented "
                        "stage on admission.")
    later = pressure_ulcer(site, worst, side, on)
    return Coded((code, later), (
        f"On admission the ulcer was {first}: {code}.",
        f"It progressed during the stay to {worst}: a second code for the same site, {later}.",
    ), section)


@lru_cache(maxsize=4)
def _chronic_map(on_key: str) -> dict[tuple[str, str, str], str]:
    """(site, side, depth word) -> code, for every billable L97 code."""
    on = on_key or None
    out: dict[tuple[str, str, str], str] = {}
    ends = {v: k for k, v in DEPTHS.items()}
    for code in descendants("L97", on):
        title = icd10cm.title(code, on=on).removeprefix("Non-pressure chronic ulcer of ")
        depth = next((k for v, k in ends.items() if title.endswith(" " + v)), None)
        if depth is None:
            raise DataError(f"Cannot read the depth in the title of {code}; the L97 map needs review.")
        loc = title.removesuffix(" " + DEPTHS[depth])
        sides = list(re.finditer(r"\b(right|left|unspecified) ", loc))
        if not sides:
            raise DataError(f"Cannot read the side in the title of {code}; the L97 map needs review.")
        last = sides[-1]
        site = (loc[:last.start()] + loc[last.end():]).strip()
        out[(site, last.group(1), depth)] = code
    return out


def chronic_ulcer_sites(on: icd10cm.DateLike = None) -> list[str]:
    """The lower-limb sites of L97, as the code set names them ('heel and midfoot', 'other part of foot', ...)."""
    return sorted({site for site, _, _ in _chronic_map(str(on or ""))})


def chronic_ulcer(site: str, side: str, depth: str, on: icd10cm.DateLike = None) -> str:
    """The L97 code for a non-pressure chronic ulcer of the lower limb by site, side and the deepest tissue
    documented (Section I.C.12.b): depth 'skin', 'fat', 'muscle', 'bone', 'muscle necrosis', 'bone necrosis',
    'other' or 'unspecified'."""
    where, s, d = (" ".join(x.lower().split()) for x in (site, side, depth))
    if where not in chronic_ulcer_sites(on):
        raise InputError(f"Lower-limb ulcer site {site!r}: give one of {', '.join(chronic_ulcer_sites(on))}.")
    if s not in ("right", "left", "unspecified"):
        raise InputError(f"Side {side!r}: give 'right', 'left' or 'unspecified'.")
    if d not in DEPTHS:
        raise InputError(f"Ulcer depth {depth!r}: give one of {', '.join(DEPTHS)}.")
    code = _chronic_map(str(on or "")).get((where, s, d))
    if code is None:
        raise RuleError(f"The code set has no L97 code for a {s} {where} ulcer {DEPTHS[d]}.")
    return code


__all__ = ["DEPTHS", "STAGES", "chronic_ulcer", "chronic_ulcer_sites", "pressure_sites", "pressure_ulcer",
           "stage_of", "ulcer_during_stay"]
