"""Medicare's timely filing limit as dates: the last day a claim can reach Medicare, and the days left.

42 CFR 424.44(a) gives one calendar year from the date of service. A professional claim line counts from its
"from" date (item 24A); an institutional claim with a span of dates counts from its "through" date
(Medicare Claims Processing Manual, ch. 1, section 70). A service on February 29 is due on February 28 of the
next year. Late claims are denied (CARC 29) unless one of the regulation's narrow exceptions applies.
Commercial plans and Medicaid programs set their own limits, often shorter: this module is Medicare's rule.

This is the one home of the rule: the scrubber's TIMELY edit uses :func:`late` (the same rule over whole columns
of day numbers) and the front desk's detail checks use :func:`medicare_deadline`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from revcycle.claims.model import to_date

SOURCE = "42 CFR 424.44(a) (claims filed within one calendar year of the date of service)"


def medicare_deadline(service_date: date | str) -> date:
    """The last day Medicare can receive a claim for a service on ``service_date``: one calendar year later
    (February 29 -> February 28)."""
    day = to_date(service_date, "The date of service")
    return day.replace(year=day.year + 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


def days_left(service_date: date | str, on: date | str) -> int:
    """Days from ``on`` to the deadline: 0 on the last day, negative once the limit has passed."""
    return (medicare_deadline(service_date) - to_date(on, "The day to count from")).days


def is_timely(service_date: date | str, received: date | str) -> bool:
    """True when a claim received on ``received`` is within the limit for ``service_date``."""
    return days_left(service_date, received) >= 0


def _keys(days: npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    """yyyymmdd integers for day numbers since 1970."""
    d = days.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    out: npt.NDArray[np.int64] = year * 10000 + month * 100 + day
    return out


def late(service_days: npt.NDArray[Any], received_days: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """:func:`is_timely` negated, over whole columns of day numbers since 1970: True where a claim received on
    ``received_days`` is past the deadline for a service on ``service_days``.

    One calendar year later is the same month and day a year on, i.e. yyyymmdd + 10000; a February 29 service
    gives the key Feb 29 of a common year, which sits between Feb 28 (on time) and March 1 (late), so the
    comparison gives the February 28 deadline too.
    """
    service = np.asarray(service_days, dtype=np.int64)
    received = np.asarray(received_days, dtype=np.int64)
    out = np.zeros(len(service), dtype=bool)
    idx = np.flatnonzero(received - service > 364)  # within 365 days is never late: skip the calendar
    if idx.size:
        out[idx] = _keys(received[idx]) > _keys(service[idx]) + 10000
    return out
