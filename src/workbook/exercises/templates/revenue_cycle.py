"""Templates for the chapter revenue-cycle: the stages in order, what each stage does, the transactions that
carry the cycle, and a Medicare visit's money split (keys from :mod:`revcycle.practice.cycle` and
:mod:`revcycle.payment`)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from workbook.exercises.templates import template
from workbook.exercises.templates.base import FEE_DOMAINS, Made, exercise, money, shuffled
from workbook.exercises.templates.base import long_date as _day

CHAPTER = "revenue-cycle"
STAGE_SOURCE = ("Chapter 'Coding, billing and the revenue cycle', section 'The revenue cycle, stage by stage' "
                "(revcycle.practice.cycle.STAGES; there is no official list of stages)")
SHARE_SOURCE = ("42 CFR 410.152 and 410.160 (Part B pays 80 percent after the deductible); 42 CFR 424.55 "
                "(assignment); CY2026 PFS national non-facility amounts")
X12_SOURCE = ("45 CFR 162.1102 (claims), 162.1202 (eligibility), 162.1402 (claim status), "
              "162.1602 (payment and remittance advice)")

#: The three parts of the cycle, as the chapter splits the nine stages (first stage number of each part).
PARTS = (("Front end: before or at check-in", 1), ("Middle: turning care into codes and charges", 3),
         ("Back end: turning codes into cash", 5))

_FIRST = ("Maria", "James", "Aiyana", "Wei", "Fatima", "Robert", "Lena", "Samuel", "Rosa", "Ahmed", "Grace", "Kofi")
_LAST = ("Testpatient", "Sampleperson", "Fakename", "Notreal", "Madeup", "Exampleton", "Imaginary", "Noone")
_DOCTORS = ("Dr. Priya Fictional", "Dr. Omar Placeholder", "Dr. Alex Sampleton", "Dr. Nia Example",
            "Dr. Chen Fictional", "Dr. Jordan Placeholder")
_PAYERS = ("Medicare", "Example Health Plan PPO", "Sample Community HMO", "the state Medicaid program")


def _patient(rng: random.Random) -> str:
    """A made-up patient name from the synthetic pools."""
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _cap(text: str) -> str:
    """Capitalize the first letter only ("the state Medicaid program" -> "The state Medicaid program")."""
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- the stages of one traced visit


@template("rc-trace-order", CHAPTER, "Put the events of one synthetic visit in revenue-cycle order")
def trace_order(rng: random.Random, ex_id: str) -> Made:
    """Ordering: five events of a traced visit, scrambled; the key is the order the cycle runs them."""
    from revcycle.practice.cycle import trace_encounter

    trace = trace_encounter(rng.randrange(1, 1_000_000))
    picked = sorted(rng.sample(range(len(trace.events)), 5))
    events = [trace.events[i] for i in picked]
    answer = [e.what for e in events]
    options = list(answer)
    rng.shuffle(options)
    if options == answer:
        options.reverse()
    prompt = (f"**Case.** {trace.patient.name}, a synthetic Original Medicare patient, sees {trace.provider.name} at "
              f"{trace.provider.practice} on {_day(trace.date_of_service)}. Below are five things that happen to "
              "this visit, in scrambled order. Put them in the order they happen, earliest first.")
    steps = "; ".join(f"{n}. {e.stage.name} (stage {trace.events.index(e) + 1} of 9)"
                      for n, e in enumerate(events, 1))
    explanation = (f"Each event belongs to one stage, and the stages run in a fixed order: {steps}. A payer cannot "
                   "decide a claim that has not been sent, a claim cannot be sent before the visit is coded, and "
                   "nothing can be posted before the payer decides.")
    return exercise(ex_id, "ordering", prompt, answer, explanation, options=options, domains=FEE_DOMAINS,
                    topic="rc-trace-order", source=STAGE_SOURCE, case=True,
                    hints=["Name the stage each event belongs to first, then order the stages.",
                           "The front desk's work comes before the visit; the payer's answer comes after the claim."])


# --------------------------------------------------------------------------- one task, which stage


Task = Callable[[random.Random], str]


def _tasks() -> dict[str, tuple[Task, ...]]:
    """Tasks written for this book, each plainly inside one stage of the chapter's table (stage id -> tasks)."""
    def amount(rng: random.Random) -> str:
        return money(Decimal(rng.randrange(1500, 9000)) / 100)

    return {
        "registration": (
            lambda r: (f"{_patient(r)} calls to book a first visit. The front desk records the patient's address, "
                       "phone number, date of birth and the policyholder's name and group number."),
            lambda r: (f"At check-in, the front desk scans both sides of {_patient(r)}'s insurance card and checks "
                       "that the name and member ID in the account match the card character for character."),
        ),
        "eligibility": (
            lambda r: (f"{r.choice(('Two', 'Three', 'Four'))} days before {_patient(r)}'s appointment, the practice's "
                       "system sends an X12 270 inquiry and reads the 271 reply to confirm the coverage is active."),
            lambda r: (f"The plan wants to approve {_patient(r)}'s planned knee MRI in advance, so staff request "
                       "prior authorization before the scan is scheduled."),
        ),
        "charge_capture": (
            lambda r: (f"After {r.choice(_DOCTORS)} signs the note, every service and supply given to {_patient(r)} "
                       "that day is recorded with its price from the practice's chargemaster."),
            lambda r: ("At the end of the day, a staff member compares the appointment schedule with the services "
                       f"recorded and finds that {_patient(r)}'s visit was never entered, so it would go unbilled."),
        ),
        "coding": (
            lambda r: (f"A coder reads {r.choice(_DOCTORS)}'s note for {_patient(r)} and assigns ICD-10-CM codes for "
                       "the conditions addressed and a CPT code for the visit."),
            lambda r: (f"Before choosing a code for {_patient(r)}'s visit, a coder checks that the note supports "
                       "the level of the visit and asks the provider about an unclear diagnosis."),
        ),
        "claim_submission": (
            lambda r: (f"The biller runs {_patient(r)}'s claim through the scrubber, fixes a diagnosis pointer it "
                       "flagged, and sends the 837P to the clearinghouse."),
            lambda r: (f"The biller builds an 837P for {_patient(r)}'s visit from the coded services and sends it "
                       f"to {r.choice(_PAYERS)} through the clearinghouse."),
        ),
        "adjudication": (
            lambda r: (f"{_cap(r.choice(_PAYERS))} checks that {_patient(r)} was covered on the date of "
                       "service and that the codes are valid, then prices the service from its fee schedule."),
            lambda r: (f"{_cap(r.choice(_PAYERS))} applies its rules to {_patient(r)}'s claim and decides "
                       "what it will pay on each line and what the patient owes."),
        ),
        "payment_posting": (
            lambda r: (f"An 835 arrives, and staff record {r.choice(_PAYERS)}'s payment of {amount(r)}, the "
                       f"contractual adjustment and the patient's coinsurance against {_patient(r)}'s account."),
            lambda r: (f"A payment poster enters the paid amount and the CO and PR adjustments from a remittance "
                       f"advice against each line of {_patient(r)}'s claim."),
        ),
        "denial_management": (
            lambda r: (f"A line of {_patient(r)}'s claim came back denied. The biller reads the reason code, traces "
                       "the cause, and files an appeal with the medical record."),
            lambda r: ("The billing manager sorts last month's denied and rejected claims by cause and finds that "
                       f"most, including {_patient(r)}'s, started with a wrong member ID."),
        ),
        "patient_collections": (
            lambda r: (f"The billing office mails {_patient(r)} a statement for the {amount(r)} of coinsurance "
                       "the remittance left to the patient."),
            lambda r: (f"{_patient(r)} calls about a bill for the deductible, and the billing office sets up a "
                       "monthly payment plan for the balance."),
        ),
    }


