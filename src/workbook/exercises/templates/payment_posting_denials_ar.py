"""Templates for the chapter payment-posting-denials-ar: posting a remittance line, A/R aging and the office's
key numbers, and Medicare appeal deadlines and levels. Every key comes from ``revcycle.ar``."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from workbook.errors import WorkbookError
from workbook.exercises.templates import template
from workbook.exercises.templates.base import FEE_DOMAINS, Made, exercise, money, shuffled
from workbook.exercises.templates.base import long_date as _day

CHAPTER = "payment-posting-denials-ar"
POSTING_SOURCE = "Medicare Claims Processing Manual, Pub. 100-04, ch. 22 (remittance advice); X12 CARC list"
KPI_SOURCE = ("Chapter 'Payment posting, denials and accounts receivable', section 'The numbers a billing office "
              "watches' (definitions in revcycle.ar.kpi)")
AGING_SOURCE = "Chapter 'Payment posting, denials and accounts receivable', section 'Accounts receivable'"
APPEAL_SOURCE = "42 CFR 405.942(a) (redetermination: 120 days from receipt; receipt presumed 5 days after the notice)"
LEVELS_SOURCE = ("42 CFR part 405, subpart I (405.942, 405.962, 405.1002, 405.1006, 405.1102, 405.1130); "
                 "CMS-4209-N, 90 FR 55869 (CY2026 amount-in-controversy thresholds)")
#: Clinical laboratory codes the synthetic claims use. Medicare pays clinical lab tests and specimen collection with no
#: Part B deductible or coinsurance (42 CFR 410.152, 410.160); the synthetic adjudicator applies both, so Medicare lines
#: with these codes are never drawn.
CLINICAL_LAB = frozenset({"36415", "80053", "83036", "85025", "81002"})
PR_WORDS = {"1": "deductible", "2": "coinsurance", "3": "copay"}
BELOW = "None on this claim alone: the amount in controversy is below the threshold for that level"


def _name(person: Any) -> str:
    """A synthetic person's name as a prompt writes it."""
    return f"{person.first_name.title()} {person.last_name.title()}"


# --------------------------------------------------------------------------- posting a remittance line


def _adjudicated(rng: random.Random, denied: bool) -> list[Any]:
    """A seeded batch of synthetic claims decided by the synthetic payer (all paid, or all denied)."""
    from revcycle import synthetic
    from revcycle.payment.adjudication import adjudicate

    seed = rng.randrange(10**6)
    claims = synthetic.claims(24, seed)
    return adjudicate(claims, seed=seed, denial_rate=1.0 if denied else 0.0)


def _posted_line(result: Any, line: int) -> dict[str, Decimal]:
    """The ledger row for one line after the 835 is written, read back and posted (revcycle.ar.post)."""
    from revcycle.ar import post
    from revcycle.x12 import read_835, to_835

    ledger = post(read_835(to_835([result])), [result.claim])
    row = ledger.lines[ledger.lines["line"] == line].iloc[0]
    keys = ("charge", "allowed", "paid", "contractual", "patient_responsibility", "denied", "written_off")
    return {k: row[k] for k in keys}


def _adjustments(line: Any, *, show_co: bool = True, show_pr: bool = True) -> str:
    """The line's adjustments as a remittance lists them: group code, reason number, the book's words, amount."""
    from revcycle.codes.remit import carc_meaning

    parts = []
    for adj in line.adjustments:
        if (adj.group == "PR" and not show_pr) or (adj.group != "PR" and not show_co):
            continue
        words = PR_WORDS.get(adj.reason) if adj.group == "PR" else carc_meaning(adj.reason)
        parts.append(f"{adj.group}-{adj.reason} ({words}) {money(adj.amount)}")
    return "; ".join(parts)


_ASKS = {
    "allowed": "What was the payer's **allowed amount** for the line?",
    "paid": "How much did the payer **pay** on the line?",
    "contractual": "How much does the biller post as the **contractual adjustment** (CO-45 write-off)?",
    "patient": "How much of the line moves to the **patient's balance** (or a secondary plan)?",
    "denied": "How much of the line does the biller post as a **write-off today**, when the remittance is posted?",
}


