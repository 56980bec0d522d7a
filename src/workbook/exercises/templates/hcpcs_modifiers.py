"""Templates for the chapter hcpcs-modifiers: the modifier a case needs, a HCPCS Level II code from its CMS
description, and drug units from the dose given.

HCPCS Level II codes, descriptions and modifiers come from the CMS January 2026 file through
:mod:`revcycle.codes.hcpcs` (public domain, quoted exactly). CPT modifiers are two digits with the book's own
summaries (:data:`revcycle.codes.cpt.MODIFIERS`, and the chapter's table for 76 and 77). Drug units come from
:mod:`revcycle.codes.drug_units` and the April 2026 MUE table (:mod:`revcycle.codes.ncci`).
"""

from __future__ import annotations

import csv
import gzip
import io
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

from revcycle.codes import cpt, drug_units, hcpcs, ncci
from workbook.errors import WorkbookError
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, shuffled
from workbook.exercises.templates.base import doctor_name as _doctor
from workbook.exercises.templates.base import patient_name as _patient

DOMAINS = ("CPC", "CPB")
HCPCS_SOURCE = "CMS HCPCS Level II file, January 2026 (HCPC2026_JAN_ANWEB)"
UNITS_SOURCE = ("Medicare Claims Processing Manual, ch. 17, section 10; CMS HCPCS Level II file, January 2026; "
                "CMS NCCI practitioner MUE table, April 1, 2026")

#: What each first letter of a HCPCS Level II code reports (the chapter's table, in the book's words).
SECTIONS: dict[str, str] = {
    "A": "ambulance and other transport, medical and surgical supplies",
    "B": "enteral and parenteral nutrition therapy",
    "C": "temporary codes for the hospital outpatient payment system",
    "E": "durable medical equipment",
    "G": "procedures and professional services, often temporary",
    "H": "behavioral health and substance use services for state Medicaid programs",
    "J": "drugs given other than by mouth, and chemotherapy drugs",
    "K": "temporary codes for the DME contractors",
    "L": "orthotics and prosthetics",
    "M": "other medical services and quality-measure codes",
    "P": "pathology and laboratory",
    "Q": "temporary codes",
    "R": "diagnostic radiology services",
    "S": "temporary national codes used by private payers",
    "T": "codes set up for state Medicaid agencies",
    "U": "coronavirus laboratory tests",
    "V": "vision, hearing and speech-language services and items",
}

#: The book's summaries of the two CPT repeat modifiers (the chapter's table; not AMA text).
REPEAT_MODIFIERS = {
    "76": "The same procedure repeated on the same day by the same clinician. (Project summary.)",
    "77": "The same procedure repeated on the same day by another clinician. (Project summary.)",
}


def meaning(modifier: str) -> str:
    """The modifier's meaning: the CMS description for Level II, the book's own summary for CPT modifiers."""
    if modifier.isdigit():
        return cpt.MODIFIERS.get(modifier) or REPEAT_MODIFIERS[modifier]
    found = hcpcs.modifier(modifier)
    return f'CMS description: "{found.description if len(found.description) <= 150 else found.short_description}".'


# --------------------------------------------------------------------------- the modifier a case needs


@dataclass(frozen=True)
class Case:
    """One modifier scenario: the prompt, the right modifier, definitely-wrong distractors, why, and the source."""

    prompt: str
    right: str
    wrong: tuple[str, ...]
    why: str
    source: str


def _side(rng: random.Random) -> Case:
    side, right, other = rng.choice((("right", "RT", "LT"), ("left", "LT", "RT")))
    joint = rng.choice(("knee", "shoulder"))
    return Case(f"**Case.** {_doctor(rng)} injects a steroid into {_patient(rng)}'s **{side} {joint}** at an office "
                f"visit, reported with `20610`. No other procedure is done. Which modifier goes on the 20610 line?",
                right, (other, "50", "76", "59"),
                f"One side of a paired body part takes {right}. {other} is the other side, 50 is for both sides in "
                "one session, and nothing here is repeated or distinct from another procedure.",
                "CMS HCPCS Level II modifier file, January 2026 (LT, RT)")


