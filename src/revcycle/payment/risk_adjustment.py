"""A teaching CMS-HCC V28 risk score over a documented subset: the community, non-dual, aged segment (CNA) only.

What it does, as CMS's V28 software does for this segment: each ICD-10-CM code maps to its payment HCCs (none, one or
two), the hierarchies drop a lower HCC when a higher one of the same family is present, and the raw risk score (the
RAF) is the demographic factor for the age and sex cell, plus each HCC's relative factor, plus the disease
interactions, plus the payment-HCC-count factor, all from the published CNA relative factors. Optionally the raw
score is divided by a normalization factor and reduced by the MA coding pattern adjustment, both supplied by the caller.

What it does not do, and so refuses rather than guesses: any ICD-10-CM code outside the shipped rows
(``data/cms_hcc_v28_dx_teaching.csv``; a few codes there are marked as mapping to no payment HCC because CMS's full
V28 table has no row for them), beneficiaries under 65, the dual, institutional, new-enrollee and ESRD segments, the
age/sex edits and the frailty factor. The factors, map and hierarchies are described in ``data/PROVENANCE.md``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from importlib import resources

from revcycle.codes import icd10cm
from revcycle.core.errors import DataError, InputError, RuleError
from revcycle.core.numbers import digits

#: Diagnoses are read against the FY 2026 code set, the one the V28 teaching subset was checked against.
FY2026_START = "2025-10-01"

__all__ = ["INTERACTIONS", "MODEL", "Contribution", "OutsideSubsetError", "RiskScore", "adjusted", "apply_hierarchies",
           "factor", "hcc_label", "hccs_for", "known_codes", "known_hccs", "score"]

MODEL = "CMS-HCC V28 (2024 model), community, non-dual, aged segment (payment year 2026 map)"
FACTORS_FILE = "cms_hcc_v28_cna_teaching.csv"
MAP_FILE = "cms_hcc_v28_dx_teaching.csv"
HIERARCHY_FILE = "cms_hcc_v28_hierarchy_teaching.csv"
_THOUSANDTH = Decimal("0.001")

# The disease groups of the V28 interactions (CMS's V28 software; the same in hccinfhir and hccpy).
DIABETES = frozenset({35, 36, 37, 38})
HEART_FAILURE = frozenset({221, 222, 223, 224, 225, 226})
CHRONIC_LUNG = frozenset({276, 277, 278, 279, 280})
KIDNEY = frozenset({326, 327, 328, 329})
INTERACTIONS: dict[str, tuple[frozenset[int], frozenset[int]]] = {
    "DIABETES_HF": (DIABETES, HEART_FAILURE),
    "HF_CHR_LUNG": (HEART_FAILURE, CHRONIC_LUNG),
    "HF_KIDNEY": (HEART_FAILURE, KIDNEY),
    "HF_HCC238": (HEART_FAILURE, frozenset({238})),
}
_AGE_BANDS = ((65, 69), (70, 74), (75, 79), (80, 84), (85, 89), (90, 94))


class OutsideSubsetError(RuleError):
    """A code, an HCC or a beneficiary the teaching model does not cover: it says so rather than guess."""


@dataclass(frozen=True)
class _Row:
    kind: str
    label: str
    factor: Decimal


def _read(name: str) -> list[dict[str, str]]:
    raw = resources.files("revcycle").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(raw)))


@cache
def _factors() -> dict[str, _Row]:
    rows: dict[str, _Row] = {}
    for row in _read(FACTORS_FILE):
        try:
            rows[row["variable"]] = _Row(row["kind"], row["label"], Decimal(row["factor"]))
        except (InvalidOperation, KeyError):
            raise DataError(f"{FACTORS_FILE}: the row {row!r} cannot be read.") from None
    return rows


@cache
def _map() -> dict[str, tuple[int, ...]]:
    mapping: dict[str, list[int]] = {}
    for row in _read(MAP_FILE):
        hccs = mapping.setdefault(row["icd10cm"], [])
        if row["hcc"]:
            hccs.append(int(row["hcc"]))
    known = set(known_hccs())
    for code, hccs in mapping.items():
        if not set(hccs) <= known:
            raise DataError(f"{MAP_FILE}: {code} maps to an HCC with no factor in {FACTORS_FILE}.")
    return {code: tuple(sorted(hccs)) for code, hccs in mapping.items()}


@cache
def _hierarchy() -> dict[int, frozenset[int]]:
    """Each shipped HCC with the higher HCCs of its family that drop it."""
    above: dict[int, set[int]] = {}
    for row in _read(HIERARCHY_FILE):
        above.setdefault(int(row["child"]), set()).add(int(row["parent"]))
    return {child: frozenset(parents) for child, parents in above.items()}


def known_hccs() -> list[int]:
    """The payment HCCs the teaching subset ships, in number order."""
    return sorted(int(v[3:]) for v, r in _factors().items() if r.kind == "hcc")


def known_codes(*, mapped: bool | None = None) -> list[str]:
    """The ICD-10-CM codes of the teaching map; ``mapped=False`` only those V28 gives no payment HCC."""
    return sorted(c for c, h in _map().items() if mapped is None or bool(h) == mapped)


def factor(variable: str) -> Decimal:
    """The CNA relative factor of one model variable ('F70_74', 'HCC37', 'DIABETES_HF', 'D3')."""
    row = _factors().get(variable)
    if row is None:
        raise OutsideSubsetError(f"{variable!r} is not a variable of the teaching subset ({MODEL}).")
    return row.factor


def hcc_label(hcc: int) -> str:
    """CMS's label of a shipped payment HCC."""
    return _factors()[f"HCC{_hcc(hcc)}"].label


