"""Templates for the chapter on ICD-10-CM systemic conditions: a sepsis sequence to put in order, the first-listed
code of a cancer encounter, the codes of a diabetes note, the one code of a substance hierarchy, and hemiplegia's
dominant side.

Every key comes from :mod:`revcycle.coding.guidelines` on the release the book teaches; the templates only tell the
story. Patients are synthetic.
"""

from __future__ import annotations

import random

from revcycle.coding.guidelines import endocrine, infections, neoplasms, pain, substance
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, on, patient_name, shuffled

DOMAINS = ("CPC", "CCA", "CCS")
CHAPTER = "icd10cm-systemic-conditions"
GUIDELINES = "ICD-10-CM Official Guidelines FY 2026"

#: Organisms a sepsis case draws, as the provider writes them.
ORGANISMS = ("E. coli", "MSSA", "MRSA", "Pseudomonas", None)
#: Localized infections: (code, words in the note).
LOCALIZED = (("N39.0", "a urinary tract infection"), ("N10", "acute pyelonephritis"),
             ("L03.115", "cellulitis of the right lower leg"))
#: Organ dysfunctions the provider links to the sepsis: (code, words).
DYSFUNCTION = (("N17.9", "acute kidney failure"), ("J96.01", "acute respiratory failure with hypoxia"))


@template("icds-sepsis-order", CHAPTER, "Put the codes of a sepsis case in claim order")
def icds_sepsis_order(rng: random.Random, ex_id: str) -> Made:
    """Draw an organism, a localized infection, shock or not and a linked organ dysfunction; infections.sepsis
    orders the codes."""
    organism = rng.choice(ORGANISMS)
    local_code, local_words = rng.choice(LOCALIZED)
    dys_code, dys_words = rng.choice(DYSFUNCTION)
    shock = rng.random() < 0.5
    coding = infections.sepsis(organism, localized=local_code, shock=shock, organ_dysfunction=[dys_code], on=on())
    answer = [f"{ln.code} {ln.title}" for ln in coding.lines]
    options = answer[:]
    while options == answer:
        rng.shuffle(options)
    cause = f"sepsis due to {organism}" if organism else "sepsis, organism not identified"
    prompt = (f"**Case.** {patient_name(rng)}, a synthetic patient, is admitted with {cause} from {local_words}. The "
              f"provider documents {dys_words} due to the sepsis" + (" and septic shock" if shock else ", no shock")
              + ". Everything was present on admission. Put the codes in claim order.")
    explanation = ("The systemic infection first, " + ("`R65.21` (septic shock) " if shock else "`R65.20` (severe "
                   "sepsis) ") + "right after it, then the localized infection and the organ dysfunction: "
                   + ", ".join(f"`{c}`" for c in coding.codes) + ".")
    return exercise(ex_id, "ordering", prompt, answer, explanation, options=options, domains=DOMAINS, case=True,
                    topic="icds-sepsis-order", source=f"{GUIDELINES}, Section I.C.1.d; "
                    "revcycle.coding.guidelines.infections", hints=["R65.2- is never first."])


#: Primary sites a cancer case draws: (table site, side, words).
PRIMARIES = (("lung, upper lobe", "right", "the right upper lobe of the lung"),
             ("lung, upper lobe", "left", "the left upper lobe of the lung"),
             ("lung, lower lobe", "right", "the right lower lobe of the lung"),
             ("lung, lower lobe", "left", "the left lower lobe of the lung"))