def _bilateral(rng: random.Random) -> Case:
    joint = rng.choice(("knees", "shoulders"))
    return Case(f"**Case.** In one session, {_doctor(rng)} injects a steroid into **both {joint}** of "
                f"{_patient(rng)}, a Medicare patient, reported with `20610`. Which modifier goes on the single "
                "20610 line?",
                "50", ("RT", "LT", "76", "77"),
                "The same procedure on both sides in one session takes 50. RT or LT alone names only one side, "
                "and 76/77 are for a procedure repeated later, not for the second side.",
                "Medicare Claims Processing Manual, ch. 12, section 40.7")


def _visit_with_procedure(rng: random.Random) -> Case:
    side = rng.choice(("left", "right"))
    problem = rng.choice(("new dizziness and high blood pressure, and starts a new prescription",
                          "a new cough with fever, orders a chest X-ray and prescribes an antibiotic"))
    return Case(f"**Case.** {_patient(rng)} comes in for a planned steroid injection into the {side} knee "
                f"(`20610`, a 0-day global procedure). During the visit, {_doctor(rng)} also evaluates {problem}, "
                "all documented apart from the knee. Which modifier goes on the **E/M** code?",
                "25", ("57", "59", "XE", "24"),
                "A significant, separately identifiable E/M on the day of a minor procedure takes 25. 57 marks "
                "the visit where the decision for surgery was made (here the injection was already planned; and "
                "under Medicare payment policy 57 is only for the day before or the day of a major, 90-day "
                "global operation), 24 is for a visit in a post-operative period, and 59 and the X modifiers "
                "never go on an E/M code.",
                "Medicare Claims Processing Manual, ch. 12, sections 30.6.6 and 40.2; NCCI Policy Manual, ch. I")


def _decision_for_surgery(rng: random.Random) -> Case:
    when = rng.choice(("the day before", "the morning of"))
    operation = rng.choice(("a total knee replacement", "a laparoscopic gallbladder removal"))
    return Case(f"**Case.** At a visit on {when} {operation} (a 90-day global procedure), the surgeon, "
                f"{_doctor(rng)}, examines {_patient(rng)}, reviews the imaging and decides with the patient to "
                "operate. Which modifier goes on the E/M code for that visit?",
                "57", ("25", "24", "59", "XE"),
                "The visit where the decision for surgery is made takes 57. Under Medicare payment policy, a "
                "visit the day before or the day of a major (90-day global) operation falls inside the global "
                "package without it (CPT's own definition names no global period). 25 is for a separate E/M "
                "beside a minor procedure, 24 for a visit after the operation, and 59 or X modifiers never go on "
                "an E/M code.",
                "Medicare Claims Processing Manual, ch. 12, section 40.2")


def _distinct(rng: random.Random) -> Case:
    kind = rng.choice(("XE", "XS"))
    if kind == "XE":
        story = ("does a procedure in the morning; the patient returns in the **afternoon** with a new problem "
                 "and has a second procedure that an NCCI edit normally bundles into the first")
    else:
        story = ("treats two lesions in one session, one on the **back** and one on the **left leg**, with two "
                 "procedures that an NCCI edit normally bundles when done on the same site")
    return Case(f"**Case.** {_doctor(rng)} {story}. The record documents why the second service was separate. "
                "Which modifier, the one CMS prefers, goes on the column 2 code?",
                kind, ("XE", "XS", "XP", "XU", "25"),
                f"The second service was distinct because it was at a separate "
                f"{'encounter' if kind == 'XE' else 'site'}: {kind}. CMS asks for the X modifier that describes the "
                "case rather than the general 59, and 25 is only for E/M visits.",
                "CMS MLN1783722, Proper Use of Modifiers 59, XE, XP, XS, and XU; CMS HCPCS modifier file")


