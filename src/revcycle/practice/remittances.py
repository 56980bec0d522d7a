"""The remittances chapter's synthetic cases, built once so the chapter, its notebook and its tests read the same
numbers: a Medicare check with a recoupment and late-payment interest (PLB), and a commercial payer's reversal and
correction of a claim the practice replaced.

Everything comes from :func:`revcycle.synthetic.claims` and the synthetic payer (seed :data:`SEED`); the cases only
pick which claims play which part, by rule, and let :mod:`revcycle.x12`, :mod:`revcycle.payment` and
:mod:`revcycle.ar` do the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

import pandas as pd

from revcycle.ar import deposits, post, reversals
from revcycle.ar.posting import Ledger
from revcycle.claims import Claim
from revcycle.payment import corrections
from revcycle.payment.adjudication import ClaimResult, adjudicate
from revcycle.payment.interest import LateInterest, late_interest
from revcycle.x12 import Remittance, read_835, to_835
from revcycle.x12.plb import ProviderAdjustment, overpayment_reference

SEED = 2032
CLAIMS = 60
MEDICARE = "SYNMCR"
COMMERCIAL = "SYNEHP"
#: The Prompt Payment Act rate the example uses (percent a year): the Treasury's rate for January-June 2025. Use the
#: rate in force on the payment date for a real claim.
EXAMPLE_RATE = Decimal("4.625")
#: The overpayment's financial control number in the recoupment case (synthetic).
FCN = "26042000000017"
#: Days after the original payment when the commercial payer reprocesses the replaced claim.
REPROCESS_AFTER = 28


@cache
def batch() -> tuple[tuple[Claim, ...], tuple[ClaimResult, ...]]:
    """The chapter's synthetic claims and the synthetic payers' decisions on them."""
    from revcycle import synthetic

    claims = tuple(synthetic.claims(CLAIMS, seed=SEED))
    return claims, tuple(adjudicate(claims, seed=SEED))


@dataclass(frozen=True)
class RecoupmentCase:
    """A Medicare check that pays today's claims, recoups an earlier overpayment (WO) and adds interest (L6)."""

    today: tuple[ClaimResult, ...]
    overpaid: ClaimResult
    interest: dict[str, LateInterest]
    adjustments: tuple[ProviderAdjustment, ...]
    earlier_text: str
    text: str

    @property
    def remit(self) -> Remittance:
        return read_835(self.text)

    @property
    def earlier(self) -> Remittance:
        return read_835(self.earlier_text)

    @property
    def references(self) -> dict[str, str]:
        """PLB reference -> the practice's claim number, as the biller's overpayment log records it."""
        return {self.adjustments[0].reference: self.overpaid.claim.claim_id}

    def ledger(self) -> Ledger:
        """Both remittances posted, then today's provider-level adjustments."""
        claims = [self.overpaid.claim, *(r.claim for r in self.today)]
        posted = post([self.earlier, self.remit], claims)
        return deposits.post_provider_adjustments(posted, self.remit, self.references)


def _received(r: ClaimResult) -> date:
    """The day the payer received the claim: the synthetic practice sends it electronically the day it signs it."""
    return r.claim.submitted_on or r.paid_on


def _late(r: ClaimResult) -> bool:
    return (r.paid_on - _received(r)).days > 30


@cache
def recoupment_case() -> RecoupmentCase:
    """Today's check: the first Medicare transaction with two or more paid claims, one of them paid late, whose
    provider had an earlier Medicare payment; that earlier payment is the overpayment recovered."""
    claims, results = batch()
    groups: dict[tuple[date, str], list[ClaimResult]] = {}
    for r in results:
        if r.claim.payer.payer_id == MEDICARE and r.status in ("1", "4"):
            groups.setdefault((r.paid_on, r.claim.billing_provider.npi), []).append(r)
    for (day, npi), group in sorted(groups.items()):
        paid = [r for r in group if r.paid > 0]
        earlier = [r for r in results if r.claim.payer.payer_id == MEDICARE and r.claim.billing_provider.npi == npi
                   and r.paid_on < day and r.paid > 0]
        if len(paid) >= 2 and any(_late(r) for r in paid) and earlier:
            overpaid = earlier[0]
            break
    else:  # pragma: no cover - the seed is fixed
        raise LookupError("No Medicare check in the batch fits the case.")
    interest = {r.claim.claim_id: late_interest(r.paid, _received(r), r.paid_on, EXAMPLE_RATE)
                for r in paid if _late(r)}
    adjustments = [ProviderAdjustment("WO", overpaid.paid, overpayment_reference(FCN, overpaid.claim.insured.member_id),
                                      npi, MEDICARE)]
    adjustments += [ProviderAdjustment("L6", -li.interest, next(r.payer_claim_id for r in group
                                                                   if r.claim.claim_id == cid), npi, MEDICARE)
                    for cid, li in interest.items() if li.interest]
    earlier_text = to_835([overpaid], control_number=1)
    text = to_835(group, control_number=2, provider_adjustments=adjustments)
    return RecoupmentCase(tuple(group), overpaid, interest, tuple(adjustments), earlier_text, text)


@dataclass(frozen=True)
class CorrectionCase:
    """A commercial claim paid as billed, replaced by the practice (frequency 7), reversed and paid again."""

    original: ClaimResult
    corrected_claim: Claim
    reversal: ClaimResult
    corrected: ClaimResult
    first_text: str
    text: str

    @property
    def remit(self) -> Remittance:
        return read_835(self.text)

    def pairs(self) -> pd.DataFrame:
        return reversals.pair_reversals(self.remit)

    def ledger(self) -> Ledger:
        """Both remittances posted against the claim as it now stands (the replacement's charge)."""
        return post([read_835(self.first_text), self.remit], [self.corrected_claim])


#: The correction: the visit documented a moderate-complexity decision, so 99213 becomes 99214.
CORRECTED_FROM, CORRECTED_TO = "99213", "99214"


@cache
def correction_case() -> CorrectionCase:
    """The first commercial one-line 99213 claim paid in full; the practice replaces it with 99214 at its list price."""
    from revcycle.synthetic import CHARGEMASTER

    claims, results = batch()
    original = next(r for r in results if r.claim.payer.payer_id == COMMERCIAL and r.paid > 0
                    and [ln.procedure for ln in r.claim.lines] == [CORRECTED_FROM])
    line = original.claim.lines[0]
    new_line = replace(line, procedure=CORRECTED_TO, charge=CHARGEMASTER[CORRECTED_TO])
    on = original.paid_on + timedelta(days=REPROCESS_AFTER)
    corrected_claim = corrections.replacement(original.claim, lines=[new_line],
                                              submitted_on=original.paid_on + timedelta(days=3),
                                              original_reference=original.payer_claim_id)
    reversal, corrected = corrections.reprocess(original, corrected_claim, on=on, seed=SEED)
    first_text = to_835([original], control_number=3)
    text = to_835([reversal, corrected], control_number=4)
    return CorrectionCase(original, corrected_claim, reversal, corrected, first_text, text)
