"""Choosing the level of an office or outpatient E/M visit (the 2021 framework), for teaching.

Since January 1, 2021 the level of an office or other outpatient evaluation and management (E/M) visit,
CPT 99202-99205 for a new patient and 99212-99215 for an established one, is chosen either by the level of
medical decision making (MDM) or by the clinician's total time on the date of the encounter (CMS,
"Evaluation and Management Services Guide", MLN006764; AMA, CPT E/M guidelines). History and examination
are still documented as medically appropriate, but they no longer decide the level.

MDM has three elements: the problems addressed, the data reviewed and analysed, and the risk of the
patient's management. Each element is rated on the same four-step scale as MDM itself, and the visit's
MDM is the highest level that at least two of the three elements reach (which is the middle value of the
three). Every name, label and summary in this module is the book's own wording, written to teach; none
of it is AMA text, and it is not a substitute for the CPT code book or a payer's policy.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Literal

from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MDM",
    "NEW_PATIENT_YEARS",
    "OFFICE_CODES",
    "PROBLEM_LEVELS",
    "PROLONGED_CODE",
    "PROLONGED_START",
    "RISK_EXAMPLES",
    "TIME_THRESHOLDS",
    "EmSelection",
    "Problem",
    "Visit",
    "code_for_mdm",
    "code_for_time",
    "data_level",
    "mdm_level",
    "patient_status",
    "problems_level",
    "prolonged_units",
    "select_code",
    "synthetic_visits",
    "visits_frame",
]

PatientType = Literal["new", "established"]


class MDM(IntEnum):
    """The four levels of medical decision making, lowest first. Element levels use the same scale."""

    STRAIGHTFORWARD = 1
    LOW = 2
    MODERATE = 3
    HIGH = 4

    @property
    def label(self) -> str:
        """'straightforward', 'low', 'moderate' or 'high'."""
        return self.name.lower()

    @property
    def element_label(self) -> str:
        """The same level said of one element: 'minimal', 'low', 'moderate' or 'high'."""
        return "minimal" if self is MDM.STRAIGHTFORWARD else self.label


class Problem(StrEnum):
    """Kinds of problem addressed at a visit, in the book's own words (not CPT's definitions)."""

    MINOR = "minor or self-limited problem"
    STABLE_CHRONIC = "stable chronic illness"
    ACUTE_UNCOMPLICATED = "acute, uncomplicated illness or injury"
    STABLE_ACUTE = "acute illness that is stable"
    CHRONIC_WORSENING = "chronic illness that is worsening, progressing or causing side effects"
    UNDIAGNOSED_UNCERTAIN = "new problem without a diagnosis and with an uncertain outcome"
    ACUTE_SYSTEMIC = "acute illness with body-wide symptoms"
    ACUTE_COMPLICATED_INJURY = "acute injury with complications"
    CHRONIC_SEVERE = "chronic illness with a severe flare-up"
    THREAT = "acute or chronic problem that threatens life or a bodily function"


#: The level one problem of each kind reaches on its own.
PROBLEM_LEVELS: dict[Problem, MDM] = {
    Problem.MINOR: MDM.STRAIGHTFORWARD,
    Problem.STABLE_CHRONIC: MDM.LOW,
    Problem.ACUTE_UNCOMPLICATED: MDM.LOW,
    Problem.STABLE_ACUTE: MDM.LOW,
    Problem.CHRONIC_WORSENING: MDM.MODERATE,
    Problem.UNDIAGNOSED_UNCERTAIN: MDM.MODERATE,
    Problem.ACUTE_SYSTEMIC: MDM.MODERATE,
    Problem.ACUTE_COMPLICATED_INJURY: MDM.MODERATE,
    Problem.CHRONIC_SEVERE: MDM.HIGH,
    Problem.THREAT: MDM.HIGH,
}

#: Examples of management options and the risk level they usually carry, in the book's words.
#: CPT gives examples like these for moderate and high risk; minimal and low are described in the chapter.
RISK_EXAMPLES: dict[str, MDM] = {
    "prescription drug management": MDM.MODERATE,
    "decision about minor surgery for a patient or procedure with risk factors": MDM.MODERATE,
    "decision about planned major surgery with no risk factors": MDM.MODERATE,
    "diagnosis or treatment significantly limited by social determinants of health": MDM.MODERATE,
    "drug treatment that needs close monitoring for toxic effects": MDM.HIGH,
    "decision about planned major surgery with risk factors": MDM.HIGH,
    "decision about emergency major surgery": MDM.HIGH,
    "decision to admit to hospital or escalate hospital-level care": MDM.HIGH,
    "decision not to resuscitate, or to de-escalate care, because of a poor prognosis": MDM.HIGH,
    "controlled substance given by injection or infusion": MDM.HIGH,
}

#: Office E/M code for each MDM level, by patient type. 99211 is left out: it is not chosen by MDM or time.
OFFICE_CODES: dict[str, dict[MDM, str]] = {
    "new": {MDM.STRAIGHTFORWARD: "99202", MDM.LOW: "99203", MDM.MODERATE: "99204", MDM.HIGH: "99205"},
    "established": {MDM.STRAIGHTFORWARD: "99212", MDM.LOW: "99213", MDM.MODERATE: "99214", MDM.HIGH: "99215"},
}

#: Minutes of total clinician time on the date of the encounter that each code needs at least
#: (the same figures as revcycle.codes.cpt.TEACHING_SET; CMS MLN006764).
TIME_THRESHOLDS: dict[str, int] = {
    "99202": 15, "99203": 30, "99204": 45, "99205": 60,
    "99212": 10, "99213": 20, "99214": 30, "99215": 40,
}

#: Medicare's prolonged-visit add-on (HCPCS Level II) and the total minutes at which its first unit
#: starts for each top-level code: 15 minutes past the end of the old time range (CMS MLN006764).
PROLONGED_CODE = "G2212"
PROLONGED_START: dict[str, int] = {"99205": 89, "99215": 69}

#: A patient is new when no clinician of the same specialty in the same group has given them a
#: professional service within this many years (Medicare Claims Processing Manual, ch. 12, 30.6.7).
NEW_PATIENT_YEARS = 3


def _patient(patient: str) -> PatientType:
    if patient not in OFFICE_CODES:
        raise InputError(f"The patient type must be 'new' or 'established', not {patient!r}.")
    return patient  # type: ignore[return-value]


def _level(value: MDM | int | str, what: str) -> MDM:
    if isinstance(value, MDM):
        return value
    if isinstance(value, str):
        name = value.strip().upper()
        try:
            return MDM.STRAIGHTFORWARD if name == "MINIMAL" else MDM[name]
        except KeyError:
            pass
    elif isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
        return MDM(value)
    raise InputError(
        f"The {what} level must be straightforward (or minimal), low, moderate or high (1-4), not {value!r}."
    )


def problems_level(problems: Iterable[Problem | str]) -> MDM:
    """The level of the problems element for the problems addressed at one visit.

    The highest level any one problem reaches, raised to low for two or more minor problems and to
    moderate for two or more stable chronic illnesses. Accepts Problem members or their names ('MINOR').
    """
    kinds: list[Problem] = []
    for p in problems:
        if isinstance(p, Problem):
            kinds.append(p)
            continue
        try:
            kinds.append(Problem[str(p).strip().upper()])
        except KeyError:
            names = ", ".join(m.name for m in Problem)
            raise InputError(f"{p!r} is not a kind of problem; use one of: {names}.") from None
    if not kinds:
        raise InputError("A visit addresses at least one problem: list the problems the clinician addressed.")
    level = max(PROBLEM_LEVELS[k] for k in kinds)
    if kinds.count(Problem.MINOR) >= 2:
        level = max(level, MDM.LOW)
    if kinds.count(Problem.STABLE_CHRONIC) >= 2:
        level = max(level, MDM.MODERATE)
    return level


def data_level(
    *,
    external_notes: int = 0,
    results_reviewed: int = 0,
    tests_ordered: int = 0,
    independent_historian: bool = False,
    independent_interpretation: bool = False,
    external_discussion: bool = False,
) -> MDM:
    """The level of the data element.

    ``external_notes``: unique outside sources whose notes were reviewed; ``results_reviewed``: unique
    tests whose results were reviewed (not counting tests ordered at this visit, whose later review is
    part of ordering them); ``tests_ordered``: unique tests ordered. The three counts form the
    "tests and documents" group; ``independent_historian`` is someone other than the patient giving
    the history; ``independent_interpretation`` is the clinician reading a test that another
    clinician bills; ``external_discussion`` is talking management over with an outside clinician.

    Low: two items from the group, or an independent historian. Moderate: any one of three
    categories (three items from the group and historian together; an independent interpretation; an
    external discussion). High: two of those three categories.
    """
    counts = {"external_notes": external_notes, "results_reviewed": results_reviewed,
              "tests_ordered": tests_ordered}
    for name, n in counts.items():
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise InputError(f"{name} must be a whole number of 0 or more, not {n!r}.")
    group = sum(counts.values())
    categories = sum([group + int(bool(independent_historian)) >= 3, bool(independent_interpretation),
                      bool(external_discussion)])
    if categories >= 2:
        return MDM.HIGH
    if categories == 1:
        return MDM.MODERATE
    if group >= 2 or independent_historian:
        return MDM.LOW
    return MDM.STRAIGHTFORWARD


def mdm_level(problems: MDM | int | str, data: MDM | int | str, risk: MDM | int | str) -> MDM:
    """The visit's MDM: the highest level met or beaten by at least two of the three elements.

    With three elements that is simply the middle one once they are sorted.
    """
    levels = sorted([_level(problems, "problems"), _level(data, "data"), _level(risk, "risk")])
    return levels[1]


def code_for_mdm(patient: str, level: MDM | int | str) -> str:
    """The office E/M code for an MDM level ('established', MDM.LOW -> '99213')."""
    return OFFICE_CODES[_patient(patient)][_level(level, "MDM")]


def code_for_time(patient: str, minutes: int) -> str | None:
    """The highest office E/M code whose time the clinician's total minutes reach, or None if none."""
    kind = _patient(patient)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise InputError(f"Total time must be a whole number of minutes, 0 or more, not {minutes!r}.")
    reached = [code for code in OFFICE_CODES[kind].values() if minutes >= TIME_THRESHOLDS[code]]
    return reached[-1] if reached else None


