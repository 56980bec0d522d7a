"""Continuing education (CEU) planning for coding and billing credentials over a two-year cycle.

The requirement tables restate what the certifying bodies publish, as read for this book:

* **AAPC** counts credentials, not which ones: 36 CEUs every two years for one certification, 40 for two, 44 for
  three, 48 for four and 52 for five or more (AAPC, "CEU Information - Members"). CEUs earned before
  certification are not accepted and extra CEUs do not carry over into the next period (AAPC, "CEU policies").
* **AHIMA** sets a number per credential for a single credential (20 for CCA, CCS, CCS-P and RHIT; 30 for RHIA and
  CDIP)
  and adds 10 for each further AHIMA credential, up to 50 in all; a newly credentialed person's first cycle
  runs two years from the day the exam was passed (AHIMA, "Recertification"). Once an RHIA is granted it
  replaces an RHIT, so only the RHIA is counted (AHIMA recertification FAQ).

Other bodies (NHA's CBCS, for example) are not in the tables: check the body's own page. The planner treats a
cycle as a 24-month window from a start date; the body's CEU tracker shows the official dates.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError

__all__ = [
    "AAPC_BY_COUNT",
    "AAPC_CREDENTIALS",
    "AAPC_SUBJECT_CEUS",
    "EXAM_FORMATS",
    "ExamFormat",
    "AHIMA_EXTRA",
    "AHIMA_MAX",
    "AHIMA_SINGLE",
    "AHIMA_SINGLE_MORE",
    "Activity",
    "Cycle",
    "Plan",
    "body_of",
    "cycle_for",
    "plan",
    "progress_frame",
    "required_ceus",
    "subject_ceus",
    "synthetic_log",
]

#: AAPC: CEUs every two years by the number of AAPC certifications held (5 means five or more).
AAPC_BY_COUNT: dict[int, int] = {1: 36, 2: 40, 3: 44, 4: 48, 5: 52}
#: AAPC credentials this module recognizes (the core and management credentials named on AAPC's pages).
AAPC_CREDENTIALS = frozenset({"CPC", "COC", "CIC", "CRC", "CPB", "CPMA", "CPCO", "CPPM", "CDEO", "CPC-P"})
#: AHIMA: CEUs per two-year cycle for someone holding just this credential.
AHIMA_SINGLE: dict[str, int] = {"CCA": 20, "CCS": 20, "CCS-P": 20, "RHIT": 20, "RHIA": 30}
#: AHIMA credentials beyond the coding and HIM ones above, same rule (AHIMA, "Recertification": CDIP 30 CEUs). Kept
#: apart so the training chapter's drills, which draw from AHIMA_SINGLE, stay as they were.
AHIMA_SINGLE_MORE: dict[str, int] = {"CDIP": 30}
_AHIMA_ALL: dict[str, int] = AHIMA_SINGLE | AHIMA_SINGLE_MORE
#: AHIMA: further CEUs for each additional AHIMA credential, and the most anyone needs in a cycle.
AHIMA_EXTRA = 10
AHIMA_MAX = 50
CYCLE_MONTHS = 24
#: AAPC: CEUs (within the total) that must be on the credential's own subject, per two-year period.
AAPC_SUBJECT_CEUS: dict[str, tuple[int, str]] = {
    "CPMA": (16, "auditing"), "CPCO": (16, "compliance"), "CDEO": (16, "documentation"),
    "CPPM": (16, "practice management"),
}


@dataclass(frozen=True)
class ExamFormat:
    """An exam's format as the certifying body's own page described it when this book was written (2026)."""

    credential: str
    body: str
    questions: int
    scored: int | None
    hours: int
    pass_mark: str
    books: str
    cases: int | None = None  #: coding cases on top of the multiple-choice questions (the CIC's)


#: Only formats this book could confirm on the certifying body's page; the CCS and CBCS are left out on purpose, and
#: so are the CPC-P, CCS-P, CDIP and CRCR (see :mod:`careers.credentials`): study sites disagree on them.
EXAM_FORMATS: dict[str, ExamFormat] = {
    "CPC": ExamFormat("CPC", "AAPC", 100, None, 4, "70% correct",
                      "AMA CPT Professional Edition plus the candidate's choice of ICD-10-CM and HCPCS Level II books"),
    "CPB": ExamFormat("CPB", "AAPC", 135, None, 4, "",
                      "AMA CPT Professional Edition plus the candidate's choice of ICD-10-CM and HCPCS Level II books"),
    "CCA": ExamFormat("CCA", "AHIMA", 105, 90, 2, "", ""),
    # AAPC's "Taking the ... exam" pages, as read in 2026 (the career-paths chapter).
    "CRC": ExamFormat("CRC", "AAPC", 100, None, 4, "", "the candidate's choice of ICD-10-CM book"),
    "CIC": ExamFormat("CIC", "AAPC", 40, None, 4, "",
                      "the candidate's choice of ICD-10-PCS and ICD-10-CM books", cases=7),
    "CPMA": ExamFormat("CPMA", "AAPC", 100, None, 4, "70% correct", ""),
    # AAPC's COC page (read 2026-12): 100 multiple-choice questions, four hours; it names no pass mark.
    "COC": ExamFormat("COC", "AAPC", 100, None, 4, "", ""),
}


def _norm(credential: str) -> str:
    if not isinstance(credential, str) or not credential.strip():
        raise InputError(f"A credential is an abbreviation such as 'CPC' or 'CCS', not {credential!r}.")
    text = credential.strip().upper()
    return text[:-2] if text.endswith("-A") else text  # an apprentice (CPC-A) renews like the full credential


def body_of(credential: str) -> str:
    """'AAPC' or 'AHIMA' for a credential in the tables; raises InputError for any other credential."""
    code = _norm(credential)
    if code in AAPC_CREDENTIALS:
        return "AAPC"
    if code in _AHIMA_ALL:
        return "AHIMA"
    raise InputError(
        f"{credential!r} is not in this planner's sourced tables (AAPC: {', '.join(sorted(AAPC_CREDENTIALS))}; "
        f"AHIMA: {', '.join(_AHIMA_ALL)}). Look up its continuing-education rule on the certifying body's "
        "own page (for the CBCS, NHA's)."
    )


def required_ceus(credentials: Iterable[str]) -> dict[str, int]:
    """CEUs due per two-year cycle, by certifying body, for the credentials a person holds.

    >>> required_ceus(["CPC"])
    {'AAPC': 36}
    >>> required_ceus(["CPC", "CPB", "CCS"])
    {'AAPC': 40, 'AHIMA': 20}
    """
    held = list(dict.fromkeys(_norm(c) for c in credentials))
    if not held:
        raise InputError("List at least one credential, such as ['CPC'].")
    by_body: dict[str, list[str]] = {}
    for code in held:
        by_body.setdefault(body_of(code), []).append(code)
    out: dict[str, int] = {}
    if "AAPC" in by_body:
        out["AAPC"] = AAPC_BY_COUNT[min(len(by_body["AAPC"]), 5)]
    if "AHIMA" in by_body:
        ahima = by_body["AHIMA"]
        if "RHIA" in ahima and "RHIT" in ahima:
            ahima = [c for c in ahima if c != "RHIT"]  # the RHIA replaces the RHIT
        base = max(_AHIMA_ALL[c] for c in ahima)
        out["AHIMA"] = min(base + AHIMA_EXTRA * (len(ahima) - 1), AHIMA_MAX)
    return out


def subject_ceus(credentials: Iterable[str]) -> dict[str, tuple[int, str]]:
    """The AAPC credentials among ``credentials`` whose CEUs must partly be on their subject, with how many.

    >>> subject_ceus(["CPC", "CPMA"])
    {'CPMA': (16, 'auditing')}
    """
    held = dict.fromkeys(_norm(c) for c in credentials)
    return {c: AAPC_SUBJECT_CEUS[c] for c in held if c in AAPC_SUBJECT_CEUS}


@dataclass(frozen=True)
class Cycle:
    """A 24-month planning window: ``start`` to ``end`` inclusive."""

    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def months_left(self, as_of: date) -> int:
        """Whole and part months from ``as_of`` to the end of the cycle (0 once it has ended)."""
        if as_of > self.end:
            return 0
        months = (self.end.year - as_of.year) * 12 + (self.end.month - as_of.month)
        return months + (1 if self.end.day >= as_of.day else 0)


def _add_months(day: date, months: int) -> date:
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def cycle_for(start: date | str) -> Cycle:
    """The 24-month window that begins on ``start`` (it ends the day before the same date two years on).

    >>> cycle_for(date(2026, 3, 14))
    Cycle(start=datetime.date(2026, 3, 14), end=datetime.date(2028, 3, 13))
    """
    day = parse_date(start, "A cycle start")
    return Cycle(day, _add_months(day, CYCLE_MONTHS) - timedelta(days=1))


@dataclass(frozen=True)
class Activity:
    """One continuing-education activity: when it was completed, its CEUs, and which bodies approved it."""

    completed: date
    ceus: float
    title: str
    bodies: tuple[str, ...] = ("AAPC", "AHIMA")

    def __post_init__(self) -> None:
        object.__setattr__(self, "completed", parse_date(self.completed, f"The completion date of {self.title!r}"))


@dataclass(frozen=True)
class Plan:
    """Where one body's requirement stands on a given day."""

    body: str
    cycle: Cycle
    required: int
    earned: float
    remaining: float
    months_left: int
    per_month: float
    ignored: tuple[Activity, ...]

    @property
    def on_track(self) -> bool:
        """True when finishing needs no faster pace than spreading the requirement evenly over 24 months."""
        return self.remaining == 0 or (self.months_left > 0 and self.per_month <= self.required / CYCLE_MONTHS)


