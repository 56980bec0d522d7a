"""Medicare inpatient (IPPS) operating payment for one discharge, step by step, and the two-midnight expectation.

The arithmetic of 42 CFR 412.64: the national standardized amount is split into a labor-related and a nonlabor
part; the labor part is multiplied by the hospital's wage index; the sum is multiplied by the MS-DRG's relative
weight. The result is the federal operating payment for a discharge that is not a transfer or an outlier.

**The data, and what it is not.**

- MS-DRG relative weights and mean lengths of stay: CMS, FY 2026 IPPS/LTCH PPS final rule (CMS-1833-F), Table 5,
  "Weights - 10% Cap Applied" column. The shipped subset (``data/ipps_fy2026_drgs.csv``) holds only the MS-DRGs
  whose Table 5 rows could be read verbatim from a copy of the CMS file (see ``data/PROVENANCE.md``); the titles
  are the book's own short words, not CMS's.
- The national operating standardized amounts: the same final rule, Tables 1A and 1B, the column for a hospital
  that submits quality data and is a meaningful EHR user (the full update). Table 1A (wage index above
  1, 66 percent labor share) prints labor-related $4,456.72 and nonlabor-related $2,295.89; Table 1B (wage index 1
  or below, 62 percent) prints $4,186.62 and $2,565.99. Both add to $6,752.61. :data:`FY2026_RATES` holds the four
  amounts as printed; the engine does not recompute them from the shares. A copy of the CMS Tables 1A-1E file could
  not be read here: the amounts were taken from public copies that quote or test them, and agree to the cent
  (``data/PROVENANCE.md`` lists each one, with its commit).
- The reduced columns of Table 1A (a hospital that does not submit quality data, or is not a meaningful EHR user,
  or both) were found in no source, so they are **not shipped**: ``quality_and_ehr=False`` is refused.
- Not modelled: the capital payment (Table 1D), indirect medical education (IME), disproportionate share (DSH) and
  uncompensated care payments, outliers, transfer and post-acute transfer reductions, new technology add-on
  payments, the value-based purchasing, readmissions and hospital-acquired condition adjustments, and the
  Alaska/Hawaii cost-of-living adjustment.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from importlib import resources

from revcycle.core.errors import InputError
from revcycle.core.money import to_cents
from revcycle.core.numbers import decimal

DATA_FILE = "ipps_fy2026_drgs.csv"
SOURCE = ("CMS, FY 2026 IPPS/LTCH PPS final rule (CMS-1833-F, 90 FR, August 4, 2025), Table 5: MS-DRG relative "
          "weights (10% cap applied) and geometric and arithmetic mean lengths of stay")
#: Wage indexes outside (0, MAX_WAGE_INDEX] are refused: no IPPS area comes near 2.5.
MAX_WAGE_INDEX = Decimal("2.5")
_DRG = re.compile(r"(?:MS-?DRG|DRG)?\s*#?\s*(\d{1,3})", re.IGNORECASE)


@dataclass(frozen=True)
class DrgRecord:
    """One MS-DRG of the shipped subset: relative weight, geometric and arithmetic mean length of stay (days)."""

    ms_drg: str
    type: str  # MED or SURG
    weight: Decimal
    gmlos: Decimal
    amlos: Decimal
    title: str  # the book's own short words


@dataclass(frozen=True)
class IppsRates:
    """A national operating rate table: the labor-related and nonlabor-related amounts of Table 1A (wage index above
    1) and Table 1B (wage index 1 or below), as printed, with the labor shares their titles state."""

    name: str
    labor_high: Decimal  # Table 1A, labor-related (wage index above 1)
    nonlabor_high: Decimal  # Table 1A, nonlabor-related
    labor_low: Decimal  # Table 1B, labor-related (wage index 1 or below)
    nonlabor_low: Decimal  # Table 1B, nonlabor-related
    labor_share_high: Decimal  # share stated for Table 1A
    labor_share_low: Decimal  # share stated for Table 1B
    illustrative: bool
    source: str

    def __post_init__(self) -> None:
        if self.labor_high + self.nonlabor_high != self.labor_low + self.nonlabor_low:
            raise ValueError(f"{self.name}: Tables 1A and 1B must split the same standardized amount.")
        for labor, share in ((self.labor_high, self.labor_share_high), (self.labor_low, self.labor_share_low)):
            if to_cents(self.standardized_amount * share) != labor:
                raise ValueError(f"{self.name}: {labor} is not {share} of {self.standardized_amount}.")

    @property
    def standardized_amount(self) -> Decimal:
        """The whole standardized amount (labor + nonlabor; the same in Tables 1A and 1B)."""
        return self.labor_high + self.nonlabor_high

    def labor_share(self, wage_index: Decimal) -> Decimal:
        return self.labor_share_high if wage_index > 1 else self.labor_share_low

    def split(self, wage_index: Decimal) -> tuple[Decimal, Decimal]:
        """(labor-related, nonlabor-related) amounts for a hospital at ``wage_index``: Table 1A above 1, else 1B."""
        return (self.labor_high, self.nonlabor_high) if wage_index > 1 else (self.labor_low, self.nonlabor_low)


#: FY 2026 national operating standardized amounts, full update (quality data submitted, meaningful EHR user).
FY2026_RATES = IppsRates(
    name="FY 2026 national operating standardized amounts (full update)",
    labor_high=Decimal("4456.72"),
    nonlabor_high=Decimal("2295.89"),
    labor_low=Decimal("4186.62"),
    nonlabor_low=Decimal("2565.99"),
    labor_share_high=Decimal("0.66"),
    labor_share_low=Decimal("0.62"),
    illustrative=False,
    source=("CMS, FY 2026 IPPS/LTCH PPS final rule (CMS-1833-F), Tables 1A and 1B: national adjusted operating "
            "standardized amounts, hospital submitted quality data and is a meaningful EHR user"),
)


@dataclass(frozen=True)
class OperatingPayment:
    """Every step of the federal operating payment for one discharge."""

    drg: DrgRecord
    wage_index: Decimal
    quality_and_ehr: bool
    rates: IppsRates
    standardized_amount: Decimal
    labor_share: Decimal
    labor_amount: Decimal  # labor-related amount, as Table 1A or 1B prints it
    nonlabor_amount: Decimal  # nonlabor-related amount, likewise
    wage_adjusted_labor: Decimal  # labor amount x wage index (unrounded)
    adjusted_rate: Decimal  # wage-adjusted labor + nonlabor (unrounded)
    payment: Decimal  # adjusted rate x relative weight, to the cent

    @property
    def weight(self) -> Decimal:
        return self.drg.weight

    def steps(self) -> list[tuple[str, Decimal]]:
        """The computation as (what, amount) pairs, for tables and explanations."""
        return [
            ("standardized amount", self.standardized_amount),
            (f"labor-related part ({self.labor_share * 100:.0f}%)", self.labor_amount),
            ("nonlabor part", self.nonlabor_amount),
            (f"labor part x wage index {self.wage_index}", to_cents(self.wage_adjusted_labor)),
            ("wage-adjusted rate", to_cents(self.adjusted_rate)),
            (f"x relative weight {self.drg.weight}", self.payment),
        ]


# --------------------------------------------------------------------------------------------------- parsing


def parse_drg(value: object) -> str:
    """An MS-DRG number as three digits: 470, "470", "DRG 470", "MS-DRG 064" and 64 all read; text that is not a
    number from 1 to 999 is refused."""
    if isinstance(value, bool):
        raise InputError(f"An MS-DRG is a number from 001 to 999, not {value!r}.")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        match = _DRG.fullmatch(value.strip())
        if not match:
            raise InputError(f"MS-DRG {value!r}: write the group's number, e.g. 470 or 'MS-DRG 470'.")
        number = int(match.group(1))
    else:
        raise InputError(f"An MS-DRG is a number such as 470, not {type(value).__name__} {value!r}.")
    if not 1 <= number <= 999:
        raise InputError(f"MS-DRG {value!r}: MS-DRG numbers run from 001 to 999.")
    return f"{number:03d}"


def parse_wage_index(value: object) -> Decimal:
    """A wage index as a Decimal: text such as "1.0369", a Decimal or an int. Floats are refused (write the four
    decimals CMS publishes as text); zero, negative and absurd values (above 2.5) are refused."""
    index = decimal(value, "The wage index", "1.0369")
    if index <= 0:
        raise InputError(f"Wage index {value!r}: a wage index is more than zero (the national average is 1.0000).")
    if index > MAX_WAGE_INDEX:
        raise InputError(f"Wage index {value!r} is not plausible: IPPS wage indexes are near 1 and none reaches "
                         f"{MAX_WAGE_INDEX}. Check the decimal point.")
    return index


def _moment(value: object, what: str) -> datetime:
    """A date or date-time from date, datetime or ISO text ("2026-10-19" or "2026-10-19T07:30")."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            raise InputError(f"{what} {value!r}: write a date such as 2026-10-19 or 2026-10-19T07:30.") from None
    raise InputError(f"{what} must be a date or date and time, not {value!r}.")