#: Secondary sites: (table site, words).
SECONDARIES = (("brain", "the brain"), ("bone", "bone"), ("liver", "the liver"))
#: Reasons: (reason, directed at, words).
ENCOUNTERS = (("chemotherapy", "primary", "for a cycle of chemotherapy, and nothing else is treated"),
              ("immunotherapy", "primary", "for an infusion of immunotherapy, and nothing else is treated"),
              ("radiation", "secondary", "for radiation therapy aimed only at the metastasis"),
              ("secondary", "secondary", "for surgery to remove the metastasis; the primary is still present"),
              ("primary", "primary", "for surgery on the primary tumor"),
              ("anemia", "primary", "because the cancer itself has caused anemia; only the anemia is treated"),
              ("chemo-anemia", "primary", "because chemotherapy has caused anemia; only the anemia is treated"),
              ("dehydration", "primary", "for dehydration caused by the cancer; only the dehydration is treated"))


@template("icds-cancer-first", CHAPTER, "Choose the first-listed code of a cancer encounter")
def icds_cancer_first(rng: random.Random, ex_id: str) -> Made:
    """Draw a primary, a metastasis and a reason; neoplasms.encounter sequences the codes."""
    site, side, words = rng.choice(PRIMARIES)
    sec_site, sec_words = rng.choice(SECONDARIES)
    reason, aim, story = rng.choice(ENCOUNTERS)
    coding = neoplasms.encounter((site, side), secondary=[sec_site], reason=reason, directed_at=aim, on=on())
    first = coding.lines[0]
    answer = f"{first.code} {first.title}"
    pool = [f"{ln.code} {ln.title}" for ln in coding.lines[1:]]
    pool += [f"{c} {t}" for c, t in (("Z51.11", "Encounter for antineoplastic chemotherapy"),
                                     ("Z51.0", "Encounter for antineoplastic radiation therapy"),
                                     ("D63.0", "Anemia in neoplastic disease"))]
    options = shuffled(rng, answer, pool, n=4)
    prompt = (f"**Case.** {patient_name(rng)}, a synthetic patient, has carcinoma of {words} with a metastasis to "
              f"{sec_words}, and comes in {story}. Which code is first-listed?")
    explanation = (f"**{first.code}**: {first.reason} The full sequence is "
                   + ", ".join(f"`{c}`" for c in coding.codes) + ".")
    return exercise(ex_id, "single", prompt, answer, explanation, options=options, domains=DOMAINS, case=True,
                    topic="icds-cancer-first", source=f"{GUIDELINES}, Section I.C.2; "
                    "revcycle.coding.guidelines.neoplasms", hints=["What did the encounter treat?"])


#: Complications a diabetes case draws, with the words in the note.
COMPLICATION_WORDS = {"ckd": "chronic kidney disease, stage {stage}", "retinopathy": "diabetic retinopathy",
                      "polyneuropathy": "diabetic polyneuropathy",
                      "peripheral angiopathy": "peripheral angiopathy from the diabetes",
                      "hyperglycemia": "poorly controlled"}
STAGES = ("2", "3a", "3b", "4")


@template("icds-diabetes-codes", CHAPTER, "Select every code of a diabetes note")
def icds_diabetes_codes(rng: random.Random, ex_id: str) -> Made:
    """Draw a type, complications, a stage and drugs; endocrine.diabetes gives the codes."""
    dm_type = rng.choice(("1", "2", "2", None))
    comps = rng.sample(sorted(COMPLICATION_WORDS), rng.randint(1, 2))
    stage = rng.choice(STAGES)
    drugs = {"insulin": rng.random() < 0.6, "oral": dm_type != "1" and rng.random() < 0.5,
             "injectable": dm_type != "1" and rng.random() < 0.3}
    coding = endocrine.diabetes(dm_type, comps, ckd_stage=stage if "ckd" in comps else None, insulin=drugs["insulin"],
                                oral=drugs["oral"], injectable=drugs["injectable"], on=on())
    named = {"1": "Type 1 diabetes", "2": "Type 2 diabetes", None: "Diabetes (type not documented)"}[dm_type]
    problems = "; ".join(COMPLICATION_WORDS[c].format(stage=stage) for c in comps)
    meds = [w for w, on_it in (("insulin", drugs["insulin"]), ("metformin by mouth", drugs["oral"]),
                               ("a weekly GLP-1 injection", drugs["injectable"])) if on_it]
    prompt = (f"**Case.** Office note for {patient_name(rng)}, a synthetic patient: \"{named}; {problems}. Long-term "
              f"medications: {', '.join(meds) if meds else 'diet only'}.\" The provider does not say any problem is "
              "unrelated to the diabetes. Select every code to report.")
    answer = sorted(coding.codes)
    category = coding.codes[0][:3]
    wrong = [f"{category}.9", "Z79.4", "Z79.84", "Z79.85", "R73.9", f"{category}.40", "N18.30"]
    options = sorted(set(answer) | set(rng.sample([w for w in wrong if w not in answer], 3)))
    explanation = ("The codes: " + "; ".join(f"`{ln.code}` ({ln.reason})" for ln in coding.lines))
    return exercise(ex_id, "multiple", prompt, answer, explanation, options=options, domains=DOMAINS, case=True,
                    topic="icds-diabetes-codes", source=f"{GUIDELINES}, Section I.C.4.a; "
                    "revcycle.coding.guidelines.endocrine",
                    hints=["One combination code per complication.", "Which drugs are long-term?"])


