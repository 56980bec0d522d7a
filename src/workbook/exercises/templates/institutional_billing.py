"""Templates for the chapter institutional-billing: decode a type of bill, price an MS-DRG at a drawn wage index,
and apply the two-midnight benchmark to a drawn stay.

The type of bill is decoded by :class:`revcycle.claims.institutional.InstitutionalClaim` (its ``bill_type``), the
payment is :func:`revcycle.payment.ipps.operating_payment` (FY 2026 Table 5 weights, the FY 2026 Tables 1A-1B
standardized amounts, full update) and the midnight count :func:`revcycle.payment.ipps.two_midnight`; the
templates never do the arithmetic.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache

from revcycle.claims.institutional import CLASSIFICATION, FACILITY, InstitutionalClaim
from revcycle.payment import ipps
from workbook.exercises.templates import template
from workbook.exercises.templates.base import FEE_DOMAINS, Made, exercise, money, shuffled
from workbook.exercises.templates.base import patient_name as _patient

TOB_SOURCE = "CMS, Medicare Claims Processing Manual (Pub. 100-04), ch. 25, FL 4 (type of bill)"
DRG_SOURCE = ("42 CFR 412.64; FY 2026 IPPS final rule (CMS-1833-F): Table 5 relative weights, Tables 1A-1B national "
              "standardized amounts (revcycle.payment.ipps.FY2026_RATES)")
MIDNIGHT_SOURCE = "42 CFR 412.3(d)(1) (the two-midnight benchmark)"
FREQUENCY = {"1": "one claim for the whole stay or visit (admit through discharge)",
             "7": "a replacement of an earlier claim", "8": "a void of an earlier claim"}
#: (facility digit, classification digit) pairs that a real bill uses.
KINDS = (("1", "1"), ("1", "3"), ("2", "1"), ("1", "2"))


@cache
def _claim() -> InstitutionalClaim:
    from revcycle import synthetic

    return synthetic.example_inpatient_claim()


def _meaning(tob: str) -> str:
    return f"{FACILITY[tob[1]]}, {CLASSIFICATION[tob[2]]}, {FREQUENCY[tob[3]]}"


@template("inst-decode-tob", "institutional-billing", "Decode a four-character type of bill (UB-04 FL 4)")
def inst_decode_tob(rng: random.Random, ex_id: str) -> Made:
    """The facility type, the bill classification and the frequency of a drawn type of bill."""
    facility, kind = rng.choice(KINDS)
    tob = f"0{facility}{kind}{rng.choice(tuple(FREQUENCY))}"
    decoded = replace(_claim(), type_of_bill=tob).bill_type  # the library reads the digits
    right = _meaning(tob)
    wrong = [_meaning(f"0{f}{k}{q}") for f, k in KINDS for q in FREQUENCY if f"0{f}{k}{q}" != tob]
    options = shuffled(rng, right, wrong)
    prompt = (f"A claim for {_patient(rng)} arrives with type of bill **`{tob}`** in form locator 4. What does it say "
              "about the claim?")
    explanation = (f"After the leading zero: {tob[1]} = {FACILITY[tob[1]]}, {tob[2]} = {CLASSIFICATION[tob[2]]}, "
                   f"{tob[3]} = {FREQUENCY[tob[3]]} (`InstitutionalClaim.bill_type`: {decoded}). "
                   f"Answer: **{right}**.")
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=FEE_DOMAINS,
                    topic="inst-decode-tob", source=TOB_SOURCE,
                    hints=["Second character: the facility; third: the kind of care; fourth: the frequency."])


@template("inst-drg-payment", "institutional-billing", "Compute an IPPS operating payment for an MS-DRG at a wage "
          "index")
def inst_drg_payment(rng: random.Random, ex_id: str) -> Made:
    """Table 1A or 1B by the wage index, wage adjustment, relative weight; rounded once."""
    record = rng.choice(ipps.drgs())
    index = Decimal(rng.randrange(7500, 14001)) / Decimal(10000)
    p = ipps.operating_payment(record.ms_drg, index)
    rates = p.rates
    prompt = (f"**Case.** {_patient(rng)}, a Medicare patient, is discharged from a hospital whose wage index is "
              f"**{index:.4f}** and which submits quality data and is a meaningful EHR user. The stay groups to "
              f"MS-DRG {record.ms_drg} ({record.title}), FY 2026 relative weight **{record.weight}**.\n\n"
              f"The FY 2026 national standardized amounts (Tables 1A and 1B of the IPPS final rule, full update) are "
              f"labor {money(rates.labor_high)} and nonlabor {money(rates.nonlabor_high)} when the wage index is "
              f"above 1, and labor {money(rates.labor_low)} and nonlabor {money(rates.nonlabor_low)} otherwise. "
              "What is the federal operating payment? Round the payment once, at the end.")
    explanation = (f"Standardized amount {money(p.standardized_amount)}; wage index "
                   f"{'above' if index > 1 else 'not above'} 1, so Table {'1A' if index > 1 else '1B'} "
                   f"({p.labor_share * 100:.0f} percent labor): labor {money(p.labor_amount)}, nonlabor "
                   f"{money(p.nonlabor_amount)}; labor x {index:.4f} = {money(p.wage_adjusted_labor)}; rate "
                   f"{money(p.adjusted_rate)}; x {record.weight} = **{money(p.payment)}**.")
    return exercise(ex_id, "numeric", prompt, str(p.payment), explanation, unit="$", tolerance="0.01",
                    domains=FEE_DOMAINS, case=True, topic="inst-drg-payment", source=DRG_SOURCE,
                    hints=["Only the labor part is multiplied by the wage index.",
                           "Which pair of amounts applies depends on whether the wage index is above 1."])


@template("inst-two-midnight", "institutional-billing", "Apply the two-midnight benchmark to an expected stay")
def inst_two_midnight(rng: random.Random, ex_id: str) -> Made:
    """Count the midnights from the start of hospital care to the expected discharge."""
    start = datetime(2026, rng.randrange(1, 13), rng.randrange(1, 29), rng.randrange(0, 24), rng.choice((0, 15, 30)))
    end = start + timedelta(hours=rng.randrange(6, 72))
    result = ipps.two_midnight(start, end)
    right = ("Yes: the expected care crosses two midnights" if result else
             "No: the expected care does not cross two midnights")
    options = ["Yes: the expected care crosses two midnights", "No: the expected care does not cross two midnights",
               "Yes: any patient who stays overnight is an inpatient",
               "No: the count starts only when the admission order is written"]
    rng.shuffle(options)
    prompt = (f"**Case.** {_patient(rng)}, a Medicare patient, starts receiving care in the hospital on "
              f"**{start:%A, %B} {start.day} at {start:%H:%M}**. The physician documents that she expects the "
              f"patient to need hospital care until **{end:%A, %B} {end.day} at {end:%H:%M}**. No inpatient-only "
              "procedure is planned. Under the two-midnight benchmark, is inpatient admission generally appropriate?")
    explanation = (f"From {start:%B} {start.day} to {end:%B} {end.day} the expected care crosses {result.midnights} "
                   f"midnight{'s' if result.midnights != 1 else ''}, counted from when hospital care began. "
                   f"{result.reason} Answer: **{right}**.")
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=FEE_DOMAINS, case=True,
                    topic="inst-two-midnight", source=MIDNIGHT_SOURCE,
                    hints=["Count the midnights between the start of care and the expected discharge."])
