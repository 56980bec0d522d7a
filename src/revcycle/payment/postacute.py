"""Medicare post-acute payment, two settings: a skilled nursing facility day under the Patient Driven Payment Model
(PDPM) and a home health 30-day period under the Patient-Driven Groupings Model (PDGM).

**The data, and what it is not** (``data/postacute_opps_2026.csv``; ``data/PROVENANCE.md`` says where each figure
was read and what it was checked against):

- SNF: the six FY 2026 unadjusted federal per diem components for an **urban** facility (PT, OT, SLP, nursing, NTA
  and the non-case-mix component), from the FY 2026 SNF PPS final rule (CMS-1827-F). The rural column, the labor
  share and the wage index adjustment, the case-mix index (CMI) tables and the AIDS add-on are **not shipped**: the
  caller supplies the resident's five CMIs, and the result is the unadjusted (national, before wage index) per diem.
- The variable per diem schedule is PDPM's: PT and OT are paid at 100% for days 1 to 20 and 2 points less for each
  further 7 days (98% on days 21-27, down to 76% on days 98-100); NTA is paid at 300% on days 1 to 3 and 100%
  after. SLP, nursing and the non-case-mix component do not vary with the day.
- Home health: the CY 2026 national standardized 30-day period payment from the CY 2026 HH PPS final rule
  (CMS-1828-F). The case-mix weights of the 432 PDGM groups, the labor share, the per-visit amounts and the LUPA
  thresholds are **not shipped**: the caller supplies the period's case-mix weight, and the result is the period
  payment before the wage index, outliers and any LUPA.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from revcycle.core.errors import DataError, InputError
from revcycle.core.money import to_cents
from revcycle.core.numbers import decimal

DATA_FILE = "postacute_opps_2026.csv"
#: Medicare Part A covers at most 100 SNF days in a benefit period.
SNF_MAX_DAY = 100
SNF_COMPONENTS = ("pt", "ot", "slp", "nursing", "nta")
#: CMIs outside (0, MAX_INDEX] are refused: no PDPM or PDGM index comes near 10.
MAX_INDEX = Decimal("10")


@cache
def rates() -> dict[tuple[str, str], Decimal]:
    """Every figure of the shipped CSV, keyed by (setting, item): SNF components, HH, OPPS and the Part A deductible."""
    raw = resources.files("revcycle").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return {(r["setting"], r["item"]): Decimal(r["value"]) for r in csv.DictReader(io.StringIO(raw))}


def rate(setting: str, item: str) -> Decimal:
    """One shipped figure, e.g. ``rate("snf", "pt")``; an item the book does not ship is refused with the list."""
    try:
        return rates()[(setting, item)]
    except KeyError:
        have = ", ".join(f"{s}/{i}" for s, i in sorted(rates()))
        raise DataError(f"{setting}/{item} is not in the book's 2026 subset ({have}).") from None


def parse_index(value: object, what: str = "A case-mix index") -> Decimal:
    """A case-mix index or weight as a Decimal: text such as "1.45", a Decimal or an int; floats, zero, negatives and
    absurd values are refused."""
    index = decimal(value, what, "1.45")
    if index <= 0 or index > MAX_INDEX:
        raise InputError(f"{what} {value!r} must be more than 0 and at most {MAX_INDEX}; check the decimal point.")
    return index


# --------------------------------------------------------------------------------------------------- SNF / PDPM


def therapy_factor(day: int) -> Decimal:
    """The PT and OT variable per diem factor for ``day`` of the stay: 1.00 on days 1-20, then 0.02 less for each
    further 7 days (0.98 on days 21-27, ..., 0.76 on days 98-100)."""
    day = _snf_day(day)
    if day <= 20:
        return Decimal("1.00")
    return Decimal("1.00") - Decimal("0.02") * ((day - 21) // 7 + 1)


def nta_factor(day: int) -> Decimal:
    """The NTA variable per diem factor: 3.00 on days 1-3 of the stay, 1.00 after."""
    return Decimal("3.00") if _snf_day(day) <= 3 else Decimal("1.00")


def _snf_day(day: object) -> int:
    if isinstance(day, bool) or not isinstance(day, int):
        raise InputError(f"The day of the SNF stay is a whole number from 1 to {SNF_MAX_DAY}, not {day!r}.")
    if not 1 <= day <= SNF_MAX_DAY:
        raise InputError(f"Day {day}: Medicare Part A covers SNF days 1 to {SNF_MAX_DAY} of a benefit period.")
    return day


@dataclass(frozen=True)
class SnfDay:
    """One day of a PDPM stay: each component's base rate, CMI, variable factor and amount, and the day's total."""

    day: int
    lines: tuple[tuple[str, Decimal, Decimal, Decimal, Decimal], ...]  # (component, rate, CMI, factor, amount)
    non_case_mix: Decimal
    per_diem: Decimal  # the sum, rounded once

    def amount(self, component: str) -> Decimal:
        """One component's amount for the day, unrounded."""
        return next(line[4] for line in self.lines if line[0] == component)


def snf_per_diem(day: int, cmis: dict[str, object]) -> SnfDay:
    """The FY 2026 unadjusted federal per diem (urban) for ``day`` of a stay whose PT, OT, SLP, nursing and NTA
    case-mix indexes are ``cmis``: each component's base rate x its CMI x its variable per diem factor, plus the
    non-case-mix component, rounded once."""
    if not isinstance(cmis, dict) or set(cmis) != set(SNF_COMPONENTS):
        raise InputError(f"Give one case-mix index for each PDPM component: {', '.join(SNF_COMPONENTS)}.")
    factors = {"pt": therapy_factor(day), "ot": therapy_factor(day), "slp": Decimal(1), "nursing": Decimal(1),
               "nta": nta_factor(day)}
    lines = []
    for name in SNF_COMPONENTS:
        base, cmi = rate("snf", name), parse_index(cmis[name], f"The {name.upper()} case-mix index")
        lines.append((name, base, cmi, factors[name], base * cmi * factors[name]))
    ncm = rate("snf", "non_case_mix")
    return SnfDay(day, tuple(lines), ncm, to_cents(sum((line[4] for line in lines), ncm)))


# --------------------------------------------------------------------------------------------------- HH / PDGM


def hh_period_payment(case_mix_weight: object) -> Decimal:
    """The CY 2026 national 30-day period payment for a PDGM group of ``case_mix_weight``: the standardized amount
    times the weight, to the cent (before the wage index, outliers and LUPA)."""
    weight = parse_index(case_mix_weight, "A PDGM case-mix weight")
    return to_cents(rate("hh", "standardized_30_day") * weight)
