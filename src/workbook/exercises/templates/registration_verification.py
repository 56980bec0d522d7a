"""Templates for the chapter registration-verification: who pays first (:mod:`revcycle.payment.cob` decides), what
the patient will owe (:mod:`revcycle.payment.patient_share`) and the ABN (:mod:`revcycle.compliance.abn`)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from workbook.errors import WorkbookError
from workbook.exercises.templates import template
from workbook.exercises.templates.base import FEE_DOMAINS, Made, exercise, money, shuffled
from workbook.exercises.templates.base import long_date as _day

if TYPE_CHECKING:
    from revcycle.payment.cob import CoverageCase
    from revcycle.payment.coverage import Coverage
    from revcycle.payment.patient_share import PatientShare

CHAPTER = "registration-verification"
MSP_SOURCE = ("42 CFR 411.101, 411.162, 411.170-411.172 and 411.200-411.206 (Medicare Secondary Payer); "
              "CMS Medicare Secondary Payer Manual, ch. 2")
NAIC_SOURCE = "NAIC Coordination of Benefits Model Regulation (MDL-120), section 6 (order of benefit determination)"
SHARE_SOURCE = ("The plan's cost sharing as the X12 271 reports it (45 CFR 162.1202); deductible first, then "
                "coinsurance or copay, capped by the out-of-pocket maximum")
ABN_SOURCE = ("Medicare Claims Processing Manual (Pub. 100-04), ch. 30, section 50; HCPCS Level II modifiers GA, "
              "GX, GY and GZ")

_FIRST = ("Maria", "James", "Aiyana", "Wei", "Fatima", "Robert", "Lena", "Samuel", "Rosa", "Ahmed", "Grace", "Kofi",
          "Ingrid", "Diego", "Mei", "Tomas")
_LAST = ("Testpatient", "Sampleperson", "Fakename", "Notreal", "Madeup", "Exampleton", "Imaginary", "Noone")
_PRACTICES = ("Riverbend Family Practice", "Maple Street Specialty Group", "Hillcrest Family Practice",
              "Lakeside Internal Medicine")
_EMPLOYERS = ("Fernhill Tools", "Quillmoor Foods", "Sampleton Logistics", "Placeholder Printing", "Examplewood Mills",
              "Testbrook Savings", "Mockridge Hardware", "Dummyville Dairy", "Fictiona Software", "Makebelieve Bank")


def _name(rng: random.Random) -> str:
    """A made-up name from the synthetic pools."""
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


# --------------------------------------------------------------------------- coverage situations

Situation = tuple["CoverageCase", str]


def _size(rng: random.Random, threshold: int) -> int:
    """An employer size: sometimes exactly at the threshold, otherwise clearly below or above it."""
    draw = rng.random()
    if draw < 0.15:
        return threshold
    if draw < 0.55:
        return rng.randrange(2, threshold)
    return rng.randrange(threshold + 1, threshold * 25)


def _plan(kind: str, employer: str, holder: str = "self", size: int | None = None,
          birthday: date | None = None, since: date | None = None) -> Coverage:
    from revcycle.payment.coverage import Coverage

    label = {"employer": f"{employer} group health plan", "retiree": f"{employer} retiree plan",
             "cobra": f"COBRA coverage from {employer}",
             "workers_comp": f"Workers' compensation carrier of {employer}"}[kind]
    return Coverage(label, kind, holder, size, birthday, since)


def _program(kind: str, name: str) -> Coverage:
    from revcycle.payment.coverage import Coverage

    return Coverage(name, kind)


def _aged(rng: random.Random, name: str) -> Situation:
    """65 or older, group coverage through their own or their spouse's current job."""
    from revcycle.payment.cob import AGED_EMPLOYER_SIZE, CoverageCase

    age, employer = rng.randrange(65, 85), rng.choice(_EMPLOYERS)
    holder = rng.choice(("self", "spouse"))
    size = _size(rng, AGED_EMPLOYER_SIZE)
    plan = _plan("employer", employer, holder, size)
    how = (f"still works full time at {employer}, which has {size:,} employees, and is covered by its group health "
           "plan through that job" if holder == "self" else
           f"is covered as a spouse on the group health plan of {employer}, where the spouse works now; "
           f"{employer} has {size:,} employees")
    return CoverageCase(name, age, (_program("medicare", "Medicare"), plan)), f"{name}, {age}, has Medicare and {how}."


