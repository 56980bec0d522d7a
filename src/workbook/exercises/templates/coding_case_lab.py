"""Templates for the coding case lab: short notes drawn from a seed and coded on claim fields. An injection with its
drug units, laceration repairs whose lengths add up, and an office visit levelled by total time.

Every key comes from the library: the units from :mod:`revcycle.codes.drug_units` and the HCPCS file, the repair
code from :mod:`revcycle.coding.surgery.repair`, the visit code from :mod:`revcycle.coding.em`; the templates only
tell the story. Patients and clinicians are synthetic.
"""

from __future__ import annotations

import random
from decimal import Decimal

from revcycle.codes import drug_units, hcpcs
from revcycle.coding import em
from revcycle.coding.surgery import repair
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, doctor_name, exercise, patient_name

DOMAINS = ("CPC", "CPB", "CCA")
CHAPTER = "coding-case-lab"
#: Drugs a nurse gives into a muscle in these notes: (HCPCS code, the note's name, doses to draw, dose unit).
DRUGS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("J0696", "ceftriaxone", ("250", "500", "1000", "2000"), "mg"),
    ("J1885", "ketorolac", ("15", "30", "60"), "mg"),
    ("J1010", "methylprednisolone acetate", ("40", "80", "120"), "mg"),
    ("J1100", "dexamethasone sodium phosphate", ("4", "8", "10"), "mg"),
)
#: Simple repairs of these sites share one anatomic group, so their lengths add.
BODY_SITES = ("scalp", "back", "chest", "forearm", "arm", "thigh", "leg")
FIELDS_NOTE = "Write one code per field, without a hyphen."


@template("lab30-injection-units", CHAPTER, "Code an intramuscular drug injection and its billing units from the dose")
def injection_units(rng: random.Random, ex_id: str) -> Made:
    """Draw a drug and a dose; the HCPCS description's amount per unit gives the units (rounded up)."""
    code, name, doses, unit = rng.choice(DRUGS)
    dose = rng.choice(doses)
    per = drug_units.for_code(code)
    assert per is not None  # every drug in DRUGS names an amount per unit
    units = drug_units.billing_units(dose, unit, per)
    prompt = (f"**Case.** Office, commercial plan. {patient_name(rng)} receives **{dose} {unit} of {name}** "
              f"intramuscularly, given by the nurse on {doctor_name(rng)}'s order; no visit is billed. The drug is "
              f"reported with {code} ({hcpcs.describe(code).description}).\n\nFill in line 1 (the injection) and "
              f"line 2 (the drug) of item 24. {FIELDS_NOTE}")
    fields = [("24D.1", "Line 1 (the injection): CPT code", "code"),
              ("24D.2", "Line 2 (the drug): HCPCS code", "code"), ("24G.2", "Line 2: units", "number")]
    answer = {"24D.1": "96372", "24D.2": code, "24G.2": str(units)}
    explanation = (f"**96372** for the intramuscular injection, and **{code} x {units}**: {dose} {unit} divided by "
                   f"{per} a unit, rounded up to a whole unit.")
    return exercise(ex_id, "claim", prompt, answer, explanation, fields=fields, domains=DOMAINS, case=True,
                    topic="lab30-injection-units", source="CMS HCPCS Level II file; Medicare Claims Processing Manual "
                    "(Pub. 100-04), ch. 17, sec. 10", hints=["Read the amount at the end of the HCPCS description.",
                                                           "Divide the dose by it and round up."])


@template("lab30-laceration", CHAPTER, "Code simple repairs of several wounds by adding the lengths in one group")
def laceration(rng: random.Random, ex_id: str) -> Made:
    """Draw two or three simply repaired wounds of the scalp, trunk or limbs; revcycle's repair rule codes them."""
    sites = rng.sample(BODY_SITES, rng.choice((2, 3)))
    lengths = [Decimal(rng.randint(5, 60)) / 10 for _ in sites]
    lines = repair.code_repairs([repair.Wound.of(s, n, "simple") for s, n in zip(sites, lengths, strict=True)])
    (line,) = lines  # one group, one line
    wounds = "; ".join(f"{site} {n} cm" for site, n in zip(sites, lengths, strict=True))
    prompt = (f"**Case.** Urgent care. {patient_name(rng)} cut themself in a fall. {doctor_name(rng)} closes "
              f"each wound in a single layer (simple repair): **{wounds}**. No other service is billed.\n\n"
              f"Fill in line 1 of item 24 (the repair). {FIELDS_NOTE}")
    total = sum(lengths, Decimal(0))
    explanation = (f"**{line.code}**. Simple repairs of the scalp, trunk and limbs are one group, so the lengths "
                   f"add: {' + '.join(str(n) for n in lengths)} = {total} cm.")
    return exercise(ex_id, "claim", prompt, {"24D.1": line.code}, explanation,
                    fields=[("24D.1", "Line 1 (the repair): CPT code", "code")], domains=DOMAINS, case=True,
                    topic="lab30-laceration", source="CPT repair (closure) guidelines; revcycle.coding.surgery.repair",
                    hints=["Add the lengths of repairs of the same complexity and anatomic group."])


@template("lab30-visit-time", CHAPTER, "Choose an office visit code from the total time documented on the day")
def visit_time(rng: random.Random, ex_id: str) -> Made:
    """Draw new or established and a total time at or above the lowest threshold; revcycle.coding.em picks the code."""
    patient = rng.choice(("new", "established"))
    while True:
        minutes = rng.randint(10, 75)
        code = em.code_for_time(patient, minutes)
        if code is not None:
            break
    prompt = (f"**Case.** Office. {patient_name(rng)} is a **{patient}** patient. {doctor_name(rng)} documents "
              f"**{minutes} minutes** of total time on the date of the visit and chooses the level by time; no "
              f"procedure is done.\n\nFill in line 1 of item 24 (the visit). {FIELDS_NOTE}")
    explanation = (f"**{code}**: the highest {patient}-patient office code whose time threshold "
                   f"({em.TIME_THRESHOLDS[code]} minutes) {minutes} minutes reaches.")
    return exercise(ex_id, "claim", prompt, {"24D.1": code}, explanation,
                    fields=[("24D.1", "Line 1 (the visit): CPT code", "code")], domains=DOMAINS, case=True,
                    topic="lab30-visit-time", source="CPT office E/M guidelines (time); revcycle.coding.em",
                    hints=["New and established patients have different codes and thresholds.",
                           "The time must reach the code's threshold."])
