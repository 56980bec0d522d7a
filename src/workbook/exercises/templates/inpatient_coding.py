"""Templates for the chapter inpatient-coding: group a drawn stay to its MS-DRG, price a stay whose hospital-acquired
pressure ulcer has a drawn POA indicator, and judge a drawn provider query.

Every key comes from :mod:`revcycle.coding.inpatient` (the teaching grouper, the query checker) and
:mod:`revcycle.payment.ipps` (FY 2026 Table 5 weights and Tables 1A/1B); the templates only tell the story. Patients
are synthetic.
"""

from __future__ import annotations

import random

from revcycle.codes import icd10cm
from revcycle.coding import inpatient as engine
from revcycle.coding.inpatient import query as queries
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, money, patient_name

DOMAINS = ("CCS", "CCA")
SOURCE = ("MS-DRG v43 Definitions Manual; FY 2026 IPPS final rule (CMS-1833-F), Tables 5, 6I, 6J and 6K; CMS "
          "HAC/POA coding; the book's teaching grouper, revcycle.coding.inpatient")
#: Principal diagnoses the stories use, one clinical phrase each, by family.
PRINCIPALS = {
    "J18.9": "pneumonia, organism not identified",
    "J15.9": "bacterial pneumonia, organism not identified",
    "I50.23": "acute on chronic systolic heart failure",
    "I50.33": "acute on chronic diastolic heart failure",
    "I11.0": "hypertensive heart disease with heart failure",
    "A41.9": "sepsis, organism not identified",
}
#: Secondary diagnoses the stories draw from (all shipped rows), with a clinical phrase.
SECONDARIES = {
    "J96.01": "acute respiratory failure with hypoxia", "N17.0": "acute tubular necrosis",
    "E43": "severe protein-calorie malnutrition", "G93.41": "metabolic encephalopathy",
    "I50.21": "acute systolic heart failure", "R65.20": "severe sepsis without septic shock",
    "N17.9": "acute kidney failure, unspecified", "E87.1": "hyponatremia", "E44.0": "moderate protein-calorie "
    "malnutrition", "I50.22": "chronic systolic heart failure", "N39.0": "urinary tract infection, site not specified",
    "J44.1": "COPD with acute exacerbation", "D62": "acute posthemorrhagic anemia", "I10": "essential hypertension",
    "E11.9": "type 2 diabetes without complications", "E78.5": "hyperlipidemia", "K21.9": "GERD without esophagitis",
    "E03.9": "hypothyroidism", "I48.91": "atrial fibrillation, unspecified",
    "N18.30": "chronic kidney disease, stage 3",
}
#: Secondary codes a coder would not report with a principal diagnosis (the same illness twice, or sepsis codes
#: without sepsis): kept out of the draws so every story is codable.
NOT_WITH = {"I50.23": {"I50.21", "I50.22"}, "I50.33": {"I50.21", "I50.22"}, "I11.0": {"I10"}}


def _pool(pdx: str) -> list[str]:
    """The secondary diagnoses a story may add to principal diagnosis `pdx`."""
    banned = NOT_WITH.get(pdx, set()) | ({"R65.20"} if pdx != "A41.9" else set())
    return [c for c in sorted(SECONDARIES) if c != pdx and c not in banned]
WAGE_INDEXES = ("0.8500", "0.9300", "1.0000", "1.0800", "1.1500", "1.2400")


def _phrase(code: str, text: str) -> str:
    return f"{text} (`{code}`)"


@template("inp-group-stay", "inpatient-coding", "Group a coded inpatient stay to its MS-DRG with CC/MCC levels and "
          "exclusions")