def _hcc(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise InputError(f"An HCC is a number such as 37, not {value!r}.")
    text = str(value).strip().upper().removeprefix("HCC").strip()
    if not digits(text):
        raise InputError(f"An HCC is a number such as 37 (or 'HCC37'), not {value!r}.")
    number = int(text)
    if number not in set(known_hccs()):
        raise OutsideSubsetError(f"HCC {number} is outside the teaching subset, which ships HCCs "
                                 f"{', '.join(map(str, known_hccs()))}.")
    return number


def _code(value: object) -> str:
    return icd10cm.billable_code(value, "A diagnosis", on=FY2026_START)


def hccs_for(code: str) -> tuple[int, ...]:
    """The V28 payment HCCs a shipped ICD-10-CM code maps to; () when CMS's V28 map gives it none."""
    norm = _code(code)
    mapping = _map()
    if norm not in mapping:
        raise OutsideSubsetError(
            f"{norm} is not in this teaching subset ({len(mapping)} codes, see known_codes()). It may or may not map "
            "to a V28 payment HCC: the book does not guess; look it up in CMS's ICD-10 mappings for the payment year.")
    return mapping[norm]


def apply_hierarchies(hccs: Iterable[object]) -> frozenset[int]:
    """The HCCs left when every HCC with a higher HCC of its family present is dropped."""
    present = frozenset(_hcc(h) for h in hccs)
    above = _hierarchy()
    return frozenset(h for h in present if not (above.get(h, frozenset()) & present))


def _cell(sex: object, age: object) -> str:
    if sex not in ("F", "M"):
        raise InputError(f"Sex must be 'F' or 'M' (the model's two cells), not {sex!r}.")
    if isinstance(age, bool) or not isinstance(age, int):
        raise InputError(f"Age must be a whole number of years, not {age!r}.")
    if age < 65:
        raise OutsideSubsetError(f"Age {age}: the teaching subset ships only the aged segment (65 and over); the "
                                 "disabled segment's factors are not shipped.")
    if age > 120:
        raise InputError(f"Age {age} is not plausible.")
    for low, high in _AGE_BANDS:
        if low <= age <= high:
            return f"{sex}{low}_{high}"
    return f"{sex}95_GT"


@dataclass(frozen=True)
class Contribution:
    """One line of a risk score: the model variable, what it stands for, its factor and why it applies."""

    variable: str
    label: str
    factor: Decimal
    why: str


@dataclass(frozen=True)
class RiskScore:
    """A beneficiary's raw CNA risk score, line by line."""

    codes: tuple[str, ...]
    mapped: dict[str, tuple[int, ...]]
    hccs_before: frozenset[int]
    hccs: frozenset[int]
    dropped: dict[int, tuple[int, ...]]
    contributions: tuple[Contribution, ...]

    @property
    def raw(self) -> Decimal:
        """The raw risk score: the sum of the contributions (three decimals, as the factors are)."""
        return sum((c.factor for c in self.contributions), Decimal("0"))

    @property
    def no_hcc(self) -> tuple[str, ...]:
        """The codes given that V28 maps to no payment HCC."""
        return tuple(c for c in self.codes if not self.mapped[c])

    def adjusted(self, normalization: object, coding_adjustment: object) -> Decimal:
        """The raw score divided by a normalization factor and reduced by an MA coding pattern adjustment."""
        return adjusted(self.raw, normalization, coding_adjustment)

    def rows(self) -> list[tuple[str, str, Decimal, str]]:
        """The contributions as (variable, label, factor, why) rows, for tables."""
        return [(c.variable, c.label, c.factor, c.why) for c in self.contributions]


def _decimal(value: object, name: str) -> Decimal:
    if isinstance(value, (float, bool)):
        raise InputError(f"The {name} must be given as text or a Decimal (such as '1.2'), not {value!r}.")
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        raise InputError(f"The {name} {value!r} is not a number.") from None


def adjusted(raw: object, normalization: object, coding_adjustment: object) -> Decimal:
    """raw / normalization, times (1 - coding adjustment), rounded half up to three decimals.

    Both factors are printed each year in CMS's Rate Announcement; the book ships neither (see the chapter)."""
    score_ = _decimal(raw, "raw score")
    norm = _decimal(normalization, "normalization factor")
    cut = _decimal(coding_adjustment, "coding pattern adjustment")
    if score_ < 0:
        raise InputError(f"A raw risk score cannot be negative ({score_}).")
    if norm <= 0:
        raise InputError(f"The normalization factor must be above zero, not {norm}.")
    if not 0 <= cut < 1:
        raise InputError(f"The coding pattern adjustment is a fraction such as '0.059' (5.9 percent), not {cut}.")
    normalized = (score_ / norm).quantize(_THOUSANDTH, rounding=ROUND_HALF_UP)
    return (normalized * (1 - cut)).quantize(_THOUSANDTH, rounding=ROUND_HALF_UP)


def score(sex: str, age: int, codes: Iterable[str], *, originally_disabled: bool = False) -> RiskScore:
    """The raw V28 CNA risk score of an aged, community, non-dual beneficiary with these diagnosis codes."""
    if isinstance(codes, str):
        raise InputError("Give the diagnosis codes as a list, such as ['E11.22', 'I50.22'], not one string.")
    cell = _cell(sex, age)
    normed = tuple(dict.fromkeys(_code(c) for c in codes))
    mapped = {c: hccs_for(c) for c in normed}
    before = frozenset(h for hccs in mapped.values() for h in hccs)
    after = apply_hierarchies(before)
    above = _hierarchy()
    dropped = {h: tuple(sorted(above[h] & before)) for h in sorted(before - after)}
    rows = _factors()
    lines = [Contribution(cell, rows[cell].label, rows[cell].factor, "demographic factor for the age and sex cell")]
    if originally_disabled:
        name = f"OriginallyDisabled_{'Female' if sex == 'F' else 'Male'}"
        lines.append(Contribution(name, rows[name].label, rows[name].factor,
                                  "entitled to Medicare first by disability"))
    for h in sorted(after):
        sources = ", ".join(c for c in normed if h in mapped[c])
        lines.append(Contribution(f"HCC{h}", rows[f"HCC{h}"].label, rows[f"HCC{h}"].factor, f"from {sources}"))
    for name, (first, second) in INTERACTIONS.items():
        if after & first and after & second:
            lines.append(Contribution(name, rows[name].label, rows[name].factor,
                                      f"HCCs {', '.join(str(h) for h in sorted(after & (first | second)))} together"))
    count = len(after)
    if count:
        name = "D10P" if count >= 10 else f"D{count}"
        lines.append(Contribution(name, rows[name].label, rows[name].factor,
                                  f"{count} payment HCC{'s' if count > 1 else ''} after the hierarchies"))
    return RiskScore(normed, mapped, before, after, dropped, tuple(lines))
