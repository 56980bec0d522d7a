"""Templates for the chapter icd10cm-organ-systems: hypertension with heart and kidney disease, myocardial infarction
by its timing, a pressure ulcer from a wound note, and COPD with an exacerbation or pneumonia.

Every key comes from :mod:`revcycle.coding.guidelines` (circulatory, skin, respiratory, kidney) on the FY 2027 code
set; the templates only tell the story. Patients are synthetic.
"""

from __future__ import annotations

import random

from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, icd, on, patient_name, shuffled

CHAPTER = "icd10cm-organ-systems"
GUIDELINES = "ICD-10-CM Official Guidelines for Coding and Reporting FY 2026"
#: Heart conditions I11 absorbs (Excludes1 at the I51 code), with the words a provider writes.
ABSORBED = {"I51.7": "cardiomegaly", "I51.5": "myocardial degeneration"}
STAGE_WORDS = {1: "stage 1", 2: "stage 2", "3a": "stage 3a", "3b": "stage 3b", 4: "stage 4", 5: "stage 5"}
#: A wound nurse's description of each stage, in the book's words.
WOUND_NOTES = {
    1: "intact skin with a red area that does not blanch when pressed",
    2: "partial-thickness skin loss; shallow, moist pink wound bed; no fat visible",
    3: "full-thickness skin loss with subcutaneous fat visible; no bone, tendon or muscle exposed",
    4: "full-thickness tissue loss with bone exposed at the base",
    "unstageable": "wound bed covered by slough and black eschar, so its depth cannot be seen",
    "deep tissue": "intact skin with a deep purple area that does not blanch, over a firm, boggy base",
}
STAGE_NAMES = {1: "stage 1", 2: "stage 2", 3: "stage 3", 4: "stage 4", "unstageable": "unstageable",
               "deep tissue": "pressure-induced deep tissue damage"}


def _title(code: str) -> str:
    return str(icd().title(code, on=on()))


def _words(code: str) -> str:
    return _title(code).replace(" (congestive)", "").lower()


def _join(codes: list[str] | tuple[str, ...]) -> str:
    return ", ".join(codes)


@template("icdo-hypertension-esrd", CHAPTER, "Hypertension with heart failure, heart disease, CKD or ESRD and "
          "dialysis: the full code list")
def icdo_hypertension_esrd(rng: random.Random, ex_id: str) -> Made:
    """Draw documented heart failure (or an absorbed heart condition), a CKD stage or ESRD, and dialysis;
    revcycle.coding.guidelines.circulatory gives the codes in order."""
    from revcycle.coding.guidelines import circulatory

    hf = (circulatory.heart_failure_code(rng.choice(sorted(circulatory.HF_TYPES)),
                                         rng.choice(["acute", "chronic", "acute on chronic"]), on=on())
          if rng.random() < 0.6 else None)
    other = rng.choice(sorted(ABSORBED)) if hf is None and rng.random() < 0.5 else None
    kind = rng.choice(["stage", "stage", "esrd", "esrd+5"])
    stage: object = rng.choice(list(STAGE_WORDS)) if kind == "stage" else (5 if kind == "esrd+5" else None)
    esrd = kind != "stage"
    dialysis = esrd and rng.random() < 0.7
    result = circulatory.hypertension(hf, stage, other, esrd=esrd, dialysis=dialysis, on=on())
    lines = ["Hypertension."]
    if hf:
        lines.append(f"{_words(hf).capitalize()}.")
    elif other:
        lines.append(f"{ABSORBED[other].capitalize()} on echocardiogram; no heart failure.")
    else:
        lines.append("No heart failure; heart exam normal.")
    if esrd:
        kidney = "End stage renal disease" + (" (CKD stage 5)" if stage == 5 else "")
        lines.append(kidney + (", on hemodialysis three times a week." if dialysis else ", not yet on dialysis."))
    else:
        lines.append(f"Chronic kidney disease, {STAGE_WORDS[stage]}, followed by nephrology.")  # type: ignore[index]
    prompt = (f"**Case.** Discharge summary for {patient_name(rng)}, a synthetic patient: \"{' '.join(lines)}\" The "
              "provider names no cause for the heart or kidney disease other than the hypertension.\n\n"
              "Which codes are reported for these conditions, in order?")
    codes = list(result.codes)
    right = _join(codes)
    combo = codes[0]
    other_group = {"I12.0": "I12.9", "I13.2": "I13.0", "I13.11": "I13.10"}.get(combo, "I13.2")
    rest = codes[1:]
    wrong = [_join(["I10", *rest]), _join([*rest, combo]), _join([other_group, *rest])]
    if dialysis:
        wrong.append(_join([c for c in codes if c != "Z99.2"]))
    elif esrd:
        wrong.append(_join([*codes, "Z99.2"]))
    if stage == 5:
        wrong.append(_join([c if c != "N18.6" else "N18.5, N18.6" for c in codes]))
    if other:
        wrong.append(_join([combo, other, *rest]))
    explanation = " ".join(result.reasons) + f" Answer: **{right}**."
    return exercise(ex_id, "single", prompt, right, explanation, options=shuffled(rng, right, wrong, 5), case=True,
                    topic="icdo-hypertension-esrd", domains=("CCA", "CCS"),
                    source=f"{GUIDELINES}, Sections I.C.9.a and I.C.14.a; revcycle.coding.guidelines.circulatory",
                    hints=["Heart and kidney together always take an I13 code; stage 5 and ESRD have their own.",
                           "When both a stage and ESRD are written, which N18 code is reported?"])


