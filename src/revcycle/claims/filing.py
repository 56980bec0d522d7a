"""Medicare's timely filing limit as dates: the last day a claim can reach Medicare, and the days left.

42 CFR 424.44(a) gives one calendar year from the date of service. A professional claim line counts from its
"from" date (item 24A); an institutional claim with a span of dates counts from its "through" date
(Medicare Claims Processing Manual, ch. 1, section 70). A service on February 29 is due on February 28 of the
next year. Late claims are denied (CARC 29) unless one of the regulation's narrow exceptions applies.
Commercial plans and Medicaid programs set their own limits, often shorter: this module is Medicare's rule.
"""

from __future__ import annotations

from datetime import date

from revcycle.claims.model import to_date

SOURCE = "42 CFR 424.44(a) (claims filed within one calendar year of the date of service)"


def medicare_deadline(service_date: date | str) -> date:
    """The last day Medicare can receive a claim for a service on ``service_date``."""
    day = to_date(service_date, "The date of service")
    return day.replace(year=day.year + 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


def days_left(service_date: date | str, on: date | str) -> int:
    """Days from ``on`` to the deadline: 0 on the last day, negative once the limit has passed."""
    return (medicare_deadline(service_date) - to_date(on, "The day to count from")).days


def is_timely(service_date: date | str, received: date | str) -> bool:
    """True when a claim received on ``received`` is within the limit for ``service_date``."""
    return days_left(service_date, received) >= 0