def _stage_task(rng: random.Random) -> tuple[int, str]:
    """(stage number 1-9, a task of that stage)."""
    from revcycle.practice.cycle import STAGES

    tasks = _tasks()
    number = rng.randrange(len(STAGES)) + 1
    return number, rng.choice(tasks[STAGES[number - 1].id])(rng)


@template("rc-task-stage", CHAPTER, "Name the revenue-cycle stage a described task belongs to")
def task_stage(rng: random.Random, ex_id: str) -> Made:
    """Single choice: the stage of one task (the stage names come from revcycle's STAGES)."""
    from revcycle.practice.cycle import STAGES

    number, task = _stage_task(rng)
    stage = STAGES[number - 1]
    options = shuffled(rng, stage.name, [s.name for s in STAGES])
    prompt = f"**Case.** {task}\n\nAt which stage of the revenue cycle does this happen?"
    explanation = f"This is stage {number} of 9, {stage.name}: {stage.description}"
    return exercise(ex_id, "single", prompt, stage.name, explanation, options=options, domains=FEE_DOMAINS,
                    topic="rc-task-stage", source=STAGE_SOURCE, case=True,
                    hints=["Ask what the task produces: a record, a code, a claim, a decision, a posting or a bill.",
                           "Registration and eligibility happen before the visit; the payer decides, the practice "
                           "posts."])