def prolonged_units(code: str, minutes: int) -> int:
    """Units of Medicare's prolonged-visit add-on (G2212) for a time-based 99205 or 99215; 0 otherwise.

    One unit at the starting minute (89 for 99205, 69 for 99215) and one more for each full 15 minutes
    after it. Other payers may use CPT's own prolonged-service code with different start times.
    """
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise InputError(f"Total time must be a whole number of minutes, 0 or more, not {minutes!r}.")
    start = PROLONGED_START.get(code)
    if start is None or minutes < start:
        return 0
    return 1 + (minutes - start) // 15


@dataclass(frozen=True)
class EmSelection:
    """The code a visit supports by MDM, by time, and the one to report (the higher of the two)."""

    patient: PatientType
    mdm: MDM | None
    mdm_code: str | None
    minutes: int | None
    time_code: str | None
    code: str
    basis: str

    def __str__(self) -> str:
        """The choice in a sentence, for a reader (the repr keeps the fields)."""
        parts = []
        if self.mdm is not None:
            parts.append(f"MDM {self.mdm.name.lower()} supports {self.mdm_code}")
        if self.minutes is not None:
            parts.append(f"{self.minutes} minutes support {self.time_code}")
        return f"{self.patient.capitalize()} patient: {'; '.join(parts)}. Report {self.code} (by {self.basis})."