def _pick_line(rng: random.Random, mode: str) -> tuple[Any, Any]:
    """A (claim result, line result) pair that suits the question asked."""
    for _ in range(20):
        results = _adjudicated(rng, denied=mode == "denied")
        pairs = []
        for r in results:
            medicare = r.claim.payer.is_medicare
            for ln in r.lines:
                if medicare and ln.procedure in CLINICAL_LAB:
                    continue  # Medicare charges no deductible or coinsurance on these; the synthetic payer does
                co = sum((a.amount for a in ln.adjustments if (a.group, a.reason) == ("CO", "45")), Decimal(0))
                pr = ln.patient_responsibility
                if mode == "denied":
                    ok = r.status == "4" and bool(r.reasons) and r.reasons[0] in (
                        ("50", "27") if medicare else ("50", "27", "197", "109"))
                elif mode in ("paid", "patient"):
                    ok = r.status == "1" and pr > 0 and co > 0
                else:
                    ok = r.status == "1" and co > 0 and ln.allowed > 0
                if ok:
                    pairs.append((r, ln))
        if pairs:
            return rng.choice(pairs)
    raise WorkbookError("The synthetic payer produced no remittance line of the kind needed; try another seed.")


@template("posting-line-amount", CHAPTER, "Post a remittance line: allowed, paid, CO-45, patient share or denial")
def posting_line_amount(rng: random.Random, ex_id: str) -> Made:
    """A real-looking 835 line with one figure hidden: the learner finds it from the posting identity."""
    mode = rng.choices(list(_ASKS), weights=[3, 3, 3, 3, 2])[0]
    result, ln = _pick_line(rng, mode)
    row = _posted_line(result, ln.line)
    claim = result.claim
    charge, paid, allowed = money(ln.charge), money(ln.paid), money(ln.allowed)
    head = (f"**Case.** {claim.payer.name} sent an 835 for {_name(claim.patient)}'s visit on "
            f"{_day(ln.service_date)} (claim {claim.claim_id}). Line {ln.line} is `{ln.procedure}`"
            f"{' with modifier ' + ', '.join(ln.modifiers) if ln.modifiers else ''}. The remittance shows")
    if mode == "allowed":
        shown = f"charge {charge}, paid {paid}, {_adjustments(ln)}"
        answer = row["allowed"]
        why = (f"Allowed = payment + patient responsibility = {paid} + {money(row['patient_responsibility'])} = "
               f"{money(answer)}. Check: {paid} + CO-45 {money(row['contractual'])} + "
               f"{money(row['patient_responsibility'])} = {charge}, the charge.")
    elif mode == "paid":
        shown = f"charge {charge}, allowed amount {allowed}, and {_adjustments(ln, show_co=False)}"
        answer = row["paid"]
        why = (f"The allowed amount is split between payer and patient: {allowed} - "
               f"{money(row['patient_responsibility'])} = {money(answer)}. The rest of the charge, "
               f"{money(row['contractual'])}, is the CO-45 contractual adjustment.")
    elif mode == "contractual":
        shown = f"charge {charge}, paid {paid}, and {_adjustments(ln, show_co=False)}"
        answer = row["contractual"]
        why = (f"Charge = payment + contractual adjustment + patient responsibility, so CO-45 = {charge} - {paid} - "
               f"{money(row['patient_responsibility'])} = {money(answer)}. The practice writes it off and may not "
               "bill the patient for it.")
    elif mode == "patient":
        shown = f"charge {charge}, paid {paid}, {_adjustments(ln, show_pr=False)}, and the rest as group PR"
        answer = row["patient_responsibility"]
        why = (f"Whatever is neither paid nor written off is the patient's: {charge} - {paid} - "
               f"{money(row['contractual'])} = {money(answer)} ({_adjustments(ln, show_co=False)}). It goes to "
               "a secondary plan if the patient has one, else on the next statement.")
    else:
        shown = f"charge {charge}, paid {money(Decimal(0))}, {_adjustments(ln)}"
        answer = row["contractual"] + row["written_off"]
        why = (f"Nothing: {ln.adjustments[0].group}-{ln.adjustments[0].reason} is a denial, not a contractual "
               f"adjustment. The {money(row['denied'])} stays in insurance A/R and the claim goes to the denial "
               "work queue, where someone decides whether to correct and resubmit, appeal, bill the right payer, "
               "or only then write it off.")
    prompt = f"{head} {shown}.\n\n{_ASKS[mode]}"
    return exercise(ex_id, "numeric", prompt, str(answer), why, unit="$", domains=FEE_DOMAINS,
                    topic="posting-line-amount", source=POSTING_SOURCE,
                    hints=["For every line, charge = payment + contractual adjustment + patient responsibility + "
                           "denied amount.",
                           "The allowed amount is the payment plus the patient's share (group PR)."])


