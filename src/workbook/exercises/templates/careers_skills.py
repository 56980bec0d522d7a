"""Templates for the chapter careers-skills: detail errors on a claim line, NPI check digits, a compliant query and
explaining a Medicare bill, as the chapter's worked examples teach them."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from workbook.errors import WorkbookError
from workbook.exercises.spec import candidates
from workbook.exercises.templates import template
from workbook.exercises.templates.base import FEE_DOMAINS, ICD_DOMAINS, Made, billable, exercise, icd, money, on
from workbook.exercises.templates.base import doctor_name as _provider
from workbook.exercises.templates.base import long_date as _day
from workbook.exercises.templates.base import patient_name as _patient

CHAPTER = "careers-skills"
#: Everyday outpatient diagnoses for the second diagnosis box; each one's parent is a heading (tests check both).
EVERYDAY_DX = ("E11.9", "E78.5", "J45.909", "M54.50", "R05.9", "K21.9", "F41.1", "N39.0", "J02.9", "E03.9",
               "G43.909", "M17.11", "J30.9")
#: The office visits the synthetic practice bills, with its own list prices.
VISITS = ("99212", "99213", "99214")
#: Month/day pairs that are not on any 2026 calendar.
NOT_A_DAY = ((2, 29), (2, 30), (2, 31), (4, 31), (6, 31), (9, 31), (11, 31))
QUERY_SOURCE = "AHIMA and ACDIS, Guidelines for Achieving a Compliant Query Practice (2022 update)"


def _practice(rng: random.Random) -> str:
    from revcycle.synthetic.pools import PRACTICE_NAMES

    return f"{rng.choice(PRACTICE_NAMES)} Family Practice"


@cache
def _injury_codes() -> tuple[str, ...]:
    """Initial-encounter limb injuries seen in an office (sprains, strains, contusions, fractures, lacerations,
    abrasions), complete in FY2026 and FY2027 alike, whose first six characters are a heading."""
    from revcycle.claims.detail import FY2026_START

    cm = icd()
    kinds = ("sprain", "strain", "contusion", "fracture", "laceration without foreign body", "abrasion")
    return tuple(c for c in billable() if c[0] == "S" and "40" <= c[1:3] <= "99" and len(c) == 8 and c.endswith("A")
                 and c[-2] != "X" and cm.is_billable(c, on=FY2026_START)
                 and not cm.is_billable(c[:-1], on=on()) and not cm.is_billable(c[:-1], on=FY2026_START)
                 and any(k in cm.title(c, on=on()).lower() for k in kinds))


def _unassigned_pos() -> list[str]:
    """Two-digit codes CMS has not assigned as places of service (the project's POS table omits them)."""
    from revcycle.codes import pos

    assigned = {p.code for p in pos.all_codes()}
    return [f"{n:02d}" for n in range(1, 100) if f"{n:02d}" not in assigned]


def _mistyped_npi(rng: random.Random, good: str) -> str:
    """A one-digit slip in ``good`` (a changed digit or two neighbours swapped) that fails the check digit."""
    from revcycle.codes import npi

    for _ in range(100):
        digits = list(good)
        if rng.random() < 0.5:
            i = rng.randrange(1, 10)
            digits[i] = str((int(digits[i]) + rng.randrange(1, 10)) % 10)
        else:
            i = rng.randrange(1, 9)
            digits[i], digits[i + 1] = digits[i + 1], digits[i]
        typed = "".join(digits)
        if typed != good and not npi.is_valid_npi(typed):
            return typed
    raise WorkbookError("Could not make a mistyped NPI; the NPI module looks broken.")


@dataclass(frozen=True)
class _Line:
    """What the biller typed, box by box, before the engine reads it."""

    patient: str
    service: str
    pos: str
    procedure: str
    dx_a: str
    dx_b: str
    npi: str
    units: str
    charge: str


def _draw_line(rng: random.Random, as_of: date) -> tuple[_Line, str, str]:
    """A claim line with one to four planted detail errors; also the two diagnoses' documented titles."""
    from revcycle.codes import npi
    from revcycle.synthetic.pools import CHARGEMASTER

    cm = icd()
    kinds = ["date", "pos", "dx_a", "dx_b", "npi", "units"]
    planted = rng.sample(kinds, rng.randint(1, 4))
    injury = rng.choice(_injury_codes())
    everyday = rng.choice(EVERYDAY_DX)
    good_npi = npi.make_npi(rng)
    if "date" in planted and rng.random() < 0.5:
        month, day = rng.choice(NOT_A_DAY)
        service = f"{month:02d}/{day:02d}/2026"
    elif "date" in planted:
        service = f"{as_of + timedelta(days=rng.randint(2, 40)):%m/%d/%Y}"
    else:
        service = f"{as_of - timedelta(days=rng.randint(1, 20)):%m/%d/%Y}"
    visit = rng.choice(VISITS)
    line = _Line(
        patient=_patient(rng), service=service,
        pos=rng.choice(_unassigned_pos()) if "pos" in planted else "11", procedure=visit,
        dx_a=injury[:-1] if "dx_a" in planted else injury,
        dx_b=everyday[:-1].rstrip(".") if "dx_b" in planted else everyday,
        npi=_mistyped_npi(rng, good_npi) if "npi" in planted else good_npi,
        units="0" if "units" in planted else "1", charge=f"{CHARGEMASTER[visit]:.2f}")
    return line, cm.title(injury, on=on()), cm.title(everyday, on=on())


@template("skills-detail-errors", CHAPTER, "Spot the detail errors on a claim line that software can catch")
def detail_errors(rng: random.Random, ex_id: str) -> Made:
    """A claim summary with planted invalid values; the key is what the project's detail checks flag."""
    from revcycle.claims.detail import ClaimLine, check_line, source_of

    as_of = date(2026, 3, 2) + timedelta(days=rng.randint(0, 200))  # inside FY2026, the engine's code-set year
    line, injury_title, everyday_title = _draw_line(rng, as_of)
    claim = ClaimLine.read("L1", line.patient, line.service, line.pos, line.procedure, (line.dx_a, line.dx_b),
                           line.npi, line.units, line.charge)
    found = check_line(claim, as_of)
    provider = _provider(rng)
    note = (f"{_practice(rng)}. Patient [{line.patient}], seen on [{line.service}] in the [office], place of service "
            f"[{line.pos}]. Procedure [{line.procedure}]. Diagnosis A [{line.dx_a}] (the note documents: "
            f"{injury_title.lower()}); diagnosis B [{line.dx_b}] (the note documents: {everyday_title.lower()}). "
            f"Rendering provider {provider}, NPI [{line.npi}]. Units [{line.units}]; charge [{line.charge}].")
    brackets = candidates(note)
    wrong = list(dict.fromkeys(f.value for f in found))
    if not wrong or not set(wrong) <= set(brackets) or len(set(brackets)) != len(brackets):
        raise WorkbookError(f"The detail checks flagged {wrong}, which the note cannot offer as {brackets}.")
    answer = [b for b in brackets if b in wrong]
    prompt = (f"**Case.** On {_day(as_of)} a biller proofreads a synthetic claim summary before the day's batch goes "
              "out. Select every bracketed value that is a **detail error**: a value that cannot be right on this "
              "claim whatever the visit was (not a real date or a complete code, an unassigned place of service, an "
              "NPI that fails its check digit, a date after today, units that cannot be billed).")
    why = " ".join(f"`{f.value}`: {f.message}" for f in found)
    fine = ", ".join(b for b in brackets if b not in wrong)
    explanation = (f"The detail checks flag {len(answer)} value{'s' if len(answer) != 1 else ''}. {why} "
                   f"The other values ({fine}) are possible on a claim; whether they match the visit is a question "
                   "only the record answers.")
    sources = "; ".join(dict.fromkeys(source_of(f) for f in found))
    return exercise(ex_id, "spot", prompt, answer, explanation, note=note, source=sources,
                    topic="skills-detail-errors", domains=FEE_DOMAINS, case=True,
                    hints=["Check the calendar and today's date, the code sets, and the NPI's last digit.",
                           "Injury codes need a seventh character; a code with codes below it is a heading."])


@template("skills-npi-check-digit", CHAPTER, "Pick the NPI whose check digit is right")
def npi_check_digit(rng: random.Random, ex_id: str) -> Made:
    """Three one-digit slips and the real NPI: only the Luhn check over 80840 tells them apart."""
    from revcycle.codes import npi

    good = npi.make_npi(rng)
    slips: list[str] = []
    while len(slips) < 3:
        typed = _mistyped_npi(rng, good)
        if typed not in slips:
            slips.append(typed)
    options = [good, *slips]
    rng.shuffle(options)
    provider = _provider(rng)
    prompt = (f"Four synthetic NPIs were typed into the provider file for {provider}. Three of them carry a typing "
              "error. Which one passes the NPI check-digit test?")
    parts = [f"{o}: the first nine digits {o[:9]} call for check digit {npi.check_digit(o[:9])}"
             f"{', and it is' if o == good else f', not {o[9]}'}" for o in options]
    explanation = ("The tenth digit of an NPI is the Luhn check digit computed over the prefix 80840 followed by "
                   "the first nine digits (the same as adding 24 to the plain Luhn sum). " + "; ".join(parts)
                   + f". Only {good} passes.")
    return exercise(ex_id, "single", prompt, good, explanation, options=options,
                    source="45 CFR 162.406; CMS, NPI standard (Luhn check digit over the prefix 80840)",
                    topic="skills-npi-check-digit", domains=FEE_DOMAINS,
                    hints=["Compute the Luhn check digit of 80840 followed by the first nine digits.",
                           "Options that share their first nine digits need different last digits to be right."])


@dataclass(frozen=True)
class _Case:
    """A record whose clinical indicators point at a condition no note names."""

    patient_context: str
    indicators: str
    condition: str
    alternative: str


def _query_case(rng: random.Random) -> _Case:
    """One of several synthetic records, its lab values drawn from ``rng``."""
    kind = rng.randrange(5)
    if kind == 0:
        a, b = rng.randint(124, 131), rng.randint(126, 133)
        return _Case("admitted with pneumonia",
                     f"serum sodium {a} mmol/L on day 1 and {b} mmol/L on day 2 (the lab's range starts at 135); "
                     "fluid restriction ordered; sodium checks every 12 hours", "Hyponatremia", "")
    if kind == 1:
        k = Decimal(rng.randint(27, 33)) / 10
        return _Case("admitted for a COPD exacerbation",
                     f"serum potassium {k:.1f} mmol/L (the lab's range starts at 3.5); oral potassium chloride "
                     "ordered; repeat level in the morning", "Hypokalemia", "")
    if kind == 2:
        a1c = Decimal(rng.randint(85, 112)) / 10
        return _Case("seen for diabetes follow-up",
                     f"A1c {a1c:.1f}% this month; metformin dose increased; the note says \"sugars running high\"",
                     "Type 2 diabetes mellitus with hyperglycemia", "Type 2 diabetes mellitus without complications")
    if kind == 3:
        before, after = Decimal(rng.randint(118, 135)) / 10, Decimal(rng.randint(68, 84)) / 10
        return _Case("on the second day after a hip replacement",
                     f"hemoglobin {before:.1f} g/dL before surgery and {after:.1f} g/dL on day 2; one unit of "
                     "packed red cells transfused", "Acute blood loss anemia",
                     "Expected operative blood loss, not clinically significant")
    base, peak = Decimal(rng.randint(8, 11)) / 10, Decimal(rng.randint(19, 29)) / 10
    return _Case("admitted with vomiting and poor intake",
                 f"creatinine {base:.1f} mg/dL at the last clinic visit and {peak:.1f} mg/dL on admission; IV fluids "
                 "started; creatinine rechecked daily", "Acute kidney injury", "")


@template("skills-compliant-query", CHAPTER, "Choose the compliant provider query for a documentation gap")
def compliant_query(rng: random.Random, ex_id: str) -> Made:
    """The record shows indicators and treatment but no diagnosis: which draft query keeps to the query rules?"""
    case = _query_case(rng)
    patient, provider = _patient(rng), _provider(rng)
    choices = " / ".join(c for c in (case.condition, case.alternative, "Other (please specify)",
                                     "Clinically undetermined") if c)
    compliant = (f"\"The record shows {case.indicators}. Based on your clinical judgment, can a related diagnosis be "
                 f"documented? {choices}.\"")
    deadline = rng.choice(("Friday", "the end of the day", "noon tomorrow"))
    condition = case.condition.lower()
    wrong = {
        f"\"Please document {condition}; it will raise the reimbursement for this case.\"":
            "The reimbursement draft mentions payment, which a query must never do",
        f"\"The record shows {case.indicators}. Please confirm {condition} by adding it to your note.\"":
            "The \"please confirm\" draft shows the evidence but names the only answer it will accept",
        f"\"Coding will report {condition} unless you object by {deadline}.\"":
            "The \"coding will report\" draft presumes the answer, though a coder may not assign a diagnosis "
            "the provider has not documented",
        f"\"Documenting {condition} would improve your quality scores. Can you add it?\"":
            "The quality-scores draft mentions the provider's profile and leads toward one answer",
        f"\"Does the patient have {condition}? Yes or no.\"":
            "The yes/no draft asks about a condition documented nowhere in the record and shows no evidence",
    }
    shown = rng.sample(sorted(wrong), 3)
    options = [compliant, *shown]
    rng.shuffle(options)
    prompt = (f"**Case.** {patient}, a synthetic patient {case.patient_context}, has this in the record: "
              f"{case.indicators}. No note names a diagnosis for these findings. {provider} is the attending "
              "provider. Which draft query is **compliant**?")
    faults = " ".join(f"{wrong[o]}." for o in options if o in wrong)
    explanation = ("The compliant query shows the provider the clinical indicators from the record, asks a neutral "
                   "question, and offers the clinically reasonable choices together with \"other\" and "
                   f"\"clinically undetermined\". {faults} The coder codes only what the provider then documents.")
    return exercise(ex_id, "single", prompt, compliant, explanation, options=options, source=QUERY_SOURCE,
                    topic="skills-compliant-query", domains=ICD_DOMAINS, case=True,
                    hints=["A compliant query shows the evidence and leaves the answer open.",
                           "Look for money, quality scores, a single choice, or an answer already decided."])


@template("skills-explain-bill", CHAPTER, "Work out the parts of a Medicare bill to explain it to a patient")
def explain_bill(rng: random.Random, ex_id: str) -> Made:
    """Charge, approved amount, Medicare's 80 percent, the patient's 20 percent and the write-off."""
    from revcycle.payment import fees
    from revcycle.payment.patient_share import patient_share
    from revcycle.practice.cycle import COINSURANCE_RATE
    from revcycle.synthetic.pools import CHARGEMASTER

    visit = rng.choice(VISITS)
    locality = rng.choice(fees.localities())
    allowed = fees.pfs_payment(visit, locality=locality.key).payment
    charge = CHARGEMASTER[visit]
    share = patient_share(allowed, deductible_remaining=0, coinsurance_rate=COINSURANCE_RATE)
    written_off = charge - allowed
    asked = rng.choice(("coinsurance", "medicare", "write-off"))
    question, answer = {
        "coinsurance": ("How much coinsurance does the patient owe?", share.coinsurance),
        "medicare": ("How much did Medicare pay?", share.payer_pays),
        "write-off": ("How much does the practice write off (the contractual adjustment)?", written_off),
    }[asked]
    patient = _patient(rng)
    where = f"{locality.name.strip('*')} ({locality.state})"
    prompt = (f"**Case.** {patient}, a synthetic Medicare patient, calls about the statement for an office visit "
              f"(CPT {visit}). The practice charged {money(charge)}; Medicare's approved amount in the payment "
              f"locality {where} is {money(allowed)}. The patient's Part B deductible was already met and the "
              f"practice accepts assignment. {question} (Ignore sequestration.)")
    payer_rate = 1 - COINSURANCE_RATE
    explanation = (f"Medicare Part B pays {payer_rate:.0%} of the approved amount once the deductible is met: "
                   f"{payer_rate} x {money(allowed)} = {money(share.payer_pays)}. The patient's coinsurance is the "
                   f"other {COINSURANCE_RATE:.0%}: {money(share.coinsurance)}. Because the practice accepts "
                   f"assignment, the charge above the approved amount is written off: {money(charge)} - "
                   f"{money(allowed)} = {money(written_off)}. Check: {money(share.payer_pays)} + "
                   f"{money(share.coinsurance)} + {money(written_off)} = {money(charge)}.")
    return exercise(ex_id, "numeric", prompt, str(answer), explanation, unit="$", tolerance="0.01",
                    source="42 CFR 410.152 (amounts of payment); 42 CFR 424.55 (assignment); CY2026 PFS",
                    topic="skills-explain-bill", domains=FEE_DOMAINS, case=True,
                    hints=["The shares are figured from Medicare's approved amount, not from the practice's charge.",
                           "Charge = Medicare's payment + the patient's coinsurance + the amount written off."])


__all__ = ["compliant_query", "detail_errors", "explain_bill", "npi_check_digit"]
