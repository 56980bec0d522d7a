"""Medicine-section coding rules: vaccines with their administration, psychiatry by time, the ESRD monthly
services by age and visits, and tests split into professional and technical parts (the ECG and echo).

- :func:`vaccine_lines`: the product code and the administration code together. Medicare Part B pays its own
  administration codes G0008 (influenza), G0009 (pneumococcal) and G0010 (hepatitis B); other vaccines and other
  payers use 90471 for the first injected vaccine and 90472 for each one after it.
- :func:`psychotherapy_code`: 90832, 90834 or 90837 by minutes (16-37, 38-52, 53 or more), or 90833, 90836 or
  90838 beside an E/M visit; under 16 minutes nothing is reported. :func:`psychiatry_lines` adds 90785
  (interactive complexity) where it may go.
- :func:`esrd_code`: the monthly ESRD services, 90951-90962 (in-center, by age and face-to-face visits),
  90963-90966 (home, by age) and 90967-90970 (per day, for less than a full month), by age at the end of the month
  (Medicare Claims Processing Manual, ch. 8, sec. 140).
- :func:`component_lines`: whether a test is billed globally, with 26 or TC, or under separate codes, from the
  CY2026 file's PC/TC indicator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from revcycle.core.errors import InputError, RuleError

__all__ = [
    "ADMIN_MEDICARE", "ESRD_AGE_BANDS", "PCTC_MEANINGS", "PSYCHOTHERAPY", "VACCINE_PRODUCTS", "VaccineLine",
    "component_lines", "esrd_code", "psychiatry_lines", "psychotherapy_code", "vaccine_lines",
]

# ------------------------------------------------------------------------------------------------------ vaccines

#: A teaching set of vaccine product codes and the kind of vaccine each one is (the book's own labels).
VACCINE_PRODUCTS: dict[str, str] = {
    "90686": "influenza",
    "90732": "pneumococcal",
    "90746": "hepatitis_b",
    "90715": "tdap",
}
#: Medicare Part B's own administration codes (CMS HCPCS file).
ADMIN_MEDICARE: dict[str, str] = {"influenza": "G0008", "pneumococcal": "G0009", "hepatitis_b": "G0010"}


@dataclass(frozen=True)
class VaccineLine:
    """A claim line of a vaccine visit: the code, units, and what it stands for."""

    code: str
    units: int
    what: str


def vaccine_lines(products: Sequence[str], *, medicare: bool = True, exposure: bool = False) -> list[VaccineLine]:
    """The lines for vaccines given by injection at one visit: each product, then its administration.

    Medicare Part B: G0008, G0009 or G0010 for influenza, pneumococcal and hepatitis B vaccines (one each); another
    vaccine only when given for an injury or a direct exposure (``exposure=True``), with 90471/90472, since a
    routine one is a Part D drug, not billed to Part B. Other payers: 90471 for the first vaccine, 90472 for each
    further one."""
    if isinstance(products, str) or not products:
        raise InputError("Give the vaccine product codes as a list, such as ['90686', '90732'].")
    kinds = []
    for code in products:
        c = code.strip() if isinstance(code, str) else code
        if c not in VACCINE_PRODUCTS:
            raise InputError(f"{code!r} is not in the book's vaccine teaching set ({', '.join(VACCINE_PRODUCTS)}).")
        kinds.append((c, VACCINE_PRODUCTS[c]))
    if len({c for c, _ in kinds}) < len(kinds):
        raise InputError("A vaccine product is listed twice: one dose of each product per visit.")
    lines = [VaccineLine(c, 1, f"the {k.replace('_', ' ')} vaccine product") for c, k in kinds]
    part_d = [c for c, k in kinds if medicare and k not in ADMIN_MEDICARE and not exposure]
    if part_d:
        raise RuleError(f"{', '.join(part_d)}: a routine dose of this vaccine is a Medicare Part D drug, not billed to "
                        "Part B; pass exposure=True for a dose given because of an injury or a direct exposure.")
    generic = []
    for c, k in kinds:
        if medicare and k in ADMIN_MEDICARE:
            name = k.replace("_", " ")
            lines.append(VaccineLine(ADMIN_MEDICARE[k], 1, f"Medicare's administration code for the {name} vaccine"))
        else:
            generic.append(c)
    if generic:
        lines.append(VaccineLine("90471", 1, f"giving the first vaccine by injection ({generic[0]})"))
        if len(generic) > 1:
            lines.append(VaccineLine("90472", len(generic) - 1, "giving each further vaccine by injection"))
    return lines


# ---------------------------------------------------------------------------------------------------- psychiatry

#: (lowest minutes, code alone, code beside an E/M visit), highest band first.
PSYCHOTHERAPY: tuple[tuple[int, str, str], ...] = ((53, "90837", "90838"), (38, "90834", "90836"),
                                                  (16, "90832", "90833"))
INTERACTIVE_WITH = frozenset({"90791", "90792", "90832", "90833", "90834", "90836", "90837", "90838"})


def psychotherapy_code(minutes: int, *, with_em: bool = False) -> str:
    """The psychotherapy code for the minutes spent in psychotherapy (the E/M visit's time is not counted)."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise InputError(f"minutes must be a whole number of minutes, not {minutes!r}.")
    for low, alone, beside in PSYCHOTHERAPY:
        if minutes >= low:
            return beside if with_em else alone
    raise RuleError(f"{minutes} minutes of psychotherapy: under 16 minutes no psychotherapy code is reported.")


def psychiatry_lines(service: str, *, minutes: int = 0, with_em: bool = False,
                     interactive: bool = False) -> list[str]:
    """The codes of a psychiatric service: 'evaluation' (90791), 'evaluation_medical' (90792) or 'psychotherapy'
    (by minutes), with 90785 when interactive complexity was documented."""
    if service == "evaluation":
        codes = ["90791"]
    elif service == "evaluation_medical":
        codes = ["90792"]
    elif service == "psychotherapy":
        codes = [psychotherapy_code(minutes, with_em=with_em)]
    else:
        raise InputError(f"service must be 'evaluation', 'evaluation_medical' or 'psychotherapy', not {service!r}.")
    if interactive:
        if not INTERACTIVE_WITH & set(codes):  # pragma: no cover - every service above qualifies
            raise RuleError("90785 goes only with a psychiatric evaluation or psychotherapy code.")
        codes.append("90785")
    return codes


# ---------------------------------------------------------------------------------------------------------- ESRD

#: Age bands of the ESRD monthly codes: (lowest age, highest age or None).
ESRD_AGE_BANDS: tuple[tuple[int, int | None], ...] = ((0, 1), (2, 11), (12, 19), (20, None))
_CENTRE_FIRST = (90951, 90954, 90957, 90960)  # the four-or-more-visits code of each age band
_HOME = (90963, 90964, 90965, 90966)
_PER_DAY = (90967, 90968, 90969, 90970)


def _band(age: int) -> int:
    if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 130:
        raise InputError(f"age must be the patient's age in whole years at the end of the month, not {age!r}.")
    return next(i for i, (low, high) in enumerate(ESRD_AGE_BANDS) if age >= low and (high is None or age <= high))


def esrd_code(age: int, *, visits: int = 0, setting: str = "center", full_month: bool = True,
              days: int = 0) -> tuple[str, int]:
    """The ESRD monthly code and units for the patient's age at the end of the month.

    In-center, full month: by face-to-face visits (4 or more, 2-3, 1). Home, full month: by age alone. Less than a
    full month: the per-day code, ``days`` units."""
    band = _band(age)
    if setting not in ("center", "home"):
        raise InputError(f"setting must be 'center' (an outpatient dialysis facility) or 'home', not {setting!r}.")
    if not full_month:
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 30:
            raise InputError(f"days must be the days of ESRD services in a partial month (1-30), not {days!r}.")
        return str(_PER_DAY[band]), days
    if setting == "home":
        return str(_HOME[band]), 1
    if isinstance(visits, bool) or not isinstance(visits, int) or visits < 0:
        raise InputError(f"visits must be the number of face-to-face visits in the month, not {visits!r}.")
    if visits == 0:
        raise RuleError("An in-center monthly service needs at least one face-to-face visit in the month.")
    offset = 0 if visits >= 4 else 1 if visits >= 2 else 2
    return str(_CENTRE_FIRST[band] + offset), 1


# ----------------------------------------------------------------------------------------- professional/technical

#: The PC/TC indicator of the CY2026 relative value file, in the book's words.
PCTC_MEANINGS: dict[str, str] = {
    "0": "no split: the code is billed whole; 26 and TC do not apply",
    "1": "a test with both parts: bill it whole, or the reading with 26 and the rest with TC",
    "2": "a code for the professional part only (the reading and report)",
    "3": "a code for the technical part only (equipment, staff, supplies)",
    "4": "a whole-service code whose parts have codes of their own: split it by billing those codes",
    "5": "an 'incident to' service: no split",
    "6": "a laboratory physician interpretation code: no TC",
    "7": "a physical therapy service (see the file's documentation)",
    "8": "a physician interpretation code",
    "9": "no professional/technical concept",
}


def component_lines(code: str, part: str) -> str:
    """How to bill ``part`` ('global', 'professional' or 'technical') of ``code``, from its PC/TC indicator: the
    code itself, the code with 26 or TC, or (indicator 4) the separate code the file lists for that part."""
    from revcycle.payment import fees

    if part not in ("global", "professional", "technical"):
        raise InputError(f"part must be 'global', 'professional' or 'technical', not {part!r}.")
    indicator = fees.pfs_indicators(code).pctc
    if part == "global":
        return code
    if indicator == "1":
        return f"{code}-{'26' if part == 'professional' else 'TC'}"
    if indicator == "4":
        parts = _SEPARATE_PARTS.get(code)
        if parts is None:
            raise RuleError(f"{code} (PC/TC 4) is split by separate codes the book does not list; look them up.")
        return parts[0] if part == "professional" else parts[1]
    raise RuleError(f"{code} has PC/TC indicator {indicator} ({PCTC_MEANINGS.get(indicator, 'unknown')}): it is not "
                    f"split into a {part} part with 26 or TC.")


#: Whole-service codes (PC/TC 4) and their separate (professional, technical) codes: the routine 12-lead ECG.
_SEPARATE_PARTS: dict[str, tuple[str, str]] = {"93000": ("93010", "93005")}
