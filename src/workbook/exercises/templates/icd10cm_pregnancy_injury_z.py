"""Templates for the chapter icd10cm-pregnancy-injury-z: the burn extent code by the rule of nines, the Drug Table
T-code for a drawn drug event, the trimester code of a chapter 15 condition, and whether (and which) BMI code.

Every key comes from :mod:`revcycle.coding.guidelines` (``burns``, ``drugs``, ``obstetrics``, ``bmi``) on the FY 2027
release the book teaches; the templates only tell the story. Patients are synthetic.
"""

from __future__ import annotations

import random
from decimal import Decimal

from revcycle.coding.guidelines import bmi, burns, drugs, obstetrics
from revcycle.core.errors import RuleError
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, icd, on, patient_name, shuffled

CHAPTER = "icd10cm-pregnancy-injury-z"
GUIDELINES = "ICD-10-CM Official Guidelines for Coding and Reporting FY 2026"
DEGREE_WORDS = {2: "second-degree", 3: "third-degree"}
PART_WORDS = {"1": "the whole", "0.5": "half of the"}


def _pct(value: Decimal) -> str:
    """9.0 -> '9', 4.5 -> '4.5', 100 -> '100'."""
    return format(value.normalize(), "f")


def _title(code: str) -> str:
    return str(icd().title(code, on=on()))


# --- burns -------------------------------------------------------------------------------------------------

@template("icdl-burn-extent", CHAPTER, "Add up burned regions by the rule of nines and assign the T31 extent code")
def icdl_burn_extent(rng: random.Random, ex_id: str) -> Made:
    """Two to four regions, each second or third degree, whole or half; the engine sums and codes them."""
    regions = rng.sample([r for r in burns.ADULT_SHARES if r != "genitalia"], rng.randint(2, 4))
    items = [burns.Burn(r, rng.choice([2, 3]), Decimal(rng.choice(["1", "1", "0.5"]))) for r in regions]
    ext = burns.extent(items, on=on())
    told = "; ".join(f"{DEGREE_WORDS[b.degree]} burns of {PART_WORDS[str(b.part)]} {b.region}" for b in items)
    prompt = (f"**Case.** {patient_name(rng)}, an adult, is treated in the emergency department after a house fire. "
              f"The physician documents: {told}.\n\nBy the adult rule of nines, enter the extent code that follows "
              "the site codes.")
    sums = " + ".join(f"{_pct(burns.ADULT_SHARES[b.region] * b.part)}%" for b in items)
    explanation = (f"Total: {sums} = {_pct(ext.total)}%; third degree: {_pct(ext.third_degree)}%. The 4th character "
                   "is the tens "
                   f"of the total, the 5th the tens of the third-degree part: `{ext.code}`, {ext.title}.")
    return exercise(ex_id, "code", prompt, ext.code, explanation, system="icd10cm", case=True,
                    topic="icdl-burn-extent", source=f"{GUIDELINES}, Section I.C.19.d; tabular list, category T31",
                    hints=["Head and neck 9, each arm 9, each leg 18, front and back of the trunk 18 each.",
                           "Depth does not change the total; it decides the third-degree part."])


# --- drugs -------------------------------------------------------------------------------------------------

#: Substances the stories use (rows of the Drug Table) and what each is taken for.
SUBSTANCES = {
    "digoxin": "atrial fibrillation", "warfarin": "a deep vein thrombosis", "lisinopril": "hypertension",
    "amoxicillin": "an ear infection", "prednisone": "an asthma flare", "levothyroxine": "hypothyroidism",
    "phenytoin": "a seizure disorder", "metformin": "type 2 diabetes",
}
#: Stories by kind of event: (kind, intent or None, what happened).
STORIES = (
    ("adverse effect", None, "took it exactly as prescribed, and the physician documents a reaction to it"),
    ("poisoning", None, "took several days' doses at once by mistake; the note says nothing about intent"),
    ("poisoning", "intentional self-harm", "took a large overdose, and the physician documents a suicide attempt"),
    ("poisoning", "accidental", "was given another patient's dose of it in error at a care home"),
    ("underdosing", None, "stopped taking it a week ago because of its taste, and the condition flared"),
)
ENCOUNTERS = {"A": "the emergency department visit the same day", "D": "a routine recovery check two weeks later, "
              "after active treatment ended"}


@template("icdl-drug-event", CHAPTER, "Choose the Drug Table column and the 7th character for a drug event")
def icdl_drug_event(rng: random.Random, ex_id: str) -> Made:
    """A drawn drug, kind of event and encounter; the key is the T-code from the Table of Drugs and Chemicals."""
    substance = rng.choice(sorted(SUBSTANCES))
    kind, intent, story = rng.choice(STORIES)
    char = rng.choice(sorted(ENCOUNTERS))
    found = drugs.drug_code(substance, kind, intent, char, on=on())
    prompt = (f"**Case.** {patient_name(rng)}, who takes {substance} for {SUBSTANCES[substance]}, {story}. The "
              f"encounter is {ENCOUNTERS[char]}.\n\nEnter the T-code for the {substance} (with its 7th character).")
    order = {"adverse effect": "after the code for the effect", "poisoning": "first, before its manifestations",
             "underdosing": "after the condition that flared, never first"}[kind]
    why = " (no intent documented: accidental)" if kind == "poisoning" and intent is None else ""
    explanation = (f"This is {'an' if kind[0] in 'au' else 'a'} {kind}{why}. The Drug Table row "
                   f"*{found.substance}*, column *{found.column}*, with {char} for this encounter: `{found.code}`, "
                   f"{found.title}. It is sequenced {order}; no external cause code is added for the drug.")
    return exercise(ex_id, "code", prompt, found.code, explanation, system="icd10cm", case=True,
                    topic="icdl-drug-event", source=f"{GUIDELINES}, Sections I.C.19.a and I.C.19.e; Table of Drugs "
                    "and Chemicals", hints=["Taken as prescribed? Adverse effect. Wrong dose or drug? Poisoning. "
                                            "Less than prescribed? Underdosing.",
                                            "The 7th character follows the care: active treatment or healing."])


