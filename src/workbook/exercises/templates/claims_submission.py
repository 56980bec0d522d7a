"""Templates for the chapter claims-submission: fill in CMS-1500 items from a synthetic visit, Medicare's timely
filing deadline, the scrubber's finding on a claim with a planted error, and where a value sits in the 837P.

Claims come from :mod:`revcycle.synthetic`; keys are read off the :class:`revcycle.claims.Claim`, computed by
:mod:`revcycle.claims.filing` and :mod:`revcycle.claims.scrubber`, or taken from :mod:`revcycle.x12.elements`.
"""

from __future__ import annotations

import copy
import random
import re
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from workbook.errors import WorkbookError
from workbook.exercises.templates import template
from workbook.exercises.templates.base import FEE_DOMAINS, Made, exercise, money, on, shuffled
from workbook.exercises.templates.base import long_date as _day

if TYPE_CHECKING:
    from revcycle.claims import Claim, Finding, ServiceLine

CHAPTER = "claims-submission"
FORM_SOURCE = ("Medicare Claims Processing Manual (Pub. 100-04), ch. 26 (CMS-1500 items); CMS Place of Service "
               "code set; ICD-10-CM FY2027")
FILING_SOURCE = ("42 CFR 424.44(a) (one calendar year from the date of service); Medicare Claims Processing Manual, "
                 "ch. 1, section 70 (professional claims count from the 'from' date; February 29 -> February 28)")
X12_SOURCE = "ASC X12 837P 005010X222A1, adopted by 45 CFR 162.1102 (the loops and elements in revcycle.x12.elements)"

#: How a prompt says where the visit happened, for each place-of-service code the synthetic visits use.
PLACES = {"11": "in the practice's office", "10": "by video, with the patient at home",
          "22": "in the hospital's on-campus outpatient department", "23": "in the hospital emergency department",
          "24": "at an ambulatory surgical center"}
RELATION = {"spouse": "spouse", "child": "parent", "other": "policyholder"}


def _mdy(d: date) -> str:
    return f"{d:%m/%d/%Y}"


def _claims(rng: random.Random, n: int = 40) -> list[Claim]:
    """A seeded batch of clean synthetic claims (the seed comes from ``rng``)."""
    from revcycle import synthetic

    return synthetic.claims(n, seed=rng.randrange(1, 1_000_000))


def _title(code: str) -> str:
    """The ICD-10-CM title of a diagnosis (public domain), from the release the book teaches."""
    from revcycle.codes import icd10cm

    return icd10cm.describe(code, on=on()).title


def _units(value: Decimal) -> str:
    return format(value.normalize(), "f")


# --------------------------------------------------------------------------- fill in the claim


def _line_text(line: ServiceLine, diagnoses: list[str]) -> str:
    """One service in words: the code, modifiers, units at the chargemaster price, and what it was for."""
    from revcycle.synthetic import CHARGE_PER_UNIT

    mods = f" with modifier {' and '.join(line.modifiers)}" if line.modifiers else ""
    count = "1 unit" if line.units == 1 else f"{_units(line.units)} units"
    pointed = [diagnoses["ABCDEFGHIJKL".index(p)] for p in line.pointers]
    why = " and ".join(f"`{d}`" for d in pointed)
    return (f"code {line.procedure}{mods}, {count} at the chargemaster price of "
            f"{money(CHARGE_PER_UNIT[line.procedure])} a unit, for {why}")


Field = tuple[str, str, str]