# --------------------------------------------------------------------------------------------------- the data


@cache
def _table() -> dict[str, DrgRecord]:
    raw = resources.files("revcycle").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    out = {}
    for row in csv.DictReader(io.StringIO(raw)):
        out[row["ms_drg"]] = DrgRecord(row["ms_drg"], row["type"], Decimal(row["weight"]), Decimal(row["gmlos"]),
                                       Decimal(row["amlos"]), row["title"])
    return out


def drgs() -> list[DrgRecord]:
    """The shipped MS-DRGs, in number order."""
    return [_table()[k] for k in sorted(_table())]


def drg(ms_drg: object) -> DrgRecord:
    """The FY 2026 record of ``ms_drg``; an MS-DRG outside the shipped subset is refused with the list."""
    key = parse_drg(ms_drg)
    if key not in _table():
        have = ", ".join(sorted(_table()))
        raise InputError(f"MS-DRG {key} is not in the book's FY 2026 subset ({have}); the full list is Table 5 of "
                         "the FY 2026 IPPS final rule.")
    return _table()[key]


# --------------------------------------------------------------------------------------------------- payment


def operating_payment(ms_drg: object, wage_index: object = Decimal("1"), quality_and_ehr: bool = True,
                      rates: IppsRates = FY2026_RATES) -> OperatingPayment:
    """The federal operating payment for one discharge in ``ms_drg`` at ``wage_index``.

    The labor-related and nonlabor-related amounts are Table 1A's when the wage index is above 1 and Table 1B's
    otherwise, as printed; the labor part is multiplied by the wage index, the nonlabor part added, and the sum
    multiplied by the relative weight, rounded once, at the end. ``quality_and_ehr=False`` (a hospital without the
    full update) is refused: the book ships only the full-update column of Table 1A."""
    record = drg(ms_drg)
    index = parse_wage_index(wage_index)
    if not isinstance(quality_and_ehr, bool):
        raise InputError("quality_and_ehr is True (the hospital reports quality data and is a meaningful EHR user) "
                         "or False.")
    if not quality_and_ehr:
        raise InputError("The book ships only the full-update column of Table 1A (a hospital that submits quality "
                         "data and is a meaningful EHR user). The reduced standardized amounts for other hospitals "
                         "are in Table 1A of the FY 2026 IPPS final rule; pass an IppsRates built from them.")
    labor, nonlabor = rates.split(index)
    adjusted_labor = labor * index
    adjusted = adjusted_labor + nonlabor
    return OperatingPayment(record, index, quality_and_ehr, rates, labor + nonlabor, rates.labor_share(index), labor,
                            nonlabor, adjusted_labor, adjusted, to_cents(adjusted * record.weight))


