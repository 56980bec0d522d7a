"""Prior authorization: the decision clocks of the 2024 interoperability and prior authorization rule, the
authorization a payer issues, and the check of claim lines against it.

**The rule** (CMS-0057-F, 89 FR 8758, February 8, 2024) binds "impacted payers": Medicare Advantage organizations,
state Medicaid and CHIP fee-for-service programs, Medicaid managed care plans, CHIP managed care entities and
qualified health plan (QHP) issuers on the Federally-facilitated Exchanges. Original Medicare and employer plans are
not impacted payers. From January 1, 2026 an impacted payer other than a QHP issuer on the FFEs must decide a
prior authorization request for an item or service (drugs excluded) no later than 72 hours after receipt for an
expedited request and 7 calendar days for a standard one (42 CFR 422.568(b)(1) and 422.572 for MA, 440.230(e) for
Medicaid FFS, 438.210(d) for Medicaid managed care, from the first rating period beginning on or after that date).
Every impacted payer, QHP issuers included, must give a specific reason when it denies (e.g. 42 CFR 431.80(a)),
post prior authorization metrics yearly (the first by March 31, 2026) and run the Prior Authorization, Provider
Access, Payer-to-Payer and enlarged Patient Access APIs from 2027. :func:`decision_deadline` works out the clock
for one request; the day of receipt is day 0 for the 7 days, and the 72 hours run from the moment of receipt.

**The authorization** (:class:`Authorization`) is what the payer approved: a number (CMS-1500 item 23), codes,
units and a date range. :func:`check_lines` compares claim lines with it and names the claim adjustment reason code
(:data:`revcycle.codes.remit.CARC`) the payer would use: 197 when no authorization covers the line (none at all, or
not on that date), 15 when the number is missing or does not cover the code billed, 198 when the units run past
what was approved. Payers differ in detail; these follow the codes' meanings.

:func:`worklist` makes a seeded synthetic queue of requests and :func:`worklist_frame` says what is due when.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal

from revcycle.claims.model import Claim, ServiceLine
from revcycle.codes.remit import CARC
from revcycle.core.dates import parse_date, parse_datetime
from revcycle.core.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

Urgency = Literal["standard", "expedited"]
URGENCIES: tuple[Urgency, ...] = ("standard", "expedited")

#: The decision timeframes, the denial-reason rule and the public metrics begin on this day (CMS-0057-F).
PROCESS_FROM = date(2026, 1, 1)
#: The four APIs are required from this day (managed care plans: the rating period that begins on or after it;
#: QHP issuers: the plan year that begins on or after it).
API_FROM = date(2027, 1, 1)
#: The first public posting of prior authorization metrics (for calendar year 2025) is due on this day.
FIRST_METRICS_DUE = date(2026, 3, 31)
#: An expedited request must be decided within this many hours of receipt.
EXPEDITED_HOURS = 72
#: A standard request must be decided within this many calendar days of receipt.
STANDARD_DAYS = 7
#: The APIs CMS-0057-F requires of impacted payers (the Patient Access API existed; the rule adds prior
#: authorization information to it).
APIS = ("Patient Access API (now with prior authorization information)", "Provider Access API",
        "Payer-to-Payer API", "Prior Authorization API")
FEDERAL_REGISTER = "CMS-0057-F, 89 FR 8758 (February 8, 2024)"


@dataclass(frozen=True)
class PayerType:
    """A kind of payer as CMS-0057-F sorts them: whether it is an impacted payer and which clocks bind it."""

    key: str
    name: str
    impacted: bool  # bound by CMS-0057-F at all
    timeframes: bool  # bound by its 72-hour / 7-day decision timeframes
    managed_care: bool  # its dates count from a rating period, not a calendar day
    rule: str  # where its prior authorization timeframes are written

    @property
    def api_from(self) -> str:
        """When the four APIs are required, in words."""
        if not self.impacted:
            return "not required by CMS-0057-F"
        if self.managed_care:
            return "rating periods beginning on or after January 1, 2027"
        if self.key == "qhp_ffe":
            return "plan years beginning on or after January 1, 2027"
        return "January 1, 2027"


#: The payer types, by key.
PAYER_TYPES: dict[str, PayerType] = {p.key: p for p in (
    PayerType("ma", "Medicare Advantage organization", True, True, False, "42 CFR 422.568(b)(1), 422.572(a)"),
    PayerType("medicaid_ffs", "state Medicaid fee-for-service program", True, True, False, "42 CFR 440.230(e)"),
    PayerType("medicaid_mc", "Medicaid managed care plan", True, True, True, "42 CFR 438.210(d)"),
    PayerType("chip_ffs", "state CHIP fee-for-service program", True, True, False, f"{FEDERAL_REGISTER}, 42 CFR 457"),
    PayerType("chip_mc", "CHIP managed care entity", True, True, True, f"{FEDERAL_REGISTER}, 42 CFR 457"),
    PayerType("qhp_ffe", "QHP issuer on a Federally-facilitated Exchange", True, False, False,
              "not set by CMS-0057-F: the issuer's existing claims and appeals rules apply"),
    PayerType("medicare_ffs", "Original Medicare (fee-for-service)", False, False, False,
              "not an impacted payer: Medicare's own prior authorization programs (e.g. 42 CFR 419.80-419.89)"),
    PayerType("commercial", "employer or other commercial plan", False, False, False,
              "not an impacted payer: the plan contract, ERISA and state law apply"),
)}


def payer_type(key: object) -> PayerType:
    """The :class:`PayerType` for ``key`` (one of :data:`PAYER_TYPES`), or an error that lists them."""
    found = PAYER_TYPES.get(key.strip().lower()) if isinstance(key, str) else None
    if found is None:
        raise InputError(f"Payer type {key!r} is not one of: {', '.join(PAYER_TYPES)}.")
    return found


@dataclass(frozen=True)
class Request:
    """One prior authorization request as the payer received it.

    ``received`` is the moment the payer received it (a ``datetime`` or ISO text with a time). For a managed care
    plan, ``rating_period_start`` is the first day of the plan's rating period that contains the request (left out:
    the rating period is taken to be the calendar year).
    """

    request_id: str
    payer_type: str
    urgency: Urgency
    received: datetime
    service: str = ""
    units: int = 1
    patient: str = ""
    rating_period_start: date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.request_id, str) or not self.request_id.strip():
            raise InputError("A prior authorization request needs an ID (any text, such as PA-0001).")
        object.__setattr__(self, "payer_type", payer_type(self.payer_type).key)
        if self.urgency not in URGENCIES:
            raise InputError(f"{self.request_id}: urgency must be 'standard' or 'expedited', not {self.urgency!r}.")
        object.__setattr__(self, "received", parse_datetime(self.received, f"{self.request_id}: received"))
        if isinstance(self.units, bool) or not isinstance(self.units, int) or self.units < 1:
            raise InputError(f"{self.request_id}: units must be a whole number of 1 or more, not {self.units!r}.")
        if self.rating_period_start is not None:
            object.__setattr__(self, "rating_period_start",
                               parse_date(self.rating_period_start, f"{self.request_id}: rating_period_start"))

    @property
    def kind(self) -> PayerType:
        return PAYER_TYPES[self.payer_type]


@dataclass(frozen=True)
class DecisionClock:
    """When the payer must decide a request under CMS-0057-F, or why the rule sets no clock for it.

    ``due_date`` is the last day of the window; ``due_at`` is the exact moment for an expedited request (72 hours
    after receipt) and None for a standard one, which runs to the end of ``due_date``.
    """

    request: Request
    applies: bool
    due_date: date | None
    due_at: datetime | None
    reason: str
    rule: str

    @property
    def cutoff(self) -> datetime | None:
        """The moment the window closes: ``due_at``, or midnight at the end of ``due_date``."""
        if self.due_at is not None:
            return self.due_at
        return None if self.due_date is None else datetime.combine(self.due_date + timedelta(days=1), time())


def _in_force(request: Request) -> tuple[bool, str]:
    """Whether the 2026 timeframes bind this request, judged by its date (or its rating period)."""
    kind = request.kind
    day = request.received.date()
    if kind.managed_care:
        start = request.rating_period_start or date(day.year, 1, 1)
        if start > day:
            raise InputError(f"{request.request_id}: the rating period cannot start ({start}) after the request "
                             f"was received ({day}).")
        if start < PROCESS_FROM:
            return False, (f"the plan's rating period began {start}, before January 1, 2026: the 7-day and 72-hour "
                           "timeframes start with the first rating period that begins on or after that day")
        return True, f"rating period beginning {start}, on or after January 1, 2026"
    if day < PROCESS_FROM:
        return False, "received before January 1, 2026, when the rule's timeframes began"
    return True, "received on or after January 1, 2026"


def decision_deadline(request: Request) -> DecisionClock:
    """The latest moment the payer may decide ``request`` under CMS-0057-F (or why the rule sets none)."""
    if not isinstance(request, Request):
        raise InputError(f"decision_deadline() takes a Request, not {type(request).__name__}.")
    kind = request.kind
    if not kind.impacted:
        return DecisionClock(request, False, None, None, f"{kind.name}: not an impacted payer under CMS-0057-F",
                             kind.rule)
    if not kind.timeframes:
        return DecisionClock(request, False, None, None, f"{kind.name}: the rule's decision timeframes exclude "
                             "QHP issuers on the FFEs", kind.rule)
    applies, why = _in_force(request)
    if not applies:
        return DecisionClock(request, False, None, None, why, kind.rule)
    if request.urgency == "expedited":
        due_at = request.received + timedelta(hours=EXPEDITED_HOURS)
        return DecisionClock(request, True, due_at.date(), due_at,
                             f"expedited: {EXPEDITED_HOURS} hours after receipt ({why})", kind.rule)
    due = request.received.date() + timedelta(days=STANDARD_DAYS)
    return DecisionClock(request, True, due, None, f"standard: {STANDARD_DAYS} calendar days after the day of "
                         f"receipt ({why})", kind.rule)


def denial_reason_required(payer: str, on: date | str) -> bool:
    """True when a denial by this kind of payer on ``on`` must state a specific reason under CMS-0057-F."""
    kind = payer_type(payer)
    return kind.impacted and parse_date(on, "The day of the decision") >= PROCESS_FROM


def metrics_due(year: int) -> date:
    """The day an impacted payer must post its prior authorization metrics for calendar year ``year``."""
    if isinstance(year, bool) or not isinstance(year, int) or year < FIRST_METRICS_DUE.year - 1:
        raise InputError(f"The metrics are yearly from calendar year {FIRST_METRICS_DUE.year - 1}; "
                         f"give a year of {FIRST_METRICS_DUE.year - 1} or later, not {year!r}.")
    return date(year + 1, 3, 31)


def compliance_table() -> list[dict[str, str]]:
    """One row per payer type: decision timeframes, denial reasons, metrics and APIs, in words."""
    rows = []
    for kind in PAYER_TYPES.values():
        clocks = (f"{EXPEDITED_HOURS} hours expedited, {STANDARD_DAYS} calendar days standard"
                  if kind.timeframes else "not set by CMS-0057-F")
        rows.append({
            "payer type": kind.name,
            "impacted payer": "yes" if kind.impacted else "no",
            "decision timeframes (from 2026)": clocks,
            "specific denial reason (from 2026)": "required" if kind.impacted else "not required by CMS-0057-F",
            "public metrics (first by March 31, 2026)": "required" if kind.impacted else "no",
            "APIs": kind.api_from,
        })
    return rows


# ---------------------------------------------------------------------------------------------- the authorization

CODE = re.compile(r"^[0-9A-Z][0-9]{3}[0-9A-Z]$")
Problem = Literal["no authorization", "number missing", "code not authorized", "outside dates", "units over"]
#: The claim adjustment reason code each problem draws (group CO: the network provider cannot bill the patient).
PROBLEM_CARC: dict[str, str] = {
    "no authorization": "197",
    "outside dates": "197",
    "number missing": "15",
    "code not authorized": "15",
    "units over": "198",
}


@dataclass(frozen=True)
class Authorization:
    """What the payer approved: the number for item 23, the CPT/HCPCS codes, the units and the dates it covers."""

    number: str
    codes: frozenset[str]
    units: int
    start: date
    end: date

    def __post_init__(self) -> None:
        if not isinstance(self.number, str) or not self.number.strip():
            raise InputError("An authorization needs its number (the payer's reference for CMS-1500 item 23).")
        object.__setattr__(self, "number", self.number.strip().upper())
        raw = [self.codes] if isinstance(self.codes, str) else self.codes
        codes = frozenset(_code(c) for c in raw)
        if not codes:
            raise InputError(f"Authorization {self.number}: list at least one CPT or HCPCS code it approves.")
        object.__setattr__(self, "codes", codes)
        if isinstance(self.units, bool) or not isinstance(self.units, int) or self.units < 1:
            raise InputError(f"Authorization {self.number}: units must be a whole number of 1 or more, "
                             f"not {self.units!r}.")
        object.__setattr__(self, "start", parse_date(self.start, f"Authorization {self.number}: start"))
        object.__setattr__(self, "end", parse_date(self.end, f"Authorization {self.number}: end"))
        if self.end < self.start:
            raise InputError(f"Authorization {self.number}: it ends ({self.end}) before it starts ({self.start}).")

    def covers(self, day: date | str) -> bool:
        """True when ``day`` is inside the approved dates (both ends included)."""
        when = parse_date(day, "The date of service")
        return self.start <= when <= self.end


def _code(value: object) -> str:
    text = value.strip().upper() if isinstance(value, str) else ""
    if not CODE.match(text):
        raise InputError(f"{value!r} is not shaped like a CPT or HCPCS code (five characters, such as 72148 "
                         "or E0601).")
    return text


@dataclass(frozen=True)
class Line:
    """A claim line as the authorization check reads it: code, date of service and units."""

    code: str
    day: date
    units: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", _code(self.code))
        object.__setattr__(self, "day", parse_date(self.day, f"The date of service of {self.code}"))
        if isinstance(self.units, bool) or not isinstance(self.units, int) or self.units < 1:
            raise InputError(f"{self.code}: units must be a whole number of 1 or more, not {self.units!r}.")


def _line(value: object) -> Line:
    if isinstance(value, Line):
        return value
    if isinstance(value, ServiceLine):
        units = value.units
        if units != units.to_integral_value():
            raise InputError(f"{value.procedure}: {units} units cannot be checked against whole authorized units.")
        return Line(value.procedure, value.from_date, int(units))
    if isinstance(value, tuple) and len(value) in (2, 3):
        return Line(*value)
    raise InputError(f"A line to check must be a ServiceLine, a Line or (code, date, units), not {value!r}.")


@dataclass(frozen=True)
class AuthFinding:
    """One line the payer would not pay as billed, with the reason code it would use."""

    line: int  # 1-based, in the order given
    code: str
    day: date
    problem: Problem
    carc: str
    detail: str
    units_over: int = 0
    group: str = field(default="CO")

    @property
    def meaning(self) -> str:
        """The book's paraphrase of the reason code."""
        return CARC[self.carc]