@template("icdo-mi-timing", CHAPTER, "Myocardial infarction by days since onset: I21, I22, I21.A1 or I25.2")
def icdo_mi_timing(rng: random.Random, ex_id: str) -> Made:
    """Draw an infarction's kind and age, sometimes with an earlier one; circulatory.myocardial_infarction keys it."""
    from revcycle.coding.guidelines import circulatory

    names = {"STEMI": "an ST elevation myocardial infarction (STEMI)", "NSTEMI": "a non-ST elevation myocardial "
             "infarction (NSTEMI)", "type 2": "a type 2 myocardial infarction (supply-demand mismatch)"}
    kind = rng.choice(sorted(names))
    late = rng.random() < 0.3
    days = rng.randint(35, 90) if late else rng.randint(0, 3)
    earlier = None
    if not late and rng.random() < 0.6:
        earlier = (rng.choice(["STEMI", "NSTEMI", "type 2"]), days + rng.choice([6, 10, 15, 20, 40, 75]))
    result = circulatory.myocardial_infarction(kind, days, earlier=earlier, on=on())
    if late:
        story = (f"had {names[kind]} {days} days ago. Today's office visit is for an unrelated problem; the "
                 "infarction needs no further care")
    else:
        began = {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")
        story = f"is admitted with {names[kind]} that began {began}"
        if earlier:
            story += f"; {earlier[1]} days ago the patient had {names[earlier[0]]}"
    prompt = (f"**Case.** {patient_name(rng)}, a synthetic patient, {story}.\n\n"
              "Which codes report the infarction(s) at this encounter?")
    right = _join(result.codes)
    i21 = {k: v[0] for k, v in circulatory.MI_KINDS.items()}
    i22 = {k: v[1] or "I22.9" for k, v in circulatory.MI_KINDS.items()}
    wrong = [i21[kind], "I25.2", _join([i22[kind], i21[kind]]), _join([i21[kind], "I25.2"])]
    if earlier:
        wrong += [_join([i22[kind], i21[earlier[0]]]), _join([i21[kind], i21[earlier[0]]])]
    explanation = " ".join(result.reasons) + f" Answer: **{right}**."
    return exercise(ex_id, "single", prompt, right, explanation, options=shuffled(rng, right, wrong, 4), case=True,
                    topic="icdo-mi-timing", source=f"{GUIDELINES}, Section I.C.9.e; "
                    "revcycle.coding.guidelines.circulatory",
                    hints=["Count the days from each infarction's onset: four weeks is the line.",
                           "I22 is only for a type 1 (or unspecified) infarction after another within four weeks."])


@template("icdo-pressure-ulcer", CHAPTER, "A pressure ulcer code from the provider's site and the wound nurse's stage")
def icdo_pressure_ulcer(rng: random.Random, ex_id: str) -> Made:
    """Draw a site, a side where the site has one, and a stage described in a wound note; skin.pressure_ulcer keys
    it from the code titles."""
    from revcycle.coding.guidelines import skin
    from revcycle.core.errors import RuleError

    sites = {s: sided for s, sided in skin.pressure_sites(on()).items()
             if not s.startswith(("unspecified", "other", "contiguous"))}
    for _ in range(20):
        site = rng.choice(sorted(sites))
        side = rng.choice(["right", "left"]) if sites[site] else None
        stage = rng.choice(list(WOUND_NOTES))
        try:
            code = skin.pressure_ulcer(site, stage, side, on=on())
        except RuleError:
            continue
        where = f"{side} {site}" if side else site
        prompt = (f"**Case.** The hospitalist documents a pressure ulcer of the {where} for {patient_name(rng)}, a "
                  f"synthetic patient. The wound care nurse's note: \"{where.capitalize()}: {WOUND_NOTES[stage]}.\"\n\n"
                  "Enter the pressure ulcer code.")
        explanation = (f"The provider documents the ulcer and its site; the nurse's description may supply the "
                       f"stage (Section I.B.14). It describes {STAGE_NAMES[stage]}. Under the {where}, that is "
                       f"**{code}**, {_title(code)}.")
        return exercise(ex_id, "code", prompt, code, explanation, system="icd10cm", case=True,
                        topic="icdo-pressure-ulcer", source=f"{GUIDELINES}, Sections I.B.14 and I.C.12.a; tabular "
                        "list, L89; revcycle.coding.guidelines.skin",
                        hints=["Site and side give the fifth character; the stage gives the sixth.",
                               "Unstageable means no one can see the base; unspecified means no one wrote a stage."])
    raise AssertionError("no pressure ulcer could be drawn")


@template("icdo-copd-pneumonia", CHAPTER, "COPD with an exacerbation and/or pneumonia: which codes are reported")
def icdo_copd_pneumonia(rng: random.Random, ex_id: str) -> Made:
    """Draw an exacerbation, a pneumonia and whether the provider names its organism; respiratory keys it."""
    from revcycle.coding.guidelines import respiratory

    organisms = {"streptococcus pneumoniae": "*Streptococcus pneumoniae*", "klebsiella pneumoniae":
                 "*Klebsiella pneumoniae*", "pseudomonas": "*Pseudomonas*", "mrsa": "MRSA",
                 "haemophilus influenzae": "*Haemophilus influenzae*"}
    exacerbation = rng.random() < 0.7
    pneumonia = rng.random() < 0.75 or not exacerbation
    organism = rng.choice(sorted(organisms))
    named = rng.random() < 0.5
    infection = respiratory.pneumonia(organism, provider_documented=named, on=on()) if pneumonia else None
    result = respiratory.copd(exacerbation, infection.codes[0] if infection else None, on=on())
    said = ["COPD" + (", acute exacerbation" if exacerbation else ", stable")]
    lab = ""
    if pneumonia:
        said.append(f"pneumonia due to {organisms[organism]}" if named else "pneumonia")
        if not named:
            lab = f" The sputum culture grew {organisms[organism]}; no provider mentions it."
    prompt = (f"**Case.** Discharge summary for {patient_name(rng)}, a synthetic patient: \"{'; '.join(said)}.\""
              f"{lab}\n\nSelect every code reported for the lung conditions.")
    candidates = ["J44.0", "J44.1", "J44.9", "J18.9", respiratory.ORGANISMS[organism]]
    options = list(dict.fromkeys(candidates))
    rng.shuffle(options)
    why = " ".join(result.reasons)
    if infection:
        why = infection.reasons[0] + " " + why
    return exercise(ex_id, "multiple", prompt, list(result.codes), why + f" Answer: **{_join(result.codes)}**.",
                    options=options, case=True, topic="icdo-copd-pneumonia", domains=("CCA", "CCS"),
                    source=f"{GUIDELINES}, Sections I.C.10.a and III.B; tabular list, J44; "
                    "revcycle.coding.guidelines.respiratory",
                    hints=["An infection and an exacerbation are two different COPD codes; both can apply.",
                           "The organism counts only when a provider documents it."])