# --------------------------------------------------------------------------------------------------- two midnights


@dataclass(frozen=True)
class TwoMidnight:
    """The two-midnight benchmark for an expected stay: truthy when the expected care crosses two midnights."""

    expected: bool
    midnights: int
    reason: str

    def __bool__(self) -> bool:
        return self.expected


def two_midnight(admit: object, expected_discharge: object) -> TwoMidnight:
    """Does the expected stay, from the start of hospital care to the expected discharge, cross two midnights?

    42 CFR 412.3(d)(1): an inpatient admission is generally appropriate for Part A payment when the admitting
    physician expects the patient to need hospital care that crosses two midnights. This counts midnights only;
    the physician's judgment, the inpatient-only list and the case-by-case exception are outside it."""
    start = _moment(admit, "The start of hospital care")
    end = _moment(expected_discharge, "The expected discharge")
    if end < start:
        raise InputError(f"The expected discharge ({end:%Y-%m-%d %H:%M}) is before the start of care "
                         f"({start:%Y-%m-%d %H:%M}).")
    midnights = (end.date() - start.date()).days
    if midnights >= 2:
        reason = (f"The expected stay crosses {midnights} midnights: inpatient admission is generally appropriate "
                  "under the two-midnight benchmark (42 CFR 412.3(d)(1)).")
    else:
        word = "one midnight" if midnights == 1 else "no midnight"
        reason = (f"The expected stay crosses {word}: the benchmark is not met, so the patient is generally an "
                  "outpatient (for example in observation) unless the procedure is on the inpatient-only list or "
                  "the physician documents a case-by-case exception (42 CFR 412.3(d)(1)-(3)).")
    return TwoMidnight(midnights >= 2, midnights, reason)
