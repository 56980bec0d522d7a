"""A payer's second look at a claim it already paid: the reversal of its first decision and the corrected one.

When a payer changes a processed claim (after a replacement claim, frequency code 7, or a reopening), its next 835
carries two claims with the provider's same claim number (CLP01): a reversal (status 22) with the negatives of
everything the first decision said, and the corrected decision. The provider nets the two. :func:`reverse` builds
the reversal of a :class:`~revcycle.payment.adjudication.ClaimResult`; :func:`replacement` the provider's
replacement claim; :func:`reprocess` both payer decisions. Amounts are Decimal; nothing here is rounded.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from revcycle.claims import Claim
from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError, RuleError
from revcycle.payment.adjudication import REJECTED, Adjustment, ClaimResult, LineResult, adjudicate

#: CLP02 for a reversal of a previously reported claim.
REVERSAL = "22"
#: Claim frequency codes (CLM05-3, CMS-1500 item 22): a replacement of a prior claim, and a void of one.
REPLACEMENT, VOID = "7", "8"


def _negated(line: LineResult) -> LineResult:
    return replace(line, charge=-line.charge, allowed=-line.allowed, paid=-line.paid,
                   adjustments=tuple(Adjustment(a.group, a.reason, -a.amount, a.quantity) for a in line.adjustments))


def reverse(result: ClaimResult, *, on: date | str) -> ClaimResult:
    """The reversal of ``result``: status 22, every line and adjustment negated, dated ``on``.

    It keeps the payer's claim number of the decision it takes back, so the provider can find it.
    """
    if not isinstance(result, ClaimResult):
        raise InputError(f"reverse() takes a ClaimResult from adjudicate(), not {type(result).__name__}.")
    if result.status in (REJECTED, REVERSAL):
        what = "rejected" if result.status == REJECTED else "already a reversal"
        raise RuleError(f"Claim {result.claim.claim_id} was {what}: there is no payment decision to reverse.")
    day = parse_date(on, "The reversal date")
    if day < result.paid_on:
        raise InputError(f"A reversal dated {day.isoformat()} cannot come before the decision it reverses "
                         f"({result.paid_on.isoformat()}).")
    return replace(result, status=REVERSAL, paid_on=day, lines=tuple(_negated(ln) for ln in result.lines),
                   claim_adjustments=tuple(Adjustment(a.group, a.reason, -a.amount, a.quantity)
                                           for a in result.claim_adjustments))


def replacement(claim: Claim, **changes: object) -> Claim:
    """The provider's replacement claim (frequency 7) for ``claim``: same claim number, with ``changes`` applied.

    ``changes`` are Claim fields, most often ``lines`` (a corrected code, units or charge), ``submitted_on`` and
    ``original_reference`` (the payer's number for the claim, CLP07 of its 835), which the 837P sends in REF*F8.
    """
    unknown = set(changes) - set(Claim.__dataclass_fields__)
    if unknown:
        raise InputError(f"A claim has no field {', '.join(sorted(unknown))}.")
    if "claim_id" in changes:
        raise RuleError("A replacement claim keeps the claim number of the claim it replaces.")
    fields = {**changes, "frequency_code": REPLACEMENT}
    if "lines" in changes and "total_charge" not in changes:
        fields["total_charge"] = None  # the new lines' sum
    return replace(claim, **fields)  # type: ignore[arg-type]


def reprocess(original: ClaimResult, corrected: Claim, *, on: date | str, seed: int = 0,
              **adjudicate_options: object) -> tuple[ClaimResult, ClaimResult]:
    """The payer's two decisions on one 835 dated ``on``: the reversal of ``original`` and the corrected claim's.

    The corrected claim is adjudicated by the synthetic payer with the same rules (no random denial), and keeps
    the payer's claim number of the original with a suffix, as a new decision on the same claim.
    """
    if corrected.claim_id != original.claim.claim_id:
        raise RuleError(f"The corrected claim is numbered {corrected.claim_id!r}, the original "
                        f"{original.claim.claim_id!r}: a correction keeps the provider's claim number.")
    day = parse_date(on, "The reprocessing date")
    options = {"denial_rate": 0.0, **adjudicate_options}
    new = adjudicate([corrected], seed=seed, **options)[0]  # type: ignore[arg-type]
    if new.status == REJECTED:
        raise RuleError(f"The corrected claim {corrected.claim_id} would be rejected at the payer's front door "
                        f"({', '.join(new.reasons)}); fix it first.")
    new = replace(new, paid_on=day, payer_claim_id=f"{original.payer_claim_id}R1")
    return reverse(original, on=day), new