def select_code(patient: str, *, mdm: MDM | int | str | None = None, minutes: int | None = None) -> EmSelection:
    """Choose the office E/M code from the MDM level, the documented total time, or both.

    Either method may be used, so when the note supports both the higher code is reported and
    ``basis`` says which method supports it ('MDM', 'time' or 'MDM or time' when they agree).
    """
    kind = _patient(patient)
    if mdm is None and minutes is None:
        raise InputError("Give the MDM level, the total minutes, or both: the level is chosen from one of them.")
    level = None if mdm is None else _level(mdm, "MDM")
    by_mdm = None if level is None else OFFICE_CODES[kind][level]
    by_time = None if minutes is None else code_for_time(kind, minutes)
    if by_mdm is None and by_time is None:
        floor = min(TIME_THRESHOLDS[c] for c in OFFICE_CODES[kind].values())
        raise InputError(
            f"{minutes} minutes is below the {floor} minutes the lowest {kind}-patient code needs, and no "
            "MDM level was given: the level cannot be chosen by time."
        )
    if by_time is None or (by_mdm is not None and by_mdm > by_time):
        chosen, basis = by_mdm, "MDM"
    elif by_mdm is None or by_time > by_mdm:
        chosen, basis = by_time, "time"
    else:
        chosen, basis = by_mdm, "MDM or time"
    return EmSelection(kind, level, by_mdm, minutes, by_time, chosen, basis)  # type: ignore[arg-type]


def patient_status(last_seen: date | str | None, visit: date | str) -> PatientType:
    """'new' unless the patient had a professional service from the same specialty and group within 3 years.

    ``last_seen`` is the date of that last service (None if there was never one).
    """
    visit = parse_date(visit, "The visit date")
    if last_seen is None:
        return "new"
    last_seen = parse_date(last_seen, "The date of the last service")
    if last_seen > visit:
        raise InputError(f"The last service ({last_seen}) cannot be after the visit ({visit}).")
    try:
        cutoff = visit.replace(year=visit.year - NEW_PATIENT_YEARS)
    except ValueError:  # February 29 in a year three years earlier that has none
        cutoff = visit.replace(year=visit.year - NEW_PATIENT_YEARS, day=28)
    return "established" if last_seen > cutoff else "new"