def inp_group_stay(rng: random.Random, ex_id: str) -> Made:
    """Draw a principal diagnosis and up to three secondary diagnoses, all POA Y; the teaching grouper keys it."""
    pdx = rng.choice(sorted(PRINCIPALS))
    secondaries = rng.sample(_pool(pdx), rng.randint(0, 3))
    stay = engine.group(pdx, [(c, "Y") for c in secondaries])
    others = ", ".join(_phrase(c, SECONDARIES[c]) for c in secondaries) or "no other condition"
    drgs = " / ".join(stay.family.drgs)
    prompt = (f"**Case.** {patient_name(rng)} is admitted for {_phrase(pdx, PRINCIPALS[pdx])}. The record also "
              f"documents, as treated or monitored and present on admission: {others}. No procedure is coded.\n\n"
              f"The family is MS-DRGs {drgs} ({stay.family.title.lower()}). To which MS-DRG does the stay group?")
    why = "; ".join(f"`{s.code}`: {s.reason}" for s in stay.secondaries) or "no secondary diagnosis"
    explanation = (f"**MS-DRG {stay.ms_drg}.** `{pdx}` picks the family. {why}. The highest level that counts is "
                   f"{'none' if stay.severity == 'non-CC' else stay.severity}, so the stay groups to {stay.ms_drg}.")
    return exercise(ex_id, "numeric", prompt, int(stay.ms_drg), explanation, decimals=0, domains=DOMAINS, case=True,
                    topic="inp-group-stay", source=SOURCE,
                    hints=["Rate each secondary code (Table 6I MCC, 6J CC), then check the exclusion list (6K).",
                           "Chronic heart failure does not count as a CC for a heart failure principal diagnosis."])


@template("inp-poa-payment", "inpatient-coding", "Price an inpatient stay whose hospital-acquired pressure ulcer has "
          "a given POA indicator")
def inp_poa_payment(rng: random.Random, ex_id: str) -> Made:
    """A heart failure or pneumonia stay with a stage 3 or 4 sacral pressure ulcer (HAC 04) and a drawn POA value."""
    pdx = rng.choice(["J18.9", "I50.23", "I50.33"])
    ulcer = rng.choice(["L89.153", "L89.154"])
    poa = rng.choice(["Y", "N", "U", "W"])
    wage = rng.choice(WAGE_INDEXES)
    stay = engine.group(pdx, [("E11.9", "Y"), ("E78.5", "Y"), (ulcer, poa)])
    pay = stay.payment(wage)
    prompt = (f"**Case.** {patient_name(rng)} is admitted for {_phrase(pdx, PRINCIPALS[pdx])}, with type 2 diabetes "
              f"(`E11.9`) and hyperlipidemia (`E78.5`), both POA Y. The record also documents "
              f"{icd10cm.title(ulcer).lower()} (`{ulcer}`), an MCC on CMS's hospital-acquired condition list, with "
              f"POA indicator **{poa}**. The hospital's wage index is {wage}.\n\nWhat is the FY 2026 federal "
              "operating payment for the stay? Round once, at the end.")
    counted = "keeps" if engine.INDICATORS[poa].hac_credit else "loses"
    explanation = (f"POA {poa}: the ulcer {counted} its MCC credit, so the stay groups to MS-DRG {stay.ms_drg} "
                   f"(weight {pay.weight}). The wage index {wage} is {'above' if pay.wage_index > 1 else 'at or below'}"
                   f" 1, so the split is {money(pay.labor_amount)} labor and {money(pay.nonlabor_amount)} nonlabor: "
                   f"({money(pay.labor_amount)} x {wage} + {money(pay.nonlabor_amount)}) x {pay.weight} = "
                   f"{money(pay.payment)}.")
    return exercise(ex_id, "numeric", prompt, str(pay.payment), explanation, unit="$", tolerance="0.01",
                    domains=DOMAINS, case=True, topic="inp-poa-payment", source=SOURCE,
                    hints=["Y and W keep the credit of a hospital-acquired condition; N and U lose it.",
                           "Table 1A applies above a wage index of 1, Table 1B at or below."])