def check_lines(lines: Iterable[object], authorization: Authorization | None, *, billed_number: str | None = None,
                used: int = 0) -> list[AuthFinding]:
    """Check claim ``lines`` (ServiceLine, :class:`Line` or ``(code, date, units)``) against ``authorization``.

    ``billed_number`` is the number the claim carries in item 23 (None: not checked); ``used`` is the units of
    this authorization already paid on earlier claims. Units are counted in date order across all lines.
    """
    if authorization is not None and not isinstance(authorization, Authorization):
        raise InputError(f"authorization must be an Authorization or None, not {type(authorization).__name__}.")
    if isinstance(used, bool) or not isinstance(used, int) or used < 0:
        raise InputError(f"used must be the whole number of units already paid (0 or more), not {used!r}.")
    read = [_line(v) for v in lines]
    if not read:
        raise InputError("Give at least one claim line to check.")
    findings: list[AuthFinding] = []
    if authorization is None:
        return [AuthFinding(i, ln.code, ln.day, "no authorization", PROBLEM_CARC["no authorization"],
                            "no authorization on file for a service that requires one")
                for i, ln in enumerate(read, start=1)]
    if billed_number is not None and not isinstance(billed_number, str):
        raise InputError(f"billed_number must be the text of item 23, not {billed_number!r}.")
    wrong_number = billed_number is not None and billed_number.strip().upper() != authorization.number
    shown = (billed_number or "").strip() or "(blank)"
    total = used
    for i, ln in sorted(enumerate(read, start=1), key=lambda pair: (pair[1].day, pair[0])):
        problem: Problem | None = None
        detail, over = "", 0
        if ln.code not in authorization.codes:
            problem, detail = "code not authorized", (f"{ln.code} is not among the codes authorization "
                                                      f"{authorization.number} approves")
        elif not authorization.covers(ln.day):
            problem, detail = "outside dates", (f"{ln.day} is outside {authorization.start} to {authorization.end}")
        elif wrong_number:
            problem, detail = "number missing", f"item 23 says {shown}, not {authorization.number}"
        else:
            before = total
            total += ln.units
            if total > authorization.units:
                over = min(ln.units, total - max(before, authorization.units))
                problem, detail = "units over", (f"{total} units billed against {authorization.units} approved "
                                                 f"({over} of this line's {ln.units} over)")
        if problem is not None:
            findings.append(AuthFinding(i, ln.code, ln.day, problem, PROBLEM_CARC[problem], detail, over))
    return sorted(findings, key=lambda f: f.line)


