"""The global obstetric package, or its parts when one practice did not give all the routine care.

A practice that gave the routine antepartum care from the start, the delivery and the postpartum care reports one
global code by the kind of delivery: 59400 vaginal, 59510 cesarean, 59610 vaginal birth after a previous cesarean
(VBAC), 59618 cesarean after an attempted VBAC. Otherwise each practice reports what it did: antepartum care by the
count of visits (1-3 as E/M visits, 4-6 59425, 7 or more 59426), delivery only (59409, 59514, 59612, 59620),
delivery with postpartum care (59410, 59515, 59614, 59622) or postpartum care only (59430). The code numbers and the
visit bands are CPT's; the PFS file gives every one of these codes the global indicator MMM.
"""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.core.errors import InputError, RuleError

__all__ = ["DELIVERIES", "GLOBAL", "DELIVERY_ONLY", "DELIVERY_POSTPARTUM", "POSTPARTUM_ONLY", "EM_VISITS",
           "ObLine", "antepartum_lines", "obstetric_lines", "transfer"]

DELIVERIES = ("vaginal", "cesarean", "vbac", "cesarean after attempted vbac")
GLOBAL = dict(zip(DELIVERIES, ("59400", "59510", "59610", "59618"), strict=True))
DELIVERY_ONLY = dict(zip(DELIVERIES, ("59409", "59514", "59612", "59620"), strict=True))
DELIVERY_POSTPARTUM = dict(zip(DELIVERIES, ("59410", "59515", "59614", "59622"), strict=True))
POSTPARTUM_ONLY = "59430"
EM_VISITS = "E/M"  # one to three antepartum visits: each is an office E/M visit at its own level
ANTEPARTUM_4_6 = "59425"
ANTEPARTUM_7_PLUS = "59426"


@dataclass(frozen=True)
class ObLine:
    """A line of maternity care: the code (or 'E/M' for visits coded one by one), units, and what it covers."""

    code: str
    units: int
    covers: str


def _visits(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InputError(f"The number of antepartum visits is a whole number, 0 or more, not {value!r}.")
    if value > 40:
        raise InputError(f"{value} antepartum visits is more than a pregnancy holds; check the count.")
    return value


def _delivery(value: object) -> str | None:
    if value is None:
        return None
    v = " ".join(str(value).strip().lower().split())
    if v not in DELIVERIES:
        raise InputError(f"The delivery is one of {', '.join(map(repr, DELIVERIES))} (or None), not {value!r}.")
    return v


def antepartum_lines(visits: int) -> tuple[ObLine, ...]:
    """Antepartum care billed on its own: 1-3 visits as E/M visits, 4-6 one 59425, 7 or more one 59426."""
    n = _visits(visits)
    if n == 0:
        return ()
    if n <= 3:
        return (ObLine(EM_VISITS, n, f"{n} antepartum visit(s), each an E/M visit at its documented level"),)
    if n <= 6:
        return (ObLine(ANTEPARTUM_4_6, 1, f"antepartum care only, {n} visits (4-6)"),)
    return (ObLine(ANTEPARTUM_7_PLUS, 1, f"antepartum care only, {n} visits (7 or more)"),)


def obstetric_lines(antepartum_visits: int, delivery: str | None = None, postpartum: bool = False, *,
                    from_start: bool = True) -> tuple[ObLine, ...]:
    """The maternity lines of one practice: what it gave, as the global package or its parts.

    ``from_start``: the practice gave the antepartum care from the first visit (no other practice gave any). The
    global code needs that, at least one antepartum visit, the delivery and the postpartum care."""
    n = _visits(antepartum_visits)
    d = _delivery(delivery)
    if not isinstance(postpartum, bool) or not isinstance(from_start, bool):
        raise InputError("postpartum and from_start are True or False.")
    if n == 0 and d is None and not postpartum:
        raise RuleError("This practice gave no maternity care to report.")
    if from_start and n and d and postpartum:
        return (ObLine(GLOBAL[d], 1, f"global package, {d} delivery: {n} antepartum visits, delivery, postpartum "
                                     "care"),)
    lines = list(antepartum_lines(n))
    if d and postpartum:
        lines.append(ObLine(DELIVERY_POSTPARTUM[d], 1, f"{d} delivery with postpartum care"))
    elif d:
        lines.append(ObLine(DELIVERY_ONLY[d], 1, f"{d} delivery only"))
    elif postpartum:
        lines.append(ObLine(POSTPARTUM_ONLY, 1, "postpartum care only"))
    return tuple(lines)


def transfer(first_visits: int, second_visits: int, delivery: str | None, postpartum: bool = True
             ) -> dict[str, tuple[ObLine, ...]]:
    """A patient who moves from one practice to another mid-pregnancy: the first practice's antepartum care, and the
    second's antepartum care with the delivery and postpartum care it gave (never the global code: it did not see
    the patient from the start)."""
    first = antepartum_lines(first_visits)
    if not first:
        raise RuleError("A transfer means the first practice saw the patient at least once.")
    return {"first practice": first,
            "second practice": obstetric_lines(second_visits, delivery, postpartum, from_start=False)}