@dataclass(frozen=True)
class Visit:
    """One synthetic office visit, as a coder would abstract it from the note."""

    visit_id: str
    patient: PatientType
    problems: tuple[Problem, ...]
    external_notes: int
    results_reviewed: int
    tests_ordered: int
    independent_historian: bool
    independent_interpretation: bool
    external_discussion: bool
    risk: MDM
    minutes: int | None

    @property
    def problems_level(self) -> MDM:
        return problems_level(self.problems)

    @property
    def data_level(self) -> MDM:
        return data_level(
            external_notes=self.external_notes, results_reviewed=self.results_reviewed,
            tests_ordered=self.tests_ordered, independent_historian=self.independent_historian,
            independent_interpretation=self.independent_interpretation,
            external_discussion=self.external_discussion,
        )

    @property
    def mdm(self) -> MDM:
        return mdm_level(self.problems_level, self.data_level, self.risk)

    def selection(self) -> EmSelection:
        return select_code(self.patient, mdm=self.mdm, minutes=self.minutes)


# Problem mixes a primary-care office might see, each with the risk its management usually carries.
_PROFILES: tuple[tuple[tuple[Problem, ...], MDM], ...] = (
    ((Problem.MINOR,), MDM.STRAIGHTFORWARD),
    ((Problem.MINOR, Problem.MINOR), MDM.LOW),
    ((Problem.ACUTE_UNCOMPLICATED,), MDM.LOW),
    ((Problem.ACUTE_UNCOMPLICATED,), MDM.MODERATE),
    ((Problem.STABLE_CHRONIC,), MDM.MODERATE),
    ((Problem.STABLE_CHRONIC,), MDM.LOW),
    ((Problem.STABLE_CHRONIC, Problem.STABLE_CHRONIC), MDM.MODERATE),
    ((Problem.CHRONIC_WORSENING,), MDM.MODERATE),
    ((Problem.CHRONIC_WORSENING, Problem.STABLE_CHRONIC), MDM.MODERATE),
    ((Problem.UNDIAGNOSED_UNCERTAIN,), MDM.LOW),
    ((Problem.ACUTE_SYSTEMIC,), MDM.MODERATE),
    ((Problem.CHRONIC_SEVERE,), MDM.HIGH),
    ((Problem.THREAT,), MDM.HIGH),
)


def synthetic_visits(n: int = 24, seed: int = 7) -> list[Visit]:
    """``n`` seeded synthetic office visits with varied problems, data, risk and (sometimes) total time."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 10_000:
        raise InputError(f"n must be a whole number from 1 to 10,000, not {n!r}.")
    rng = random.Random(seed)
    visits = []
    for i in range(n):
        problems, risk = rng.choice(_PROFILES)
        patient: PatientType = "new" if rng.random() < 0.3 else "established"
        busy = max(PROBLEM_LEVELS[p] for p in problems)
        notes = rng.choice([0, 0, 1]) if busy >= MDM.LOW else 0
        results = rng.choice([0, 1, 1, 2, 3]) if busy >= MDM.LOW else rng.choice([0, 0, 1])
        ordered = rng.choice([0, 1, 1, 2]) if busy >= MDM.LOW else 0
        historian = rng.random() < 0.12
        interpretation = busy >= MDM.MODERATE and rng.random() < 0.3
        discussion = busy >= MDM.MODERATE and rng.random() < 0.2
        base = {1: 12, 2: 22, 3: 32, 4: 45}[int(busy)] + (10 if patient == "new" else 0)
        minutes = base + rng.randint(-6, 18) if rng.random() < 0.6 else None
        visits.append(Visit(f"V{i + 1:02d}", patient, problems, notes, results, ordered, historian,
                            interpretation, discussion, risk, minutes))
    return visits


def visits_frame(visits: Iterable[Visit]) -> pd.DataFrame:
    """One row per visit: element levels, MDM, the code by MDM, by time, and the code to report."""
    import pandas as pd

    rows = []
    for v in visits:
        sel = v.selection()
        rows.append({
            "visit": v.visit_id,
            "patient": v.patient,
            "problems addressed": "; ".join(p.value for p in v.problems),
            "problems": v.problems_level.element_label,
            "data": v.data_level.element_label,
            "risk": v.risk.element_label,
            "MDM": v.mdm.label,
            "code by MDM": sel.mdm_code,
            "minutes": "" if v.minutes is None else v.minutes,
            "code by time": sel.time_code or "",
            "code": sel.code,
            "basis": sel.basis,
        })
    return pd.DataFrame(rows).set_index("visit")
