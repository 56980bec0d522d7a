"""Templates for the chapter icd10pcs-overview: read a character in its position, choose the root operation and
the approach from a described procedure.

Meanings come from `revcycle.codes.pcs` (section-wide values and the book's teaching tables). The procedure
descriptions are the book's own, each written for one root operation or approach as the chapter defines it.
"""

from __future__ import annotations

import random

from revcycle.codes import pcs
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, shuffled

CHAPTER = "icd10pcs-overview"
DOMAINS = ("CCA", "CCS")
GUIDELINES = "ICD-10-PCS Official Guidelines FY 2026"
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")

# --- reading one character -----------------------------------------------------------------------------------

_WEIGHTS = (1, 2, 3, 2, 3, 2, 2)  # the section is nearly always 0, so it is asked less often


def _section_wide(position: int) -> dict[str, str]:
    """The values a position takes across the Medical and Surgical section, where the book has them all."""
    if position == 1:
        return dict(pcs.SECTIONS)
    if position == 2:
        return dict(pcs.BODY_SYSTEMS)
    if position == 3:
        return {value: name for value, (name, _why) in pcs.ROOT_OPERATIONS.items()}
    if position == 5:
        return dict(pcs.APPROACHES)
    return {}


def _teaching(position: int) -> list[str]:
    """Every body part (4), device (6) or qualifier (7) the book's teaching tables name."""
    out: set[str] = set()
    for table in pcs.TEACHING_TABLES.values():
        values = {4: table.body_parts, 6: table.devices, 7: table.qualifiers}.get(position, {})
        out.update(values.values())
    out.update({6: ["No Device"], 7: ["No Qualifier"]}.get(position, []))
    return sorted(out)


def _meanings_of(value: str, position: int) -> list[str]:
    """What the same value means in the other positions (the classic misreading), from the section-wide tables."""
    return [table[value] for pos in (1, 2, 3, 5) if pos != position
            for table in [_section_wide(pos)] if value in table]


def _read_distractors(rng: random.Random, value: str, position: int, right: str) -> list[str]:
    """Two misreadings by position where there are any, and values of the same position."""
    crossed = sorted({m for m in _meanings_of(value, position) if m != right})
    same = _section_wide(position)
    axis = sorted({m for m in (same.values() if same else _teaching(position)) if m != right})
    picked = rng.sample(crossed, min(2, len(crossed)))
    rest = [m for m in axis if m not in picked]
    return picked + rng.sample(rest, min(3 - len(picked), len(rest)))


@template("pcs-read-character", CHAPTER, "Say what one character of an ICD-10-PCS code means in its position")
def read_character(rng: random.Random, ex_id: str) -> Made:
    """The same value means different things in different positions: read the position first."""
    code = rng.choice(sorted(pcs.TEACHING_CODES))
    position = rng.choices(range(1, 8), weights=_WEIGHTS)[0]
    chars = pcs.explain(code)
    ch = chars[position - 1]
    right = ch.meaning.split(":")[0]
    options = shuffled(rng, right, _read_distractors(rng, ch.value, position, right))
    prompt = (f"A hospital's inpatient claim for a synthetic patient reports the ICD-10-PCS code **{code}**. "
              f"What does its **{ORDINALS[position - 1]} character**, `{ch.value}`, stand for?")
    listing = "; ".join(f"{c.position} {c.axis} = {c.value} {c.meaning.split(':')[0]}" for c in chars)
    explanation = (f"In the Medical and Surgical section (first character 0) the {ORDINALS[position - 1]} character "
                   f"is the **{ch.axis}**, so `{ch.value}` there means {right}. The whole code reads: {listing}.")
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=DOMAINS,
                    topic="pcs-read-character",
                    source=f"CMS ICD-10-PCS tables FY 2026 (table {code[:3]}); CMS ICD-10-PCS reference manual "
                           "(Medical and Surgical section)",
                    hints=["Name the position first: section, body system, root operation, body part, approach, "
                           "device, qualifier.",
                           "A value means something only in its own position."])


# --- the root operation --------------------------------------------------------------------------------------

