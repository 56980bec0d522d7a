"""Hospital outpatient (OPPS) line payment: which lines are paid, the wage adjustment, the multiple-procedure
reduction and the patient's copayment.

The rules, in the book's words (CY 2026 OPPS final rule, CMS-1834-FC; Claims Processing Manual chapter 4):

- a line's **status indicator** decides whether it is paid: ``N`` is packaged (paid nothing on its own); ``S``, ``V``
  and ``T`` are paid at their APC's rate; ``J1`` is a comprehensive APC that pays one amount for the claim, so every
  other line on the claim is packaged into it (the highest-paying ``J1`` line wins when there are several);
- ``T`` lines are subject to the multiple-procedure reduction: the highest-paying ``T`` line is paid in full and
  every other ``T`` line at half;
- the paid rate is wage adjusted: the labor share (60 percent, shipped in ``data/postacute_opps_2026.csv``) is
  multiplied by the hospital's wage index and the rest added back;
- the patient's copayment is the line's national unadjusted copayment, adjusted and reduced the same way, and never
  more than the year's Part A inpatient deductible for one line.

**No APC rates are shipped**: the caller gives each line's national rate and copayment as Addendum B prints them.
Not modelled: the Part B deductible, pass-through items, outliers, the rural and cancer-hospital adjustments,
conditional packaging (``Q`` indicators) and the reduced rates for hospitals that miss quality reporting.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from revcycle.core.errors import InputError
from revcycle.core.money import parse_money, to_cents
from revcycle.payment.ipps import parse_wage_index
from revcycle.payment.postacute import rate

PAID = frozenset({"S", "T", "V", "J1"})
PACKAGED = frozenset({"N"})
HALF = Decimal("0.5")


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
        if si not in PAID | PACKAGED:
            raise InputError(f"Status indicator {status!r}: the book models {', '.join(sorted(PAID | PACKAGED))}.")
        amount = parse_money(rate, f"The APC rate of {hcpcs}")
        share = parse_money(copay, f"The copayment of {hcpcs}")
        if share > amount:
            raise InputError(f"{hcpcs}: the copayment {share} cannot exceed the APC rate {amount}.")
        return cls(str(hcpcs).strip().upper(), si, amount, share)


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
    cap = rate("part_a", "inpatient_deductible")
    comprehensive = max((x for x in lines if x.status == "J1"), key=lambda x: x.rate, default=None)
    t_lines = sorted((x for x in lines if x.status == "T"), key=lambda x: x.rate, reverse=True)
    out = []
    for x in lines:
        if comprehensive is not None and x is not comprehensive:
            factor, reason = Decimal(0), "packaged into the comprehensive APC"
        elif x.status in PACKAGED:
            factor, reason = Decimal(0), "packaged (status N)"
        elif x.status == "T" and t_lines and x is not t_lines[0]:
            factor, reason = HALF, "multiple-procedure reduction (50%)"
        else:
            factor, reason = Decimal(1), f"paid (status {x.status})"
        allowed = to_cents(wage_adjust(x.rate, index) * factor)
        copay = min(to_cents(wage_adjust(x.copay, index) * factor), cap)
        out.append(OppsLinePayment(x, factor > 0, reason, factor, allowed, copay, allowed - copay))
    return out
