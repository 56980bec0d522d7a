"""Templates for the chapter enrollment-credentialing: a new provider's first payable date, the due date of one
enrollment or credentialing clock, and which of a provider's visits a lapse leaves unpaid.

Each draws synthetic dates from the seed and asks :mod:`revcycle.compliance.enrollment` for the key; the template
never counts days itself. Providers are synthetic (names from revcycle.synthetic's pools, NPIs from make_npi).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from revcycle.codes.npi import make_npi
from revcycle.compliance import enrollment as en
from revcycle.core.dates import add_years
from workbook.exercises.templates import template
from workbook.exercises.templates.base import FEE_DOMAINS, Made, doctor_name, exercise, long_date, shuffled

CHAPTER = "enrollment-credentialing"
EFFECTIVE_SOURCE = ("42 CFR 424.520(d) (effective date) and 424.521(a) (30 days of retroactive billing; 90 after a "
                    "disaster)")
FP = "207Q00000X"


def _day(rng: random.Random, start: date = date(2026, 1, 5), span: int = 300) -> date:
    return start + timedelta(days=rng.randrange(span))


def _provider(rng: random.Random, **kw: object) -> en.Enrollment:
    return en.Enrollment(npi=make_npi(rng), name=doctor_name(rng), taxonomy=FP, **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the first payable date


@template("enr-first-payable", CHAPTER, "Find a new provider's effective date and the first date of service Medicare "
          "pays for")
def enr_first_payable(rng: random.Random, ex_id: str) -> Made:
    """The later of filing and starting, less 30 days (90 when a declared disaster kept the provider from enrolling)."""
    began = _day(rng)
    filed = began + timedelta(days=rng.choice((-20, -5, 12, 25, 31, 40, 52, 75)))
    disaster = rng.random() < 0.2
    e = _provider(rng, began=began, filed=filed, disaster=disaster)
    assert e.effective is not None and e.retro_start is not None
    first = max(e.retro_start, began)  # nothing is owed for days before the provider started
    why_disaster = (" A Presidentially-declared disaster kept the provider from enrolling in advance, so billing "
                    "reaches back 90 days instead of 30." if disaster else "")
    prompt = (f"**Case.** {e.name} starts seeing patients at a synthetic practice on **{long_date(began)}**. "
              f"The CMS-855I that Medicare approves was filed on **{long_date(filed)}**.{why_disaster}\n\n"
              "What is the **first date of service** for which Medicare pays this provider's claims?")
    wrong = [long_date(d) for d in (e.effective, e.effective - timedelta(days=31), e.retro_start + timedelta(days=1),
                                    began, filed + timedelta(days=30), e.retro_start)]
    right = long_date(first)
    options = shuffled(rng, right, wrong)
    explanation = (f"Effective date: the later of filing ({long_date(filed)}) and starting ({long_date(began)}), "
                   f"**{long_date(e.effective)}**. Billing reaches back {(e.effective - e.retro_start).days} days, to "
                   f"{long_date(e.retro_start)}"
                   + (f", which is before the first day of work, so every visit from {long_date(began)} is payable"
                      if e.retro_start <= began else "") + f". Answer: **{right}**.")
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=FEE_DOMAINS, case=True,
                    topic="enr-first-payable", source=EFFECTIVE_SOURCE,
                    hints=["Find the effective date first: it is the later of two dates.",
                           "Then count back the days of retroactive billing; nobody is paid for days before work "
                           "began."])


# --------------------------------------------------------------------------- one clock's due date

CLOCKS = ("caqh", "recredential", "revalidation", "dmepos", "opt-out")


@template("enr-clock-due", CHAPTER, "Compute the due date of one enrollment or credentialing clock (CAQH, NCQA, "
          "revalidation, opt-out)")
def enr_clock_due(rng: random.Random, ex_id: str) -> Made:
    """CAQH 120 days; NCQA 36 months; Medicare revalidation 5 years (DMEPOS 3); opt-out cancellation 30 days before
    the next 2-year period."""
    clock = rng.choice(CLOCKS)
    start = _day(rng, date(2023, 1, 2), 3 * 365)
    name = doctor_name(rng)
    if clock == "caqh":
        due = _provider(rng, caqh_attested=start).caqh_due
        question = (f"{name} last re-attested a CAQH ProView profile on **{long_date(start)}** and practices outside "
                    "Illinois. By what date must the profile be re-attested?")
        near = [start + timedelta(days=d) for d in (90, 119, 121, 180)]
        rule, source = "CAQH counts 120 days from the last attestation", "CAQH ProView FAQ: re-attest every 120 days"
    elif clock == "recredential":
        due = en.PayerContract("SYNEHP", start).recredential_due
        question = (f"An NCQA-accredited plan's committee credentialed {name} on **{long_date(start)}**. By what date "
                    "must the plan recredential the physician?")
        near = [add_years(start, k) for k in (1, 2, 5)] + [due - timedelta(days=1)]
        rule, source = "NCQA: at least every 36 months", "NCQA credentialing standards (36-month recredentialing)"
    elif clock in ("revalidation", "dmepos"):
        kind = "dmepos" if clock == "dmepos" else "practitioner"
        due = _provider(rng, filed=start, kind=kind).next_revalidation
        who = "a DMEPOS supplier" if kind == "dmepos" else "a physician"
        question = (f"The Medicare enrollment of {name}, {who}, took effect on **{long_date(start)}**, and CMS has not "
                    "posted a revalidation due date yet. When is the revalidation expected to fall due?")
        other = 5 if kind == "dmepos" else 3
        near = [add_years(start, k) for k in (other, 1, 10)]
        rule = f"every {en.REVALIDATION_YEARS[kind]} years for {who}"
        source = "42 CFR 424.515; DMEPOS suppliers 424.57(e)"
    else:
        as_of = start + timedelta(days=rng.randrange(200, 1500))
        renews, due = en.opt_out_renewal(start, as_of)
        question = (f"{name}'s opt-out of Medicare (affidavit filed after June 16, 2015) took effect on "
                    f"**{long_date(start)}**. On {long_date(as_of)} the physician decides to return to Medicare when "
                    "the current period ends. By what date must the written cancellation reach the contractor?")
        near = [renews, renews - timedelta(days=1), renews + timedelta(days=30), due - timedelta(days=30)]
        rule = f"the next 2-year period starts {long_date(renews)}; cancel at least 30 days before"
        source = "SSA 1802(b)(3) as amended by MACRA 2015, s. 106; Medicare Benefit Policy Manual ch. 15, s. 40"
    assert due is not None
    right = long_date(due)
    options = shuffled(rng, right, [long_date(d) for d in near])
    explanation = f"{rule.capitalize()}: **{right}**."
    return exercise(ex_id, "single", f"{question}", right, explanation, options=options, domains=FEE_DOMAINS,
                    topic="enr-clock-due", source=source,
                    hints=["Each clock counts from the last event: an attestation, a decision, an effective date, an "
                           "opt-out's start.",
                           "CAQH counts days; NCQA and Medicare count months or years."])


# --------------------------------------------------------------------------- which visits a lapse leaves unpaid


@template("enr-unpaid-visits", CHAPTER, "Decide which of a provider's Medicare visits a late filing or a deactivation "
          "leaves unpaid")
def enr_unpaid_visits(rng: random.Random, ex_id: str) -> Made:
    """A late first enrollment or a deactivation gap, and five or six visit dates: the unpaid ones are the key."""
    if rng.random() < 0.5:
        began = _day(rng, date(2026, 1, 5), 200)
        filed = began + timedelta(days=rng.randrange(35, 80))
        e = _provider(rng, began=began, filed=filed)
        assert e.retro_start is not None and e.effective is not None
        story = (f"{e.name} started seeing patients on **{long_date(began)}**; the approved CMS-855I was filed on "
                 f"**{long_date(filed)}**.")
        window = (began, filed + timedelta(days=20))
        inside, outside = began, e.effective
        why = (f"The effective date is {long_date(e.effective)}, so Medicare pays from {long_date(e.retro_start)}; "
               "visits before that are unpaid")
    else:
        stop = _day(rng, date(2026, 2, 2), 200)
        back = stop + timedelta(days=rng.randrange(20, 70))
        e = _provider(rng, filed=date(2019, 5, 1), deactivations=(en.Deactivation(stop, back),))
        story = (f"{e.name}'s Medicare billing privileges were deactivated on **{long_date(stop)}** after a missed "
                 f"revalidation; the reactivation took effect on **{long_date(back)}**.")
        window = (stop - timedelta(days=25), back + timedelta(days=25))
        inside, outside = stop, back
        why = (f"No payment is made for services from {long_date(stop)} up to the reactivation on {long_date(back)}, "
               "which does not reach back")
    span = (window[1] - window[0]).days
    visits = sorted({window[0] + timedelta(days=rng.randrange(span)) for _ in range(rng.choice((5, 6)))})
    unpaid = [d for d in visits if not en.standing(e, d).billable]
    if not unpaid or len(unpaid) == len(visits):  # one of each, so the question has something to decide
        visits = sorted({*visits, inside, outside})
        unpaid = [d for d in visits if not en.standing(e, d).billable]
    options = [long_date(d) for d in visits]
    answer = [long_date(d) for d in unpaid]
    prompt = (f"**Case.** {story} The practice billed Medicare for visits on these dates. Which visits will Medicare "
              "**not** pay? Choose all that apply.")
    explanation = f"{why}. Unpaid: **{'; '.join(answer)}**."
    return exercise(ex_id, "multiple", prompt, answer, explanation, options=options, domains=FEE_DOMAINS, case=True,
                    topic="enr-unpaid-visits",
                    source="42 CFR 424.520(d), 424.521(a), 424.540 and 424.555(b)",
                    hints=["Judge each visit by its date of service, not by today's date.",
                           "A late filing loses the days before the effective date less 30; a deactivation loses "
                           "every day until the reactivation."])
