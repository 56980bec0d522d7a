"""Medicare Part A and Part B appeal levels and their filing deadlines (42 CFR part 405, subpart I).

Original Medicare has five levels of appeal. Each level has a window for filing that runs from the day the
party *receives* the notice of the decision being appealed, and the regulation presumes that a notice is
received 5 calendar days after the date printed on it unless there is evidence otherwise:

====  ==========================================  ======================  ===============  ==============
level what is asked for                           decided by              file within      regulation
====  ==========================================  ======================  ===============  ==============
1     redetermination                             the MAC                 120 days         405.942
2     reconsideration                             a QIC                   180 days         405.962
3     hearing before an administrative law judge  OMHA                    60 days          405.1002
4     review by the Medicare Appeals Council      the Council (DAB)       60 days          405.1102
5     judicial review                             federal district court  60 days          405.1130/1136
====  ==========================================  ======================  ===============  ==============

Levels 3 and 5 also need a minimum amount in controversy, adjusted every year; the only thresholds stored here
are those CMS announced for calendar year 2026 (Federal Register notice CMS-4209-N, FR Doc. 2025-21879):
$200 for an ALJ hearing and $1,960 for judicial review. Deadlines are counted in calendar days and are not moved
off weekends or holidays here: file early. Good-cause extensions and expedited appeals are not modelled.

Dates are read by :func:`revcycle.core.dates.parse_date` and amounts by :func:`revcycle.core.money.parse_money`;
a question that cannot be read raises :class:`~revcycle.core.errors.InputError`, and a year whose thresholds the
book does not store raises :class:`~revcycle.core.errors.DataError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from revcycle.core.dates import parse_date
from revcycle.core.errors import DataError, InputError
from revcycle.core.money import parse_money

#: Days after the date on a notice when the party is presumed to have received it (42 CFR 405.942(a)(1) etc.).
RECEIPT_PRESUMPTION_DAYS = 5


@dataclass(frozen=True)
class AppealLevel:
    """One level of the Original Medicare appeals process."""

    number: int
    name: str
    decided_by: str
    appeals: str  # the decision being appealed at this level
    days_to_file: int
    decision_days: int | None  # the adjudicator's usual time limit, from receipt of a timely request
    threshold: str | None  # key into AIC_THRESHOLDS when an amount in controversy is required
    regulation: str


LEVELS: tuple[AppealLevel, ...] = (
    AppealLevel(1, "Redetermination", "the Medicare Administrative Contractor (MAC) that processed the claim",
                "the initial determination (the claim decision on the remittance advice)", 120, 60, None,
                "42 CFR 405.942 (filing), 405.950 (decision)"),
    AppealLevel(2, "Reconsideration", "a Qualified Independent Contractor (QIC)", "the redetermination",
                180, 60, None, "42 CFR 405.962 (filing), 405.970 (decision)"),
    AppealLevel(3, "Hearing before an administrative law judge",
                "an ALJ or attorney adjudicator of the Office of Medicare Hearings and Appeals (OMHA)",
                "the QIC's reconsideration", 60, 90, "ALJ", "42 CFR 405.1002, 405.1006 (filing), 405.1016 (decision)"),
    AppealLevel(4, "Review by the Medicare Appeals Council",
                "the Medicare Appeals Council (Departmental Appeals Board)", "the ALJ's decision", 60, 90, None,
                "42 CFR 405.1102 (filing), 405.1100 (decision)"),
    AppealLevel(5, "Judicial review in federal district court", "a U.S. district court", "the Council's decision",
                60, None, "judicial", "42 CFR 405.1130, 405.1136, 405.1006"),
)

#: Amount-in-controversy thresholds by calendar year of the request (CMS-4209-N, 90 FR 55869, December 4, 2025).
AIC_THRESHOLDS: dict[int, dict[str, Decimal]] = {
    2026: {"ALJ": Decimal("200"), "judicial": Decimal("1960")},
}


@dataclass(frozen=True)
class AppealStep:
    """The next level a party can ask for, by when, and whether the amount in dispute is enough for it."""

    level: AppealLevel
    notice_date: date
    presumed_received: date
    deadline: date
    amount_in_controversy: Decimal | None
    threshold: Decimal | None
    meets_threshold: bool | None  # None: no threshold applies, or no amount given

    def describe(self) -> str:
        text = (f"Level {self.level.number}, {self.level.name.lower()}: file by {self.deadline:%B} "
                f"{self.deadline.day}, {self.deadline.year} (notice dated {self.notice_date.isoformat()}, presumed "
                f"received {self.presumed_received.isoformat()}, plus {self.level.days_to_file} days).")
        if self.threshold is not None and self.meets_threshold is not None:
            verdict = "meets" if self.meets_threshold else "does not meet"
            text += f" ${self.amount_in_controversy:,.2f} {verdict} the ${self.threshold:,.0f} threshold."
        return text


def level(number: int) -> AppealLevel:
    """The appeal level ``number`` (1 to 5)."""
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= len(LEVELS):
        raise InputError(f"Medicare has five appeal levels, numbered 1 to 5; {number!r} is not one of them.")
    return LEVELS[number - 1]


def presumed_receipt(notice_date: date | str) -> date:
    """The day a notice is presumed received: 5 calendar days after the date on it."""
    return parse_date(notice_date, "The notice date") + timedelta(days=RECEIPT_PRESUMPTION_DAYS)


def filing_deadline(number: int, notice_date: date | str) -> date:
    """The last day to file a request for appeal level ``number`` against a notice dated ``notice_date``.

    >>> filing_deadline(1, date(2026, 3, 6))
    datetime.date(2026, 7, 9)
    """
    return presumed_receipt(notice_date) + timedelta(days=level(number).days_to_file)


def aic_threshold(number: int, year: int) -> Decimal | None:
    """The minimum amount in controversy for level ``number`` in ``year``, or None when the level has none."""
    lv = level(number)
    if lv.threshold is None:
        return None
    if year not in AIC_THRESHOLDS:
        known = ", ".join(str(y) for y in sorted(AIC_THRESHOLDS))
        raise DataError(
            f"This book stores the amount-in-controversy thresholds for {known} only; CMS announces each year's "
            f"in the Federal Register. Look up the {year} notice before filing at level {number}."
        )
    return AIC_THRESHOLDS[year][lv.threshold]


def next_step(notice_date: date | str, *, after: int = 0, amount_in_controversy: object = None,
              year: int | None = None) -> AppealStep:
    """The appeal that can follow the decision dated ``notice_date``.

    ``after`` is the level that produced the notice: 0 for the initial determination (the claim decision on the
    remittance advice), 1 for a redetermination, and so on up to 4. ``year`` is the calendar year in which the
    request will be filed (it picks the threshold); it defaults to the year of the deadline.
    """
    if isinstance(after, bool) or not isinstance(after, int) or not 0 <= after <= 4:
        raise InputError(f"after must be 0 (the initial determination) or a level from 1 to 4, not {after!r}.")
    lv = level(after + 1)
    notice = parse_date(notice_date, "The notice date")
    deadline = filing_deadline(lv.number, notice)
    amount = None if amount_in_controversy is None else parse_money(
        amount_in_controversy, "The amount in controversy", example="250.00", negative=False, whole_cents=False)
    threshold = aic_threshold(lv.number, year or deadline.year) if lv.threshold else None
    meets = None if threshold is None or amount is None else amount >= threshold
    return AppealStep(lv, notice, presumed_receipt(notice), deadline, amount, threshold, meets)


def schedule(notice_dates: Sequence[date | str], *, amount_in_controversy: object = None,
             year: int | None = None):  # -> pandas.DataFrame
    """A table of the appeal path: ``notice_dates[0]`` is the initial determination, each later date the notice
    of the level before. One row per level reached, with its deadline and threshold check."""
    import pandas as pd

    if not notice_dates:
        raise InputError("Give at least the date of the initial determination (the remittance advice).")
    if len(notice_dates) > len(LEVELS):
        raise InputError("There are only five appeal levels: give at most five notice dates.")
    rows = []
    for after, notice in enumerate(notice_dates):
        step = next_step(notice, after=after, amount_in_controversy=amount_in_controversy, year=year)
        rows.append({
            "level": step.level.number,
            "appeal": step.level.name,
            "decided_by": step.level.decided_by,
            "appealing": step.level.appeals,
            "notice_dated": step.notice_date,
            "presumed_received": step.presumed_received,
            "days_to_file": step.level.days_to_file,
            "file_by": step.deadline,
            "threshold": "" if step.threshold is None else f"${step.threshold:,.0f}",
            "meets_threshold": "" if step.meets_threshold is None else ("yes" if step.meets_threshold else "no"),
        })
    return pd.DataFrame(rows)


def levels_frame():  # -> pandas.DataFrame
    """The five levels as a table (who decides, time to file, usual decision time, regulation)."""
    import pandas as pd

    return pd.DataFrame([{
        "level": lv.number, "appeal": lv.name, "decided_by": lv.decided_by, "appealing": lv.appeals,
        "days_to_file": lv.days_to_file, "decision_days": lv.decision_days or "",
        "amount_in_controversy": "required" if lv.threshold else "", "regulation": lv.regulation,
    } for lv in LEVELS])
