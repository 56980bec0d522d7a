"""Provider-level adjustments (the 835's PLB segment): money a payer adds to or takes from a payment that belongs to
no one claim of it, such as the recovery of an earlier overpayment or interest on a claim paid late.

Sign convention (005010X221A1): a positive PLB amount reduces the payment, a negative one increases it, so the
check or EFT (BPR02) equals the claim payments (CLP04) less the PLB amounts. :func:`net_payment` is that sum, and
:func:`carry_forward` balances a remittance whose recoveries exceed its claim payments with a forwarding balance
(FB) instead of a negative payment. Reason codes are X12's; the book's paraphrases are in
:data:`revcycle.codes.remit.PLB_REASONS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from revcycle.codes.remit import PLB_REASONS
from revcycle.core.dates import parse_date
from revcycle.core.money import ZERO, parse_money
from revcycle.x12.common import COMPONENT, X12Error, amount, clean, d8, segment

#: A PLB segment holds at most six reason/amount pairs (PLB03-PLB14).
PAIRS_PER_SEGMENT = 6
#: Longest reference identifier (PLB03-2) the guide allows.
REFERENCE_LIMIT = 50


@dataclass(frozen=True)
class ProviderAdjustment:
    """One PLB adjustment: reason code, amount (positive takes money back) and the reference it concerns.

    ``provider_id`` (the payee NPI) and ``payer_id`` say which transaction of a file it belongs to when the file
    pays more than one provider or holds more than one payer; empty means the first transaction.
    """

    reason: str
    amount: Decimal
    reference: str = ""
    provider_id: str = ""
    payer_id: str = ""
    fiscal_date: date | None = None

    def __post_init__(self) -> None:
        reason = str(self.reason).strip().upper() if isinstance(self.reason, str) else self.reason
        if reason not in PLB_REASONS:
            raise X12Error(f"PLB reason code {self.reason!r} is not one this book writes; use one of "
                           f"{', '.join(sorted(PLB_REASONS))} (see revcycle.codes.remit.PLB_REASONS).")
        value = parse_money(self.amount, f"The {reason} provider adjustment", X12Error, example="25.00")
        if value == 0:
            raise X12Error(f"The {reason} provider adjustment is zero; leave it out instead.")
        reference = clean(self.reference)
        if len(reference) > REFERENCE_LIMIT:
            raise X12Error(f"The {reason} reference {self.reference!r} is longer than the {REFERENCE_LIMIT} "
                           "characters PLB03-2 holds.")
        object.__setattr__(self, "reason", reason)
        object.__setattr__(self, "amount", value)
        object.__setattr__(self, "reference", reference)
        if self.fiscal_date is not None:
            object.__setattr__(self, "fiscal_date", parse_date(self.fiscal_date, "The PLB fiscal period date",
                                                               X12Error))


def overpayment_reference(control_number: str, patient_id: str = "") -> str:
    """PLB03-2 for a recovery: the payer's control number for the overpayment, then the patient's member ID.

    Medicare's contractors identify a recoupment by the overpayment's financial control number (FCN) followed by
    the beneficiary's Medicare number, so the provider can find the claim the money is taken from.
    """
    fcn = clean(control_number).replace(" ", "")
    if not fcn:
        raise X12Error("A recovery needs the payer's control number for the overpayment (the FCN).")
    reference = fcn + (" " + clean(patient_id).replace(" ", "") if patient_id else "")
    if len(reference) > REFERENCE_LIMIT:
        raise X12Error(f"The reference {reference!r} is longer than the {REFERENCE_LIMIT} characters PLB03-2 holds.")
    return reference


def total(adjustments: Iterable[ProviderAdjustment]) -> Decimal:
    """The sum of the PLB amounts (positive: taken from the payment)."""
    return sum((a.amount for a in adjustments), ZERO)


def net_payment(claim_payments: Iterable[Decimal], adjustments: Iterable[ProviderAdjustment]) -> Decimal:
    """BPR02 as the guide balances it: the sum of the claim payments (CLP04) less the sum of the PLB amounts."""
    return sum((parse_money(p, "A claim payment", X12Error) for p in claim_payments), ZERO) - total(adjustments)


def carry_forward(claim_payments: Iterable[Decimal], adjustments: Sequence[ProviderAdjustment],
                  reference: str) -> list[ProviderAdjustment]:
    """``adjustments``, plus a negative FB when they take more than the claims pay, so the payment is zero.

    The payer recovers what this remittance can bear and carries the rest, with the same ``reference``, to a later
    remittance (where it appears as a positive FB).
    """
    net = net_payment(claim_payments, adjustments)
    out = list(adjustments)
    if net < 0:
        out.append(ProviderAdjustment("FB", net, reference, adjustments[0].provider_id if adjustments else "",
                                      adjustments[0].payer_id if adjustments else ""))
    return out


def plb_segments(provider_id: str, fiscal_date: date, adjustments: Sequence[ProviderAdjustment]) -> list[str]:
    """PLB segments for one provider: six reason/amount pairs per segment, in the order given."""
    out: list[str] = []
    for start in range(0, len(adjustments), PAIRS_PER_SEGMENT):
        elements = ["PLB", clean(provider_id, 50), d8(fiscal_date)]
        for adj in adjustments[start:start + PAIRS_PER_SEGMENT]:
            composite = COMPONENT.join(x for x in (adj.reason, adj.reference) if x)
            elements += [composite, amount(adj.amount)]
        out.append(segment(*elements))
    return out


def fiscal_period(paid_on: date) -> date:
    """PLB02 when the payer gives none: the last day of the calendar year of the payment."""
    return date(paid_on.year, 12, 31)