def _claim_items(claim: Claim) -> tuple[list[Field], dict[str, str]]:
    """The items asked (patient, diagnoses, line 1, total) and their values, read off the claim."""
    p, ins, line, dx = claim.patient, claim.insured, claim.lines[0], claim.diagnoses
    asked: list[tuple[Field, str]] = [
        (("1a", "Insured's ID number", "text"), ins.member_id),
        (("3", "Patient's birth date", "date"), _mdy(p.birth_date)),
        (("6", "Patient's relationship to the insured (self, spouse, child or other)", "text"), claim.relationship),
        (("21A", "Diagnosis A", "code"), dx[0]),
    ]
    if len(dx) > 1:
        asked.append((("21B", "Diagnosis B", "code"), dx[1]))
    asked += [(("24A", "Date of service, line 1 (from)", "date"), _mdy(line.from_date)),
              (("24B", "Place of service, line 1", "code"), line.place_of_service),
              (("24D", "Procedure code, line 1 (without modifiers)", "code"), line.procedure)]
    if len(line.pointers) == 1:
        asked.append((("24E", "Diagnosis pointer, line 1 (one letter)", "text"), line.pointers))
    asked += [(("24F", "Charges, line 1", "number"), str(line.charge)),
              (("24G", "Units, line 1", "number"), _units(line.units))]
    if len(claim.lines) > 1:
        asked.append((("28", "Total charge", "number"), str(claim.total_charge)))
    return [f for f, _v in asked], {f[0]: v for f, v in asked}


def _visit_text(claim: Claim) -> str:
    """The visit as the front desk and the coder recorded it, in words (no item numbers)."""
    p, ins, line, dx = claim.patient, claim.insured, claim.lines[0], claim.diagnoses
    doctor = claim.rendering_provider
    seen_by = f"{doctor.first_name} {doctor.last_name}" if doctor else "a clinician"
    holder = ("The patient is the policyholder." if claim.relationship == "self" else
              f"The policyholder is the patient's {RELATION[claim.relationship]}, {ins.first_name} {ins.last_name}, "
              f"born {_day(ins.birth_date)}.")
    diagnoses = "; ".join(f"`{d}` ({_title(d)})" for d in dx)
    services = "\n".join(f"{n}. {_line_text(x, dx)}" for n, x in enumerate(claim.lines, 1))
    return (f"**Case.** {p.first_name} {p.last_name}, a synthetic patient born {_day(p.birth_date)}, receives care "
            f"from {seen_by} of {claim.billing_provider.name} on {_day(line.from_date)}, "
            f"{PLACES[line.place_of_service]}. The card is from {claim.payer.name} and shows member ID "
            f"{ins.member_id}. {holder}\n\nThe coder lists the diagnoses in this order: {diagnoses}. The services, "
            f"in line order:\n\n{services}")


@template("clm-claim-fill", CHAPTER, "Fill in CMS-1500 items from a synthetic visit")
def claim_fill(rng: random.Random, ex_id: str) -> Made:
    """Claim: patient, diagnosis and line-1 items of a synthetic claim; every value is read off the Claim."""
    claim = rng.choice(_claims(rng))
    line = claim.lines[0]
    fields, answer = _claim_items(claim)
    prompt = _visit_text(claim) + "\n\nFill in these items of the CMS-1500."
    mods = f" (modifier {' '.join(line.modifiers)} goes in the modifier columns)" if line.modifiers else ""
    total = (f" Item 28 is the sum of the lines: {' + '.join(money(x.charge) for x in claim.lines)} = "
             f"{money(claim.total_charge)}." if len(claim.lines) > 1 else "")
    explanation = (f"1a is the member ID from the card, {claim.insured.member_id}; item 3 is the patient's own birth "
                   f"date; item 6 is {claim.relationship}. Item 21 lists the diagnoses in the coder's order, "
                   f"lettered A, B and so on. Line 1: 24A {_mdy(line.from_date)}; 24B {line.place_of_service} "
                   f"({_place_name(line.place_of_service)}); 24D {line.procedure}{mods}; 24E points at the letter of "
                   f"the diagnosis the line is for; 24F = {_units(line.units)} x the unit price = "
                   f"{money(line.charge)}; 24G {_units(line.units)}.{total}")
    return exercise(ex_id, "claim", prompt, answer, explanation, fields=fields, domains=FEE_DOMAINS,
                    topic="clm-claim-fill", source=FORM_SOURCE, case=True,
                    hints=["24B takes the two-digit CMS place-of-service code for where the visit happened.",
                           "24F is the line's charge: units times the price of one unit; item 28 adds up every line."])


def _place_name(code: str) -> str:
    from revcycle.codes import pos

    return pos.describe(code).name


# --------------------------------------------------------------------------- timely filing


def _service_day(rng: random.Random) -> date:
    """A date of service from 2024 to 2027, now and then a February 29."""
    if rng.random() < 0.15:
        return date(rng.choice((2024, 2028)), 2, 29)
    return date(2024, 1, 1) + timedelta(days=rng.randrange(0, 4 * 365))


