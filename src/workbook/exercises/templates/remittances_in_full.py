"""Templates for the chapter remittances-in-full: balancing an 835 with provider-level adjustments, Medicare's
interest on a clean claim paid late, and the reopening and redetermination deadlines of a Medicare decision.

The 835 template writes a real 835 with :func:`revcycle.x12.to_835` (PLB included) for seeded synthetic claims and reads
the payment back with :func:`revcycle.ar.deposits.reconcile`; the others call :mod:`revcycle.payment.interest` and
:mod:`revcycle.ar.reopening`. No template does the arithmetic itself.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from workbook.exercises.templates import template
from workbook.exercises.templates.base import FEE_DOMAINS, Made, exercise, money, shuffled
from workbook.exercises.templates.base import long_date as _day

CHAPTER = "remittances-in-full"
PLB_SOURCE = "X12 835 (005010X221A1), BPR and PLB segments: BPR02 = sum of CLP04 - sum of PLB amounts"
INTEREST_SOURCE = ("Social Security Act 1842(c)(2); Medicare Claims Processing Manual (Pub. 100-04), ch. 1, section "
                   "80.2.2 (interest on clean claims not paid within 30 days)")
REOPEN_SOURCE = "42 CFR 405.980(b) (reopenings: 1 year, 4 years, any time for fraud); 42 CFR 405.942(a) (120 days)"
#: Prompt Payment Act rates the interest template draws from (percent a year; an input, as on a real claim).
RATES = (Decimal("4.625"), Decimal("4.875"), Decimal("4.25"), Decimal("3.75"))


@template("rim-plb-balance", CHAPTER, "Balance an 835: claim payments less provider-level adjustments (WO, L6, CS)")
def rim_plb_balance(rng: random.Random, ex_id: str) -> Made:
    """A synthetic payer's check for two to four claims, with a recovery and interest in its PLB segment."""
    from revcycle import synthetic
    from revcycle.ar import deposits
    from revcycle.payment.adjudication import adjudicate
    from revcycle.x12 import read_835, to_835
    from revcycle.x12.plb import ProviderAdjustment

    seed = rng.randrange(10**6)
    results = [r for r in adjudicate(synthetic.claims(40, seed=seed), seed=seed, denial_rate=0.0) if r.paid > 0]
    groups: dict[tuple[str, date, str], list] = {}
    for r in results:
        groups.setdefault((r.claim.payer.payer_id, r.paid_on, r.claim.billing_provider.npi), []).append(r)
    group = max(groups.values(), key=len)[:4]
    paid = sum((r.paid for r in group), Decimal("0"))
    recovery = (paid * Decimal(rng.randint(10, 80)) / 100).quantize(Decimal("0.01"))
    interest = Decimal(rng.randint(1, 900)) / 100
    adjustments = [ProviderAdjustment("WO", recovery, f"OP{rng.randrange(10**8):08d}"),
                   ProviderAdjustment("L6", -interest, group[0].payer_claim_id)]
    if rng.random() < 0.4:
        adjustments.append(ProviderAdjustment("CS", Decimal(rng.randint(100, 5000)) / 100, "ADMIN FEE"))
    remit = read_835(to_835(group, provider_adjustments=adjustments))
    answer = deposits.reconcile(remit).iloc[0]["bpr02"]
    claims = "\n".join(f"- claim `{r.claim.claim_id}`: paid {money(r.paid)}" for r in group)
    plb = "\n".join(f"- `{a.reason}` {'-' if a.amount < 0 else ''}{money(abs(a.amount))}" for a in adjustments)
    prompt = (f"**Case.** An 835 from {group[0].claim.payer.name} pays these claims:\n\n{claims}\n\n"
              f"After the last claim, its PLB segment holds:\n\n{plb}\n\n"
              "What must BPR02, the payment, be for the 835 to balance?")
    explanation = (f"Claims: {money(paid)}. PLB total: {money(sum((a.amount for a in adjustments), Decimal('0')))} "
                   "(positive amounts are taken off, negative ones added). "
                   f"Payment: **{money(answer)}**.")
    return exercise(ex_id, "numeric", prompt, str(answer), explanation, unit="$", tolerance="0.01",
                    domains=FEE_DOMAINS, case=True, topic="rim-plb-balance", source=PLB_SOURCE,
                    hints=["Add the claim payments first.", "Subtract each PLB amount with its own sign."])


