"""Templates for the chapter patient-financial-services: the good faith estimate's due date, the patient-provider
dispute resolution check, a payment plan's installments, and the earliest extraordinary collection action of a
501(r) hospital.

Each draws its dates and amounts from the seed and computes the key with :mod:`revcycle.patient_financial`; the
template never does the date or money arithmetic itself. Patients are synthetic.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from revcycle.patient_financial import estimates, plans, statements
from workbook.exercises.templates import template
from workbook.exercises.templates.base import FEE_DOMAINS, Made, exercise, long_date, money, patient_name, shuffled

GFE_SOURCE = "45 CFR 149.610(b)(1) (good faith estimates for uninsured or self-pay individuals)"
PPDR_SOURCE = "45 CFR 149.620 (patient-provider dispute resolution)"
PLAN_SOURCE = "The practice's payment-plan policy; revcycle.patient_financial.plans (whole-cent installments)"
ECA_SOURCE = "26 CFR 1.501(r)-6 (billing and collection by tax-exempt hospitals)"
NO_GFE = "No estimate is required unless the patient asks for one"
NOT_ELIGIBLE = "No: the bill is not at least 400 dollars more than the estimate"
#: Days of 2026 the templates draw from (every one a weekday, so a booking is made on a business day).
YEAR_START, YEAR_DAYS = date(2026, 1, 5), 330


def _weekday(rng: random.Random) -> date:
    day = YEAR_START + timedelta(days=rng.randrange(YEAR_DAYS))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _day(d: date) -> str:
    return f"{d:%A}, {long_date(d)}"


@template("pfs-gfe-due", "patient-financial-services", "Decide whether a good faith estimate is owed and by when")
def pfs_gfe_due(rng: random.Random, ex_id: str) -> Made:
    """Booked 1 to 20 business days ahead: the 1-day tier, the 3-day tier, or no estimate at all."""
    booked = _weekday(rng)
    service = estimates.add_business_days(booked, rng.choice((1, 2, 3, 5, 8, 9, 10, 12, 15, 20)))
    got = estimates.gfe_due(booked, service)
    right = _day(got.due) if got.due else NO_GFE
    wrong = [_day(estimates.add_business_days(booked, n)) for n in (1, 2, 3, 5)] + [NO_GFE]
    prompt = (f"**Case.** {patient_name(rng)} has no health insurance. On {_day(booked)}, the patient schedules a "
              f"procedure for {_day(service)} and does not ask about the price. The office is open Monday to "
              "Friday and has no holidays in between.\n\nBy when must the office give the patient a good faith "
              "estimate?")
    explanation = (f"The service is {got.lead_business_days} business days after the day of scheduling "
                   f"(counting the days after {long_date(booked)} through {long_date(service)}): {got.reason}. "
                   f"Answer: **{right}**.")
    return exercise(ex_id, "single", prompt, right, explanation, options=shuffled(rng, right, wrong),
                    domains=FEE_DOMAINS, case=True, topic="pfs-gfe-due", source=GFE_SOURCE,
                    hints=["Count business days after the day of scheduling, through the day of service.",
                           "10 or more ahead: 3 business days; 3 to 9 ahead: 1 business day; fewer: none unless "
                           "asked."])


@template("pfs-ppdr-check", "patient-financial-services", "Check a bill against its good faith estimate for "
          "patient-provider dispute resolution")
def pfs_ppdr_check(rng: random.Random, ex_id: str) -> Made:
    """A bill 100 to 900 dollars over the estimate (in whole dollars and cents): eligible or not, and the last day."""
    estimate = Decimal(rng.randrange(40_000, 600_000)) / 100
    billed = estimate + Decimal(rng.randrange(10_000, 90_000)) / 100
    received = _weekday(rng)
    got = estimates.ppdr_check(str(estimate), str(billed), received)
    if got.substantially_in_excess:
        right = f"Yes, by {long_date(got.last_day)}"
    else:
        right = NOT_ELIGIBLE
    wrong = [f"Yes, by {long_date(received + timedelta(days=n))}" for n in (30, 90, 120, 180)] + [NOT_ELIGIBLE]
    prompt = (f"**Case.** {patient_name(rng)} is uninsured. A surgical center's good faith estimate listed "
              f"{money(estimate)} in expected charges. Its bill for the same care, received on "
              f"{long_date(received)}, is {money(billed)}.\n\nMay the patient start patient-provider dispute "
              "resolution over this bill, and if so by what date?")
    verdict = "at least" if got.substantially_in_excess else "less than"
    explanation = (f"{money(billed)} - {money(estimate)} = {money(got.excess)}, {verdict} 400 dollars over the same "
                   f"provider's estimate. The last day to start is {estimates.PPDR_DAYS} calendar days after receipt, "
                   f"{long_date(got.last_day)}. Answer: **{right}**.")
    return exercise(ex_id, "single", prompt, right, explanation, options=shuffled(rng, right, wrong),
                    domains=FEE_DOMAINS, case=True, topic="pfs-ppdr-check", source=PPDR_SOURCE,
                    hints=["Compare the bill with the same provider's estimate.",
                           "The window is counted in calendar days from receipt of the bill."])


@template("pfs-payment-plan", "patient-financial-services", "Lay out a payment plan in whole cents")
def pfs_payment_plan(rng: random.Random, ex_id: str) -> Made:
    """Either equal installments over n months (ask the last) or a fixed payment (ask the number of months)."""
    balance = Decimal(rng.randrange(15_000, 480_000)) / 100
    first = _weekday(rng)
    name = patient_name(rng)
    if rng.random() < 0.5:
        months = rng.choice((3, 4, 6, 7, 9, 11, 12))
        plan = plans.payment_plan(str(balance), first, months=months)
        prompt = (f"**Case.** {name} owes {money(balance)} and agrees to pay it in {months} monthly installments. "
                  "Every installment is the same whole-cent amount except the last, which carries the cents left "
                  "over so that the installments add up exactly to the balance.\n\nWhat is the **last** installment?")
        answer, unit, decimals = str(plan.last), "$", 2
        explanation = (f"{money(balance)} / {months}, without its fraction of a cent, is {money(plan.regular)}. "
                       f"{months - 1} of them are {money(plan.regular * (months - 1))}; the last is "
                       f"{money(balance)} - {money(plan.regular * (months - 1))} = **{money(plan.last)}**.")
    else:
        payment = Decimal(rng.choice([p for p in (25, 40, 50, 75, 100, 150, 200) if balance / p <= 24]))
        balance = max(balance, payment * 2 + Decimal("0.01"))
        plan = plans.payment_plan(str(balance), first, payment=str(payment))
        prompt = (f"**Case.** {name} owes {money(balance)} and can pay {money(payment)} a month. The last payment "
                  "is whatever is left.\n\nHow many monthly payments will the plan have?")
        answer, unit, decimals = str(plan.months), "", 0
        explanation = (f"{plan.months - 1} payments of {money(payment)} leave {money(plan.last)} for the last one: "
                       f"**{plan.months}** payments in all.")
    return exercise(ex_id, "numeric", prompt, answer, explanation, unit=unit, decimals=decimals, tolerance="0",
                    domains=FEE_DOMAINS, case=True, topic="pfs-payment-plan", source=PLAN_SOURCE,
                    hints=["Work in whole cents: nothing is rounded up."])


@template("pfs-eca-date", "patient-financial-services", "Find the earliest extraordinary collection action of a "
          "501(r) hospital")
def pfs_eca_date(rng: random.Random, ex_id: str) -> Made:
    """120 days after the first statement, and 30 days after the written notice: the later of the two."""
    first = _weekday(rng)
    notice = first + timedelta(days=rng.choice((30, 60, 75, 90, 95, 100, 110)))
    calendar = statements.dunning_calendar(first, hospital_501r=True, eca_notice=notice)
    assert calendar.earliest_eca is not None
    right = long_date(calendar.earliest_eca)
    wrong = [long_date(d) for d in (first + timedelta(days=120), notice + timedelta(days=30), first +
                                    timedelta(days=90), first + timedelta(days=240), notice + timedelta(days=120))]
    prompt = (f"**Case.** A tax-exempt hospital sent {patient_name(rng)} the first post-discharge billing statement on "
              f"{long_date(first)}, and the written notice of the extraordinary collection actions it may take on "
              f"{long_date(notice)}. No financial assistance application is pending.\n\nWhat is the earliest date the "
              "hospital may report the unpaid balance to a credit bureau?")
    explanation = (f"Day {statements.NOTIFICATION_DAYS} after the first statement is "
                   f"{long_date(first + timedelta(days=statements.NOTIFICATION_DAYS))}; {statements.ECA_NOTICE_DAYS} "
                   f"days after the notice is {long_date(notice + timedelta(days=statements.ECA_NOTICE_DAYS))}. "
                   f"The later one wins: **{right}**.")
    return exercise(ex_id, "single", prompt, right, explanation, options=shuffled(rng, right, wrong),
                    domains=("CPB",), case=True, topic="pfs-eca-date", source=ECA_SOURCE,
                    hints=["Reporting to a credit bureau is an extraordinary collection action.",
                           "Two waiting periods apply; take the later date."])