def check_claim(claim: Claim, authorization: Authorization | None, *, used: int = 0) -> list[AuthFinding]:
    """:func:`check_lines` for a whole claim, reading the number it carries in item 23."""
    if not isinstance(claim, Claim):
        raise InputError(f"check_claim() takes a Claim, not {type(claim).__name__}.")
    number = claim.prior_authorization if authorization is not None else None
    return check_lines(claim.lines, authorization, billed_number=number, used=used)


# --------------------------------------------------------------------------------------------- a synthetic worklist

#: Services payers commonly review in advance, with the book's own plain-language summaries (not CPT descriptors).
SERVICES: dict[str, str] = {
    "72148": "MRI of the lower back, without contrast",
    "73721": "MRI of a leg joint such as the knee, without contrast",
    "70553": "MRI of the brain, without and then with contrast",
    "78452": "nuclear heart stress imaging, several views",
    "29881": "knee arthroscopy with trimming of a torn meniscus",
    "27447": "total knee replacement",
    "64483": "lumbar epidural steroid injection through the side of the spine, with imaging",
    "97110": "therapeutic exercise, each 15 minutes",
    "95810": "overnight sleep study in a lab",
    "E0601": "CPAP machine for sleep apnea",
}
#: How the synthetic worklist's requests are spread over payer types (share of requests).
WORKLIST_MIX: dict[str, float] = {"ma": 0.30, "medicaid_mc": 0.20, "medicaid_ffs": 0.08, "chip_mc": 0.04,
                                  "chip_ffs": 0.03, "qhp_ffe": 0.15, "commercial": 0.20}