def plan(credentials: Iterable[str], starts: dict[str, date], log: Iterable[Activity],
         as_of: date | str) -> list[Plan]:
    """One Plan per certifying body: the CEUs due, earned inside that body's cycle, left, and the monthly pace.

    ``starts`` gives each body's cycle start (AAPC and AHIMA keep separate cycles). Activities outside a cycle,
    or not approved by that body, do not count toward it and are listed in ``ignored``.
    """
    as_of = parse_date(as_of, "as_of")
    need = required_ceus(credentials)
    missing = sorted(set(need) - set(starts))
    if missing:
        raise InputError(f"Give a cycle start date for {', '.join(missing)} in 'starts'.")
    activities = list(log)
    plans = []
    for body, required in need.items():
        cyc = cycle_for(starts[body])
        counted = [a for a in activities if body in a.bodies and cyc.contains(a.completed) and a.completed <= as_of]
        ignored = tuple(a for a in activities if body in a.bodies and a not in counted)
        earned = round(sum(a.ceus for a in counted), 2)
        remaining = max(0.0, round(required - earned, 2))
        months = cyc.months_left(as_of)
        per_month = round(remaining / months, 2) if months else remaining  # all of it is due now
        plans.append(Plan(body, cyc, required, earned, remaining, months, per_month, ignored))
    return plans