def _component(rng: random.Random) -> Case:
    if rng.random() < 0.5:
        return Case(f"**Case.** A hospital takes a two-view chest X-ray (`71046`) of {_patient(rng)}, and "
                    f"{_doctor(rng)}, a radiologist in private practice, reads it and writes the report. The "
                    "hospital bills its own part separately. Which modifier goes on the radiologist's 71046 line?",
                    "26", ("TC", "59", "76", "GA"),
                    "The radiologist did only the reading and report, the professional component: 26. TC is the "
                    "equipment and staff part, which the hospital bills.",
                    "CMS PFS Relative Value File RVU26C (71046, 71046-26, 71046-TC)")
    return Case(f"**Case.** An imaging center owns the equipment and takes a two-view chest X-ray (`71046`) of "
                f"{_patient(rng)}; an outside radiologist reads it and bills for the reading. Which modifier goes "
                "on the imaging center's 71046 line?",
                "TC", ("26", "59", "77", "GA"),
                "The center supplied only the equipment, staff and supplies, the technical component: TC. 26 is "
                "the radiologist's reading.",
                "CMS PFS Relative Value File RVU26C (71046, 71046-26, 71046-TC)")


def _repeat(rng: random.Random) -> Case:
    same = rng.random() < 0.5
    first, second = _doctor(rng), _doctor(rng)
    while second == first:
        second = _doctor(rng)
    who = "the same physician" if same else f"{second}, another physician of the group,"
    right = "76" if same else "77"
    return Case(f"**Case.** {first} records a 12-lead ECG (`93000`) for {_patient(rng)} in the morning. The chest "
                f"pain returns in the afternoon, and {who} records and reads a second ECG. Which modifier goes on "
                "the second 93000 line?",
                right, ("77" if same else "76", "91", "25", "50"),
                f"The same ECG repeated the same day by {'the same' if same else 'another'} physician takes {right}. "
                "91 is for a repeated laboratory test, 25 only for E/M visits, and 50 for both sides of the body.",
                "AMA CPT modifiers 76 and 77 (book's summary in the chapter 'HCPCS Level II and modifiers')")


def _liability(rng: random.Random) -> Case:
    kind = rng.choice(("GA", "GZ", "GY"))
    patient = _patient(rng)
    story = {
        "GA": (f"{patient} wants a screening test more often than Medicare covers it. Before the test the practice "
               "gives an Advance Beneficiary Notice, and the patient signs it."),
        "GZ": (f"The practice expects Medicare to deny a test for {patient} as not reasonable and necessary, but "
               "no Advance Beneficiary Notice was given before the test."),
        "GY": (f"{patient} has a routine hearing examination for fitting a hearing aid, something Medicare does not "
               "cover by law. The practice bills Medicare so the patient's secondary plan will consider it."),
    }[kind]
    return Case(f"**Case.** {story} Which modifier goes on the claim line?", kind,
                ("GA", "GZ", "GY", "JW"),
                "GA means a signed ABN is on file, GZ that a denial for medical necessity is expected with no ABN, "
                "GY that the service is excluded by law or is not a Medicare benefit.",
                "Medicare Claims Processing Manual, ch. 30 (financial liability protections); CMS HCPCS modifier "
                "file")


def _discarded(rng: random.Random) -> Case:
    waste = rng.random() < 0.5
    patient = _patient(rng)
    story = ("The nurse gives the whole contents of a single-dose vial; nothing is left. Which modifier goes on "
             "the drug's line?" if not waste else
             "The dose uses only part of a single-dose vial, and the rest is discarded and documented. Which "
             "modifier goes on the line that reports the discarded amount?")
    right = "JW" if waste else "JZ"
    return Case(f"**Case.** {patient}, a Medicare patient, receives an injected drug in the office. {story}",
                right, ("JZ" if waste else "JW", "GA", "GZ", "76"),
                "Since July 1, 2023 a single-dose drug line with nothing discarded carries JZ, and a discarded "
                "amount goes on its own line with JW.",
                "Medicare Claims Processing Manual, ch. 17, section 40; CMS HCPCS modifier file (JW, JZ)")