EXPEDITED_SHARE = 0.2


def worklist(n: int, seed: int = 0, *, start: datetime | str = "2026-03-02T08:00", days: int = 5) -> list[Request]:
    """``n`` synthetic prior authorization requests received during business hours over ``days`` weekdays from
    ``start`` (same seed, same list). Patients come from :func:`revcycle.synthetic.members`."""
    from revcycle.synthetic import members

    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 10_000:
        raise InputError(f"n must be a whole number of requests from 1 to 10,000, not {n!r}.")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 60:
        raise InputError(f"days must be a whole number from 1 to 60, not {days!r}.")
    first = parse_datetime(start, "start")
    weekdays: list[date] = []
    day = first.date()
    while len(weekdays) < days:
        if day.weekday() < 5:
            weekdays.append(day)
        day += timedelta(days=1)
    rng = random.Random(f"prior-auth-{seed}")
    people = members(n, seed)
    kinds, weights = list(WORKLIST_MIX), list(WORKLIST_MIX.values())
    out = []
    for i, member in enumerate(people, start=1):
        when = datetime.combine(rng.choice(weekdays), time(8)) + timedelta(minutes=rng.randrange(0, 9 * 60, 5))
        code = rng.choice(list(SERVICES))
        units = rng.choice((6, 8, 12)) if code == "97110" else 1
        out.append(Request(f"PA-{i:04d}", rng.choices(kinds, weights)[0],
                           "expedited" if rng.random() < EXPEDITED_SHARE else "standard", max(when, first),
                           code, units, f"{member.patient.first_name} {member.patient.last_name}"))
    return sorted(out, key=lambda r: (r.received, r.request_id))