@template("clm-filing-deadline", CHAPTER, "Find Medicare's timely filing deadline for a date of service")
def filing_deadline(rng: random.Random, ex_id: str) -> Made:
    """Single choice: the last day Medicare can receive the claim (revcycle.claims.filing)."""
    from revcycle.claims.filing import medicare_deadline

    start = _service_day(rng)
    span = rng.random() < 0.3
    end = start + timedelta(days=rng.randrange(2, 20)) if span else start
    right = _day(medicare_deadline(start))
    wrong = [_day(start + timedelta(days=90)), _day(date(start.year, 12, 31)), _day(date(start.year + 1, 12, 31)),
             _day(start + timedelta(days=365)), _day(start + timedelta(days=366))]
    if span:
        wrong.insert(0, _day(medicare_deadline(end)))
    options = shuffled(rng, right, wrong)
    when = (f"a series of services reported on one line of a professional claim, from {_day(start)} through "
            f"{_day(end)}" if span else f"a service on {_day(start)}")
    prompt = (f"An Original Medicare claim for {when} has not been sent yet. What is the last day Medicare can "
              "receive it?")
    why = ("A professional claim line counts from its 'from' date (item 24A). " if span else "")
    leap = (" There is no February 29 in the next year, so the deadline is February 28."
            if (start.month, start.day) == (2, 29) else "")
    explanation = (f"{why}Medicare must receive the claim within one calendar year of the date of service: "
                   f"{_day(start)} -> {right}.{leap} A later claim is denied for timely filing (CARC 29) unless "
                   "one of the regulation's narrow exceptions applies.")
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=FEE_DOMAINS,
                    topic="clm-filing-deadline", source=FILING_SOURCE,
                    hints=["Medicare counts one calendar year from the date of service, not from the end of a year.",
                           "On a professional claim, the clock starts at the line's 'from' date."])


@template("clm-filing-days-left", CHAPTER, "Count the days left before Medicare's timely filing deadline")
def filing_days_left(rng: random.Random, ex_id: str) -> Made:
    """Numeric: days from today to the deadline, 0 on the last day (revcycle.claims.filing)."""
    from revcycle.claims.filing import days_left, medicare_deadline

    service = _service_day(rng)
    today = service + timedelta(days=rng.randrange(30, 365))
    left = days_left(service, today)
    deadline = medicare_deadline(service)
    prompt = (f"**Case.** On {_day(today)}, a biller finds an Original Medicare claim that was never sent for a "
              f"service on {_day(service)}. How many days are left before Medicare's timely filing deadline? "
              "(Count the deadline day itself as the last day: 0 would mean today is the last day.)")
    explanation = (f"The deadline is one calendar year after the date of service: {_day(deadline)}. From "
                   f"{_day(today)} to {_day(deadline)} is {left} days.")
    return exercise(ex_id, "numeric", prompt, str(left), explanation, unit="days", decimals=0,
                    domains=FEE_DOMAINS, topic="clm-filing-days-left", source=FILING_SOURCE, case=True,
                    hints=["Find the deadline first: the same month and day one year after the service "
                           "(February 29 becomes February 28).",
                           "Then count the days from today to that date, month by month."])


# --------------------------------------------------------------------------- the scrubber's finding

#: The planted errors a learner can find from the claim as printed (MUE needs the CMS table; 59-X is a warning).
PLANTED = ("dx_invalid", "dx_header", "dx_seventh", "ptr_empty", "ptr_missing", "proc_unknown", "mod25", "ncci",
           "npi", "total", "late", "date_order", "before_birth", "sex")
