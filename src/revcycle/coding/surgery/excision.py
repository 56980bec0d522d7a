"""Excision of skin lesions and Mohs surgery, as coding decisions.

- :func:`excised_diameter`: the lesion's largest clinical diameter plus the narrowest margin taken, counted on both
  sides (lesion + 2 x margin), measured before the excision.
- :func:`excision_code`: the code from three facts: behavior (benign 114xx, malignant 116xx, known from pathology),
  site group (trunk/arms/legs; scalp/neck/hands/feet/genitalia; face/ears/eyelids/nose/lips/mucous membrane) and the
  size bracket of the excised diameter; one code per lesion excised.
- :func:`mohs_lines`: Mohs micrographic surgery by site group, stage and tissue block (17311-17315).

The brackets and families are CPT's structure, written here as numbers only (no AMA text); every code is checked
against the CY2026 PFS file in the tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from revcycle.core.errors import InputError, RuleError

__all__ = ["BEHAVIORS", "BRACKETS", "EXCISION_SERIES", "MOHS", "SITE_GROUPS", "SITE_WORDS", "Excision", "MohsLine",
           "bracket", "excised_diameter", "excision_code", "length", "mohs_lines", "site_group"]

#: Site groups of the excision families, in the book's words.
SITE_GROUPS: dict[str, str] = {
    "trunk-limbs": "trunk, arms or legs",
    "scalp-neck-hands-feet": "scalp, neck, hands, feet or genitalia",
    "face": "face, ears, eyelids, nose, lips or mucous membrane",
}
#: Words a note uses for a site, and the excision site group each belongs to.
SITE_WORDS: dict[str, str] = {
    "trunk": "trunk-limbs", "chest": "trunk-limbs", "back": "trunk-limbs", "abdomen": "trunk-limbs",
    "shoulder": "trunk-limbs", "arm": "trunk-limbs", "forearm": "trunk-limbs", "thigh": "trunk-limbs",
    "leg": "trunk-limbs", "scalp": "scalp-neck-hands-feet", "neck": "scalp-neck-hands-feet",
    "hand": "scalp-neck-hands-feet", "foot": "scalp-neck-hands-feet", "genitalia": "scalp-neck-hands-feet",
    "face": "face", "cheek": "face", "forehead": "face", "chin": "face", "ear": "face", "eyelid": "face",
    "nose": "face", "lip": "face", "mucous membrane": "face",
}
BEHAVIORS = ("benign", "malignant")
#: The first code of each family: (behavior, site group) -> code of the smallest bracket.
EXCISION_SERIES: dict[tuple[str, str], int] = {
    ("benign", "trunk-limbs"): 11400, ("benign", "scalp-neck-hands-feet"): 11420, ("benign", "face"): 11440,
    ("malignant", "trunk-limbs"): 11600, ("malignant", "scalp-neck-hands-feet"): 11620, ("malignant", "face"): 11640,
}
#: Size brackets of the excised diameter: (largest diameter in cm, None for no limit; the code's last digit).
BRACKETS: tuple[tuple[Decimal | None, int], ...] = (
    (Decimal("0.5"), 0), (Decimal("1.0"), 1), (Decimal("2.0"), 2), (Decimal("3.0"), 3), (Decimal("4.0"), 4),
    (None, 6),
)
UNCERTAIN = ("uncertain", "unknown", "pending", "unspecified")


@dataclass(frozen=True)
class Excision:
    """One lesion's excision code and the arithmetic behind it."""

    code: str
    behavior: str
    group: str
    lesion_cm: Decimal
    margin_cm: Decimal
    diameter_cm: Decimal
    bracket: str
    steps: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.code}: {self.behavior} lesion, {SITE_GROUPS[self.group]}, excised diameter {self.diameter_cm} cm"


def length(value: object, what: str, *, zero: bool = False) -> Decimal:
    """A length or area a note records (cm or sq cm) as a Decimal; refuses text that is not a number, negatives,
    and zero unless ``zero``."""
    if value is None or isinstance(value, bool):
        raise InputError(f"{what} is missing: record it in the note (a number such as 1.2).")
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise InputError(f"{what} must be a number such as 1.2, not {value!r}.") from None
    if not number.is_finite():
        raise InputError(f"{what} must be a finite number, not {value!r}.")
    if number < 0 or (number == 0 and not zero):
        raise InputError(f"{what} must be more than zero{' (or zero)' if zero else ''}, not {value!r}.")
    return number


