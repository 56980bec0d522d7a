"""The statement (dunning) calendar for a patient balance, and the 501(r) timing for a tax-exempt hospital.

**The practice's cycle** is policy, not law: a first statement, then a reminder every ``interval`` days (30 by
default) that says how long the balance has been unpaid, a final notice, and referral to a collection agency only
after that. :func:`dunning_calendar` lays the dates out from the first statement.

**A tax-exempt hospital** must also keep the billing and collection rules of section 501(r)(6) of the Internal
Revenue Code (26 CFR 1.501(r)-6) before any *extraordinary collection action* (ECA: for example reporting the debt to
a credit bureau, selling it, suing, a lien or a wage garnishment):

- no ECA until 120 days after the first post-discharge billing statement (the notification period);
- a written notice, at least 30 days before the first ECA, that financial assistance is available, naming the ECAs
  the hospital may take and the date after which it may take them;
- financial assistance applications accepted until at least the 240th day after that first statement.

With ``hospital_501r=True`` the calendar gives the earliest ECA date (the later of day 120 and 30 days after the
written notice) and the end of the application period. Days are calendar days; the first statement is day 0. A date
that cannot be read, or a schedule that makes no sense, raises :class:`~revcycle.core.errors.InputError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError

__all__ = ["APPLICATION_DAYS", "ECA_NOTICE_DAYS", "NOTIFICATION_DAYS", "RULE_501R", "DunningCalendar", "DunningStep",
           "dunning_calendar", "stage_on"]

RULE_501R = "26 CFR 1.501(r)-6"
#: No ECA before this many days after the first post-discharge billing statement.
NOTIFICATION_DAYS = 120
#: The written notice of intended ECAs comes at least this many days before the first one.
ECA_NOTICE_DAYS = 30
#: Applications for financial assistance are accepted at least until this day after the first statement.
APPLICATION_DAYS = 240


@dataclass(frozen=True)
class DunningStep:
    """One step of the calendar: its day (counted from the first statement), its date, and what happens."""

    day: int
    on: date
    step: str
    note: str


@dataclass(frozen=True)
class DunningCalendar:
    """Every step for one balance; the 501(r) dates are None for a practice that is not a 501(r) hospital."""

    first_statement: date
    steps: tuple[DunningStep, ...]
    eca_notice: date | None = None
    earliest_eca: date | None = None
    application_period_ends: date | None = None

    def rows(self) -> list[dict[str, object]]:
        """The steps as table rows (day, date, step, note)."""
        return [{"day": s.day, "date": s.on, "step": s.step, "note": s.note} for s in self.steps]


def _whole(value: object, what: str, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise InputError(f"{what} must be a whole number of at least {least}, not {value!r}.")
    return value


def dunning_calendar(first_statement: date | str, *, interval: int = 30, reminders: int = 2,
                     collections_after: int = 120, hospital_501r: bool = False,
                     eca_notice: date | str | None = None) -> DunningCalendar:
    """The statement calendar for a balance whose first statement went out on ``first_statement``.

    ``reminders`` statements follow the first at ``interval``-day steps, then a final notice one interval later, then
    referral to collections on day ``collections_after`` (policy; it must come after the final notice). For a 501(r)
    hospital the written ECA notice goes out with the final notice unless ``eca_notice`` gives another date, and the
    referral step is moved to the earliest day an ECA is allowed.
    """
    day0 = parse_date(first_statement, "The first statement date")
    interval = _whole(interval, "interval", 1)
    reminders = _whole(reminders, "reminders", 0)
    collections_after = _whole(collections_after, "collections_after", 1)
    if not isinstance(hospital_501r, bool):
        raise InputError(f"hospital_501r must be True or False, not {hospital_501r!r}.")
    final_day = interval * (reminders + 1)
    if collections_after <= final_day:
        raise InputError(f"Referral to collections (day {collections_after}) must come after the final notice "
                         f"(day {final_day}); lengthen collections_after or send fewer reminders.")
    steps = [DunningStep(0, day0, "first statement", "the balance after insurance; how to pay, ask, or apply for "
                                                       "financial assistance")]
    for n in range(1, reminders + 1):
        steps.append(DunningStep(interval * n, day0 + timedelta(days=interval * n), f"reminder statement {n}",
                                 f"unpaid {interval * n} days; offers a payment plan"))
    steps.append(DunningStep(final_day, day0 + timedelta(days=final_day), "final notice",
                             "last statement before the account leaves the office"))
    notice = earliest = ends = None
    referral = collections_after
    if hospital_501r:
        notice = day0 + timedelta(days=final_day) if eca_notice is None else parse_date(eca_notice, "eca_notice")
        if notice < day0:
            raise InputError(f"The ECA notice ({notice}) cannot come before the first statement ({day0}).")
        earliest = max(day0 + timedelta(days=NOTIFICATION_DAYS), notice + timedelta(days=ECA_NOTICE_DAYS))
        ends = day0 + timedelta(days=APPLICATION_DAYS)
        referral = max(collections_after, (earliest - day0).days)
        if eca_notice is not None:
            steps.append(DunningStep((notice - day0).days, notice, "written ECA notice",
                                     "financial assistance is available; the ECAs and the date after which they may "
                                     "start"))
        else:
            steps[-1] = DunningStep(final_day, steps[-1].on, "final notice with written ECA notice",
                                    "also states that financial assistance is available and which ECAs may follow")
    steps.append(DunningStep(referral, day0 + timedelta(days=referral),
                             "earliest extraordinary collection action" if hospital_501r else "refer to collections",
                             f"{RULE_501R}: day {NOTIFICATION_DAYS} and {ECA_NOTICE_DAYS} days after the notice"
                             if hospital_501r else "practice policy; the agency is a debt collector under the FDCPA"))
    if ends is not None:
        steps.append(DunningStep(APPLICATION_DAYS, ends, "application period ends",
                                 f"{RULE_501R}: financial assistance applications accepted at least until this day"))
    steps.sort(key=lambda s: s.day)
    return DunningCalendar(day0, tuple(steps), notice, earliest, ends)


def stage_on(calendar: DunningCalendar, as_of: date | str) -> DunningStep | None:
    """The last step the calendar has reached on ``as_of`` (None before the first statement)."""
    when = parse_date(as_of, "as_of")
    reached = [s for s in calendar.steps if s.on <= when]
    return reached[-1] if reached else None
