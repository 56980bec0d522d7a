"""Templates for the chapter on pathology, laboratory and medicine coding: Medicare's definitive drug code by the
number of classes, the initial drug administration service of a drawn encounter, surgical pathology units from
drawn specimens, and the ESRD monthly code from a drawn age and month.

Every key comes from :mod:`revcycle.coding.lab`, :mod:`revcycle.coding.infusion` or :mod:`revcycle.coding.medicine`;
the templates only tell the story. Patients are synthetic.
"""

from __future__ import annotations

import random

from revcycle.coding import infusion, lab, medicine
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, patient_name, shuffled

DOMAINS = ("CPC", "CPB", "CCS")
CHAPTER = "lab-medicine"


@template("lab-drug-classes", CHAPTER, "Choose Medicare's definitive drug testing code from the number of drug "
          "classes tested that day")
def lab_drug_classes(rng: random.Random, ex_id: str) -> Made:
    """Draw a class count; the HCPCS file's bands (lab.definitive_bands) give the key."""
    classes = rng.choice([rng.randint(1, 7), rng.randint(8, 14), rng.randint(15, 21), rng.randint(22, 34)])
    answer = lab.definitive_code(classes)
    prompt = (f"**Case.** A reference laboratory runs definitive drug testing (mass spectrometry with full "
              f"calibration and controls) for {patient_name(rng)}, a Medicare patient. On one date of service it "
              f"tests **{classes}** drug classes. Which HCPCS code reports the testing?")
    bands = "; ".join(f"{b.code} {b.low}-{b.high}" if b.high else f"{b.code} {b.low} or more"
                      for b in lab.definitive_bands())
    return exercise(ex_id, "single", prompt, answer, f"**{answer}**. The HCPCS file's bands: {bands}.",
                    options=list(lab.DEFINITIVE_CODES), domains=DOMAINS, case=True, topic="lab-drug-classes",
                    source="CMS HCPCS Level II file, G0480-G0483",
                    hints=["Count drug classes for the whole day, then find the band."])


#: Administrations a case can draw: (kind, route, substance, sentence with {m} for minutes).
ADMINISTRATIONS = (
    ("hydration", "infusion", "normal saline", "normal saline for dehydration over {m} minutes"),
    ("therapeutic", "infusion", "an antibiotic", "an antibiotic infusion of {m} minutes"),
    ("therapeutic", "push", "an antiemetic", "an antiemetic pushed into the vein"),
    ("therapeutic", "injection", "a steroid", "a steroid injected into a muscle"),
    ("chemotherapy", "infusion", "a chemotherapy drug", "a chemotherapy infusion of {m} minutes"),
    ("chemotherapy", "push", "a chemotherapy push", "a chemotherapy drug pushed into the vein"),
)


@template("lab-initial-service", CHAPTER, "Pick the initial drug administration service of a hospital outpatient "
          "encounter by the hierarchy")
def lab_initial_service(rng: random.Random, ex_id: str) -> Made:
    """Draw two or three administrations of different kinds or routes; revcycle.coding.infusion picks the initial."""
    while True:
        picks = rng.sample(ADMINISTRATIONS, rng.choice((2, 3)))
        given = []
        for kind, route, substance, _ in picks:
            minutes = rng.choice((20, 35, 50, 75, 95)) if route == "infusion" else 0
            given.append((infusion.Administration(kind, route, substance, minutes=minutes), minutes))
        lines = infusion.code_encounter([a for a, _ in given])
        initial = [ln for ln in lines if ln.role == "initial"]
        if len(initial) == 1:
            break
    answer = initial[0].code
    story = "; ".join(sentence.format(m=m) for (_, _, _, sentence), (_, m) in zip(picks, given, strict=True))
    prompt = (f"**Case.** In a hospital outpatient department, {patient_name(rng)} receives, through one IV site: "
              f"{story}. Which code is the **initial** service?")
    codes = sorted({c for (k, r, role), c in infusion.CODES.items() if role == "initial"})
    options = shuffled(rng, answer, codes, n=4)
    explanation = (f"**{answer}** ({initial[0].substance}). In a facility the kind ranks first (chemotherapy, "
                   "therapeutic, hydration), then the route (infusion, push, injection); an infusion of 15 minutes "
                   "or less counts as a push, and hydration of 30 minutes or less is not reported.")
    return exercise(ex_id, "single", prompt, answer, explanation, options=options, domains=DOMAINS, case=True,
                    topic="lab-initial-service", source="CPT's drug administration instructions; CMS Pub. 100-04, "
                    "ch. 4, sec. 230.2; revcycle.coding.infusion",
                    hints=["Rank by kind first, then by route.", "Check the minutes: short infusions are pushes."])