def _former(rng: random.Random, name: str) -> Situation:
    """65 or older with a retiree plan or COBRA: not coverage through current employment."""
    from revcycle.payment.cob import CoverageCase

    age, employer = rng.randrange(65, 85), rng.choice(_EMPLOYERS)
    kind = rng.choice(("retiree", "cobra"))
    size = rng.randrange(40, 5000)
    plan = _plan(kind, employer, "self", size)
    how = (f"retired from {employer} ({size:,} employees) and keeps its retiree plan" if kind == "retiree" else
           f"left {employer} ({size:,} employees) last month and kept its group plan under COBRA")
    return CoverageCase(name, age, (_program("medicare", "Medicare"), plan)), f"{name}, {age}, has Medicare, {how}."


def _disabled(rng: random.Random, name: str) -> Situation:
    """Under 65 with Medicare for a disability, covered through a family member's current job."""
    from revcycle.payment.cob import DISABLED_EMPLOYER_SIZE, CoverageCase

    age, employer = rng.randrange(30, 65), rng.choice(_EMPLOYERS)
    size = _size(rng, DISABLED_EMPLOYER_SIZE)
    plan = _plan("employer", employer, "spouse", size)
    case = CoverageCase(name, age, (_program("medicare", "Medicare"), plan), medicare_basis="disability")
    return case, (f"{name}, {age}, has Medicare because of a disability and is covered as a spouse on the group "
                  f"health plan of {employer}, where the spouse works now; {employer} has {size:,} employees.")


def _esrd(rng: random.Random, name: str) -> Situation:
    """Medicare because of end-stage renal disease, with group coverage of any kind."""
    from revcycle.payment.cob import CoverageCase

    age, employer = rng.randrange(25, 65), rng.choice(_EMPLOYERS)
    month = rng.randrange(1, 49)
    kind = rng.choice(("employer", "cobra", "retiree"))
    size = rng.randrange(5, 3000)
    plan = _plan(kind, employer, "self", size)
    how = {"employer": f"still works at {employer} ({size:,} employees) and is covered by its group health plan",
           "cobra": f"left {employer} ({size:,} employees) and kept its group plan under COBRA",
           "retiree": f"retired early from {employer} ({size:,} employees) and keeps its retiree plan"}[kind]
    case = CoverageCase(name, age, (_program("medicare", "Medicare"), plan), medicare_basis="esrd",
                        esrd_month=month)
    return case, (f"{name}, {age}, has kidney failure (ESRD) and is in month {month} of Medicare eligibility "
                  f"based on it. The patient {how}.")


MSP_KINDS: tuple[Callable[[random.Random, str], Situation], ...] = (_aged, _aged, _former, _disabled, _esrd)


def _with(case: CoverageCase, extra: Coverage, work_injury: bool = False) -> CoverageCase:
    """``case`` with one more coverage (and, for a workers' compensation carrier, a visit for a work injury)."""
    from dataclasses import replace

    return replace(case, coverages=(*case.coverages, extra), work_injury=work_injury or case.work_injury)


def _three_medicare(rng: random.Random, name: str) -> Situation:
    """A Medicare situation plus Medicaid, TRICARE For Life or a work injury."""
    case, text = rng.choice(MSP_KINDS)(rng, name)
    extra = rng.choice(("medicaid", "tricare", "wc") if case.basis == "age" else ("medicaid",))
    if extra == "medicaid":
        return _with(case, _program("medicaid", "State Medicaid")), text + " The patient also has full Medicaid."
    if extra == "tricare":
        return (_with(case, _program("tricare", "TRICARE For Life")),
                text + " As a military retiree, the patient also has TRICARE For Life.")
    employer = rng.choice([e for e in _EMPLOYERS if e not in text])
    return (_with(case, _plan("workers_comp", employer), work_injury=True),
            text + f" The patient also works part time at {employer}, and today's visit is for a back strain from "
                   f"lifting boxes there; the workers' compensation carrier of {employer} has accepted the claim.")