# --------------------------------------------------------------------------- A/R aging and key numbers


def _aging_age(rng: random.Random) -> int:
    """An age in days, often within a few days of a bucket edge where mistakes happen."""
    if rng.random() < 0.6:
        return rng.choice((30, 60, 90, 120)) + rng.randint(-3, 4)
    return rng.randint(3, 200)


@template("ar-aging-bucket", CHAPTER, "Place an open claim in its A/R aging bucket from its dates")
def ar_aging_bucket(rng: random.Random, ex_id: str) -> Made:
    """Count the days from the date of service to the report date and pick the bucket revcycle uses."""
    from revcycle.ar.aging import BUCKETS, bucket
    from revcycle.synthetic import members

    as_of = date(2026, 1, 31) + timedelta(days=rng.randrange(0, 540))
    age = _aging_age(rng)
    service = as_of - timedelta(days=age)
    billed = service + timedelta(days=rng.randint(2, 12))
    if billed > as_of:
        billed = as_of
    patient = rng.choice(members(12, rng.randrange(1000))).patient
    right = bucket(age)
    prompt = (f"The practice runs its A/R aging report on **{_day(as_of)}**. {_name(patient)}'s claim is still "
              f"unpaid: the date of service was **{_day(service)}** and the claim was billed on {_day(billed)}. "
              "The practice ages claims from the date of service. In which bucket does the claim appear?")
    why = (f"From {_day(service)} to {_day(as_of)} is {age} days, which falls in the {right} bucket "
           f"(buckets: {', '.join(BUCKETS)}). The billing date does not matter when aging runs from the date of "
           "service.")
    return exercise(ex_id, "single", prompt, right, why, options=list(BUCKETS), domains=("CPB",),
                    topic="ar-aging-bucket", source=AGING_SOURCE,
                    hints=["Count the calendar days from the date of service to the report date.",
                           "The buckets are 0-30, 31-60, 61-90, 91-120 and more than 120 days."])


@template("ar-days-in-ar", CHAPTER, "Compute days in A/R from the open balance and the period's charges")
def ar_days_in_ar(rng: random.Random, ex_id: str) -> Made:
    """Days in A/R = open A/R / average daily charges (revcycle.ar.kpi.days_in_ar)."""
    from revcycle.ar.kpi import days_in_ar
    from revcycle.synthetic.pools import PRACTICE_NAMES

    period = rng.choices((30, 60, 90), weights=(1, 1, 3))[0]
    daily = Decimal(rng.randrange(1500, 25000, 50))
    charges = daily * period + Decimal(rng.randrange(-400, 400, 25))
    target = Decimal(rng.randint(180, 950)) / 10
    balance = (charges / period * target).quantize(Decimal("0.01"))
    collected = (charges * Decimal(rng.randint(55, 95)) / 100).quantize(Decimal("1"))
    days = days_in_ar(balance, charges, period)
    practice = f"{rng.choice(PRACTICE_NAMES)} {rng.choice(('Family Practice', 'Medical Group', 'Clinic'))}"
    as_of = date(2026, rng.randint(2, 12), 1) - timedelta(days=1)
    prompt = (f"On {_day(as_of)}, {practice} (synthetic) has {money(balance)} in open accounts receivable. Its gross "
              f"charges for services in the last {period} days were {money(charges)}, and it collected "
              f"{money(collected)} in the same {period} days. What are its **days in A/R**, to one decimal place?")
    average = charges / period
    why = (f"Average daily charges = {money(charges)} / {period} = {money(average)}. Days in A/R = open A/R / "
           f"average daily charges = {money(balance)} / {money(average)} = {days} days. Collections are not part of "
           "the formula.")
    return exercise(ex_id, "numeric", prompt, str(days), why, unit="days", decimals=1, tolerance="0.1",
                    domains=("CPB",), topic="ar-days-in-ar", source=KPI_SOURCE,
                    hints=["First find the average charges per day over the period.",
                           "Then divide the open A/R by that daily figure."])


