"""What the patient owes on one claim line: deductible, then coinsurance or copay, capped by the OOP maximum.

All money is ``Decimal`` in dollars and cents, read by :func:`revcycle.core.money.parse_money` (floats are refused
because they cannot hold cents exactly); coinsurance is rounded to the cent by the book's one rule,
:func:`revcycle.core.money.to_cents` (half up). Inputs that make no sense raise
:class:`~revcycle.core.errors.InputError`. The deductible counts toward the
out-of-pocket maximum, so a remaining deductible larger than the remaining out-of-pocket maximum
is rejected as inconsistent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from revcycle.core.errors import InputError
from revcycle.core.money import ZERO, parse_money, to_cents


@dataclass(frozen=True)
class PatientShare:
    """How an allowed amount splits between patient and payer, and what is left to meet afterwards.

    ``oop_remaining_after`` is None when no out-of-pocket maximum applies (e.g. Original Medicare).
    """

    allowed: Decimal
    deductible_applied: Decimal
    coinsurance: Decimal
    copay: Decimal
    patient_total: Decimal
    payer_pays: Decimal
    deductible_remaining_after: Decimal
    oop_remaining_after: Decimal | None
    capped_by_oop: bool


def _rate(value: object) -> Decimal:
    """A coinsurance rate as a fraction from 0 to 1 (a rate is not money: a float such as 0.2 is read via its
    repr)."""
    if isinstance(value, bool):
        raise InputError(f"The coinsurance rate must be a fraction such as 0.20, not {value!r}.")
    try:
        rate = Decimal(str(value).strip()) if isinstance(value, int | float | str | Decimal) else None
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite():
        raise InputError(f"The coinsurance rate must be a fraction such as 0.20, not {value!r}.")
    if not 0 <= rate <= 1:
        hint = " Give it as a fraction: 0.20 for 20%." if 1 < rate <= 100 else ""
        raise InputError(f"The coinsurance rate must be between 0 and 1, not {value!r}.{hint}")
    return rate


def patient_share(
    allowed: object,
    *,
    deductible_remaining: object = 0,
    coinsurance_rate: object = None,
    copay: object = None,
    oop_remaining: object = None,
) -> PatientShare:
    """Split ``allowed`` between patient and payer.

    Order: the remaining deductible is taken first; the rest of the allowed amount then carries
    either a coinsurance rate (e.g. ``"0.20"`` for Medicare Part B) or a flat copay (never more
    than what is left of the allowed amount); finally the patient's total is capped at the
    remaining out-of-pocket maximum (``None`` = no maximum). The payer pays everything else.
    """
    amount = parse_money(allowed, "The allowed amount", example="95.19", negative=False)
    deductible_left = parse_money(deductible_remaining, "The remaining deductible", example="95.19", negative=False)
    oop_left = None if oop_remaining is None else parse_money(
        oop_remaining, "The remaining out-of-pocket maximum", example="95.19", negative=False)
    if (coinsurance_rate is None) == (copay is None):
        raise InputError(
            "Give either coinsurance_rate (e.g. '0.20') or copay (e.g. '25.00'), exactly one of them; "
            "use coinsurance_rate='0' when the plan pays the rest in full."
        )
    if oop_left is not None and deductible_left > oop_left:
        raise InputError(
            f"The remaining deductible ({deductible_left}) is larger than the remaining out-of-pocket "
            f"maximum ({oop_left}); the deductible counts toward that maximum, so check both figures."
        )

    deductible = min(amount, deductible_left)
    rest = amount - deductible
    coins = ZERO
    copay_applied = ZERO
    if coinsurance_rate is not None:
        coins = to_cents(rest * _rate(coinsurance_rate))
    else:
        copay_applied = min(parse_money(copay, "The copay", example="95.19", negative=False), rest)

    capped = False
    if oop_left is not None:
        room = oop_left - deductible  # never negative: deductible <= deductible_left <= oop_left
        if coins > room:
            coins, capped = room, True
        if copay_applied > room:
            copay_applied, capped = room, True

    patient = deductible + coins + copay_applied
    return PatientShare(
        allowed=amount,
        deductible_applied=deductible,
        coinsurance=coins,
        copay=copay_applied,
        patient_total=patient,
        payer_pays=amount - patient,
        deductible_remaining_after=deductible_left - deductible,
        oop_remaining_after=None if oop_left is None else oop_left - patient,
        capped_by_oop=capped,
    )