@template("rc-front-back", CHAPTER, "Place a task in the front end, middle or back end of the revenue cycle")
def front_back(rng: random.Random, ex_id: str) -> Made:
    """Single choice: the part of the cycle (front end 1-2, middle 3-4, back end 5-9) a task falls in."""
    from revcycle.practice.cycle import STAGES

    number, task = _stage_task(rng)
    right = next(name for name, first in reversed(PARTS) if number >= first)
    options = [name for name, _ in PARTS]
    prompt = (f"**Case.** {task}\n\nThe chapter splits the revenue cycle into three parts. Which part does this "
              "task belong to?")
    explanation = (f"The task belongs to stage {number}, {STAGES[number - 1].name}. Stages 1 and 2 (registration, "
                   "eligibility and authorization) are the front end; stages 3 and 4 (charge capture, coding) are "
                   "the middle; stages 5 to 9 (claim submission to patient collections) are the back end.")
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=FEE_DOMAINS,
                    topic="rc-front-back", source=STAGE_SOURCE, case=True,
                    hints=["First decide which of the nine stages the task is.",
                           "The middle turns care into codes and charges; everything from the claim on is the "
                           "back end."])


# --------------------------------------------------------------------------- which transaction


def _transactions() -> dict[str, tuple[Task, ...]]:
    """Situations written for this book -> the HIPAA X12 transaction that carries each."""
    def payer(rng: random.Random) -> str:
        return rng.choice(_PAYERS)

    return {
        "X12 270/271": (
            lambda r: (f"Before {_patient(r)}'s visit, the practice's system asks {payer(r)} whether the coverage is "
                       "active on the date of service and what the office-visit copay is, and gets the answer."),
            lambda r: (f"At check-in, the front desk confirms electronically that {_patient(r)}'s coverage with "
                       f"{payer(r)} is still active and how much of the deductible is left."),
        ),
        "X12 837P": (
            lambda r: (f"{r.choice(_DOCTORS)}'s practice sends {payer(r)} the claim for {_patient(r)}'s office "
                       "visit, through a clearinghouse."),
            lambda r: (f"A physical therapy practice bills {payer(r)} electronically for {_patient(r)}'s "
                       f"{r.choice(('three', 'four', 'six'))} sessions this month."),
        ),
        "X12 837I": (
            lambda r: (f"A hospital bills {payer(r)} electronically for {_patient(r)}'s "
                       f"{r.choice(('two', 'three', 'five'))}-day inpatient stay."),
        ),
        "X12 276/277": (
            lambda r: (f"{r.choice(('Thirty', 'Forty', 'Forty-five'))} days after sending {_patient(r)}'s claim, the "
                       f"biller has heard nothing and asks {payer(r)} electronically where the claim stands."),
            lambda r: (f"The biller's system asks {payer(r)} whether {_patient(r)}'s claim is pending, paid or "
                       "denied, and reads the coded status that comes back."),
        ),
        "X12 835": (
            lambda r: (f"{_cap(payer(r))} reports electronically what it paid on {_patient(r)}'s claim, the "
                       "contractual adjustment, and the coinsurance left to the patient."),
            lambda r: (f"The payment poster receives the electronic remittance advice that explains each "
                       f"adjustment on {_patient(r)}'s claim with a group code and a reason code."),
        ),
    }


@template("rc-transaction", CHAPTER, "Name the HIPAA X12 transaction that carries a step of the cycle")
def transaction(rng: random.Random, ex_id: str) -> Made:
    """Single choice: which standard transaction a described exchange uses."""
    pool = _transactions()
    right = rng.choice(sorted(pool))
    situation = rng.choice(pool[right])(rng)
    options = shuffled(rng, right, sorted(pool), n=5)
    jobs = {"X12 270/271": "asks and answers whether coverage is active and what the benefits are",
            "X12 837P": "carries a professional claim (the CMS-1500's electronic twin)",
            "X12 837I": "carries an institutional claim, such as a hospital stay (the UB-04's twin)",
            "X12 276/277": "asks and answers where a claim stands",
            "X12 835": "is the electronic remittance advice: payments, adjustments and the reasons for them"}
    prompt = f"**Case.** {situation}\n\nWhich HIPAA standard transaction carries this exchange?"
    explanation = (f"The {right} {jobs[right]}. HIPAA adopted the X12 005010 standards for each exchange: "
                   + "; ".join(f"{k} {v}" for k, v in jobs.items() if k != right) + ".")
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=FEE_DOMAINS,
                    topic="rc-transaction", source=X12_SOURCE, case=True,
                    hints=["Ask who sends the message, and whether it is a question, a claim or a payment report.",
                           "Professional and institutional claims have different versions of the 837."])