#: Each edit's finding in this book's words (NPI edits share one).
FINDINGS = {
    "DX-INVALID": "A diagnosis in item 21 does not exist in ICD-10-CM at all, not even as a heading",
    "DX-HEADER": "A diagnosis in item 21 is a heading with codes below it, not a billable code",
    "DX-7TH": "An injury code in item 21 is missing its required 7th character",
    "DX-SEX": "A pregnancy code is on the claim of a patient recorded as male",
    "PTR-EMPTY": "A diagnosis pointer in 24E names an empty slot of item 21",
    "PTR-MISSING": "A service line has no diagnosis pointer in 24E",
    "PROC-UNKNOWN": "A procedure code in 24D is not a valid CPT or HCPCS code",
    "MOD-25": "Modifier 25 is on a line that is not an E/M visit",
    "NCCI-PTP": "The visit and a same-day procedure form an NCCI pair, and the visit lacks modifier 25",
    "NPI": "An NPI on the claim fails the check-digit test",
    "TOTAL": "Item 28 does not equal the sum of the line charges",
    "TIMELY": "The claim goes to Medicare more than one calendar year after the date of service",
    "DATE-ORDER": "A line's 'to' date is earlier than its 'from' date",
    "DATE-BIRTH": "The date of service is before the patient's birth date",
}


#: Findings a learner could read as the same problem: never offered together.
CONFUSABLE = ({"DX-INVALID", "DX-HEADER", "DX-7TH"}, {"MOD-25", "NCCI-PTP"})


def _distractors(right_key: str) -> list[str]:
    """Every other finding that cannot be mistaken for ``right_key``."""
    close = set().union(*(group for group in CONFUSABLE if right_key in group))
    return [text for key, text in FINDINGS.items() if key != right_key and key not in close]


def _finding_key(edit_id: str) -> str:
    return "NPI" if edit_id.startswith("NPI-") else edit_id


def _claim_table(claim: Claim) -> str:
    """The claim as the biller sees it on screen: the items the edits read, as Markdown tables."""
    p = claim.patient
    rendering = claim.rendering_provider.npi if claim.rendering_provider else claim.billing_provider.npi
    dx = "  ".join(f"{'ABCDEFGHIJKL'[i]}. {d}" for i, d in enumerate(claim.diagnoses))
    head = ("| Item | Value |\n|---|---|\n"
            f"| 1 | {claim.payer.name} |\n"
            f"| 3 | born {_mdy(p.birth_date)}, sex {p.sex} |\n"
            f"| 21 | {dx} |\n"
            f"| 28 | {money(claim.total_charge)} |\n"
            f"| 31 | sent {_mdy(claim.submitted_on) if claim.submitted_on else ''} |\n"
            f"| 33a | {claim.billing_provider.npi} |\n")
    rows = "\n".join(f"| {n} | {_mdy(x.from_date)} | {_mdy(x.to_date)} | {x.place_of_service} | {x.procedure} "
                     f"{' '.join(x.modifiers)} | {x.pointers} | {money(x.charge)} | {_units(x.units)} | "
                     f"{x.rendering_npi or rendering} |" for n, x in enumerate(claim.lines, 1))
    lines = ("| Line | 24A from | to | 24B | 24D | 24E | 24F | 24G | 24J |\n"
             "|---|---|---|---|---|---|---|---|---|\n" + rows)
    return head + "\n" + lines


def _planted(rng: random.Random) -> tuple[Claim, list[Finding]]:
    """A synthetic claim with one planted error of a drawn kind, and its fatal findings (all of one edit)."""
    from revcycle.claims import scrub
    from revcycle.synthetic import ERROR_KINDS

    batch = _claims(rng, 120)
    for kind in rng.sample(PLANTED, len(PLANTED)):
        for original in rng.sample(batch, len(batch)):
            claim = copy.deepcopy(original)
            if not ERROR_KINDS[kind][0](claim, rng):
                continue
            fatal = [f for f in scrub(claim) if f.severity == "fatal"]
            if len({_finding_key(f.edit_id) for f in fatal}) == 1:
                return claim, fatal
    raise WorkbookError("Could not plant an error the scrubber finds alone; the synthetic claims look wrong.")