def _parents(rng: random.Random, child: str, tie: bool = False) -> tuple[Coverage, Coverage, str]:
    """Two parents' employer plans covering a child: (mother's plan, father's plan, the sentence saying so)."""
    mother_year, father_year = rng.randrange(1978, 1996), rng.randrange(1976, 1996)
    mother = date(mother_year, 1, 1) + timedelta(days=rng.randrange(365))
    if (mother.month, mother.day) == (2, 29):
        mother -= timedelta(days=1)
    father = (mother.replace(year=father_year) if tie else
              date(father_year, 1, 1) + timedelta(days=rng.randrange(365)))
    while not tie and (father.month, father.day) == (mother.month, mother.day):
        father += timedelta(days=rng.randrange(1, 200))
    since_m = date(rng.randrange(2012, 2025), rng.randrange(1, 13), 1)
    since_f = date(rng.randrange(2012, 2025), rng.randrange(1, 13), 1)
    while since_f == since_m:
        since_f = since_f.replace(year=since_f.year - 1)
    m_emp, f_emp = rng.sample(_EMPLOYERS, 2)
    last = child.split()[-1]
    m_plan = _plan("employer", m_emp, "child", rng.randrange(20, 900), mother, since_m)
    f_plan = _plan("employer", f_emp, "child", rng.randrange(20, 900), father, since_f)
    first = child.split()[0]
    mother_name = rng.choice([n for n in _FIRST[::2] if n != first])
    father_name = rng.choice([n for n in _FIRST[1::2] if n != first])
    text = (f"The child's mother, {mother_name} {last}, born {_day(mother)}, has the {m_plan.name}, "
            f"which has covered her since {since_m:%B %Y}; the father, {father_name} {last}, born "
            f"{_day(father)}, has the {f_plan.name}, which has covered him since {since_f:%B %Y}. The parents are "
            "married and live together.")
    return m_plan, f_plan, text


def _three_child(rng: random.Random, name: str) -> Situation:
    """A child on both parents' plans (or TRICARE and a parent's plan) who also has Medicaid."""
    from revcycle.payment.cob import CoverageCase

    age = rng.randrange(2, 16)
    if rng.random() < 0.5:
        m_plan, f_plan, text = _parents(rng, name)
        covs: tuple[Coverage, ...] = (m_plan, f_plan, _program("medicaid", "State Medicaid"))
        return CoverageCase(name, age, covs), f"{name}, {age}, is covered by both parents' plans. {text} " \
                                              "The child also has Medicaid."
    employer = rng.choice(_EMPLOYERS)
    plan = _plan("employer", employer, "child", rng.randrange(20, 900))
    covs = (_program("tricare", "TRICARE Select"), plan, _program("medicaid", "State Medicaid"))
    return CoverageCase(name, age, covs), (
        f"{name}, {age}, is covered by TRICARE Select as the child of a military retiree, and by the "
        f"{plan.name} through the other parent's current job. The child also has Medicaid.")


@template("reg-cob-order", CHAPTER, "Put a patient's three coverages in the order they are billed")
def cob_order(rng: random.Random, ex_id: str) -> Made:
    """Ordering: three coverages; the key is revcycle's payer order (MSP, NAIC, TRICARE and Medicaid rules)."""
    from revcycle.payment.cob import payer_order

    name = _name(rng)
    case, text = (_three_medicare if rng.random() < 0.7 else _three_child)(rng, name)
    order = payer_order(case)
    answer = [c.label for c in order.payers]
    options = [c.label for c in case.coverages]
    rng.shuffle(options)
    prompt = (f"**Case.** {text}\n\nPut the coverages in the order the practice bills them for today's visit, the "
              "one that pays first at the top.")
    explanation = " ".join(order.reasons) + f" So the order is: {', then '.join(answer)}."
    return exercise(ex_id, "ordering", prompt, answer, explanation, options=options, domains=FEE_DOMAINS,
                    topic="reg-cob-order", source="; ".join(order.sources), case=True,
                    hints=["Settle Medicare against any group plan first (job status, employer size, ESRD month), "
                           "then place TRICARE and Medicaid.",
                           "Medicaid is the payer of last resort; TRICARE pays after other health insurance except "
                           "Medicaid; workers' compensation pays first for a work injury."])