def site_group(site: str) -> str:
    """The excision site group of a site word ('back', 'nose') or a group key ('face')."""
    if not isinstance(site, str) or not site.strip():
        raise InputError(f"Give the lesion's site, such as 'back' or 'nose', not {site!r}.")
    key = " ".join(site.lower().split())
    if key in SITE_GROUPS:
        return key
    if key.endswith("s") and key[:-1] in SITE_WORDS:
        key = key[:-1]
    if key not in SITE_WORDS:
        raise InputError(f"{site!r} is not a site this book maps; use one of: {', '.join(sorted(SITE_WORDS))}.")
    return SITE_WORDS[key]


def excised_diameter(lesion_cm: object, margin_cm: object) -> Decimal:
    """The excised diameter: the lesion's largest clinical diameter plus the narrowest margin on each side."""
    lesion = length(lesion_cm, "The lesion's largest clinical diameter")
    margin = length(margin_cm, "The narrowest margin taken (0 when the note says none was taken)", zero=True)
    return lesion + 2 * margin


def bracket(diameter_cm: object) -> tuple[int, str]:
    """The size bracket of an excised diameter: (the code's last digit, the bracket in words)."""
    size = length(diameter_cm, "The excised diameter")
    low = Decimal("0")
    for top, digit in BRACKETS:
        if top is None or size <= top:
            if top is None:
                words = f"over {low} cm"
            else:
                words = f"{top} cm or less" if low == 0 else f"over {low} to {top} cm"
            return digit, words
        low = top
    raise AssertionError("unreachable: the last bracket has no limit")


def excision_code(site: str, behavior: str, lesion_cm: object, margin_cm: object) -> Excision:
    """The excision code for one lesion: family by behavior and site group, bracket by excised diameter."""
    if not isinstance(behavior, str) or behavior.strip().lower() not in BEHAVIORS:
        if isinstance(behavior, str) and behavior.strip().lower() in UNCERTAIN:
            raise RuleError("Code a lesion excision after the pathology report: it decides benign (114xx) or "
                            "malignant (116xx). Hold the claim until the report is in.")
        raise InputError(f"Behavior is 'benign' or 'malignant' (from the pathology report), not {behavior!r}.")
    kind = behavior.strip().lower()
    group = site_group(site)
    diameter = excised_diameter(lesion_cm, margin_cm)
    digit, words = bracket(diameter)
    code = str(EXCISION_SERIES[(kind, group)] + digit)
    lesion, margin = length(lesion_cm, "lesion"), length(margin_cm, "margin", zero=True)
    steps = (f"excised diameter = {lesion} + 2 x {margin} = {diameter} cm",
             f"{kind} lesion of the {SITE_GROUPS[group]}: the {EXCISION_SERIES[(kind, group)]} family",
             f"{diameter} cm falls in the bracket {words}: {code}")
    return Excision(code, kind, group, lesion, margin, diameter, words, steps)


# ------------------------------------------------------------------------------------------------------ Mohs

#: Mohs site groups: group -> (first stage, each added stage); 17315 is each block past five in any stage.
MOHS: dict[str, tuple[str, str]] = {
    "head-neck-hands-feet-genitalia": ("17311", "17312"),
    "trunk-arms-legs": ("17313", "17314"),
}
MOHS_BLOCK_ADDON = "17315"
MOHS_BLOCKS_PER_STAGE = 5


@dataclass(frozen=True)
class MohsLine:
    """One Mohs line: a code and its units."""

    code: str
    units: int
    why: str


def mohs_lines(group: str, blocks_per_stage: Sequence[int]) -> tuple[MohsLine, ...]:
    """Mohs lines for one tumor: the first stage, each added stage, and each tissue block past five in any stage.

    ``group`` is 'head-neck-hands-feet-genitalia' or 'trunk-arms-legs'; ``blocks_per_stage`` lists the blocks of
    each stage in order (the first stage first)."""
    if group not in MOHS:
        raise InputError(f"A Mohs site group is one of {', '.join(MOHS)}, not {group!r}.")
    stages = list(blocks_per_stage)
    if not stages:
        raise InputError("List the tissue blocks of each Mohs stage, such as [4, 2] for two stages.")
    if any(not isinstance(b, int) or isinstance(b, bool) or b < 1 for b in stages):
        raise InputError(f"Each stage has a whole number of tissue blocks, at least 1; got {stages!r}.")
    first, added = MOHS[group]
    lines = [MohsLine(first, 1, "the first stage")]
    if len(stages) > 1:
        lines.append(MohsLine(added, len(stages) - 1, f"{len(stages) - 1} added stage(s)"))
    extra = sum(max(0, b - MOHS_BLOCKS_PER_STAGE) for b in stages)
    if extra:
        lines.append(MohsLine(MOHS_BLOCK_ADDON, extra, f"{extra} block(s) past the first five of a stage"))
    return tuple(lines)

