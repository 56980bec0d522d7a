"""Templates for the chapter prior-authorization: the CMS-0057-F decision clock for a drawn request, the units a
claim runs over its authorization, and the reason code a mismatched line draws.

Every key comes from :mod:`revcycle.payment.prior_auth` (``decision_deadline`` and ``check_lines``); the template
only draws the case and words it. Patients are synthetic; the codes are real CPT/HCPCS numbers with the book's own
summaries.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from revcycle.codes.remit import CARC
from revcycle.payment import prior_auth as pa
from workbook.exercises.templates import template
from workbook.exercises.templates.base import FEE_DOMAINS, Made, exercise, long_date, patient_name, shuffled

CHAPTER = "prior-authorization"
CLOCK_SOURCE = ("CMS-0057-F, 89 FR 8758 (February 8, 2024); 42 CFR 422.568(b)(1) and 422.572 (Medicare Advantage), "
                "440.230(e) (Medicaid FFS), 438.210(d) (Medicaid managed care)")
CARC_SOURCE = "X12 claim adjustment reason codes 15, 197 and 198, in the book's paraphrases (revcycle.codes.remit)"
NO_CLOCK = "CMS-0057-F sets no decision time for this payer"
#: The payer types the clock template draws, weighted toward the ones with a clock.
CLOCK_PAYERS = ("ma", "ma", "medicaid_ffs", "medicaid_mc", "chip_ffs", "chip_mc", "qhp_ffe", "commercial",
                "medicare_ffs")
THERAPY = {"97110": "therapeutic exercise", "97530": "therapeutic activities", "97140": "manual therapy"}


def moment(when: datetime) -> str:
    """Friday, March 6, 2026, at 4:30 p.m.: how prompts and options write a moment."""
    hour = when.hour % 12 or 12
    return f"{when:%A}, {long_date(when.date())}, at {hour}:{when:%M} {'a.m.' if when.hour < 12 else 'p.m.'}"


def _end_of(day: date) -> str:
    return f"the end of {day:%A}, {long_date(day)}"


# --------------------------------------------------------------------------- the decision clock


@template("pa-decision-deadline", CHAPTER, "Work out when a payer must decide a prior authorization request under "
          "CMS-0057-F, or see that the rule sets no time")
def pa_decision_deadline(rng: random.Random, ex_id: str) -> Made:
    """72 hours from receipt (expedited) or 7 calendar days after the day of receipt (standard), for impacted
    payers other than QHP issuers on the FFEs, from 2026."""
    kind = pa.PAYER_TYPES[rng.choice(CLOCK_PAYERS)]
    urgency: pa.Urgency = "expedited" if rng.random() < 0.45 else "standard"
    day = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 700))
    received = datetime.combine(day, datetime.min.time()) + timedelta(minutes=rng.randrange(7 * 60, 19 * 60, 5))
    request = pa.Request(ex_id, kind.key, urgency, received)
    clock = pa.decision_deadline(request)
    if clock.due_at is not None:
        right = f"By {moment(clock.due_at)}"
    elif clock.due_date is not None:
        right = f"By {_end_of(clock.due_date)}"
    else:
        right = NO_CLOCK
    hours = received + timedelta(hours=pa.EXPEDITED_HOURS)
    seven = received.date() + timedelta(days=pa.STANDARD_DAYS)
    business, count = received.date(), 0
    while count < pa.STANDARD_DAYS:
        business += timedelta(days=1)
        count += business.weekday() < 5
    wrong = [f"By {moment(hours)}", f"By {_end_of(seven)}", f"By {_end_of(business)}",
             f"By {_end_of(received.date() + timedelta(days=14))}", f"By {moment(received + timedelta(hours=24))}",
             NO_CLOCK]
    options = shuffled(rng, right, wrong)
    period = " (its rating period is the calendar year)" if kind.managed_care else ""
    prompt = (f"**Case.** A prior authorization request for {patient_name(rng)}'s service goes to this payer: "
              f"**{kind.name}**{period}.\n\n- urgency: **{urgency}**\n- received: **{moment(received)}**\n\n"
              "Under the 2024 interoperability and prior authorization rule (CMS-0057-F), by when must the payer "
              "decide?")
    if clock.applies and urgency == "expedited":
        why = f"An expedited request is decided within {pa.EXPEDITED_HOURS} hours of the moment of receipt"
    elif clock.applies:
        why = (f"A standard request is decided within {pa.STANDARD_DAYS} calendar days; the day of receipt is day 0 "
               "and weekends count")
    else:
        why = f"No clock: {clock.reason}"
    explanation = f"{why}. Where the rule is written: {kind.rule}. Answer: **{right}**."
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=FEE_DOMAINS, case=True,
                    topic="pa-decision-deadline", source=CLOCK_SOURCE,
                    hints=["First decide whether this payer is an impacted payer bound by the rule's timeframes.",
                           "Expedited: count hours from the moment of receipt. Standard: calendar days, not "
                           "business days."])


# --------------------------------------------------------------------------- units against the authorization


def _authorization(rng: random.Random) -> pa.Authorization:
    start = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 300))
    return pa.Authorization(f"PT-{start:%y}-{rng.randrange(1000, 9999)}", frozenset({"97110", "97530"}),
                            rng.choice((8, 12, 16, 20, 24)), start, start + timedelta(days=rng.choice((30, 45, 60))))


def _visits(rng: random.Random, auth: pa.Authorization, n: int) -> list[pa.Line]:
    span = (auth.end - auth.start).days
    days = sorted(rng.sample(range(0, span + 1), n))
    return [pa.Line(rng.choice(("97110", "97530")), auth.start + timedelta(days=d), rng.randint(2, 6)) for d in days]


def _listing(lines: list[pa.Line]) -> str:
    return "\n".join(f"- line {i}: `{ln.code}` ({THERAPY[ln.code]}), {long_date(ln.day)}, {ln.units} units"
                     for i, ln in enumerate(lines, start=1))


@template("pa-units-over", CHAPTER, "Count the units a therapy claim bills beyond its authorization, including "
          "units already paid")
def pa_units_over(rng: random.Random, ex_id: str) -> Made:
    """Units are counted in date order against the approved total, after the units earlier claims used."""
    auth = _authorization(rng)
    used = rng.randrange(0, auth.units)
    lines = _visits(rng, auth, rng.randint(2, 4))
    findings = pa.check_lines(lines, auth, used=used)
    over = sum(f.units_over for f in findings)
    prompt = (f"**Case.** {patient_name(rng)}'s plan approved authorization **{auth.number}** for therapeutic "
              f"exercise (`97110`) and therapeutic activities (`97530`): **{auth.units} units** in all, from "
              f"{long_date(auth.start)} to {long_date(auth.end)}. Earlier claims were paid for **{used} units**. "
              f"The next claim, all within the approved dates and with the number in item 23, bills:\n\n"
              f"{_listing(lines)}\n\nHow many units on this claim are **over** the authorization?")
    billed = sum(ln.units for ln in lines)
    explanation = (f"{used} units already paid + {billed} on this claim = {used + billed} against {auth.units} "
                   f"approved: **{over}** over (reason code 198 on the lines that pass the limit).")
    return exercise(ex_id, "numeric", prompt, str(over), explanation, unit="units", decimals=0,
                    domains=FEE_DOMAINS, case=True, topic="pa-units-over", source=CARC_SOURCE,
                    hints=["Start from the units already paid.", "If the total stays within the approval, the "
                           "answer is 0."])


# --------------------------------------------------------------------------- the reason code of a mismatch

CASES = ("no authorization", "outside dates", "code not authorized", "units over", "number missing")


@template("pa-reason-code", CHAPTER, "Name the claim adjustment reason code a line that does not fit its "
          "authorization draws (15, 197 or 198)")
def pa_reason_code(rng: random.Random, ex_id: str) -> Made:
    """One line goes wrong in one of five ways; check_lines names the problem and the reason code."""
    case = rng.choice(CASES)
    auth = _authorization(rng)
    day = auth.start + timedelta(days=rng.randrange(0, (auth.end - auth.start).days + 1))
    code, units, number, used = rng.choice(("97110", "97530")), rng.randint(2, 4), auth.number, 0
    told = (f"The plan approved authorization **{auth.number}** for `97110` and `97530`, {auth.units} units, "
            f"{long_date(auth.start)} to {long_date(auth.end)}.")
    if case == "no authorization":
        told = "The plan requires prior authorization for this therapy, and none was requested."
    elif case == "outside dates":
        day = auth.end + timedelta(days=rng.randint(1, 20))
    elif case == "code not authorized":
        code = "97140"
    elif case == "units over":
        used = auth.units - rng.randint(0, units - 1)
    else:
        number = ""
    line = pa.Line(code, day, units)
    finding = pa.check_lines([line], None if case == "no authorization" else auth, billed_number=number,
                             used=used)[0]
    item23 = f"item 23 shows {number}" if number and case != "no authorization" else "item 23 is blank"
    prior = f" Earlier claims were paid for {used} units." if used else ""
    prompt = (f"**Case.** {told}{prior} A claim for {patient_name(rng)} bills `{code}` ({THERAPY[code]}), "
              f"{units} units, on {long_date(day)}; {item23}."
              "\n\nWhich claim adjustment reason code will the payer most likely give this line?")
    right = f"{finding.carc}: {CARC[finding.carc]}"
    options = shuffled(rng, right, [f"{c}: {CARC[c]}" for c in ("15", "197", "198", "50")])
    explanation = f"The problem: {finding.problem} ({finding.detail}). That draws **{right}**."
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=FEE_DOMAINS, case=True,
                    topic="pa-reason-code", source=CARC_SOURCE,
                    hints=["Check in order: is there an authorization, is the code on it, is the date inside it, is "
                           "the number on the claim, are there units left?"])
