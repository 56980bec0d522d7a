"""Revenue-cycle key performance indicators: days in A/R, clean-claim, first-pass, denial and collection rates.

There is no regulation that defines these measures, and organizations compute them in slightly different ways;
what matters is to compute each one the same way every month. This module uses these definitions:

* **Days in A/R** = total open accounts receivable on a date / average daily gross charges over the
  ``period_days`` (default 90) days up to that date. It says how many days of charges are waiting to be paid.
* **Clean-claim rate** = claims with no fatal scrubber finding / claims prepared, before anything is sent.
* **First-pass rate** = adjudicated claims paid with no line denied / adjudicated claims (from the 835s).
* **Denial rate** = adjudicated claims with at least one line denied / adjudicated claims (the complement).
* **Net collection rate** = money collected (payers and patients) / (charges - contractual adjustments), for
  claims old enough to have been worked (the scorecard uses services at least ``period_days`` old).
* **A/R over 120 days** = share of the open A/R balance older than 120 days.

Percentages are rounded half-up to one decimal place (:func:`revcycle.core.money.percent`); days in A/R too.
Money stays Decimal: amounts are read by :func:`revcycle.core.money.parse_money`, counts by :func:`count`, dates by
:func:`revcycle.core.dates.parse_date`; anything unreadable raises :class:`~revcycle.core.errors.InputError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from numbers import Integral

from revcycle.ar import aging as ar
from revcycle.ar.posting import Ledger
from revcycle.claims import Claim, claims_frame, scrub_frame
from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError
from revcycle.core.money import LIMIT, ROUNDING, ZERO, parse_money, percent, to_cents
from revcycle.x12.reader835 import Remittance

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Rate:
    """A ratio with its parts, so a reader can check it: ``numerator`` / ``denominator`` as a percent."""

    name: str
    numerator: Decimal
    denominator: Decimal
    percent: Decimal

    def __str__(self) -> str:
        return f"{self.name}: {self.numerator:,} / {self.denominator:,} = {self.percent}%"


@dataclass(frozen=True)
class DaysInAR:
    """Days in A/R with the figures it comes from."""

    as_of: date
    ar_balance: Decimal
    period_days: int
    period_charges: Decimal
    average_daily_charges: Decimal  # rounded to the cent, for display; the division uses the exact value
    days: Decimal


def count(value: object, what: str) -> Decimal:
    """The one reader for the parts of a rate: a count (an int, numpy's too) or an amount (Decimal or text such as
    "1250.00"); finite, zero or more, below $1 trillion. Floats are refused, as for money."""
    if isinstance(value, bool) or value is None or isinstance(value, float):
        raise InputError(f"{what} must be a count or an amount such as 12 or '1250.00', not {value!r}.")
    if isinstance(value, Integral):
        number = Decimal(int(value))
    elif isinstance(value, Decimal | str):
        try:
            number = Decimal(str(value).strip().replace("$", "").replace(",", ""))
        except InvalidOperation:
            raise InputError(f"{what} must be a count or an amount such as 12 or '1250.00', not {value!r}.") from None
    else:
        raise InputError(f"{what} must be a count or an amount, not a {type(value).__name__}.")
    if not number.is_finite() or number < 0 or number >= LIMIT:
        raise InputError(f"{what} must be a finite number from 0 to below 1 trillion, not {value!r}.")
    return number


def rate(name: str, numerator: object, denominator: object) -> Rate:
    """A :class:`Rate` from two counts or amounts (a zero denominator gives 0.0%)."""
    num = count(numerator, f"{name}: the numerator")
    den = count(denominator, f"{name}: the denominator")
    return Rate(name, num, den, percent(num, den))


def days_in_ar(ar_balance: object, period_charges: object, period_days: int = 90) -> Decimal:
    """A/R balance divided by the average daily charges of the period, to one decimal place.

    >>> days_in_ar("45000.00", "135000.00", 90)
    Decimal('30.0')
    """
    _period(period_days)
    balance = parse_money(ar_balance, "The A/R balance", example="45000.00", negative=False)
    charges = parse_money(period_charges, "The period's charges", example="135000.00", negative=False)
    if charges == 0:
        raise InputError("Days in A/R needs some charges in the period: the average daily charge is zero.")
    return (balance * period_days / charges).quantize(TENTH, rounding=ROUNDING)


def _period(period_days: object) -> int:
    if isinstance(period_days, bool) or not isinstance(period_days, int) or not 1 <= period_days <= 3660:
        raise InputError(f"period_days must be a whole number of days from 1 to 3660, not {period_days!r}.")
    return period_days


def days_in_ar_for(ledger: Ledger, as_of: date | str, *, period_days: int = 90) -> DaysInAR:
    """Days in A/R from a posted ledger: open balances on ``as_of`` over charges with service dates in the
    ``period_days`` days ending on ``as_of``."""
    as_of = parse_date(as_of, "as_of")
    _period(period_days)
    open_rows = ar.open_claims(ledger, as_of)
    balance = sum(open_rows["balance"], ZERO)
    start = as_of - timedelta(days=period_days - 1)
    claims = ledger.claims
    dates = claims["service_date"].dt.date
    in_period = claims[(dates >= start) & (dates <= as_of)]
    charges = sum(in_period["charge"], ZERO)
    days = days_in_ar(balance, charges, period_days)
    average = to_cents(charges / period_days)
    return DaysInAR(as_of, balance, period_days, charges, average, days)


def clean_claim_rate(claims: Sequence[Claim], *, as_of: date | str | None = None) -> Rate:
    """Share of ``claims`` with no fatal scrubber finding (what would go out clean on the first try)."""
    claims = list(claims)
    if not claims:
        raise InputError("The clean-claim rate needs at least one claim.")
    day = None if as_of is None else parse_date(as_of, "as_of")
    found = scrub_frame(claims_frame(claims), as_of=day)
    dirty = set(found.loc[found["severity"] == "fatal", "claim_id"])
    return rate("clean-claim rate", len(claims) - len(dirty), len(claims))


def _remits(remittances: Remittance | Iterable[Remittance]) -> list[Remittance]:
    return [remittances] if isinstance(remittances, Remittance) else list(remittances)


def denial_rate(remittances: Remittance | Iterable[Remittance]) -> Rate:
    """Adjudicated claims with at least one denied line, over all adjudicated claims."""
    s = ar.denial_summary(_remits(remittances))
    return rate("denial rate", s["claims_with_a_denial"], s["claims_adjudicated"])


def first_pass_rate(remittances: Remittance | Iterable[Remittance]) -> Rate:
    """Adjudicated claims with no denied line (paid as billed, apart from contract and patient amounts)."""
    s = ar.denial_summary(_remits(remittances))
    decided = s["claims_adjudicated"]
    return rate("first-pass rate", decided - s["claims_with_a_denial"], decided)


def net_collection_rate(ledger: Ledger, *, service_through: date | str | None = None) -> Rate:
    """Payments from payers and patients over what was collectible: charges less contractual adjustments.

    ``service_through`` keeps only claims with a service date on or before that day: the rate is meant for
    claims old enough to have been worked, since recent claims have not had time to be paid.
    """
    c = ledger.claims
    if service_through is not None:
        c = c[c["service_date"].dt.date <= parse_date(service_through, "service_through")]
    paid = sum(c["paid"], ZERO) + sum(c["patient_paid"], ZERO)
    collectible = sum(c["charge"], ZERO) - sum(c["contractual"], ZERO)
    return rate("net collection rate", paid, collectible)


def ar_over(ledger: Ledger, as_of: date | str, days: int = 120) -> Rate:
    """Share of the open A/R balance (dollars) older than ``days`` on ``as_of``."""
    rows = ar.open_claims(ledger, as_of)
    old = sum(rows.loc[rows["age_days"] > days, "balance"], ZERO)
    return rate(f"A/R over {days} days", old, sum(rows["balance"], ZERO))


def scorecard(ledger: Ledger, remittances: Remittance | Iterable[Remittance], claims: Sequence[Claim],
              as_of: date | str, *, period_days: int = 90):  # -> pandas.DataFrame
    """Every measure above in one small table: measure, value, and how it was computed."""
    import pandas as pd

    as_of = parse_date(as_of, "as_of")
    dar = days_in_ar_for(ledger, as_of, period_days=period_days)
    settled = as_of - timedelta(days=period_days)
    rows = [{"measure": "days in A/R", "value": f"{dar.days} days",
             "how": f"${dar.ar_balance:,.2f} open A/R / (${dar.period_charges:,.2f} charges / {period_days} days)"}]
    for r in (clean_claim_rate(claims), first_pass_rate(remittances), denial_rate(remittances),
              net_collection_rate(ledger, service_through=settled), ar_over(ledger, as_of)):
        money = r.name in ("net collection rate", "A/R over 120 days")
        num = f"${r.numerator:,.2f}" if money else f"{r.numerator:,.0f}"
        den = f"${r.denominator:,.2f}" if money else f"{r.denominator:,.0f}"
        how = f"{num} / {den}"
        if r.name == "net collection rate":
            how += f" (services on or before {settled.isoformat()})"
        rows.append({"measure": r.name, "value": f"{r.percent}%", "how": how})
    return pd.DataFrame(rows)