# --------------------------------------------------------------------------- the money of a Medicare visit


_ASKS = {
    "medicare": "How much does **Medicare** pay on this line?",
    "patient": "How much does **the patient** owe in total for this line (deductible plus coinsurance)?",
    "adjustment": "What **contractual adjustment** does the payment poster write off?",
}


def _priced_codes() -> list[tuple[str, Decimal, Decimal]]:
    """(code, practice charge, national non-facility Medicare amount) for the synthetic practices' office services
    that Medicare covers with the usual deductible and coinsurance (no preventive services without cost sharing)."""
    from revcycle.core.errors import RevcycleError
    from revcycle.payment.adjudication import NO_COST_SHARING
    from revcycle.payment.fees import pfs_payment
    from revcycle.synthetic import CHARGE_PER_UNIT, VISIT_TYPES

    office = sorted({code for v in VISIT_TYPES if v.place_of_service == "11" and "medicare" in v.payer_kinds
                     for spec in v.lines for code in spec.procedures} - NO_COST_SHARING)
    out = []
    for code in office:
        try:
            pay = pfs_payment(code, setting="non-facility").payment
        except RevcycleError:
            continue
        if Decimal(0) < pay < CHARGE_PER_UNIT[code]:
            out.append((code, CHARGE_PER_UNIT[code], pay))
    return out


def _unmet_deductible(rng: random.Random, allowed: Decimal) -> Decimal:
    """Whole dollars of Part B deductible still unmet: often none, usually less than the allowed amount."""
    draw = rng.random()
    if draw < 0.4:
        return Decimal(0)
    if draw < 0.85 or allowed >= 240:
        return Decimal(rng.randrange(5, int(allowed)))
    return Decimal(rng.randrange(int(allowed) + 1, 250))


@template("rc-medicare-share", CHAPTER, "Split a Medicare line into Medicare's payment, coinsurance and write-off")
def medicare_share(rng: random.Random, ex_id: str) -> Made:
    """Numeric: Medicare's payment, the patient's total or the contractual adjustment for one Part B line."""
    from revcycle.payment.patient_share import patient_share

    code, charge, allowed = rng.choice(_priced_codes())
    unmet = _unmet_deductible(rng, allowed)
    share = patient_share(allowed, deductible_remaining=unmet, coinsurance_rate="0.20")
    ask = rng.choice(sorted(_ASKS))
    key = {"medicare": share.payer_pays, "patient": share.patient_total, "adjustment": charge - allowed}[ask]
    visit = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 340))
    deductible = ("The 271 eligibility response shows the Part B deductible for the year is already met."
                  if not unmet else
                  f"The 271 eligibility response shows that {money(unmet)} of the Part B deductible is still unmet.")
    prompt = (f"**Case.** {_patient(rng)}, a synthetic Original Medicare patient, is seen on {_day(visit)} for a "
              f"service reported with code {code}. The practice's charge is {money(charge)}; Medicare's allowed "
              f"amount is {money(allowed)}. {deductible} The practice is a participating provider.\n\n"
              f"{_ASKS[ask]} (Ignore sequestration.)")
    explanation = (f"The contractual adjustment is charge minus allowed: {money(charge)} - {money(allowed)} = "
                   f"{money(charge - allowed)}; a participating provider accepts the allowed amount as the full "
                   f"charge. The unmet deductible comes off the allowed amount first: {money(share.deductible_applied)}"
                   f" to the deductible leaves {money(allowed - share.deductible_applied)}. Part B pays 80% of that "
                   f"({money(share.payer_pays)}) and the patient owes 20% coinsurance "
                   f"({money(share.coinsurance)}), so the patient's total is {money(share.patient_total)}. Check: "
                   f"{money(share.payer_pays)} + {money(share.patient_total)} + {money(charge - allowed)} = "
                   f"{money(charge)}.")
    return exercise(ex_id, "numeric", prompt, str(key), explanation, unit="$", tolerance="0.01",
                    domains=FEE_DOMAINS, topic="rc-medicare-share", source=SHARE_SOURCE, case=True,
                    hints=["Medicare's and the patient's shares are figured from the allowed amount, not the charge.",
                           "Take any unmet deductible off first; the 80/20 split applies to what is left."])