@template("reg-msp-select", CHAPTER, "Pick the Medicare patients whose group health plan pays before Medicare")
def msp_select(rng: random.Random, ex_id: str) -> Made:
    """Multiple choice: five Medicare Secondary Payer situations; the key is each case's payer order."""
    from revcycle.payment.cob import payer_order

    for _ in range(200):
        picked = [rng.choice(MSP_KINDS)(rng, _name(rng)) for _ in range(5)]
        texts = [text for _case, text in picked]
        first = [payer_order(case).primary.kind != "medicare" for case, _text in picked]
        if len(set(texts)) == 5 and any(first) and not all(first):
            break
    else:  # pragma: no cover - 200 draws of 5 always mix both answers
        raise WorkbookError("Could not draw a mix of Medicare Secondary Payer situations.")
    answer = [t for t, f in zip(texts, first, strict=True) if f]
    reasons = [payer_order(case).reasons[-1] for case, _text in picked]
    day = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 360))
    prompt = (f"On {_day(day)}, the front desk at {rng.choice(_PRACTICES)} asks five synthetic Medicare patients the "
              "Medicare Secondary Payer questions. For which of them does the **group health plan** pay before "
              "Medicare? Select all that apply.")
    explanation = " ".join(f"{t.split(',')[0]}: {r}" for t, r in zip(texts, reasons, strict=True))
    return exercise(ex_id, "multiple", prompt, answer, explanation, options=texts, domains=FEE_DOMAINS,
                    topic="reg-msp-select", source=MSP_SOURCE,
                    hints=["Retiree and COBRA coverage are not coverage through current employment, except during "
                           "the 30-month ESRD coordination period.",
                           "The employer-size threshold is 20 employees for the working aged and 100 for "
                           "disability; both count 'or more'."])


@template("reg-birthday-rule", CHAPTER, "Apply the birthday rule to a child on both parents' plans")
def birthday_rule(rng: random.Random, ex_id: str) -> Made:
    """Single choice: which parent's plan pays first; the key is revcycle's NAIC order."""
    from revcycle.payment.cob import CoverageCase, payer_order

    child = _name(rng)
    tie = rng.random() < 0.2
    m_plan, f_plan, text = _parents(rng, child, tie=tie)
    case = CoverageCase(child, rng.randrange(1, 17), (f_plan, m_plan))
    order = payer_order(case)
    first, second = order.payers
    p_first, p_second = (first.holder_birthday, second.holder_birthday)
    if p_first is None or p_second is None or first.since is None or second.since is None:
        raise WorkbookError("The birthday rule needs both parents' birth dates and plan start dates.")
    who = {m_plan.name: "the mother", f_plan.name: "the father"}
    if tie:
        right = f"The {first.name}: the birthdays match, so the plan that has covered its parent longer pays first"
    else:
        right = f"The {first.name}, because {who[first.name]}'s birthday comes earlier in the calendar year"
    wrong = [f"The {second.name}, because {who[second.name]}'s birthday comes earlier in the calendar year",
             "Each plan pays half of the allowed amount"]
    if p_second.year < p_first.year:
        wrong.append(f"The {second.name}, because {who[second.name]} is the older parent")
    if second.since < first.since:
        wrong.append(f"The {second.name}, because it has covered the family longer")
    if second is f_plan:
        wrong.append(f"The {second.name}, because the father's plan always pays first for a child")
    options = shuffled(rng, right, wrong)
    prompt = f"**Case.** {child} is covered by both parents' employer plans. {text}\n\nWhich plan pays first?"
    dates = (f" The mother's birthday is {p_first:%B} {p_first.day} and the father's {p_second:%B} {p_second.day}"
             if first is m_plan else
             f" The father's birthday is {p_first:%B} {p_first.day} and the mother's {p_second:%B} {p_second.day}")
    explanation = " ".join(order.reasons) + dates + "."
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=FEE_DOMAINS,
                    topic="reg-birthday-rule", source=NAIC_SOURCE, case=True,
                    hints=["Compare the parents' birthdays by month and day only; the year does not count.",
                           "Length of coverage decides only when the two birthdays fall on the same day."])


# --------------------------------------------------------------------------- the patient's share


