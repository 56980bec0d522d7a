"""Pregnancy coding (Section I.C.15): the trimester from the weeks and days of gestation, the Z3A weeks code, the
outcome of delivery (Z37), the trimester character of a chapter 15 code, and diabetes in pregnancy.

Trimesters follow the chapter 15 note of the tabular list, counted from the first day of the last menstrual period:
first before 14 weeks 0 days, second from 14 weeks 0 days to before 28 weeks 0 days, third from 28 weeks 0 days to
delivery. Every code returned is checked against the release in force on ``on``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from revcycle.codes import icd10cm
from revcycle.core.errors import InputError, RuleError

__all__ = [
    "MAX_WEEKS", "TRIMESTERS", "DiabetesCoding", "Gestation", "delivery_outcome", "diabetes_in_pregnancy",
    "gestation", "trimester", "weeks_code", "with_trimester",
]

#: The longest gestation the engine accepts: Z3A.49 covers anything past 42 weeks, and a record past 44 weeks 6 days
#: is far more likely a typing error than a pregnancy.
MAX_WEEKS = 44
#: Trimester number -> the words chapter 15 titles use for it.
TRIMESTERS = {1: "first trimester", 2: "second trimester", 3: "third trimester"}
#: Where in the pregnancy a diabetes code is reported: the digits of O24.x1-/O24.x2-/O24.x3-.
EPISODES = {"pregnancy": "1", "childbirth": "2", "puerperium": "3"}

DateLike = date | str | None


@dataclass(frozen=True)
class Gestation:
    """Weeks and days of gestation with their trimester and Z3A code."""

    weeks: int
    days: int
    trimester: int
    z3a: str

    @property
    def trimester_words(self) -> str:
        return TRIMESTERS[self.trimester]


def _whole(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{name} must be a whole number, not {value!r}.")
    return value


def _checked(weeks: object, days: object) -> tuple[int, int]:
    w, d = _whole(weeks, "weeks"), _whole(days, "days")
    if not 0 <= d <= 6:
        raise InputError(f"days must be 0 to 6 (a seventh day is the next week), not {d}.")
    if w < 0 or w > MAX_WEEKS:
        raise InputError(f"{w} weeks is not a gestation the engine accepts: give 0 to {MAX_WEEKS} weeks "
                         "(Z3A.49 already covers anything past 42).")
    return w, d


def trimester(weeks: int, days: int = 0) -> int:
    """1, 2 or 3: first before 14w0d, second 14w0d to before 28w0d, third from 28w0d (chapter 15 note)."""
    w, _d = _checked(weeks, days)
    return 1 if w < 14 else 2 if w < 28 else 3


def weeks_code(weeks: int, days: int = 0, on: DateLike = None) -> str:
    """The Z3A code for completed weeks: Z3A.01 before 8 weeks, Z3A.08-Z3A.42 by week, Z3A.49 past 42 weeks."""
    w, _d = _checked(weeks, days)
    code = "Z3A.01" if w < 8 else "Z3A.49" if w > 42 else f"Z3A.{w:02d}"
    if not icd10cm.is_billable(code, on=on):  # pragma: no cover - the category has held these codes since FY2015
        raise RuleError(f"{code} is not billable on {on}: check the code set.")
    return code


def gestation(weeks: int, days: int = 0, on: DateLike = None) -> Gestation:
    """Weeks and days with their trimester and Z3A code."""
    w, d = _checked(weeks, days)
    return Gestation(w, d, trimester(w, d), weeks_code(w, d, on))


def with_trimester(stem: str, weeks: int, days: int = 0, on: DateLike = None) -> str:
    """The code below ``stem`` whose title names the trimester of this gestation (O13 at 30 weeks -> O13.3).

    Raises RuleError when the stem has no code for that trimester (pre-eclampsia has none for the first), and
    InputError when the stem has no trimester codes at all.
    """
    words = TRIMESTERS[trimester(weeks, days)]
    kids = icd10cm.children(stem, on=on)
    by_trimester = [c for c in kids if any(t in icd10cm.title(c, on=on).lower() for t in TRIMESTERS.values())]
    if not by_trimester:
        raise InputError(f"{stem} has no codes by trimester: choose a code below it by its own axis.")
    match = [c for c in by_trimester if icd10cm.title(c, on=on).lower().endswith(words)]
    if not match:
        raise RuleError(f"{stem} has no code for the {words} ({weeks} weeks {days} days): the condition is not "
                        "classified in that trimester; check the documentation.")
    return match[0]


def delivery_outcome(liveborn: int, stillborn: int = 0, on: DateLike = None) -> str:
    """The Z37 code for the outcome of a delivery, from the number of liveborn and stillborn infants."""
    live, still = _whole(liveborn, "liveborn"), _whole(stillborn, "stillborn")
    if live < 0 or still < 0 or live + still == 0:
        raise InputError("Give at least one infant, liveborn or stillborn (no negative counts).")
    total = live + still
    if total > 12:
        raise InputError(f"{total} infants is not a delivery the engine accepts.")
    if total == 1:
        code = "Z37.0" if live else "Z37.1"
    elif total == 2:
        code = {2: "Z37.2", 1: "Z37.3", 0: "Z37.4"}[live]
    elif still == total:
        code = "Z37.7"
    else:
        size = {3: "1", 4: "2", 5: "3", 6: "4"}.get(total, "9")
        code = ("Z37.5" if still == 0 else "Z37.6") + size
    if not icd10cm.is_billable(code, on=on):  # pragma: no cover - Z37 is stable
        raise RuleError(f"{code} is not billable on {on}.")
    return code


@dataclass(frozen=True)
class DiabetesCoding:
    """The codes for diabetes in a pregnancy, in order, each with the reason it is there."""

    codes: tuple[str, ...]
    reasons: tuple[str, ...]


_CONTROL = {"insulin": "4", "oral": "5", "diet": "0"}
_LONG_TERM = {"insulin": "Z79.4", "oral": "Z79.84"}


def diabetes_in_pregnancy(kind: str, treatments: Iterable[str], weeks: int, days: int = 0,
                          episode: str = "pregnancy", diabetes_code: str | None = None,
                          on: DateLike = None) -> DiabetesCoding:
    """Codes for diabetes in a pregnancy (Section I.C.15.g and I.C.15.i), weeks code last.

    kind: 'gestational', 'type 1' or 'type 2' (pre-existing). treatments: any of 'diet', 'insulin', 'oral'.
    Gestational diabetes takes one O24.4- code by its strongest treatment (insulin, then oral drugs, then diet) and
    never a Z79 long-term drug code. Pre-existing diabetes takes O24.0-/O24.1- by trimester, then the E10/E11 code
    (``diabetes_code``, default the 'without complications' code) and the Z79 code of each drug treatment.
    """
    kind = " ".join(str(kind).lower().split())
    given = {" ".join(str(t).lower().split()) for t in treatments}
    unknown = given - set(_CONTROL)
    if unknown:
        raise InputError(f"Unknown treatment {sorted(unknown)}: use 'diet', 'insulin' or 'oral'.")
    if episode not in EPISODES:
        raise InputError(f"episode must be one of {sorted(EPISODES)}, not {episode!r}.")
    weeks_z = weeks_code(weeks, days, on)
    if kind == "gestational":
        strongest = next((t for t in ("insulin", "oral", "diet") if t in given), None)
        code = f"O24.4{EPISODES[episode]}{_CONTROL[strongest] if strongest else '9'}"
        why = (f"gestational diabetes, {strongest or 'treatment not documented'}: one O24.4- code by the strongest "
               "treatment; no Z79 code with O24.4- (I.C.15.i)")
        codes, reasons = [code], [why]
    elif kind in ("type 1", "type 2"):
        digit = "0" if kind == "type 1" else "1"
        stem = f"O24.{digit}{EPISODES[episode]}"
        code = with_trimester(stem, weeks, days, on) if episode == "pregnancy" else stem
        dm = diabetes_code or ("E10.9" if kind == "type 1" else "E11.9")
        if not dm.upper().startswith("E10" if kind == "type 1" else "E11"):
            raise RuleError(f"{dm} does not describe {kind} diabetes: give an E10 code for type 1, E11 for type 2.")
        codes = [code, dm]
        reasons = [f"pre-existing {kind} diabetes: chapter 15 code first (I.C.15.g)",
                   "the diabetes code from chapter 4, as the O24 note asks"]
        for t in ("insulin", "oral"):
            if t in given and not (t == "insulin" and kind == "type 1"):
                codes.append(_LONG_TERM[t])
                reasons.append(f"long-term use of {'insulin' if t == 'insulin' else 'oral hypoglycemic drugs'}")
    else:
        raise InputError(f"kind must be 'gestational', 'type 1' or 'type 2', not {kind!r}.")
    codes.append(weeks_z)
    reasons.append("weeks of gestation, after the chapter 15 codes")
    for c in codes:
        if not icd10cm.is_billable(c, on=on):
            raise RuleError(f"{c} is not billable on {on}: choose a complete code.")
    return DiabetesCoding(tuple(codes), tuple(reasons))
