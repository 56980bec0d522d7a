"""Templates for the chapter payers: a Medigap crossover split, a Medicare Advantage reconsideration deadline, a
medically needy spend-down and Medicaid's retroactive window.

Every key comes from :mod:`revcycle.payment.payers`; the template only draws the case and words it. Patients and
states are synthetic; allowed amounts come from the CY2026 Medicare fee schedule the book ships.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from revcycle.payment import payers
from revcycle.payment.fees import pfs_payment
from workbook.exercises.templates import template
from workbook.exercises.templates.base import FEE_DOMAINS, Made, exercise, long_date, money, patient_name, shuffled

CHAPTER = "payers"
MEDIGAP_SOURCE = ("Medicare.gov, Compare Medigap plan benefits; 42 U.S.C. 1395ss; Part B deductible and 20 percent "
                  "coinsurance (revcycle.payment.payers.medigap_crossover)")
MA_SOURCE = "42 CFR 422.582(b): 65 calendar days from the date of the notice (revcycle.payment.payers)"
SPEND_SOURCE = "42 CFR 435.831: budget periods of at most 6 months (revcycle.payment.payers.spend_down)"
RETRO_SOURCE = "42 CFR 435.915; Pub. L. 119-21, section 71112 (revcycle.payment.payers.retroactive_window)"
#: Office services the Medigap template prices (national, non-facility, CY2026).
VISITS = ("99203", "99204", "99213", "99214", "99215", "93000", "71046")
#: Plan letters drawn (F only for someone eligible before 2020).
PLANS = ("A", "G", "G", "K", "L", "F")


@template("pay-medigap-split", CHAPTER, "Split a Part B line between Medicare, a Medigap plan and the patient after "
          "crossover")
def pay_medigap_split(rng: random.Random, ex_id: str) -> Made:
    """Medicare applies the remaining deductible then 20 percent coinsurance; the plan letter decides what Medigap
    pays of that cost sharing; the patient owes the rest."""
    code = rng.choice(VISITS)
    allowed = pfs_payment(code).payment
    left = Decimal(rng.choice((0, 0, 25, 50, 83, 120, 283)))
    plan = rng.choice(PLANS)
    split = payers.medigap_crossover(allowed, plan=plan, deductible_remaining=left)
    ask = rng.choice(("patient", "medigap"))
    answer = split.patient_owes if ask == "patient" else split.medigap_pays
    who = "the **patient** owe" if ask == "patient" else f"**Plan {plan}** pay"
    prompt = (f"**Case.** {patient_name(rng)} is in Original Medicare with a Medigap **Plan {plan}** (eligible for "
              f"Medicare before 2020). Medicare allows {money(allowed)} for a service reported with `{code}`, and "
              f"{money(left)} of the Part B deductible is still unmet. After the claim crosses over, how much does "
              f"{who}?")
    share = payers.MEDIGAP_PLANS[plan][0]
    work = (f"Deductible first: {money(split.medicare.deductible_applied)}. Coinsurance: 20% of "
            f"{money(allowed - split.medicare.deductible_applied)} = {money(split.medicare.coinsurance)}. "
            f"Medicare pays {money(split.medicare_pays)}. Plan {plan} pays {share:.0%} of the coinsurance"
            f"{' and the Part B deductible' if payers.MEDIGAP_PLANS[plan][1] else ''}: {money(split.medigap_pays)}. "
            f"The patient owes {money(split.patient_owes)}. Answer: **{money(answer)}**.")
    return exercise(ex_id, "numeric", prompt, str(answer), work, unit="$", tolerance="0.01", domains=FEE_DOMAINS,
                    topic="pay-medigap-split", source=MEDIGAP_SOURCE, case=True,
                    hints=["Apply the unmet deductible first, then 20 percent coinsurance on the rest.",
                           "Only Plans C and F pay the Part B deductible; K pays half the coinsurance, L three "
                           "quarters."])


@template("pay-ma-deadline", CHAPTER, "Work out the last day to ask a Medicare Advantage plan for reconsideration")
def pay_ma_deadline(rng: random.Random, ex_id: str) -> Made:
    """65 calendar days from the date printed on the notice of the organization determination."""
    notice = date(2026, 1, 2) + timedelta(days=rng.randrange(0, 700))
    arrived = notice + timedelta(days=rng.randint(3, 9))
    due = payers.ma_reconsideration_deadline(notice)
    right = long_date(due)
    wrong = [long_date(notice + timedelta(days=60)), long_date(arrived + timedelta(days=65)),
             long_date(notice + timedelta(days=120)), long_date(notice + timedelta(days=30))]
    prompt = (f"**Case.** A Medicare Advantage plan denies {patient_name(rng)}'s request for a service. The notice "
              f"of the organization determination is **dated {long_date(notice)}**; it arrives on "
              f"{long_date(arrived)}. What is the last day to file a request for reconsideration with the plan?")
    work = (f"The request is due within {payers.MA_RECONSIDERATION_DAYS} calendar days from the date of the notice: "
            f"{long_date(notice)} + {payers.MA_RECONSIDERATION_DAYS} days = **{right}**. The arrival date does not "
            "move it; 60 days was the window before 2025, and 120 days is Original Medicare's redetermination.")
    return exercise(ex_id, "single", prompt, right, work, options=shuffled(rng, right, wrong), domains=FEE_DOMAINS,
                    topic="pay-ma-deadline", source=MA_SOURCE, case=True,
                    hints=["Count from the date printed on the notice.", "The window is 65 calendar days."])


@template("pay-spend-down", CHAPTER, "Compute a medically needy spend-down from income, the income level and the "
          "budget period")
def pay_spend_down(rng: random.Random, ex_id: str) -> Made:
    """(countable monthly income − medically needy income level) × months of the budget period."""
    level = Decimal(rng.randrange(400, 1001, 25))
    income = level + Decimal(rng.randrange(50, 1201, 10))
    months = rng.randint(1, payers.MAX_BUDGET_MONTHS)
    sd = payers.spend_down(income, level, months)
    prompt = (f"**Case.** In a synthetic state whose medically needy income level is {money(level)} a month, "
              f"{patient_name(rng)}'s countable income is {money(income)} a month. The state uses a budget period of "
              f"**{months} month{'s' if months > 1 else ''}**. What is the spend-down for the budget period?")
    work = (f"Excess income: {money(income)} − {money(level)} = {money(sd.excess_per_month)} a month; times "
            f"{months} = **{money(sd.amount)}** of incurred medical expenses before Medicaid pays.")
    return exercise(ex_id, "numeric", prompt, str(sd.amount), work, unit="$", tolerance="0.01", domains=FEE_DOMAINS,
                    topic="pay-spend-down", source=SPEND_SOURCE, case=True,
                    hints=["Subtract the income level from the income, then multiply by the months."])


@template("pay-retro-window", CHAPTER, "Find the earliest day Medicaid eligibility can start before an application")
def pay_retro_window(rng: random.Random, ex_id: str) -> Made:
    """Three months before the month of application (from the first of the month); from 2027, one month for
    expansion adults and two for everyone else."""
    applied = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 730))
    expansion = rng.random() < 0.5
    start, months = payers.retroactive_window(applied, expansion_adult=expansion)
    group = ("an adult in the Medicaid expansion group" if expansion
             else "in a Medicaid group for people 65 or older or with disabilities")
    right = long_date(start)
    candidates = {long_date(payers.first_of_month_before(applied, m)) for m in (0, 1, 2, 3)}
    wrong = sorted(candidates - {right}) + [long_date(applied - timedelta(days=90))]
    prompt = (f"**Case.** {patient_name(rng)}, {group}, applies for Medicaid on **{long_date(applied)}** and would "
              "have been eligible, and received covered services, in each of the months before. What is the earliest "
              "day eligibility can start?")
    rule = ("before 2027: three months" if applied < payers.RETRO_CHANGE else
            f"from 2027: {'one month for expansion adults' if expansion else 'two months for other groups'}")
    work = (f"Retroactive coverage reaches back {months} month{'s' if months > 1 else ''} before the month of "
            f"application ({rule}), starting on the first day of a month: **{right}**.")
    return exercise(ex_id, "single", prompt, right, work, options=shuffled(rng, right, wrong), domains=FEE_DOMAINS,
                    topic="pay-retro-window", source=RETRO_SOURCE, case=True,
                    hints=["Count whole months back from the month of application, not days from the date.",
                           "Applications made from January 1, 2027 get a shorter window."])
