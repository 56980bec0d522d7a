"""Money, defined once: amounts are ``Decimal`` dollars and cents, read by :func:`parse_money` and rounded by
:func:`to_cents`.

The rounding rule: a computed amount (a share, a percentage, a fee times a multiple) is rounded to the cent
**half up** (0.005 -> 0.01), the way fee schedules and remittances round, and only once, at the end of a
computation. Floats are refused because they cannot hold cents exactly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from revcycle.core.errors import InputError, RevcycleError

#: One cent, the unit every amount is rounded to.
CENT = Decimal("0.01")
#: Zero dollars, with its cents.
ZERO = Decimal("0.00")
#: Amounts at or beyond this are refused: no health care amount reaches $1 trillion.
LIMIT = Decimal(10) ** 12
#: The one rounding rule for money (see the module docstring).
ROUNDING = ROUND_HALF_UP


def to_cents(amount: Decimal) -> Decimal:
    """``amount`` rounded to the cent by the book's one rule, half up: ``to_cents(Decimal("2.675")) == 2.68``."""
    return amount.quantize(CENT, rounding=ROUNDING)


def percent(part: Decimal, whole: Decimal, places: int = 1) -> Decimal:
    """``part`` as a percentage of ``whole``, rounded half up to ``places`` decimals (0 when ``whole`` is 0)."""
    if whole == 0:
        return Decimal(0).quantize(Decimal(1).scaleb(-places))
    return (Decimal(100) * part / whole).quantize(Decimal(1).scaleb(-places), rounding=ROUNDING)


def parse_money(
    value: object,
    what: str = "An amount",
    error: type[RevcycleError] = InputError,
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
    if amount.copy_abs() >= LIMIT:
        raise error(f"{what} {value!r} is too large to be a health care amount (the limit is $1 trillion).")
    if not negative and amount < 0:
        raise error(f"{what} cannot be negative ({value!r}); enter zero or more.")
    if whole_cents:
        if amount != amount.quantize(CENT):
            raise error(f"{what} {value!r} has fractions of a cent; round it to dollars and cents.")
        return amount.quantize(CENT)
    return amount


def dollars(amount: Decimal) -> str:
    """An amount as a reader writes it: $50,400.00 (a minus sign before the dollar sign when negative)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(to_cents(amount)):,.2f}"