@template("icds-substance-code", CHAPTER, "Assign the one code of a substance's use, abuse and dependence")
def icds_substance_code(rng: random.Random, ex_id: str) -> Made:
    """Draw a substance and the patterns documented; substance.substance applies the hierarchy."""
    name = rng.choice(("alcohol", "opioid", "cannabis", "cocaine", "sedative"))
    documented = set(rng.sample(("use", "abuse", "dependence"), rng.randint(1, 3)))
    if documented == {"use"}:
        documented.add("abuse")
    remission = rng.random() < 0.4
    coding = substance.substance(name, documented, remission=remission, on=on())
    order = [w for w in ("use", "abuse", "dependence") if w in documented]
    rng.shuffle(order)
    said = "; ".join(f"one note says \"{name} {w}\"" for w in order)
    prompt = (f"**Case.** In the record of {patient_name(rng)}, a synthetic patient: {said}."
              + (f" The assessment adds that the {name} problem is in remission." if remission else "")
              + " No complication is documented. Enter the one code for the substance.")
    answer = coding.codes[0]
    return exercise(ex_id, "code", prompt, answer, f"**{answer}**: {coding.lines[0].reason}", system="icd10cm",
                    domains=DOMAINS, case=True, topic="icds-substance-code",
                    source=f"{GUIDELINES}, Section I.C.5.b; revcycle.coding.guidelines.substance",
                    hints=["Dependence over abuse over use."])


@template("icds-hemiplegia", CHAPTER, "Code hemiplegia by side and dominance")
def icds_hemiplegia(rng: random.Random, ex_id: str) -> Made:
    """Draw a side, a handedness (or none) and a cause; pain.hemiplegia picks the code."""
    side = rng.choice(("right", "left"))
    hand = rng.choice((None, None, "right-handed", "left-handed", "ambidextrous"))
    stroke = rng.random() < 0.6
    coding = pain.hemiplegia(side, hand, after_infarction=stroke, on=on())
    cause = "a cerebral infarction two years ago" if stroke else "a cause the record does not state (longstanding)"
    who = f"The patient is {hand}." if hand else "The record does not say which hand the patient uses."
    prompt = (f"**Case.** {patient_name(rng)}, a synthetic patient, has {side}-sided hemiplegia from {cause}. {who} "
              "Enter the hemiplegia code.")
    answer = coding.codes[0]
    return exercise(ex_id, "code", prompt, answer, f"**{answer}**: {coding.lines[0].reason}", system="icd10cm",
                    domains=DOMAINS, case=True, topic="icds-hemiplegia",
                    source=f"{GUIDELINES}, Sections I.C.6.a and I.C.9.d.1; revcycle.coding.guidelines.pain",
                    hints=["Without handedness: right is dominant, left nondominant, ambidextrous dominant."])