_TITLES = (
    "ICD-10-CM annual update webinar", "Local chapter meeting", "HCPCS quarterly update review",
    "Compliance and the False Claims Act", "E/M documentation workshop", "Journal quiz", "Denial management webinar",
    "HIPAA privacy refresher", "Modifier 25 and 59 webinar", "Risk adjustment basics",
)


def synthetic_log(start: date | str, months: int, seed: int = 7) -> list[Activity]:
    """A seeded, made-up CEU log: a few activities a month for ``months`` months from ``start``."""
    if months < 0:
        raise InputError("months must be 0 or more.")
    start = parse_date(start, "The log's start")
    rng = random.Random(seed)
    log = []
    for m in range(months):
        first = _add_months(start, m)
        for _ in range(rng.choice((0, 1, 1, 2))):
            day = first + timedelta(days=rng.randrange(0, 28))
            ceus = rng.choice((0.5, 1.0, 1.0, 1.5, 2.0))
            bodies = rng.choice((("AAPC",), ("AHIMA",), ("AAPC", "AHIMA"), ("AAPC", "AHIMA")))
            log.append(Activity(day, ceus, rng.choice(_TITLES), bodies))
    return sorted(log, key=lambda a: a.completed)


def progress_frame(p: Plan, log: Iterable[Activity], as_of: date | str):
    """Month by month for one plan: CEUs earned so far and the straight-line pace that ends at the requirement.

    Row ``m`` counts what was completed by the end of the cycle's month ``m``; the month in progress on ``as_of``
    shows the total so far (its ``through`` date is ``as_of``), and later months are NaN.
    """
    import pandas as pd

    as_of = parse_date(as_of, "as_of")
    counted = sorted((a for a in log if p.body in a.bodies and p.cycle.contains(a.completed) and a.completed <= as_of),
                     key=lambda a: a.completed)
    rows = []
    reached = False
    for m in range(CYCLE_MONTHS + 1):
        through = _add_months(p.cycle.start, m) - timedelta(days=1)  # month m counts what was done by this day
        if through > as_of and not reached:
            through, reached = max(as_of, p.cycle.start - timedelta(days=1)), True  # the month in progress
            earned = sum(a.ceus for a in counted if a.completed <= through)
        elif through > as_of:
            earned = float("nan")
        else:
            earned = sum(a.ceus for a in counted if a.completed <= through)
            reached = through == as_of
        rows.append({"month": m, "through": through, "earned": earned,
                     "pace": round(p.required * m / CYCLE_MONTHS, 2)})
    return pd.DataFrame(rows).set_index("month")