#: Query pieces: one question style per draw, each compliant or breaking exactly one rule (the checker's rule name).
INDICATORS = (("Sodium 126 mmol/L on day 1 and 129 on day 2", "Fluid restriction ordered"),
              ("BNP 1,450 pg/mL", "Ejection fraction 30 percent on echo", "IV furosemide twice daily"),
              ("Oxygen saturation 84 percent on room air", "Respiratory rate 32", "High-flow oxygen started"))
STYLES = {
    "open": ("Based on these findings, can you clarify the condition they represent, if any?", "open", ()),
    "mc-complete": ("Based on these findings, which condition do they represent?", "multiple_choice",
                    ("{a}", "{b}", "Other (please specify)", "Clinically undetermined")),
    "mc-no-other": ("Based on these findings, which condition do they represent?", "multiple_choice",
                    ("{a}", "{b}", "Clinically undetermined")),
    "mc-one-choice": ("Based on these findings, which condition do they represent?", "multiple_choice",
                      ("{a}", "Other (please specify)", "Clinically undetermined")),
    "leading": ("Please document {a} in the progress notes.", "open", ()),
    "payment": ("Documenting {a} would move this stay to a higher MS-DRG. What condition do these findings "
                "represent?", "open", ()),
}
CHOICES = {0: ("Hyponatremia", "Expected variation, not clinically significant"),
           1: ("Acute on chronic systolic heart failure", "Chronic systolic heart failure, compensated"),
           2: ("Acute respiratory failure with hypoxia", "Hypoxemia without respiratory failure")}
VERDICTS = {"": "Compliant", "leading": "Leading: it tells the provider what to write",
            "no-payment": "It mentions payment or the MS-DRG",
            "other": "A multiple-choice query without an 'other' option",
            "options": "A multiple-choice query with only one clinical option",
            "undetermined": "A multiple-choice query without 'clinically undetermined'",
            "indicators": "It quotes no clinical indicators"}


@template("inp-query-check", "inpatient-coding", "Judge whether a provider query is compliant, and name its problem")
def inp_query_check(rng: random.Random, ex_id: str) -> Made:
    """Draw indicators and a question style; revcycle's query checker gives the verdict."""
    i = rng.randrange(len(INDICATORS))
    style = rng.choice(sorted(STYLES))
    a, b = CHOICES[i]
    question, form, options = STYLES[style]
    q = queries.Query(INDICATORS[i], question.format(a=a.lower(), b=b), form,  # type: ignore[arg-type]
                      tuple(o.format(a=a, b=b) for o in options))
    review = queries.check(q)
    if len(review.findings) > 1:
        raise AssertionError(f"query style {style} breaks more than one rule")
    answer = VERDICTS[review.findings[0].rule if review.findings else ""]
    shown = "\n".join(f"- {o}" for o in q.options)
    prompt = (f"**Case.** A CDI specialist sends this query to the attending physician of {patient_name(rng)}.\n\n"
              f"> Indicators: {'; '.join(q.indicators)}.\n>\n> {q.question}\n\n"
              + (f"Answer options offered:\n\n{shown}\n\n" if q.options else "")
              + "What does the AHIMA/ACDIS practice brief say about this query?")
    explanation = (f"**{answer}.** " + (" ".join(f.message for f in review.findings) if review.findings else
                   "It quotes indicators from the record, does not point to an answer or mention payment, and a "
                   "multiple-choice version offers clinically reasonable options with 'other' and 'clinically "
                   "undetermined'."))
    options_out = list(VERDICTS.values())
    rng.shuffle(options_out)
    return exercise(ex_id, "single", prompt, answer, explanation, options=options_out,
                    domains=DOMAINS, case=True, topic="inp-query-check",
                    source="AHIMA/ACDIS, Guidelines for Achieving a Compliant Query Practice (2022 Update); "
                           "revcycle.coding.inpatient.query",
                    hints=["Check the indicators, the wording, the payment words, then the options."])