#: Procedures described in plain words, by the root operation (value) that matches their objective.
ROOT_CASES: dict[str, tuple[str, ...]] = {
    "T": (
        "Through a laparoscope, the surgeon removes the patient's whole gallbladder; nothing is put in its place.",
        "Through an open incision, the surgeon removes the entire spleen.",
        "Through an open incision, the surgeon removes the whole right kidney.",
        "Through a thoracoscope, the surgeon removes the entire upper lobe of the left lung; the other lobe stays.",
    ),
    "B": (
        "Through an open incision, the surgeon cuts out a wedge of the liver that contains a lesion; the rest of the "
        "liver stays.",
        "Through an endoscope passed down the throat, the doctor takes small samples of the stomach lining with "
        "forceps and sends them to pathology.",
        "Through an open incision, the surgeon cuts out a portion of the stomach wall that holds a small tumor; the "
        "rest of the stomach remains.",
        "The surgeon cuts out a small piece of the skin of the back that contains a mole.",
    ),
    "9": (
        "With a needle passed through the skin of the abdomen, the doctor takes fluid out of the peritoneal cavity "
        "to relieve swelling; no tube is left in.",
        "With a needle passed between the ribs, the doctor drains fluid from the right pleural cavity.",
        "Through an incision, the surgeon lets out pus from an abscess under the skin of the thigh.",
    ),
    "C": (
        "Through a catheter threaded into the leg artery, the doctor pulls out a blood clot that blocks the femoral "
        "artery.",
        "Through an endoscope, the doctor takes out a whole gallstone lodged in the common bile duct, without "
        "breaking it up.",
        "Through an endoscope passed down the throat, the doctor takes out a swallowed coin stuck in the esophagus.",
    ),
    "H": (
        "Through a vein, the doctor places a pacemaker lead in the right ventricle of the heart.",
        "The doctor passes a breathing tube through the mouth into the windpipe so that a ventilator can be used.",
        "Through the skin of the neck, the doctor places a central venous catheter whose tip sits in the superior "
        "vena cava.",
    ),
    "R": (
        "Through an open incision, the surgeon removes the worn surfaces of the right hip joint and puts in a "
        "synthetic hip joint.",
        "Through an open incision, the surgeon takes out the diseased aortic valve and sews a prosthetic valve in "
        "its place.",
        "Through an open incision, the surgeon removes the worn left knee joint surfaces and cements in an "
        "artificial knee joint.",
    ),
    "7": (
        "Through a catheter in the wrist artery, the cardiologist widens a narrowed coronary artery with a balloon "
        "and leaves a stent in it.",
        "Through an endoscope, the doctor stretches a narrowed section of the esophagus with a balloon.",
        "Through a catheter, the doctor opens up a narrowed renal artery with a balloon.",
    ),
    "1": (
        "The surgeon sews a vein taken from the leg between the aorta and a coronary artery beyond a blockage, so "
        "that blood flows around the blockage.",
        "The surgeon joins a small upper pouch of the stomach to a loop of small intestine, so that food skips most "
        "of the stomach.",
        "The surgeon brings the colon out to an opening in the skin of the abdomen (a colostomy), so that stool "
        "leaves the body there.",
    ),
    "J": (
        "Through an arthroscope, the surgeon looks inside the knee joint; nothing needs treatment, and nothing is "
        "removed or repaired.",
        "Through a laparoscope, the surgeon looks over the organs of the abdomen; no other procedure is done.",
        "With a bronchoscope passed through the mouth, the doctor examines the airways; no samples are taken.",
    ),
    "Q": (
        "Through an open incision, the surgeon mends an inguinal hernia by stitching the tissues together, with no "
        "mesh.",
        "Through an open incision, the surgeon stitches a tear in the liver.",
        "Through an open incision, the surgeon sutures a tear in the diaphragm.",
    ),
}
#: The root operations each one is most often confused with.
CONFUSED: dict[str, tuple[str, ...]] = {
    "T": ("B",), "B": ("T",), "9": ("C",), "C": ("9",), "H": ("R",), "R": ("H",), "7": ("1",), "1": ("7",),
    "J": ("B", "9"), "Q": ("R",),
}
_SPECIAL = {
    "upper lobe": "A lobe of the lung is a body part of its own, so removing all of it is a resection (B3.8).",
    "samples of the stomach": "A biopsy taken by cutting is coded to Excision with the qualifier Diagnostic (B3.4a).",
    "stent": "The stent is a device left in (sixth character); the objective is still to widen the artery.",
}


def _root(value: str) -> str:
    return pcs.ROOT_OPERATIONS[value][0]


@template("pcs-root-operation", CHAPTER, "Choose the root operation from the objective of a described procedure")
def root_operation(rng: random.Random, ex_id: str) -> Made:
    """The root operation records the objective, not the procedure's name."""
    value = rng.choice(sorted(ROOT_CASES))
    text = rng.choice(ROOT_CASES[value])
    right = _root(value)
    partners = [_root(v) for v in CONFUSED[value]]
    others = [_root(v) for v in sorted(ROOT_CASES) if v != value and v not in CONFUSED[value]]
    options = shuffled(rng, right, partners + rng.sample(others, 3 - len(partners)))
    extra = " ".join(why for key, why in _SPECIAL.items() if key in text)
    contrast = "; ".join(f"{_root(v)} ({v}) would be {pcs.ROOT_OPERATIONS[v][1]}" for v in CONFUSED[value])
    explanation = (f"The objective was {pcs.ROOT_OPERATIONS[value][1]}: that is **{right}**, value {value} in the "
                   f"third character. {contrast[0].upper() + contrast[1:]}. {extra}").strip()
    prompt = (f"**Operative note (synthetic).** {text}\n\nWhich ICD-10-PCS root operation (the third character) "
              "describes this procedure?")
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=DOMAINS, case=True,
                    topic="pcs-root-operation",
                    source=f"{GUIDELINES}, B3.1a (B3.4a, B3.8 where they apply); CMS ICD-10-PCS tables FY 2026 "
                           "(root operation definitions)",
                    hints=["Ask what the procedure set out to do, not what it is called.",
                           "Was all or part of a body part taken out? Fluid or solid matter? Did a device take a "
                           "body part's place?"])