# --- pregnancy ---------------------------------------------------------------------------------------------

#: Chapter 15 conditions whose codes carry the trimester, as a prenatal note words them.
TRIMESTER_STEMS = {
    "O13": "gestational hypertension without significant proteinuria",
    "O10.01": "essential hypertension diagnosed three years before this pregnancy",
    "O09.51": "a first pregnancy at age 36, seen for supervision",
    "O99.21": "obesity complicating the pregnancy",
    "O24.11": "type 2 diabetes that predates the pregnancy",
    "O14.0": "mild pre-eclampsia",
}


@template("icdl-pregnancy-trimester", CHAPTER, "Compute the trimester from weeks and days and code a chapter 15 "
          "condition")
def icdl_pregnancy_trimester(rng: random.Random, ex_id: str) -> Made:
    """A drawn week and day (boundaries on purpose) and condition; the engine picks the trimester code."""
    while True:
        stem = rng.choice(sorted(TRIMESTER_STEMS))
        weeks = rng.choice([8, 12, 13, 14, 20, 27, 28, 31, 36, 39])
        days = rng.choice([0, 3, 6])
        try:
            code = obstetrics.with_trimester(stem, weeks, days, on=on())
        except RuleError:
            continue  # no code for that trimester (pre-eclampsia before 20 weeks): draw again
        break
    g = obstetrics.gestation(weeks, days, on=on())
    prompt = (f"**Case.** Prenatal visit for {patient_name(rng)} at {weeks} weeks {days} days by her last menstrual "
              f"period. The physician documents {TRIMESTER_STEMS[stem]}.\n\nEnter the chapter 15 code for the "
              "condition (not the weeks code).")
    explanation = (f"{weeks} weeks {days} days is in the {g.trimester_words} (first before 14w0d, second to before "
                   f"28w0d, third from 28w0d). The subcategory {stem} gives `{code}`, {_title(code)}. `{g.z3a}` "
                   "follows it for the weeks.")
    return exercise(ex_id, "code", prompt, code, explanation, system="icd10cm", case=True,
                    topic="icdl-pregnancy-trimester", source=f"{GUIDELINES}, Section I.C.15.a; tabular list, "
                    "chapter 15 note on trimesters", hints=["Turn the weeks and days into a trimester first.",
                                                            "13 weeks 6 days is still the first trimester."])


# --- BMI ---------------------------------------------------------------------------------------------------

NO_CODE = "No BMI code: the provider has not documented an associated condition"


@template("icdl-bmi", CHAPTER, "Decide whether a BMI may be coded and choose the Z68 code")
def icdl_bmi(rng: random.Random, ex_id: str) -> Made:
    """An adult BMI from a dietitian's note, with or without the physician's obesity diagnosis."""
    value = Decimal(rng.randint(300, 640)) / 10
    documented = rng.random() < 0.7
    by_class = "E66.811" if value < 35 else "E66.812" if value < 40 else "E66.813"  # obesity class 1, 2, 3
    dx = rng.choice([by_class, "E66.9"])
    try:
        right = bmi.bmi_codes(rng.randint(25, 80), dx if documented else None, bmi=str(value), on=on()).codes[1]
    except RuleError:
        right = NO_CODE
    pool = [c for _low, c in bmi.adult_bands(on())]
    near = bmi.adult_code(str(value), on=on())
    i = pool.index(near)
    wrong = [c for c in pool[max(0, i - 2): i + 3] if c != right][:3]
    if right != NO_CODE:
        wrong = [*wrong[:2], NO_CODE]
    options = shuffled(rng, right, wrong)
    said = (f"The physician's assessment lists {_title(dx).lower()} (`{dx}`)." if documented
            else "The physician's note addresses a sprained ankle and says nothing about weight.")
    prompt = (f"**Case.** A dietitian's note for {patient_name(rng)}, an adult, records a BMI of {value}. {said}\n\n"
              "Which BMI code, if any, is reported?")
    if right == NO_CODE:
        explanation = ("A dietitian may document the BMI (Section I.B.14), but a BMI code needs an associated, "
                       "reportable diagnosis documented by the provider (Section I.C.21.c.3). None is here: no BMI "
                       "code, and a query if the weight matters to the care.")
    else:
        explanation = (f"The provider documented `{dx}`, so the dietitian's BMI may be coded, after it: `{right}`, "
                       f"{_title(right)}.")
    return exercise(ex_id, "single", prompt, right, explanation, options=options, case=True, topic="icdl-bmi",
                    source=f"{GUIDELINES}, Sections I.B.14 and I.C.21.c.3; tabular list, category Z68",
                    hints=["Who may document the BMI, and who must document the obesity?"])
