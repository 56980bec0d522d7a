"""Reading an amount of money given by a learner or a module: Decimal only, with one clear message when not."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from revcycle.core.errors import RevcycleError

CENT = Decimal("0.01")
LIMIT = Decimal(10) ** 12


def parse_money(
    value: object,
    what: str = "An amount",
    error: type[RevcycleError] = RevcycleError,
    *,
    example: str = "150.00",
    negative: bool = True,
    whole_cents: bool = True,
) -> Decimal:
    """Dollars and cents from Decimal, int or text such as "$1,250.00"; floats are refused because they cannot
    hold cents exactly. ``negative=False`` refuses amounts below zero; ``whole_cents`` refuses fractions of a cent."""
    if isinstance(value, bool) or value is None:
        raise error(f"{what} must be an amount such as '{example}', not {value!r}.")
    if isinstance(value, float):
        raise error(
            f"{what} was given as the float {value!r}; floats cannot hold cents exactly. "
            f"Write it as text or a Decimal instead, e.g. '{value:.2f}'."
        )
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int | str):
        try:
            amount = Decimal(str(value).strip().replace("$", "").replace(",", ""))
        except InvalidOperation:
            raise error(f"{what} must be an amount such as '{example}', not {value!r}.") from None
    else:
        raise error(f"{what} must be an amount such as '{example}', not a {type(value).__name__}.")
    if not amount.is_finite():
        raise error(f"{what} must be a finite amount, not {value!r}.")
    if abs(amount) >= LIMIT:
        raise error(f"{what} {value!r} is too large to be a health care amount (the limit is $1 trillion).")
    if not negative and amount < 0:
        raise error(f"{what} cannot be negative ({value!r}); enter zero or more.")
    if whole_cents:
        if amount != amount.quantize(CENT):
            raise error(f"{what} {value!r} has fractions of a cent; round it to dollars and cents.")
        return amount.quantize(CENT)
    return amount