def _visit_allowed(rng: random.Random, codes: tuple[str, ...]) -> tuple[str, Decimal]:
    """A code and a commercial plan's allowed amount for it (a multiple of the national Medicare fee)."""
    from revcycle.core.money import to_cents
    from revcycle.payment.fees import pfs_payment

    code = rng.choice(codes)
    multiple = Decimal(rng.randrange(110, 160)) / 100
    return code, to_cents(pfs_payment(code).payment * multiple)


Share = tuple[str, Decimal, str, "PatientShare", str]


def _copay_visit(rng: random.Random) -> Share:
    """An office visit on a plan with an office-visit copay: (code, allowed, terms, share, working)."""
    from revcycle.payment.patient_share import patient_share

    code, allowed = _visit_allowed(rng, ("99212", "99213", "99214", "99203"))
    copay = Decimal(rng.choice((20, 25, 30, 35, 40, 50)))
    share = patient_share(allowed, copay=copay)
    terms = f"a {money(copay)} copay for office visits (the deductible does not apply to office visits)"
    work = (f"The office-visit copay applies instead of the deductible and coinsurance: the patient owes "
            f"{money(share.copay)} and the plan pays {money(share.payer_pays)}.")
    return code, allowed, terms, share, work


def _coinsurance_service(rng: random.Random, capped: bool) -> Share:
    """A procedure under deductible and coinsurance, sometimes near the out-of-pocket maximum."""
    from revcycle.payment.patient_share import patient_share

    code, allowed = _visit_allowed(rng, ("11102", "17110", "20610", "93000", "97110"))
    unmet = Decimal(rng.choice((0, rng.randrange(10, int(allowed)), rng.randrange(int(allowed), 1500))))
    rate = Decimal(rng.choice((10, 20, 25, 30))) / 100
    natural = patient_share(allowed, deductible_remaining=unmet, coinsurance_rate=rate)
    oop = None
    if capped:
        oop = Decimal(rng.randrange(int(unmet), max(int(unmet) + 1, int(natural.patient_total))))
    share = patient_share(allowed, deductible_remaining=unmet, coinsurance_rate=rate, oop_remaining=oop)
    deductible = "the deductible is met" if not unmet else f"{money(unmet)} of the deductible is still unmet"
    cap = "" if oop is None else f", and {money(oop)} is left before the out-of-pocket maximum"
    terms = f"{rate * 100:.0f}% coinsurance after the deductible; {deductible}{cap}"
    capping = (f", but the out-of-pocket maximum caps the patient's total at {money(oop)}"
               if share.capped_by_oop and oop is not None else "")
    work = (f"Deductible first: {money(share.deductible_applied)}. Coinsurance on the remaining "
            f"{money(allowed - share.deductible_applied)}: {money(natural.coinsurance)}{capping}. The patient owes "
            f"{money(share.patient_total)}; the plan pays {money(share.payer_pays)}.")
    return code, allowed, terms, share, work


@template("reg-checkin-share", CHAPTER, "Work out what the patient will owe from the eligibility response")
def checkin_share(rng: random.Random, ex_id: str) -> Made:
    """Numeric: the patient's share of one service from the 271's copay, deductible, coinsurance and OOP maximum."""
    patient = _name(rng)
    plan = rng.choice(("Example Health Plan PPO", "Sample Community HMO", "Examplewood Mills group health plan"))
    kind = rng.choice(("copay", "coinsurance", "coinsurance", "capped"))
    code, allowed, terms, share, work = (_copay_visit(rng) if kind == "copay"
                                         else _coinsurance_service(rng, capped=kind == "capped"))
    prompt = (f"**Case.** {patient} checks in for a service reported with code {code}. The 271 response from the "
              f"{plan} shows the coverage active, with {terms}. The plan's allowed amount for the service is "
              f"{money(allowed)}, and the practice is in its network.\n\nHow much should {patient} expect to owe "
              "for this service in total?")
    return exercise(ex_id, "numeric", prompt, str(share.patient_total), work, unit="$", tolerance="0.01",
                    domains=FEE_DOMAINS, topic="reg-checkin-share", source=SHARE_SOURCE, case=True,
                    hints=["Work from the allowed amount, not the practice's charge.",
                           "Take any unmet deductible first, then the coinsurance on what is left; a remaining "
                           "out-of-pocket maximum caps the total."])


