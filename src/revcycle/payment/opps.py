"""Hospital outpatient (OPPS) line payment: which lines are paid, the wage adjustment, the multiple-procedure
reduction and the patient's copayment.

The rules, in the book's words (CY 2026 OPPS final rule, CMS-1834-FC; Claims Processing Manual chapter 4):

- a line's **status indicator** decides whether it is paid: ``N`` is packaged (paid nothing on its own); ``S``, ``V``
  and ``T`` are paid at their APC's rate; ``J1`` is a comprehensive APC that pays one amount for the claim, so every
  other line on the claim is packaged into it (the highest-paying ``J1`` line wins when there are several);
- ``J2`` (clinic and emergency visits) is paid at its own APC unless the claim also bills observation (``G0378``),
  when it may become a comprehensive observation claim; ``Q3`` (imaging that can join a composite APC) is paid at its
  own APC when it is the claim's only ``Q3`` line; ``Q4`` (laboratory tests) is packaged when the claim holds any
  OPPS-paid line, and alone it is paid by the clinical laboratory fee schedule, not the OPPS. The two cases the book
  does not model (observation with ``J2``, two or more ``Q3`` lines) are refused, not guessed;
- ``T`` lines are subject to the multiple-procedure reduction: the highest-paying ``T`` line is paid in full and
  every other ``T`` line at half;
- the paid rate is wage adjusted: the labor share (60 percent, shipped in ``data/postacute_opps_2026.csv``) is
  multiplied by the hospital's wage index and the rest added back;
- the patient's copayment is the line's national unadjusted copayment, adjusted and reduced the same way, and never
  more than the year's Part A inpatient deductible for one line.

**Rates**: ``data/opps_addendum_b_2026_teaching.csv`` ships eleven rows of the CY 2026 Addendum B (status, APC,
weight, rate; see ``data/PROVENANCE.md``) for :meth:`OppsLine.shipped`; for any other code the caller gives the
line's national rate and copayment as Addendum B prints them. No copayment is shipped. Not modelled: the Part B
deductible, pass-through items, outliers, the rural and cancer-hospital adjustments, composite and comprehensive
observation APCs, conditional packaging other than ``Q4``, and the reduced rates for hospitals that miss quality
reporting.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from revcycle.core.errors import InputError, RuleError
from revcycle.core.money import parse_money, to_cents
from revcycle.payment.ipps import parse_wage_index
from revcycle.payment.postacute import rate

PAID = frozenset({"S", "T", "V", "J1", "J2", "Q3"})
PACKAGED = frozenset({"N"})
#: Laboratory tests: packaged with any OPPS-paid line, else paid by the clinical laboratory fee schedule.
LAB = frozenset({"Q4"})
#: Hospital observation, per hour: billed with a J2 visit it may make a comprehensive observation claim.
OBSERVATION = "G0378"
HALF = Decimal("0.5")
ADDENDUM_FILE = "opps_addendum_b_2026_teaching.csv"


@dataclass(frozen=True)
class AddendumRow:
    """One shipped Addendum B row: status indicator, APC, relative weight and national payment rate (no APC, weight
    or rate for a Q4 laboratory test)."""

    hcpcs: str
    status: str
    apc: str
    weight: Decimal | None
    rate: Decimal | None


@cache
def _addendum() -> dict[str, AddendumRow]:
    raw = resources.files("revcycle").joinpath("data", ADDENDUM_FILE).read_text(encoding="utf-8")
    return {r["hcpcs"]: AddendumRow(r["hcpcs"], r["status"], r["apc"],
                                    Decimal(r["relative_weight"]) if r["relative_weight"] else None,
                                    Decimal(r["payment_rate"]) if r["payment_rate"] else None)
            for r in csv.DictReader(io.StringIO(raw))}


def addendum_b(hcpcs: object) -> AddendumRow:
    """The shipped CY 2026 Addendum B row of ``hcpcs``; InputError naming the shipped codes for any other."""
    code = hcpcs.strip().upper() if isinstance(hcpcs, str) else ""
    rows = _addendum()
    if code not in rows:
        raise InputError(f"{hcpcs!r} is not in the book's {len(rows)} Addendum B rows ({', '.join(rows)}). For any "
                         "other code, read CMS's Addendum B for the quarter and give OppsLine.of its status and "
                         "rate.")
    return rows[code]


@dataclass(frozen=True)
class OppsLine:
    """A claim line as the payer sees it: HCPCS code, status indicator, and the APC's national rate and unadjusted
    copayment (zero for a packaged line)."""

    hcpcs: str
    status: str
    rate: Decimal
    copay: Decimal

    @classmethod
    def of(cls, hcpcs: str, status: str, rate: object = "0", copay: object = "0") -> OppsLine:
        si = str(status).strip().upper()
        if si not in PAID | PACKAGED | LAB:
            raise InputError(f"Status indicator {status!r}: the book models "
                             f"{', '.join(sorted(PAID | PACKAGED | LAB))}.")
        amount = parse_money(rate, f"The APC rate of {hcpcs}")
        share = parse_money(copay, f"The copayment of {hcpcs}")
        if share > amount:
            raise InputError(f"{hcpcs}: the copayment {share} cannot exceed the APC rate {amount}.")
        return cls(str(hcpcs).strip().upper(), si, amount, share)

    @classmethod
    def shipped(cls, hcpcs: str) -> OppsLine:
        """A line priced from the shipped Addendum B row, with no copayment (the book ships none)."""
        row = addendum_b(hcpcs)
        return cls.of(row.hcpcs, row.status, row.rate or 0)


@dataclass(frozen=True)
class OppsLinePayment:
    line: OppsLine
    paid: bool
    reason: str
    factor: Decimal  # 1, 0.5 (multiple-procedure reduction) or 0 (packaged)
    allowed: Decimal  # wage-adjusted rate x factor, to the cent
    copay: Decimal  # the patient's share, to the cent, capped at the inpatient deductible
    medicare: Decimal  # allowed - copay


def wage_adjust(amount: Decimal, wage_index: Decimal) -> Decimal:
    """``amount`` x (labor share x wage index + the non-labor share), unrounded."""
    labor = rate("opps", "labor_share")
    return amount * (labor * wage_index + (1 - labor))


def price_lines(lines: list[OppsLine], wage_index: object = Decimal("1")) -> list[OppsLinePayment]:
    """Every line's OPPS payment, in claim order, at ``wage_index``."""
    index = parse_wage_index(wage_index)
    if not lines or not all(isinstance(x, OppsLine) for x in lines):
        raise InputError("Give the claim's lines as OppsLine.of(hcpcs, status, rate, copay).")
    _refuse_unmodelled(lines)
    cap = rate("part_a", "inpatient_deductible")
    opps_paid = any(x.status in PAID for x in lines)
    comprehensive = max((x for x in lines if x.status == "J1"), key=lambda x: x.rate, default=None)
    t_lines = sorted((x for x in lines if x.status == "T"), key=lambda x: x.rate, reverse=True)
    out = []
    for x in lines:
        if comprehensive is not None and x is not comprehensive:
            factor, reason = Decimal(0), "packaged into the comprehensive APC"
        elif x.status in PACKAGED:
            factor, reason = Decimal(0), "packaged (status N)"
        elif x.status in LAB:
            factor = Decimal(0)
            reason = ("packaged with the claim's paid services (status Q4)" if opps_paid else
                      "paid by the clinical laboratory fee schedule, not the OPPS (status Q4 alone)")
        elif x.status == "T" and t_lines and x is not t_lines[0]:
            factor, reason = HALF, "multiple-procedure reduction (50%)"
        else:
            factor, reason = Decimal(1), f"paid (status {x.status})"
        allowed = to_cents(wage_adjust(x.rate, index) * factor)
        copay = min(to_cents(wage_adjust(x.copay, index) * factor), cap)
        out.append(OppsLinePayment(x, factor > 0, reason, factor, allowed, copay, allowed - copay))
    return out


def _refuse_unmodelled(lines: list[OppsLine]) -> None:
    """RuleError for the claims whose payment turns on an APC the book does not model."""
    codes = {x.hcpcs for x in lines}
    if OBSERVATION in codes and any(x.status == "J2" for x in lines):
        raise RuleError(f"This claim bills observation ({OBSERVATION}) with a J2 visit, so it may be paid as one "
                        "comprehensive observation APC, which the book does not model: price it with CMS's OPPS "
                        "Pricer.")
    imaging = [x.hcpcs for x in lines if x.status == "Q3"]
    if len(imaging) > 1:
        raise RuleError(f"{', '.join(imaging)} are all Q3: together they may be paid as one composite APC, which the "
                        "book does not model. Price one Q3 line at a time, or use CMS's OPPS Pricer.")
