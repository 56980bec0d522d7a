"""Templates for the organ-system surgery chapter: a colonoscopy that began as a screening, coded by payer; a selective
catheter trip through the teaching tree of abdominal arteries; and a pregnancy's maternity care split between
practices (or not).

Every key comes from :mod:`revcycle.coding.surgery` (``endoscopy``, ``vascular``, ``obstetric``); the templates only
tell the story. Patients and practices are synthetic.
"""

from __future__ import annotations

import random

from revcycle.coding.surgery import endoscopy, obstetric, vascular
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, patient_name, shuffled

DOMAINS = ("CPC", "CCS")
CHAPTER = "surgery-organ-systems"

#: Surgical colonoscopy codes a case can draw, with the words the note uses.
FINDINGS = (("45380", "takes cold-forceps biopsies of a flat lesion"),
            ("45385", "removes a polyp with a snare"),
            ("45384", "removes a small polyp with hot biopsy forceps"))


@template("srgo-colonoscopy-payer", CHAPTER, "Code a colonoscopy that began as a screening, for Medicare or a "
          "commercial payer")
def srgo_colonoscopy_payer(rng: random.Random, ex_id: str) -> Made:
    """Draw the payer, the risk, a positive stool test and what was done; the endoscopy engine codes it."""
    payer = rng.choice(endoscopy.PAYERS)
    high_risk = rng.random() < 0.4
    stool = rng.random() < 0.3
    done = rng.sample(FINDINGS, rng.choice((0, 1, 1, 2)))
    coded = endoscopy.colonoscopy_lines(payer, high_risk=high_risk, procedures=["45378", *(c for c, _ in done)],
                                        after_positive_stool_test=stool)
    answer = str(coded)
    who = "a Medicare patient" if payer == "medicare" else "a patient covered by a non-grandfathered commercial plan"
    risk = "whose father had colorectal cancer (high risk)" if high_risk else "with no high-risk history"
    why = " after a positive stool-based screening test" if stool else ""
    found = " and ".join(words for _, words in done) if done else "finds nothing abnormal"
    prompt = (f"**Case.** {patient_name(rng)}, {who} {risk}, has a colonoscopy scheduled as a screening{why}. The "
              f"scope reaches the cecum; the gastroenterologist {found}. Which line(s) go on the claim?")
    wrong = ["G0121", "G0105", "G0121-KX", "G0105-KX", "45378-33", "45385-PT", "45385-33", "45380-PT, 45385-PT",
             "45380-33, 45385-33", "45378, 45385-PT", "45384-PT", "45384-33", "45380-PT", "45380-33"]
    options = shuffled(rng, answer, wrong, n=5)
    explanation = f"**{answer}**. " + "; ".join(coded.reasons) + "."
    return exercise(ex_id, "single", prompt, answer, explanation, options=options, domains=DOMAINS, case=True,
                    topic="srgo-colonoscopy-payer", source="Medicare Claims Processing Manual ch. 18, sec. 60; "
                    "MLN Matters MM7012; CPT modifier 33; revcycle.coding.surgery.endoscopy",
                    hints=["Medicare: G code while it stays a screening, CPT code with PT once something is done.",
                           "Other payers: the CPT code with 33."])


@template("srgo-catheter", CHAPTER, "Code a selective catheter placement in the teaching tree of abdominal arteries")
def srgo_catheter(rng: random.Random, ex_id: str) -> Made:
    """Draw one family and one to three placed vessels; the vascular engine gives the lines."""
    head = rng.choice([v for v, parent in vascular.TREE.items() if parent == vascular.AORTA])
    family = [v for v in vascular.TREE if vascular.family_of(v) == head]
    placed = rng.sample(family, rng.choice((1, 2, 3)) if len(family) > 2 else 1)
    placed.sort(key=vascular.order)
    lines = vascular.catheter_lines(placed)
    answer = ", ".join(ln.code + (f" x {ln.units}" if ln.units > 1 else "") for ln in lines)
    trip = "; then ".join(f"the {v}" for v in placed)
    prompt = (f"**Case.** Through one femoral puncture, a radiologist places a catheter in the aorta, then "
              f"selectively in {trip} (each vessel on the way was passed, as anatomy requires). Which catheter "
              "placement lines are reported?")
    wrong = ["36200", "36245", "36246", "36247", "36245, 36248", "36246, 36248", "36247, 36248", "36247, 36248 x 2",
             "36200, 36247", "36245, 36246, 36247"]
    options = shuffled(rng, answer, wrong, n=5)
    explanation = f"**{answer}**. " + "; ".join(ln.why for ln in lines) + "."
    return exercise(ex_id, "single", prompt, answer, explanation, options=options, domains=DOMAINS, case=True,
                    topic="srgo-catheter", source="NCCI Policy Manual ch. V; CPT's vascular family instructions; "
                    "revcycle.coding.surgery.vascular",
                    hints=["Find the deepest order reached in the family.",
                           "Other branches of the same family, off that path, are add-ons."])


MOTHERS = ("Mei Placeholder", "Ana Sample", "Rosa Testpatient", "Leila Fakename", "Grace Example")
DELIVERY_WORDS = {"vaginal": "a vaginal delivery", "cesarean": "a cesarean delivery",
                  "vbac": "a vaginal birth after an earlier cesarean",
                  "cesarean after attempted vbac": "a cesarean after a tried vaginal birth after an earlier cesarean"}


@template("srgo-obstetric", CHAPTER, "Code one practice's share of a pregnancy's maternity care")
def srgo_obstetric(rng: random.Random, ex_id: str) -> Made:
    """Draw whether the patient moved, the visits, the delivery and the postpartum care; the obstetric engine codes."""
    delivery = rng.choice(obstetric.DELIVERIES)
    moved = rng.random() < 0.6
    visits = rng.randint(2, 9) if moved else rng.randint(8, 13)
    postpartum = rng.random() < 0.8
    lines = obstetric.obstetric_lines(visits, delivery, postpartum, from_start=not moved)
    answer = " and ".join(ln.code if ln.units == 1 else f"{ln.code} x {ln.units}" for ln in lines)
    history = ("joined this practice halfway through her pregnancy, after prenatal care elsewhere"
               if moved else "has had all her prenatal care at this practice from the first visit")
    after = " and gives the postpartum care" if postpartum else "; another practice gives the postpartum care"
    prompt = (f"**Case.** {rng.choice(MOTHERS)} {history}. This practice sees her for {visits} prenatal visits and "
              f"delivers her baby ({DELIVERY_WORDS[delivery]}){after}. What does this practice bill?")
    pool = [*obstetric.GLOBAL.values(), *(f"{a} and {b}" for a in ("59425", "59426")
                                          for b in (*obstetric.DELIVERY_ONLY.values(),
                                                    *obstetric.DELIVERY_POSTPARTUM.values()))]
    options = shuffled(rng, answer, pool, n=5)
    explanation = f"**{answer}**. " + "; ".join(ln.covers for ln in lines) + "."
    return exercise(ex_id, "single", prompt, answer, explanation, options=options, domains=DOMAINS, case=True,
                    topic="srgo-obstetric", source="CPT's maternity care instructions; NCCI Policy Manual ch. VII; "
                    "revcycle.coding.surgery.obstetric",
                    hints=["The global code needs the antepartum care from the start, the delivery and the "
                           "postpartum care.", "Antepartum alone: 1-3 E/M visits, 4-6 59425, 7 or more 59426."])