@template("lab-pathology-units", CHAPTER, "Count surgical pathology units from the specimens a surgeon sent")
def lab_pathology_units(rng: random.Random, ex_id: str) -> Made:
    """Draw labelled and pooled level IV specimens; revcycle.coding.lab counts the units."""
    labelled = rng.randint(1, 4)
    pooled = rng.choice((0, 2, 3))
    specimens = [lab.Specimen(f"polyp {i + 1}", 4) for i in range(labelled)]
    specimens += [lab.Specimen(f"biopsy {i + 1}", 4, separately_identified=False) for i in range(pooled)]
    answer = sum(line.units for line in lab.pathology_lines(specimens))
    jar = (f" and {pooled} random biopsies placed together in one container without separate identification"
           if pooled else "")
    prompt = (f"**Case.** At {patient_name(rng)}'s colonoscopy the surgeon sends {labelled} polyp(s), each in its own "
              f"labelled container{jar}. Every specimen is a level IV specimen. How many units of `88305` are "
              "billed?")
    explanation = (f"**{answer}**: one unit per polyp sent for its own diagnosis ({labelled})"
                   + (", and one for the pooled biopsies" if pooled else "") + ".")
    return exercise(ex_id, "numeric", prompt, answer, explanation, domains=DOMAINS, case=True, unit="units",
                    decimals=0, topic="lab-pathology-units", source="NGS Surgical Pathology Billing Tips; "
                    "revcycle.coding.lab.pathology_lines", hints=["The unit is the specimen, not the container."])


@template("lab-esrd-month", CHAPTER, "Choose the ESRD monthly code from the patient's age, the setting and the visits")
def lab_esrd_month(rng: random.Random, ex_id: str) -> Made:
    """Draw an age, a setting and visits; revcycle.coding.medicine.esrd_code gives the key."""
    age = rng.choice((1, rng.randint(2, 11), rng.randint(12, 19), rng.randint(20, 90)))
    setting = rng.choice(("center", "center", "home"))
    visits = rng.randint(1, 6)
    answer, _ = medicine.esrd_code(age, visits=visits, setting=setting)
    where = "dialyzes at an outpatient dialysis facility" if setting == "center" else "dialyzes at home"
    prompt = (f"**Case.** {patient_name(rng)}, {age} at the end of the month, has ESRD and {where}. The nephrologist "
              f"sees the patient face to face {visits} time(s) during the full calendar month. Which monthly code is "
              "billed?")
    pool = [str(c) for c in range(90951, 90967)]
    options = shuffled(rng, answer, pool, n=4)
    explanation = (f"**{answer}**: age band first (under 2, 2-11, 12-19, 20+), then, for an in-center patient, the "
                   "visits (4+, 2-3, 1); a home patient's code depends on age alone.")
    return exercise(ex_id, "single", prompt, answer, explanation, options=options, domains=DOMAINS, case=True,
                    topic="lab-esrd-month", source="CMS Pub. 100-04, ch. 8, sec. 140; revcycle.coding.medicine",
                    hints=["Use the age at the end of the month."])
