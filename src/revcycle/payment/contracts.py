"""Payer contract arithmetic beyond the Medicare fee schedule: percent-of-Medicare rates, the "lesser of" rule,
and capitation.

Commercial contracts often price services as a percentage of the Medicare Physician Fee Schedule and pay the
lesser of that rate and the provider's charge. :class:`PercentOfMedicare` does exactly what the book's synthetic
payers do (:mod:`revcycle.payment.adjudication`): the Medicare amount is rounded to the cent first, multiplied by the
contract's percentage (and units), and rounded to the cent again by the book's one rule
(:func:`revcycle.core.money.to_cents`, half up). A capitated contract pays a fixed
amount per member per month (PMPM) whatever the members use; :func:`capitation` shows what that comes to per
visit. Amounts are read by :func:`revcycle.core.money.parse_money`; terms that make no sense raise
:class:`~revcycle.core.errors.InputError`. Every contract here is synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from revcycle.core.errors import CodeFormatError, InputError
from revcycle.core.money import parse_money, to_cents
from revcycle.payment import fees

#: The most units, members or visits one calculation takes (more is a typing mistake, and would overflow cents).
MAX_COUNT = 100_000_000


@dataclass(frozen=True)
class ContractRate:
    """How one line is priced under a contract: the Medicare base, the contract rate and the allowed amount."""

    code: str
    medicare: Decimal | None  # the PFS amount the rate is built on (None for a fixed-fee carve-out)
    rate: Decimal  # the contract's price for the line (all units)
    charge: Decimal | None
    allowed: Decimal  # lesser of the rate and the charge
    basis: str  # "percent of Medicare", "fixed fee" or "billed charge" (when the charge was lower)


@dataclass(frozen=True)
class PercentOfMedicare:
    """A fee-for-service contract at ``percent`` of the Medicare fee schedule, paying the lesser of rate or charge.

    ``fixed_fees`` carves codes out of the percentage at a flat price per unit. ``locality`` None means the
    national amounts (the synthetic payers' basis); give a locality id such as ``"10112-00"`` for a local one.
    """

    name: str
    percent: Decimal
    locality: str | None = None
    year: int = 2026
    fixed_fees: dict[str, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        pct = parse_money(self.percent, "The contract percentage", example="130", negative=False,
                          whole_cents=False)
        if pct == 0:
            raise InputError("A contract at 0 percent of Medicare pays nothing; give a percentage such as 130.")
        object.__setattr__(self, "percent", pct)
        object.__setattr__(self, "fixed_fees", {
            k.upper(): parse_money(v, f"The fixed fee for {k}", negative=False, whole_cents=False)
            for k, v in self.fixed_fees.items()})

    @property
    def multiplier(self) -> Decimal:
        return self.percent / 100

    def price(self, code: str, *, setting: fees.Setting = "non-facility", units: int = 1,
              charge: object = None, modifier: str | None = None) -> ContractRate:
        """The contract's allowed amount for ``units`` of ``code`` (lesser of the rate and ``charge``, if given)."""
        if isinstance(units, bool) or not isinstance(units, int) or not 1 <= units <= MAX_COUNT:
            raise InputError(f"units must be a whole number from 1 to {MAX_COUNT:,}, not {units!r}.")
        if not isinstance(code, str):
            raise CodeFormatError(f"A procedure code must be text such as '99213', not {code!r}.")
        billed = None if charge is None else parse_money(charge, "The charge", negative=False, whole_cents=False)
        key = code.strip().upper()
        if key in self.fixed_fees:
            medicare, rate, basis = None, to_cents(self.fixed_fees[key] * units), "fixed fee"
        else:
            medicare = fees.pfs_payment(key, locality=self.locality, setting=setting, year=self.year,
                                        modifier=modifier).payment
            rate, basis = to_cents(medicare * self.multiplier * units), "percent of Medicare"
        allowed = rate
        if billed is not None and billed < rate:
            allowed, basis = billed, "billed charge"
        return ContractRate(key, medicare, rate, billed, allowed, basis)


@dataclass(frozen=True)
class CapitationMonth:
    """One month of a capitated contract compared with the visits it covered."""

    members: int
    pmpm: Decimal
    payment: Decimal
    visits: int
    per_visit: Decimal | None  # payment / visits, rounded to the cent (None with no visits)
    fee_for_service_value: Decimal | None  # what the same visits would have been allowed fee-for-service
    difference: Decimal | None  # payment - fee_for_service_value (positive: capitation paid more)

    def __str__(self) -> str:
        """The month in a sentence, for a reader (the repr keeps the fields)."""
        from revcycle.core.money import dollars

        text = f"{self.members:,} members at {dollars(self.pmpm)} PMPM: {dollars(self.payment)} for the month"
        if self.per_visit is None:
            return text + " (no visits)."
        text += f", {self.visits:,} visits, {dollars(self.per_visit)} per visit"
        if self.fee_for_service_value is None or self.difference is None:
            return text + "."
        more = "more" if self.difference >= 0 else "less"
        return (f"{text}; fee-for-service would have allowed {dollars(self.fee_for_service_value)}, so capitation "
                f"paid {dollars(abs(self.difference))} {more}.")


def capitation(members: int, pmpm: object, *, visits: int = 0, fee_per_visit: object = None) -> CapitationMonth:
    """One month's capitation: ``members`` x ``pmpm``, and (given ``visits``) what it works out to per visit.

    With ``fee_per_visit`` (e.g. a fee-for-service allowed amount), it also shows what those visits would have
    earned fee-for-service, and the difference.

    >>> capitation(1200, "42.00", visits=300).per_visit
    Decimal('168.00')
    """
    if isinstance(members, bool) or not isinstance(members, int) or not 0 <= members <= MAX_COUNT:
        raise InputError(f"members must be a whole number from 0 to {MAX_COUNT:,}, not {members!r}.")
    if isinstance(visits, bool) or not isinstance(visits, int) or not 0 <= visits <= MAX_COUNT:
        raise InputError(f"visits must be a whole number from 0 to {MAX_COUNT:,}, not {visits!r}.")
    rate = parse_money(pmpm, "The per-member-per-month rate", negative=False, whole_cents=False)
    payment = to_cents(rate * members)
    per_visit = to_cents(payment / visits) if visits else None
    ffs = diff = None
    if fee_per_visit is not None:
        fee = parse_money(fee_per_visit, "The fee per visit", negative=False, whole_cents=False)
        ffs = to_cents(fee * visits)
        diff = payment - ffs
    return CapitationMonth(members, rate, payment, visits, per_visit, ffs, diff)