# --------------------------------------------------------------------------- the ABN

NOT_NECESSARY = (
    "a screening test that Medicare covers only at a set interval, when the patient's last one was too recent",
    "a blood test ordered for a diagnosis that the Medicare contractor's coverage policy for the test does not list",
    "a repeat imaging study that the coverage policy allows once a year, when the patient already had one this year",
)
EXCLUDED = ("a routine hearing exam", "an eye exam to prescribe eyeglasses", "a cosmetic procedure to smooth wrinkles")
COVERED = ("a follow-up visit for the patient's diabetes", "an office visit for a new cough",
           "a visit to recheck the patient's blood pressure")

_OUTCOMES = {
    "GA": "Bill Medicare with modifier GA; the patient pays if Medicare denies",
    "GZ": "Bill Medicare with modifier GZ; the practice absorbs the loss if Medicare denies",
    "GY": "Bill Medicare with modifier GY; the patient pays",
    "GX GY": "Bill Medicare with modifiers GX and GY; the patient pays",
    "none": "Bill Medicare with no ABN modifier; no ABN was needed",
    "option 2": "Do not bill Medicare; the patient pays the practice directly",
    "option 3": "Bill nothing: the service is not given",
}


def _outcome(claim: str, modifiers: tuple[str, ...]) -> str:
    """The option text for revcycle's ABN decision."""
    if claim.startswith("no claim"):
        return _OUTCOMES["option 3"]
    if claim == "do not bill Medicare":
        return _OUTCOMES["option 2"]
    return _OUTCOMES[" ".join(modifiers) or "none"]


@template("reg-abn", CHAPTER, "Decide the ABN modifier and who pays for an Original Medicare service")
def abn(rng: random.Random, ex_id: str) -> Made:
    """Single choice: the claim line and liability after an ABN situation; the key is revcycle's ABN decision."""
    from revcycle.compliance.abn import EXPECTATIONS, abn_decision

    patient = _name(rng)
    expectation = rng.choice(("not_necessary", "not_necessary", "excluded", "covered"))
    signed, option = False, None
    if expectation == "not_necessary":
        service = rng.choice(NOT_NECESSARY)
        signed = rng.random() < 0.7
        option = rng.choice((1, 1, 2, 3)) if signed else None
        why = "The practice expects Medicare to deny it as not reasonable and necessary."
    elif expectation == "excluded":
        service = rng.choice(EXCLUDED)
        signed = rng.random() < 0.5
        option = 1 if signed else None
        why = ("Medicare never covers it. The patient has a supplemental plan that wants a Medicare denial first, so "
               "the patient asks the practice to send the claim to Medicare.")
    else:
        service = rng.choice(COVERED)
        why = "Medicare is expected to pay for it."
    decision = abn_decision(expectation, abn_signed=signed, option=option)
    if expectation == "covered":
        notice = "The practice gave no notice."
    elif option is None:
        notice = "No ABN (Form CMS-R-131) was given."
    else:
        form = "a voluntary notice" if expectation == "excluded" else "an ABN (Form CMS-R-131)"
        notice = (f"Before the service the practice gave the patient {form}; the patient read it, checked option "
                  f"{option} of the three and signed it.")
    right = _outcome(decision.claim, decision.modifiers)
    options = shuffled(rng, right, list(_OUTCOMES.values()))
    prompt = (f"**Case.** {patient}, a synthetic Original Medicare patient, is scheduled for {service}. {why} "
              f"{notice}\n\nWhat does the practice do about the claim, and who pays?")
    explanation = (f"{EXPECTATIONS[expectation]}. ABN required: {'yes' if decision.abn_required else 'no'}. "
                   f"{decision.explanation}")
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=FEE_DOMAINS,
                    topic="reg-abn", source=ABN_SOURCE, case=True,
                    hints=["First decide whether Medicare is expected to pay, to deny the service as not reasonable "
                           "and necessary, or never covers it. The notice's options, in order: have the service and "
                           "bill Medicare; have it and pay without a claim; do not have it.",
                           "GA and GZ are for expected denials (with and without a signed ABN); GX and GY are for "
                           "services Medicare never covers."])