@template("rim-late-interest", CHAPTER, "Compute Medicare's interest on a clean claim paid after 30 days")
def rim_late_interest(rng: random.Random, ex_id: str) -> Made:
    """Received on one day, paid 31 to 75 days later, at one of a few Prompt Payment Act rates."""
    from revcycle.payment.interest import late_interest

    received = date(2026, 1, 1) + timedelta(days=rng.randrange(300))
    paid_on = received + timedelta(days=rng.randint(31, 75))
    payment = Decimal(rng.randint(5000, 400000)) / 100
    rate = rng.choice(RATES)
    result = late_interest(payment, received, paid_on, rate)
    prompt = (f"**Case.** A Medicare contractor receives a clean Part B claim on {_day(received)} and pays "
              f"{money(payment)} on it on {_day(paid_on)}. The Prompt Payment Act rate in force is {rate} percent a "
              "year.\n\nHow much interest does Medicare owe? Round to the cent.")
    explanation = (f"On time through {_day(result.due_by)} (30 days after receipt); paid {result.days_late} days "
                   f"late. {money(payment)} x {rate} % x {result.days_late} / 365 = **{money(result.interest)}**.")
    return exercise(ex_id, "numeric", prompt, str(result.interest), explanation, unit="$", tolerance="0.01",
                    domains=FEE_DOMAINS, case=True, topic="rim-late-interest", source=INTEREST_SOURCE,
                    hints=["The claim is on time through the 30th day after it was received.",
                           "Simple interest for the days late, out of 365."])


_ASKS = {
    "redetermination": ("the last day to file a **redetermination** (the practice disagrees with the decision)",
                        "redetermination_by"),
    "any": ("the last day the contractor may **reopen** it **for any reason** (a clerical error)",
            "reopen_any_reason_by"),
    "good": ("the last day the contractor may **reopen** it **for good cause** (new and material evidence)",
             "reopen_good_cause_by"),
}


@template("rim-reopening-dates", CHAPTER, "Tell the redetermination deadline from the reopening windows of a "
          "Medicare decision")
def rim_reopening_dates(rng: random.Random, ex_id: str) -> Made:
    """One initial determination date; the question asks for one of its three deadlines."""
    from revcycle.ar import reopening

    day = date(2026, 1, 1) + timedelta(days=rng.randrange(365))
    w = reopening.windows(day)
    which = rng.choice(tuple(_ASKS))
    words, attr = _ASKS[which]
    right = _day(getattr(w, attr))
    wrong = [_day(w.redetermination_by), _day(w.reopen_any_reason_by), _day(w.reopen_good_cause_by),
             _day(day + timedelta(days=120)), "There is no time limit"]
    prompt = (f"A Medicare contractor's initial determination on a claim is dated {_day(day)}. What is {words}?")
    explanation = (f"Redetermination: 5 days' presumed receipt plus 120 days, {_day(w.redetermination_by)}. Reopening "
                   f"for any reason: 1 year, {_day(w.reopen_any_reason_by)}. For good cause: 4 years, "
                   f"{_day(w.reopen_good_cause_by)}. Fraud or similar fault: no limit. Answer: **{right}**.")
    return exercise(ex_id, "single", prompt, right, explanation, options=shuffled(rng, right, wrong),
                    domains=FEE_DOMAINS, topic="rim-reopening-dates", source=REOPEN_SOURCE,
                    hints=["Reopening windows run from the date of the determination.",
                           "The redetermination window runs from the presumed receipt of the notice."])