CASES: tuple[Callable[[random.Random], Case], ...] = (_side, _bilateral, _visit_with_procedure, _decision_for_surgery,
                                                      _distinct, _component, _repeat, _liability, _discarded)


@template("hcpm-modifier-for-case", "hcpcs-modifiers", "Choose the modifier a case needs (sides, 25/57, X, 26/TC, "
          "76/77, GA/GZ/GY, JW/JZ)")
def modifier_for_case(rng: random.Random, ex_id: str) -> Made:
    """Read the case and pick the one modifier it calls for."""
    case = rng.choice(CASES)(rng)
    options = shuffled(rng, case.right, case.wrong)
    explanation = f"**{case.right}**. {case.why} {case.right}: {meaning(case.right)}"
    return exercise(ex_id, "single", case.prompt, case.right, explanation, options=options, domains=DOMAINS,
                    case=True, topic="hcpm-modifier-for-case", source=case.source,
                    hints=["Ask what the modifier must tell the payer: a side, a separate service, a part of a "
                           "service, a repeat, or who pays if Medicare says no.",
                           "59 and the X modifiers never go on an E/M code."])


# --------------------------------------------------------------------------- a code from its description


_POOL: dict[str, list[str]] = {}
#: Characters that Markdown or HTML would read as markup in a prompt; descriptions holding them are left out.
MARKUP = re.compile(r"[<>*_`$\\]")
_DRUGS: list[Drug] = []