# --- the approach --------------------------------------------------------------------------------------------

#: How the site was reached, in plain words, by approach value (fifth character).
APPROACH_CASES: dict[str, tuple[str, ...]] = {
    "0": (
        "The surgeon makes an incision in the abdomen large enough to see and reach the appendix directly, and "
        "removes it.",
        "Through an incision that exposes the hip joint, the surgeon replaces the joint.",
        "The surgeon divides the breastbone to open the chest and reach the heart.",
    ),
    "3": (
        "A needle is passed through the skin of the abdomen into the fluid around the bowel, and the fluid is drawn "
        "off.",
        "Through a puncture in the groin, a catheter is threaded up the artery to the heart, and a narrowed coronary "
        "artery is widened.",
        "Guided by ultrasound, a needle is passed through the skin of the back into the kidney to take a sample.",
    ),
    "4": (
        "Through three small cuts in the abdomen, the surgeon works with a laparoscope and removes the gallbladder.",
        "Through two small cuts around the knee, the surgeon uses an arthroscope to trim torn cartilage.",
        "Through small cuts between the ribs, the surgeon uses a thoracoscope to remove part of the lung.",
    ),
    "7": (
        "A breathing tube is passed through the mouth into the windpipe.",
        "A catheter is passed through the urethra into the bladder to drain urine.",
        "A feeding tube is passed through the nose into the stomach.",
    ),
    "8": (
        "An endoscope is passed down the throat into the stomach, and a sample of the lining is taken.",
        "A colonoscope is passed through the anus, and a polyp is removed from the colon.",
        "A cystoscope is passed through the urethra, and a stone is removed from the bladder.",
    ),
    "F": (
        "The surgeon removes the uterus through the vagina, helped by a laparoscope placed through small cuts in the "
        "abdomen.",
    ),
    "X": (
        "The doctor sets a broken forearm bone back in line by pulling and pushing on the arm, without any incision.",
        "The doctor puts a dislocated shoulder back in place by moving the arm, with no incision.",
        "The doctor closes a shallow cut in the skin of the arm with stitches in the skin.",
    ),
}
#: Why each approach fits, in the book's words.
APPROACH_WHY = {
    "0": "the site was exposed through an incision",
    "3": "a needle or catheter reached the site through the skin or a vessel, with no scope to see it",
    "4": "instruments and a scope went through small cuts in the skin",
    "7": "a tube or catheter went in through a natural opening, with no scope",
    "8": "a scope went in through a natural opening",
    "F": "the work was done through a natural opening with help from a scope through small cuts",
    "X": "the procedure was done on the skin or by force applied through it, with no incision or puncture",
}
_NEAR = {"0": ("4", "3"), "3": ("4", "0"), "4": ("3", "0", "F"), "7": ("8", "3"), "8": ("7", "F"), "F": ("8", "4"),
         "X": ("3", "0")}


def _approach(value: str) -> str:
    return f"{pcs.APPROACHES[value]} ({value})"


@template("pcs-approach", CHAPTER, "Choose the approach (fifth character) from how the site was reached")
def approach(rng: random.Random, ex_id: str) -> Made:
    """The fifth character says how the surgeon reached the site: incision, puncture, scope, opening or outside."""
    value = rng.choice(sorted(APPROACH_CASES))
    text = rng.choice(APPROACH_CASES[value])
    right = _approach(value)
    near = [_approach(v) for v in _NEAR[value]]
    far = [_approach(v) for v in sorted(pcs.APPROACHES) if v != value and v not in _NEAR[value]]
    options = shuffled(rng, right, near + rng.sample(far, 3 - len(near)))
    contrast = "; ".join(f"{_approach(v)}: {APPROACH_WHY[v]}" for v in _NEAR[value])
    explanation = (f"Here {APPROACH_WHY[value]}: **{right}** in the fifth character. Compare {contrast}.")
    prompt = (f"**Procedure note (synthetic).** {text}\n\nWhich ICD-10-PCS approach (the fifth character) "
              "describes how the site was reached?")
    return exercise(ex_id, "single", prompt, right, explanation, options=options, domains=DOMAINS, case=True,
                    topic="pcs-approach",
                    source="CMS ICD-10-PCS reference manual (approach values); CMS ICD-10-PCS tables FY 2026",
                    hints=["Was there an incision, a puncture, small cuts with a scope, or a natural opening?",
                           "Check whether a scope was used to see the site."])