@template("ar-claim-rates", CHAPTER, "Compute a denial, first-pass or clean-claim rate from a month's counts")
def ar_claim_rates(rng: random.Random, ex_id: str) -> Made:
    """A claim-count rate as revcycle.ar.kpi defines it, from counts with one tempting extra figure."""
    from revcycle.ar.kpi import rate

    kind = rng.choice(("denial rate", "first-pass rate", "clean-claim rate"))
    prepared = rng.randrange(300, 3000)
    if kind == "clean-claim rate":
        fatal = rng.randrange(prepared // 50, prepared // 6)
        warned = rng.randrange(prepared // 20, prepared // 4)
        result = rate(kind, prepared - fatal, prepared)
        prompt = (f"Before sending last month's claims, the billing office ran the scrubber over all {prepared:,} it "
                  f"had prepared. {fatal:,} claims had at least one **fatal** finding; {warned:,} others had only "
                  "warnings and were sent as they were. What was the **clean-claim rate**, in percent?")
        why = (f"Clean-claim rate = claims with no fatal finding / claims prepared = ({prepared:,} - {fatal:,}) / "
               f"{prepared:,} = {result.numerator:,} / {result.denominator:,} = {result.percent}%. Warnings do not "
               "stop a claim, so those claims count as clean.")
    else:
        adjudicated = prepared
        denied = rng.randrange(adjudicated // 40, adjudicated // 6)
        fully = rng.randrange(max(1, denied // 4), max(2, denied * 2 // 3))
        rejected = rng.randrange(3, 40)
        if kind == "denial rate":
            result = rate(kind, denied, adjudicated)
            formula = f"claims with a denied line / claims adjudicated = {denied:,} / {adjudicated:,}"
        else:
            result = rate(kind, adjudicated - denied, adjudicated)
            formula = (f"claims paid with no line denied / claims adjudicated = ({adjudicated:,} - {denied:,}) / "
                       f"{adjudicated:,}")
        prompt = (f"Last month payers adjudicated {adjudicated:,} of a practice's claims (another {rejected} were "
                  f"rejected by the clearinghouse and never reached a payer). {denied:,} of the adjudicated claims "
                  f"had at least one line denied, {fully:,} of them in full. What was the **{kind}**, in percent?")
        why = (f"{kind.capitalize()} = {formula} = {result.percent}%. A claim with any denied line counts once, "
               "whether it was denied in full or in part; rejected claims were never adjudicated.")
    return exercise(ex_id, "numeric", prompt, str(result.percent), why, unit="%", decimals=1, tolerance="0.1",
                    domains=("CPB",), topic="ar-claim-rates", source=KPI_SOURCE,
                    hints=["Decide which claims belong in the denominator before you divide.",
                           "Multiply the fraction by 100 and round to one decimal place."])


def _month_ledger(rng: random.Random) -> Any:
    """A posted synthetic month: claims decided by the synthetic payers, patients' payments applied."""
    from revcycle import synthetic
    from revcycle.ar import post
    from revcycle.ar.posting import apply_patient_payments, synthetic_patient_payments
    from revcycle.payment.adjudication import adjudicate
    from revcycle.x12 import read_835, to_835

    seed = rng.randrange(10**6)
    claims = synthetic.claims(30, seed)
    results = adjudicate(claims, seed=seed, denial_rate=rng.choice((0.03, 0.05, 0.08, 0.12)))
    ledger = post(read_835(to_835(results)), claims)
    return apply_patient_payments(ledger, synthetic_patient_payments(ledger, seed=seed))


@template("ar-net-collection-rate", CHAPTER, "Compute the net collection rate from a posted month's totals")
def ar_net_collection_rate(rng: random.Random, ex_id: str) -> Made:
    """Net collection rate = payments / (charges - contractual adjustments), from revcycle.ar.kpi."""
    from revcycle.ar.kpi import net_collection_rate
    from revcycle.core.money import ZERO

    ledger = _month_ledger(rng)
    c = ledger.claims
    charges, contractual = sum(c["charge"], ZERO), sum(c["contractual"], ZERO)
    payers, patients = sum(c["paid"], ZERO), sum(c["patient_paid"], ZERO)
    denied, patient_open = sum(c["denied"], ZERO), sum(c["patient_balance"], ZERO)
    result = net_collection_rate(ledger)
    prompt = (f"A practice's {len(c)} claims for services earlier in the year have all had time to be worked. "
              f"Their totals: "
              f"charges {money(charges)}; CO-45 contractual adjustments {money(contractual)}; payments from payers "
              f"{money(payers)}; payments from patients {money(patients)}. Still open: {money(denied)} of denied "
              f"charges in the work queue and {money(patient_open)} owed by patients. What is the **net collection "
              "rate**, in percent?")
    why = (f"Net collection rate = (payer payments + patient payments) / (charges - contractual adjustments) = "
           f"({money(payers)} + {money(patients)}) / ({money(charges)} - {money(contractual)}) = "
           f"{money(result.numerator)} / {money(result.denominator)} = {result.percent}%. Denied charges are not "
           "taken out of the denominator: until they are won on appeal or written off, they are money the practice "
           "could still collect.")
    return exercise(ex_id, "numeric", prompt, str(result.percent), why, unit="%", decimals=1, tolerance="0.1",
                    domains=("CPB",), topic="ar-net-collection-rate", source=KPI_SOURCE,
                    hints=["Only contractual adjustments come off the charges: they were never collectible.",
                           "Count what payers and patients paid; open balances are not collections."])


# --------------------------------------------------------------------------- Medicare appeals


def _medicare_patient(rng: random.Random) -> Any:
    """A synthetic patient covered by the synthetic Medicare contractor."""
    from revcycle.synthetic import members

    for _ in range(50):
        found = [m for m in members(40, rng.randrange(10**6)) if m.payer.is_medicare]
        if found:
            return rng.choice(found).patient
    raise WorkbookError("The synthetic directory has no Medicare patient; the synthetic data looks incomplete.")


@template("appeal-redetermination-deadline", CHAPTER, "Compute the last day to request a Medicare redetermination")
def appeal_redetermination_deadline(rng: random.Random, ex_id: str) -> Made:
    """The notice date plus the presumed-receipt days plus the first level's window (revcycle.ar.appeals)."""
    from revcycle.ar import appeals, denials
    from revcycle.codes.remit import carc_meaning

    # CARC 197 is left out: Original Medicare seldom requires prior authorization for a professional service.
    carc = rng.choice(sorted(c for c, cause in denials.ROOT_CAUSES.items() if cause.appealable and c != "197"))
    service = date(2025, 6, 2) + timedelta(days=rng.randrange(0, 600))
    notice = service + timedelta(days=rng.randint(14, 40))
    step = appeals.next_step(notice, after=0)
    patient = _medicare_patient(rng)
    lv = step.level
    received = step.presumed_received
    wrong = [notice + timedelta(days=lv.days_to_file), received + timedelta(days=lv.days_to_file + 5),
             received + timedelta(days=appeals.level(2).days_to_file), received + timedelta(days=60),
             notice + timedelta(days=lv.days_to_file - 5)]
    options = shuffled(rng, _day(step.deadline), [_day(d) for d in wrong])
    prompt = (f"**Case.** A Medicare remittance advice dated **{_day(notice)}** denies {_name(patient)}'s service of "
              f"{_day(service)} with CO-{carc} ({carc_meaning(carc)}). The practice has the documentation to show "
              "the decision is wrong and will ask the Medicare Administrative Contractor for a redetermination. "
              "What is the last day to file the request?")
    why = (f"Receipt of the notice is presumed {appeals.RECEIPT_PRESUMPTION_DAYS} days after its date: "
           f"{_day(notice)} + {appeals.RECEIPT_PRESUMPTION_DAYS} = {_day(received)}. A redetermination must be "
           f"requested within {lv.days_to_file} days of receipt: {_day(received)} + {lv.days_to_file} days = "
           f"**{_day(step.deadline)}**, counting calendar days.")
    return exercise(ex_id, "single", prompt, _day(step.deadline), why, options=options, domains=FEE_DOMAINS,
                    topic="appeal-redetermination-deadline", source=APPEAL_SOURCE,
                    hints=["The window runs from the day the notice is presumed received, not from the date printed "
                           "on it.",
                           "Count calendar days, not business days."])


_DECISIONS = {
    0: "The remittance advice (the initial determination), dated {notice}, denied the claim with CO-50.",
    1: "The practice asked for a redetermination, and {by} upheld the denial in a notice dated {notice}.",
    2: "A redetermination upheld the denial, so the practice asked for a reconsideration; {by} upheld it too, in a "
       "notice dated {notice}.",
    3: "The denial was upheld on redetermination and on reconsideration; at the hearing that followed, {by} also "
       "decided against the practice, in a decision dated {notice}.",
    4: "The denial was upheld on redetermination, on reconsideration and after a hearing; the practice then asked "
       "{by} to review the case, and its decision, dated {notice}, upheld the denial as well.",
}


#: Services a Medicare appeal may be about, with a plausible range for the amount still in dispute.
_APPEALED = {"a knee injection": (100, 380), "a colonoscopy with biopsy": (600, 1600),
             "a course of physical therapy": (500, 2600), "a knee arthroscopy": (1200, 3000)}


def _appealed(rng: random.Random, threshold: str | None) -> tuple[str, Decimal]:
    """A service and its amount in controversy, often near the threshold of the level asked for."""
    service = rng.choice(sorted(_APPEALED))
    if threshold == "ALJ" and rng.random() < 0.5:
        service = "a knee injection"
    elif threshold == "judicial" and rng.random() < 0.6:
        service = rng.choice(("a course of physical therapy", "a knee arthroscopy"))
    low, high = _APPEALED[service]
    return service, Decimal(rng.randrange(low * 100, high * 100)) / 100


@template("appeal-next-level", CHAPTER, "Name the next Medicare appeal level, checking the amount in controversy")
def appeal_next_level(rng: random.Random, ex_id: str) -> Made:
    """What follows a decision in Original Medicare's five levels (revcycle.ar.appeals.next_step)."""
    from revcycle.ar import appeals

    after = rng.randrange(0, 5)
    notice = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 280))
    service, amount = _appealed(rng, appeals.level(after + 1).threshold)
    step = appeals.next_step(notice, after=after, amount_in_controversy=amount, year=2026)
    story = _DECISIONS[after].format(notice=_day(notice), by=appeals.level(after).decided_by if after else "")
    prompt = (f"**Case.** An Original Medicare claim for {service} was denied as not medically necessary. "
              f"{story} The amount in controversy is {money(amount)}; the practice has no other claims to combine "
              "with it and would file its next request in 2026. What can the practice ask for next?")
    lv = step.level
    options = [level.name for level in appeals.LEVELS] + [BELOW]
    rng.shuffle(options)
    before = "the initial determination" if after == 0 else f"level {after} ({appeals.level(after).name})"
    if step.meets_threshold is False:
        answer = BELOW
        why = (f"After {before}, the next level would be level {lv.number} ({lv.name}), but for requests filed in "
               f"2026 it needs at least {money(step.threshold or Decimal(0))} in controversy, and {money(amount)} is "
               "less. Claims can be combined to reach the threshold; this one alone cannot go further.")
    else:
        answer = lv.name
        why = (f"After {before}, the next level is level {lv.number}: {lv.name}, decided by {lv.decided_by}. It "
               f"must be requested within {lv.days_to_file} days of receiving the notice (presumed received "
               f"{_day(step.presumed_received)}), so by {_day(step.deadline)}.")
        if step.threshold is not None:
            why += f" {money(amount)} meets the {money(step.threshold)} threshold for 2026."
    return exercise(ex_id, "single", prompt, answer, why, options=options, domains=FEE_DOMAINS,
                    topic="appeal-next-level", source=LEVELS_SOURCE,
                    hints=["The levels run: contractor, independent contractor, judge, Council, court.",
                           "Two levels need a minimum amount in controversy, adjusted every year."])