def _file_rows() -> list[dict[str, str]]:
    raw = resources.files("revcycle.data").joinpath(hcpcs.CODES_FILE).read_bytes()
    return list(csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8"))))


def describable() -> list[str]:
    """Codes billable on January 1, 2026 whose CMS description no other code in the file shares, sorted (short
    descriptions without markup characters only, so the prompt shows them exactly)."""
    if "describable" not in _POOL:
        rows = _file_rows()
        seen = Counter(r["long_description"].strip().lower() for r in rows)
        _POOL["describable"] = sorted(
            r["code"] for r in rows
            if seen[r["long_description"].strip().lower()] == 1 and len(r["long_description"]) <= 200
            and not MARKUP.search(r["long_description"]) and hcpcs.is_valid(r["code"], on=hcpcs.EFFECTIVE))
    return _POOL["describable"]


@template("hcpm-code-from-description", "hcpcs-modifiers", "Find the HCPCS Level II code for a CMS description")
def code_from_description(rng: random.Random, ex_id: str) -> Made:
    """Look up a Level II code from the words CMS gives it, as a coder does with the HCPCS file."""
    code = rng.choice(describable())
    info = hcpcs.describe(code)
    prompt = (f"Which HCPCS Level II code, billable on January 1, 2026, has the CMS description "
              f"**{info.description}**? Type the complete code.")
    return exercise(ex_id, "code", prompt, code,
                    f"{code} is '{info.description}' in the {hcpcs.RELEASE}. Its first letter, {code[0]}, is the "
                    f"section for {SECTIONS.get(code[0], 'its kind of item')}.",
                    system="hcpcs", domains=DOMAINS, topic="hcpm-code-from-description", source=HCPCS_SOURCE,
                    hints=[f"The code is in section {code[0]}: {SECTIONS.get(code[0], 'see the HCPCS file')}.",
                           f"It starts with {code[:3]}."])


# --------------------------------------------------------------------------- drug units


@dataclass(frozen=True)
class Drug:
    """A drug code the units template can use: its CMS description, amount per unit and MUE."""

    code: str
    description: str
    per: drug_units.DrugAmount
    mue: ncci.Mue


def drugs() -> list[Drug]:
    """Injected drugs billable in 2026 whose description ends in one mass amount and that have an MUE of 1 or more
    (implants, given whole, are left out: a part of one is no dose)."""
    if not _DRUGS:
        for r in _file_rows():
            code, text = r["code"], r["long_description"]
            if not (code.startswith("J") and text.lower().startswith("injection") and "implant" not in text.lower()
                    and hcpcs.is_valid(code, on=hcpcs.EFFECTIVE)):
                continue
            per = drug_units.amount_per_unit(hcpcs.describe(code).description)
            limit = ncci.mue(code)
            if per is not None and limit is not None and limit.value >= 1:
                _DRUGS.append(Drug(code, hcpcs.describe(code).description, per, limit))
        _DRUGS.sort(key=lambda d: d.code)
    return _DRUGS


def _shown(mg: Decimal, per: drug_units.DrugAmount, rng: random.Random) -> tuple[Decimal, str]:
    """The dose in the unit a clinician would write it in: sometimes not the unit of the code."""
    unit = per.unit
    if unit == "mg" and mg >= 1000 and rng.random() < 0.6:
        unit = "g"
    elif (unit == "mcg" and mg >= 1 and rng.random() < 0.6) or (unit == "g" and rng.random() < 0.5):
        unit = "mg"
    value = drug_units.convert(mg, "mg", unit)
    return value.normalize(), unit


def _units(n: int) -> str:
    return "unit" if n == 1 else "units"


def _number(value: Decimal) -> str:
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@template("hcpm-drug-units", "hcpcs-modifiers", "Units of a HCPCS drug code from the dose given (round up)")
def drug_units_template(rng: random.Random, ex_id: str) -> Made:
    """Convert the dose to the code's unit, divide by the amount per unit, and round up."""
    pool = drugs()
    if not pool:
        raise WorkbookError("No drug codes with a dose per unit and an MUE were found; the HCPCS data look incomplete.")
    partial = (Decimal("0.5"), Decimal("0.25"), Decimal("0.6"), Decimal("0.8"))
    for _ in range(50):
        drug = rng.choice(pool)
        top = min(drug.mue.value, 600)
        units = rng.randint(max(1, top // 4), top)
        # With a code per 1 mg (or 1 mcg, 1 g) an exact dose would show the answer; give it a part unit.
        fraction = rng.choice(partial if drug.per.amount == 1 else (Decimal(1), Decimal(1), *partial))
        dose_mg = drug.per.milligrams * (units - 1 + fraction)
        dose, unit = _shown(dose_mg, drug.per, rng)
        if dose == dose.quantize(Decimal("0.01")):
            break
    else:  # half a unit more than a whole number of units, in the code's own unit, always prints cleanly
        dose, unit = (drug.per.amount * (units - 1) + drug.per.amount / 2).normalize(), drug.per.unit
    key = drug_units.billing_units(dose, unit, drug.per)
    patient = _patient(rng)
    prompt = (f"**Case.** {patient}, a synthetic patient, receives **{_number(dose)} {unit}** of a drug by "
              f"injection at the clinic. The drug is reported with `{drug.code}`, \"{drug.description}\". How many "
              f"units of {drug.code} go on the claim line?")
    in_code_unit = drug_units.convert(dose, unit, drug.per.unit).normalize()
    exact = in_code_unit / drug.per.amount
    quotient = exact.quantize(Decimal("0.001"))
    explanation = (f"{drug.code} counts {drug.per}. The dose is {_number(dose)} {unit}"
                   + (f" = {_number(in_code_unit)} {drug.per.unit}" if unit != drug.per.unit else "")
                   + f"; {_number(in_code_unit)} / {_number(drug.per.amount)} = {_number(quotient)}"
                   + (f", rounded up to **{key}**" if exact != key else f", exactly **{key}**")
                   + f" {_units(key)}. The April 2026 MUE for {drug.code} is {drug.mue.value} units "
                   f"{'per claim line' if drug.mue.mai == 1 else 'a day'} (MAI {drug.mue.mai}), so {key} "
                   f"{_units(key)} {'is' if key == 1 else 'are'} within it.")
    return exercise(ex_id, "numeric", prompt, str(key), explanation, unit="units", decimals=0, domains=DOMAINS,
                    case=True, topic="hcpm-drug-units", source=UNITS_SOURCE,
                    hints=["Put the dose in the same unit of measure as the code's description before dividing.",
                           "A claim line carries whole units: a part of a unit is rounded up."])