@template("clm-scrub-finding", CHAPTER, "Find the error the claim scrubber flags on a synthetic claim")
def scrub_finding(rng: random.Random, ex_id: str) -> Made:
    """Single choice: the one fatal finding on a claim with one planted error (revcycle's scrubber decides)."""
    claim, fatal = _planted(rng)
    found = fatal[0]
    right = FINDINGS[_finding_key(found.edit_id)]
    options = shuffled(rng, right, _distractors(_finding_key(found.edit_id)))
    prompt = (f"**Case.** Before sending claim {claim.claim_id}, the biller runs the scrubber, which stops it with "
              f"one fatal finding. The claim:\n\n{_claim_table(claim)}\n\nWhich problem did the scrubber find?")
    explanation = (f"Edit {found.edit_id} (item {found.item}): {found.message} The other choices describe edits this "
                   "claim passes.")
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=FEE_DOMAINS,
                    topic="clm-scrub-finding", source=found.source, case=True,
                    hints=["Check the claim block by block: item 21 codes, each line's pointers and modifiers, the "
                           "total, the NPIs' check digits, and the dates against birth and sending.",
                           "Only one thing is wrong; every other value on the claim is as it should be."])


# --------------------------------------------------------------------------- where a value sits in the 837P


def _segment(ref: str) -> str:
    """The segment ID of an element reference: "CLM02" -> "CLM", "SV101-02" -> "SV1", "HI01-02" -> "HI"."""
    found = re.match(r"^(.+?)\d\d(-\d\d)?$", ref)
    if found is None:
        raise WorkbookError(f"Element reference {ref!r} has no segment ID.")
    return found.group(1)


def _where(loop: str, ref: str) -> str:
    return f"{_segment(ref)} segment, loop {loop}"


def _value(claim: Claim, ref: str) -> str:
    """How the claim's value for the element looks to the biller."""
    line = claim.lines[0]
    return {"CLM01": claim.claim_id, "CLM02": money(claim.total_charge),
            "HI01-02": " and ".join(claim.diagnoses), "SV101-02": line.procedure,
            "SV101-03": " ".join(line.modifiers), "SV102": money(line.charge), "SV104": _units(line.units),
            "SV107-01": line.pointers}[ref]


def _written(ref: str) -> str:
    """How the 837P writes a value differently from the paper form, where it does."""
    return {"HI01-02": " The 837P writes each code without its period (E11.9 as E119).",
            "SV107-01": " The 837P writes the pointer as the diagnosis's number (A as 1, B as 2).",
            "CLM02": " The amount is written without the dollar sign.",
            "SV102": " The amount is written without the dollar sign."}.get(ref, "")


@template("clm-837-segment", CHAPTER, "Name the 837P segment and loop that carry a claim value")
def segment_837(rng: random.Random, ex_id: str) -> Made:
    """Single choice: the segment and loop of an 837P element (from revcycle's element table)."""
    import revcycle.x12.elements as el

    claim = rng.choice(_claims(rng))
    asked = [el.CLAIM_ID, el.TOTAL_CHARGE, el.DIAGNOSIS, el.PROCEDURE, el.LINE_CHARGE, el.UNITS, el.POINTER]
    if claim.lines[0].modifiers:
        asked.append(el.MODIFIER)
    element = rng.choice(asked)
    table = [v for v in vars(el).values() if isinstance(v, el.Element) and v.loop[:1].isdigit()]
    right = _where(element.loop, element.ref)
    options = shuffled(rng, right, sorted({_where(e.loop, e.ref) for e in table}))
    p = claim.patient
    prompt = (f"**Case.** The biller opens the 837P built from claim {claim.claim_id} ({p.first_name} {p.last_name}, "
              f"{len(claim.lines)} line{'s' if len(claim.lines) > 1 else ''}) to check {element.name}: "
              f"**{_value(claim, element.ref)}**"
              + (" (line 1)" if element.loop == "2400" else "") + ". Which segment carries it?")
    explanation = (f"{element.name[:1].upper()}{element.name[1:]} is element {element.ref} of the "
                   f"{_segment(element.ref)} segment in loop {element.loop}. In the 837P's claim loop, CLM holds the "
                   "claim's account number and total, HI the diagnoses, and one SV1 per service line (loop 2400) "
                   "the code, modifiers, charge, units and diagnosis pointers."
                   + _written(element.ref))
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=FEE_DOMAINS,
                    topic="clm-837-segment", source=X12_SOURCE, case=True,
                    hints=["Ask whether the value belongs to the whole claim (loop 2300) or to one service line "
                           "(loop 2400).",
                           "CLM, HI and SV1 carry most of what items 21, 24 and 28 hold."])
