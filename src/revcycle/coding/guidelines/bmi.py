"""Body mass index codes (Z68, Sections I.B.14 and I.C.21.c.3): adult bands read from the code set's own titles,
pediatric percentile bands, and the rule that a BMI code needs an associated diagnosis documented by the provider.

The BMI itself may come from a dietitian's or nurse's note (I.B.14); the associated condition (obesity, overweight,
malnutrition, an eating disorder) must be the provider's. No BMI code in pregnancy. Adult codes are for people 20
or older, pediatric codes for ages 2 to 19 (the Z68 note). The adult bands are parsed from the titles of the release
in force on ``on``: FY 2027 split "19.9 or less" (Z68.1) into Z68.18 and Z68.19.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from revcycle.codes import icd10cm
from revcycle.core.errors import InputError, RuleError
from revcycle.core.numbers import decimal

__all__ = ["BmiCoding", "adult_bands", "adult_code", "bmi_codes", "pediatric_code"]

DateLike = date | str | None
#: The highest BMI the engine accepts as a plausible measurement.
MAX_BMI = Decimal(250)
_NUM = r"(\d+(?:\.\d)?)"
_RANGE = re.compile(rf"\[BMI\] (?:{_NUM}-{_NUM}|{_NUM} or less|{_NUM} or greater), adult$")


def _number(value: object, name: str) -> Decimal:
    return decimal(value, name, "31.4")


@cache
def _bands(on: str) -> tuple[tuple[Decimal, str], ...]:
    """(lowest BMI, code) of the adult codes of the release that starts on ``on`` (an ISO date, the cache key)."""
    rows = []
    for code in icd10cm.codes(billable=True, on=on):
        if not code.startswith("Z68.") or code.startswith("Z68.5"):
            continue
        m = _RANGE.search(icd10cm.title(code, on=on))
        if m is None:
            continue
        low = Decimal(m.group(1) or m.group(4) or 0)
        rows.append((low, code))
    return tuple(sorted(rows))


def adult_bands(on: DateLike = None) -> list[tuple[Decimal, str]]:
    """(lowest BMI, code) for every adult Z68 code of the release in force on ``on``, lowest first."""
    day = icd10cm.release(on).effective_from.isoformat()
    return list(_bands(day))


def adult_code(bmi: object, on: DateLike = None) -> str:
    """The adult Z68 code for a BMI: the band whose lower bound is the highest one not above it."""
    value = _number(bmi, "bmi")
    if value <= 0 or value > MAX_BMI:
        raise InputError(f"A BMI of {value} is not a measurement: give a value above 0 and at most {MAX_BMI}.")
    bands = adult_bands(on)
    chosen = bands[0][1]
    for low, code in bands:
        if value >= low:
            chosen = code
    return chosen


def pediatric_code(percentile: object, percent_of_95th: object | None = None, on: DateLike = None) -> str:
    """Z68.51-Z68.56 from the BMI-for-age percentile (CDC growth charts); at or above the 95th percentile the code
    also needs the BMI as a percent of the 95th percentile (below 120%, 120 to below 140%, 140% or more)."""
    p = _number(percentile, "percentile")
    if not 0 <= p <= 100:
        raise InputError(f"A percentile is between 0 and 100, not {p}.")
    if p < 5:
        code = "Z68.51"
    elif p < 85:
        code = "Z68.52"
    elif p < 95:
        code = "Z68.53"
    else:
        if percent_of_95th is None:
            raise InputError("At or above the 95th percentile, give the BMI as a percent of the 95th percentile.")
        q = _number(percent_of_95th, "percent_of_95th")
        if q < 100 or q > 400:
            raise InputError(f"At or above the 95th percentile the BMI is 100% or more of it (at most 400%), not {q}.")
        code = "Z68.54" if q < 120 else "Z68.55" if q < 140 else "Z68.56"
    if not icd10cm.is_billable(code, on=on):
        raise RuleError(f"{code} is not billable on {on}: the pediatric bands of that release differ.")
    return code


@dataclass(frozen=True)
class BmiCoding:
    """The provider's associated diagnosis, then the BMI code."""

    codes: tuple[str, ...]
    reasons: tuple[str, ...]


def bmi_codes(age: int, associated: str | None, bmi: object = None, percentile: object = None,
              percent_of_95th: object = None, pregnant: bool = False, on: DateLike = None) -> BmiCoding:
    """The codes for a BMI: refused without a provider-documented associated diagnosis or in pregnancy; adult
    bands from 20, pediatric percentiles from 2 to 19; the BMI code always after the diagnosis."""
    if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 125:
        raise InputError(f"age must be a whole number of years from 0 to 125, not {age!r}.")
    if pregnant:
        raise RuleError("No BMI code is assigned during pregnancy (I.C.21.c.3).")
    if not associated:
        raise RuleError("A BMI code needs an associated, reportable diagnosis (such as obesity) documented by the "
                        "patient's provider: query the provider, or report no BMI code.")
    st = icd10cm.status(associated, on=on)
    if not st.billable:
        raise RuleError(f"Associated diagnosis {associated}: {st.message}")
    if st.code.startswith("Z68"):
        raise RuleError("The associated diagnosis is a condition such as obesity, not another BMI code.")
    if age < 2:
        raise RuleError("Z68 has no code for a child under 2: BMI codes start at age 2.")
    if age >= 20:
        if bmi is None:
            raise InputError("For an adult (20 or older), give the BMI value.")
        code = adult_code(bmi, on)
        why = f"adult BMI {bmi}: {icd10cm.title(code, on=on)}"
    else:
        if percentile is None:
            raise InputError("For ages 2 to 19, give the BMI-for-age percentile (the pediatric codes are percentiles).")
        code = pediatric_code(percentile, percent_of_95th, on)
        why = f"pediatric BMI-for-age percentile {percentile}: {icd10cm.title(code, on=on)}"
    return BmiCoding((st.code, code), ("the provider's diagnosis, which the BMI supports", why + ", secondary"))
