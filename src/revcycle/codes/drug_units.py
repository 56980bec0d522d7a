"""Billing units for a HCPCS Level II drug code: the dose given over the amount in the code's CMS description.

A drug code names a drug and an amount ("Injection, ceftriaxone sodium, per 250 mg"), and the units on the
claim line are how many of those amounts the patient received. Medicare asks for units in multiples of the
amount in the description and, when the dose is not an exact multiple, for the next whole unit up (Medicare
Claims Processing Manual, Pub. 100-04, ch. 17, section 10). A code "up to 250 mg" counts the same way: any
dose up to 250 mg is one unit, 251 to 500 mg two.

:func:`amount_per_unit` reads the amount from descriptions that end in one mass ("1 mg", "per 250 mg",
"up to 1000 mcg", "1 gm", "per gram"); descriptions with two drugs, volumes, international units or trailing
notes are left alone (None), because their unit is not a simple mass. Doses and amounts are ``Decimal``:
a float such as 0.1 cannot hold the amount exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from revcycle.core.errors import InputError

__all__ = ["MASS_UNITS", "DrugAmount", "amount_per_unit", "billing_units", "convert", "for_code"]

#: Mass units a dose or a description may use, in milligrams.
MASS_UNITS: dict[str, Decimal] = {"mcg": Decimal("0.001"), "mg": Decimal(1), "g": Decimal(1000)}

_SPELLINGS = {
    "mcg": "mcg", "microgram": "mcg", "micrograms": "mcg",
    "mg": "mg", "milligram": "mg", "milligrams": "mg",
    "g": "g", "gm": "g", "gram": "g", "grams": "g",
}
_TAIL = re.compile(
    r"(?<!\d),\s*(?P<how>per\s+|up\s+to\s+)?(?P<amount>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)?\s*"
    r"(?P<unit>mcg|micrograms?|mg|milligrams?|gm|g|grams?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DrugAmount:
    """The amount one billing unit of a drug code stands for, as its description states it."""

    amount: Decimal
    unit: str  # "mcg", "mg" or "g"
    up_to: bool = False  # the description says "up to" the amount

    @property
    def milligrams(self) -> Decimal:
        return self.amount * MASS_UNITS[self.unit]

    def __str__(self) -> str:
        return f"{'up to ' if self.up_to else ''}{self.amount.normalize():f} {self.unit}"


def _unit(unit: object) -> str:
    if isinstance(unit, str) and unit.strip().lower() in _SPELLINGS:
        return _SPELLINGS[unit.strip().lower()]
    raise InputError(f"The unit must be a mass unit: mcg, mg or g (gm), not {unit!r}.")


def _quantity(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise InputError(f"{what} must be a number given as text or Decimal, such as '2.5', not {value!r}.")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InputError(f"{what} must be a number such as '2.5', not {value!r}.") from None
    if not number.is_finite() or number <= 0:
        raise InputError(f"{what} must be more than zero, not {value!r}.")
    return number


def amount_per_unit(description: str) -> DrugAmount | None:
    """The amount per billing unit at the end of a HCPCS drug description, or None if it does not end in one.

    >>> str(amount_per_unit("Injection, ceftriaxone sodium, per 250 mg"))
    '250 mg'
    """
    if not isinstance(description, str):
        raise InputError(f"The description must be text, not {type(description).__name__}.")
    found = _TAIL.search(description.strip())
    if found is None:
        return None
    amount = Decimal(found["amount"].replace(",", "")) if found["amount"] else None
    how = (found["how"] or "").lower()
    if amount is None and not how.startswith("per"):
        return None  # ", mg" with no number says nothing about the amount
    if amount is not None and amount <= 0:
        return None
    return DrugAmount(amount if amount is not None else Decimal(1), _SPELLINGS[found["unit"].lower()],
                      how.startswith("up"))


def convert(value: object, from_unit: str, to_unit: str) -> Decimal:
    """A mass in another unit (1.5 g -> 1500 mg), exactly."""
    quantity = _quantity(value, "The amount")
    return quantity * MASS_UNITS[_unit(from_unit)] / MASS_UNITS[_unit(to_unit)]


def billing_units(dose: object, dose_unit: str, per: DrugAmount) -> int:
    """Units to bill for ``dose`` (in ``dose_unit``) of a code whose unit is ``per``: the quotient rounded up.

    >>> billing_units("2.5", "mg", DrugAmount(Decimal(1), "mg"))
    3
    """
    if not isinstance(per, DrugAmount):
        raise InputError("per must be a DrugAmount, e.g. amount_per_unit(description).")
    quotient = convert(dose, dose_unit, "mg") / per.milligrams
    return int(quotient.to_integral_value(rounding=ROUND_CEILING))


def for_code(code: str) -> DrugAmount | None:
    """The amount per unit of a HCPCS Level II code, read from its CMS description (None if it names none)."""
    from revcycle.codes import hcpcs

    return amount_per_unit(hcpcs.describe(code).description)