def worklist_frame(requests: Sequence[Request], as_of: datetime | str) -> pd.DataFrame:
    """What is due when: one row per request received by ``as_of``, with its deadline, the hours left at ``as_of``
    and a status, soonest first (requests with no federal clock last). No decision is recorded here, so a request
    past its deadline is "overdue": the payer has not answered in time and the office should follow up."""
    import pandas as pd

    now = parse_datetime(as_of, "as_of")
    rows = []
    for req in requests:
        if not isinstance(req, Request):
            raise InputError(f"worklist_frame() takes Request records, not {type(req).__name__}.")
        if req.received > now:
            continue
        clock = decision_deadline(req)
        cutoff = clock.cutoff
        if cutoff is None:
            status, hours = "no federal clock", None
        else:
            hours = round((cutoff - now) / timedelta(hours=1), 1)
            status = "overdue" if hours < 0 else "due within 24 hours" if hours <= 24 else "open"
        rows.append({"request": req.request_id, "patient": req.patient, "payer type": req.kind.name,
                     "urgency": req.urgency, "service": req.service, "received": req.received,
                     "due": cutoff, "hours left": hours, "status": status})
    frame = pd.DataFrame(rows, columns=["request", "patient", "payer type", "urgency", "service", "received", "due",
                                        "hours left", "status"])
    frame["due"] = pd.to_datetime(frame["due"])
    return frame.sort_values(["due", "request"], na_position="last").reset_index(drop=True)


def due_by_day(frame: pd.DataFrame) -> pd.DataFrame:
    """Count the requests of a :func:`worklist_frame` by the day their window closes and urgency."""
    import pandas as pd

    timed = frame.dropna(subset=["due"])
    last_day = (timed["due"] - pd.Timedelta(microseconds=1)).dt.date  # midnight closes the day before
    table = pd.crosstab(last_day.rename("last day to decide"), timed["urgency"])
    for col in URGENCIES:
        if col not in table.columns:
            table[col] = 0
    table = table[list(URGENCIES)]
    table["total"] = table.sum(axis=1)
    return table


__all__ = ["API_FROM", "APIS", "EXPEDITED_HOURS", "FIRST_METRICS_DUE", "PAYER_TYPES", "PROBLEM_CARC",
           "PROCESS_FROM", "SERVICES", "STANDARD_DAYS", "AuthFinding", "Authorization", "DecisionClock", "Line",
           "PayerType", "Request", "check_claim", "check_lines", "compliance_table", "decision_deadline",
           "denial_reason_required", "due_by_day", "metrics_due", "payer_type", "worklist", "worklist_frame"]
