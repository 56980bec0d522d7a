"""Templates for the chapter privacy-law-in-depth: the HIPAA penalty range for a count of violations in one tier
(assessed on a drawn date, so the table in force changes), the two caps of a continuing violation across New Year's
Day, and which year's amounts govern an assessment.

Each draws its facts from the seed and computes the key with :mod:`revcycle.compliance.penalties`; the template
never does the penalty arithmetic itself. Entities are synthetic.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from revcycle.compliance import penalties
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, long_date, shuffled

SOURCE = "45 CFR 160.404(b)(2) and 45 CFR 102.3, as adjusted by the Federal Register notice in force"
CONTINUING = "45 CFR 160.406 (a continuing violation is a violation each day) and 45 CFR 102.3"
DOMAINS = ("CPB", "CPC")
PRACTICES = ("Maple Street Family Medicine", "Harbor View Orthopedics", "Cedar Hollow Pediatrics",
             "Lakeshore Imaging Center", "Summit Ridge Billing Services", "Pinecrest Dermatology")
#: Assessment dates drawn between the first shipped adjustment and the end of 2026.
FIRST, SPAN = date(2018, 10, 11), (date(2026, 12, 31) - date(2018, 10, 11)).days


def _whole(value: Decimal) -> str:
    return f"\\${value:,.0f}"


def _assessed(rng: random.Random) -> date:
    return FIRST + timedelta(days=rng.randrange(SPAN + 1))


@template("privacy-penalty-range", "privacy-law-in-depth", "Compute a HIPAA penalty range with the year's cap")
def privacy_penalty_range(rng: random.Random, ex_id: str) -> Made:
    """A count of violations in one tier, assessed on a drawn date: the highest penalty, held to the cap."""
    tier = rng.randrange(4)
    assessed = _assessed(rng)
    violated = max(date(2015, 11, 2), assessed - timedelta(days=rng.randrange(60, 900)))
    n = rng.choice((3, 8, 12, 25, 30, 40, 60))
    got = penalties.exposure(tier + 1, n, assessed=assessed, violated=violated)
    rng_ = got.amounts
    prompt = (f"**Case.** {rng.choice(PRACTICES)} (synthetic) committed {n} violations of the same HIPAA requirement "
              f"in one calendar year, the first on {long_date(violated)}. HHS finds the tier is "
              f"**{penalties.TIERS[tier]}** and assesses the penalty on {long_date(assessed)}.\n\nWhat is the "
              "**highest** civil money penalty HHS may impose for these violations under the regulation (ignore the "
              "2019 Notice of Enforcement Discretion)? Give whole dollars.")
    explanation = (f"The assessment date picks the table: {got.citation}, where this tier runs from "
                   f"{_whole(rng_.minimum)} to {_whole(rng_.maximum)} per violation with a calendar-year cap of "
                   f"{_whole(rng_.annual_cap)}. {n} x {_whole(rng_.maximum)} = {_whole(got.uncapped_high)}"
                   + (f", held to the cap: **{_whole(got.high)}**." if got.capped else
                      f", under the cap: **{_whole(got.high)}**."))
    return exercise(ex_id, "numeric", prompt, str(got.high), explanation, unit="$", decimals=0, tolerance="0",
                    domains=DOMAINS, case=True, topic="privacy-penalty-range", source=SOURCE,
                    hints=["The amounts in force depend on the date the penalty is assessed.",
                           "Multiply, then compare with the calendar-year cap."])


@template("privacy-continuing", "privacy-law-in-depth", "Price a continuing violation that spans two calendar years")
def privacy_continuing(rng: random.Random, ex_id: str) -> Made:
    """Uncorrected willful neglect from a drawn day of year Y to a drawn day of Y+1: the lowest total penalty."""
    year = rng.choice((2021, 2022, 2023, 2024))
    first = date(year, 1, 1) + timedelta(days=rng.randrange(300, 364))
    last = date(year + 1, 1, 1) + timedelta(days=rng.randrange(0, 120))
    assessed = last + timedelta(days=rng.randrange(90, 400))
    days = penalties.daily_violations(first, last)
    years = penalties.years_exposure(4, days, assessed=assessed)
    total = sum((e.low for e in years), Decimal(0))
    parts = "; ".join(f"{y}: {days[y]} days x {_whole(e.amounts.minimum)} = {_whole(e.uncapped_low)}"
                      + (f", held to {_whole(e.low)}" if e.low < e.uncapped_low else "")
                      for y, e in zip(sorted(days), years, strict=True))
    prompt = (f"**Case.** {rng.choice(PRACTICES)} (synthetic) had no Security Rule risk analysis from "
              f"{long_date(first)} through {long_date(last)}, and HHS finds willful neglect, not corrected. A "
              f"continuing violation counts one violation a day. The penalty is assessed on {long_date(assessed)}."
              "\n\nWhat is the **lowest** total civil money penalty under the regulation? Give whole dollars.")
    explanation = (f"Count the days in each calendar year and apply the tier-4 minimum of the table in force "
                   f"({years[0].citation}), each year held to its own cap: {parts}. Total: **{_whole(total)}**.")
    return exercise(ex_id, "numeric", prompt, str(total), explanation, unit="$", decimals=0, tolerance="0",
                    domains=DOMAINS, case=True, topic="privacy-continuing", source=CONTINUING,
                    hints=["Count the first and the last day.", "Each calendar year has its own cap."])


@template("privacy-table-in-force", "privacy-law-in-depth", "Pick the penalty table an assessment falls under")
def privacy_table_in_force(rng: random.Random, ex_id: str) -> Made:
    """A violation and an assessment date: which notice's amounts govern (or the unadjusted ones)."""
    if rng.random() < 0.2:
        violated = date(2015, 1, 1) + timedelta(days=rng.randrange(300))
    else:
        violated = date(2016, 1, 1) + timedelta(days=rng.randrange(2500))
    assessed = max(_assessed(rng), violated + timedelta(days=30))
    got = penalties.in_force(assessed, violated)
    label = ("the unadjusted amounts of 45 CFR 160.404" if got is penalties.STATUTORY
             else f"the {got.year} adjustment ({got.citation})")
    wrong = [f"the {a.year} adjustment ({a.citation})" for a in penalties.ADJUSTMENTS] + [
        "the unadjusted amounts of 45 CFR 160.404"]
    prompt = (f"A HIPAA violation occurred on {long_date(violated)}, and HHS assesses the penalty on "
              f"{long_date(assessed)}.\n\nWhich amounts govern the penalty?")
    why = ("the violation predates November 2, 2015, so the inflation adjustments do not reach it"
           if got is penalties.STATUTORY else
           f"the violation is on or after November 2, 2015, and the latest notice in effect on the assessment date "
           f"took effect {long_date(got.effective)}")
    explanation = f"The assessment date picks the table: {why}. Answer: **{label}**."
    return exercise(ex_id, "single", prompt, label, explanation, options=shuffled(rng, label, wrong),
                    domains=DOMAINS, topic="privacy-table-in-force", source=SOURCE,
                    hints=["Adjusted amounts apply to penalties assessed on or after a notice's effective date.",
                           "They reach only violations on or after November 2, 2015."])
