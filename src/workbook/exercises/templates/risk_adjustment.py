"""Templates for the chapter risk-adjustment: map a code to its V28 payment HCC, count the HCCs left after the
hierarchies, compute a raw CNA risk score from the factors shown, and judge which conditions a note supports (MEAT).

Every key comes from :mod:`revcycle.payment.risk_adjustment` (the teaching V28 subset) and :mod:`revcycle.coding.meat`;
the templates only tell the story. Patients are synthetic.
"""

from __future__ import annotations

import random

from revcycle.codes import icd10cm
from revcycle.coding import meat
from revcycle.payment import risk_adjustment as engine
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, patient_name

DOMAINS = ("CRC", "CPC", "CCS")
SOURCE = ("CMS, 2024 CMS-HCC model (V28) relative factors, ICD-10 mappings and hierarchies, community non-dual aged "
          "segment; the book's teaching subset, revcycle.payment.risk_adjustment")
#: Codes the stories use, one per clinical family, so a story never lists the same illness twice by accident.
FAMILIES: dict[str, tuple[str, ...]] = {
    "diabetes": ("E11.00", "E11.10", "E11.22", "E11.40", "E11.42", "E11.51", "E11.65", "E11.9"),
    "heart failure": ("I50.21", "I50.22", "I50.23", "I50.32", "I50.9", "I11.0"),
    "kidney": ("N18.30", "N18.31", "N18.32", "N18.4", "N18.5", "N18.9"),
    "lung": ("J44.1", "J44.9", "J45.50"),
    "rhythm": ("I48.0", "I48.20", "I48.91"),
    "mood": ("F32.1", "F32.2", "F33.1", "F32.9", "F32.0"),
    "weight": ("E66.01", "E66.813", "Z68.41", "E66.9"),
    "vessels": ("I70.221", "I70.261", "I73.9"),
    "other": ("I10", "E78.5", "C61", "F03.90", "I82.401"),
}


def _title(code: str) -> str:
    return f"{icd10cm.title(code)[0].lower()}{icd10cm.title(code)[1:]} (`{code}`)"


def _hccs_text(hccs: frozenset[int] | set[int]) -> str:
    return ", ".join(f"HCC {h}" for h in sorted(hccs)) or "none"


@template("ra-map-code", "risk-adjustment", "Map an ICD-10-CM code to its V28 payment HCC, or to none")
def ra_map_code(rng: random.Random, ex_id: str) -> Made:
    """Draw a shipped code with one payment HCC or none; the teaching map keys it (0 for none)."""
    code = rng.choice([c for c in engine.known_codes() if len(engine.hccs_for(c)) <= 1])
    hccs = engine.hccs_for(code)
    answer = hccs[0] if hccs else 0
    prompt = (f"A risk adjustment coder reviews a note for {patient_name(rng)} that documents {_title(code)}.\n\n"
              "Under the 2024 CMS-HCC model (V28), which payment HCC does the code map to? Enter the HCC number, or "
              "0 if it maps to no payment HCC.")
    explanation = (f"**{answer}.** " + (f"`{code}` maps to HCC {answer}, {engine.hcc_label(answer).lower()}."
                   if hccs else f"CMS's V28 mapping has no payment HCC for `{code}`: it adds nothing to the score "
                   "(which is no reason to leave it off the claim when it is documented and affects care)."))
    return exercise(ex_id, "numeric", prompt, answer, explanation, decimals=0, domains=DOMAINS, case=False,
                    topic="ra-map-code", source=SOURCE,
                    hints=["V28 dropped several vague or discretionary codes that V24 counted.",
                           "Diabetes with a complication maps differently from diabetes without one."])


def _story_codes(rng: random.Random, least: int, most: int) -> list[str]:
    families = rng.sample(sorted(FAMILIES), rng.randint(least, most))
    codes = [rng.choice(FAMILIES[f]) for f in families]
    if "diabetes" in families and rng.random() < 0.5:  # sometimes a vague diabetes code beside a specific one
        codes.append("E11.9" if codes[families.index("diabetes")] != "E11.9" else "E11.65")
    return codes


@template("ra-hierarchy-count", "risk-adjustment", "Count the payment HCCs left after the V28 hierarchies")
def ra_hierarchy_count(rng: random.Random, ex_id: str) -> Made:
    """Draw three to five condition families (and sometimes a second diabetes code); count the HCCs kept."""
    codes = _story_codes(rng, 3, 5)
    if rng.random() < 0.5:  # a second heart failure or kidney code of another level
        codes.append(rng.choice(["I50.23", "I50.22", "N18.4", "N18.32"]))
    codes = list(dict.fromkeys(codes))
    result = engine.score("F", 70, codes)
    listing = "\n".join(f"- {_title(c)}: {_hccs_text(set(engine.hccs_for(c)))}" for c in codes)
    prompt = (f"**Case.** The year's supported diagnoses for {patient_name(rng)} map to V28 payment HCCs as "
              f"follows:\n\n{listing}\n\nAfter the V28 hierarchies, how many payment HCCs are left (the number the "
              "HCC-count variable counts)?")
    dropped = "; ".join(f"HCC {h} is dropped by HCC {', '.join(map(str, by))}" for h, by in result.dropped.items())
    explanation = (f"**{len(result.hccs)}.** Mapped: {_hccs_text(result.hccs_before)}. "
                   + (f"{dropped}. " if dropped else "No hierarchy applies. ")
                   + f"Left: {_hccs_text(result.hccs)}.")
    return exercise(ex_id, "numeric", prompt, len(result.hccs), explanation, decimals=0, domains=DOMAINS, case=True,
                    topic="ra-hierarchy-count", source=SOURCE,
                    hints=["Within a family a higher HCC drops the lower ones: 36 > 37 > 38, 224 > 225 > 226, "
                           "326 > 327 > 328 > 329, 263 > 264, 279 > 280.",
                           "A code that maps to no HCC adds nothing to the count."])


@template("ra-raw-score", "risk-adjustment", "Compute a raw V28 risk score (community, non-dual, aged) from the "
          "factors shown")
def ra_raw_score(rng: random.Random, ex_id: str) -> Made:
    """Draw a member and two to four conditions; show every factor that could apply; the engine keys the sum."""
    sex = rng.choice(["F", "M"])
    age = rng.randint(65, 97)
    codes = list(dict.fromkeys(_story_codes(rng, 2, 4)))
    result = engine.score(sex, age, codes)
    cell = result.contributions[0]
    hcc_rows = [f"- HCC {h} ({engine.hcc_label(h)}): {engine.factor(f'HCC{h}')}" for h in sorted(result.hccs_before)]
    inter_rows = [f"- {name} ({engine.factor(name)}): HCC groups "
                  + " and ".join(f"{min(g)}-{max(g)}" if len(g) > 1 else str(min(g)) for g in groups)
                  for name, groups in engine.INTERACTIONS.items()]
    count_rows = ", ".join(f"{n} HCC{'s' if n > 1 else ''}: {engine.factor(f'D{n}')}" for n in range(1, 6))
    listing = "\n".join(f"- {_title(c)}: {_hccs_text(set(engine.hccs_for(c)))}" for c in codes)
    person = "female" if sex == "F" else "male"
    prompt = (f"**Case.** {patient_name(rng)} ({person}, {age}) lives in the community, has Medicare only, and has "
              f"these supported diagnoses for the year, mapped to V28 payment HCCs:\n\n{listing}\n\n"
              f"CNA relative factors: demographic cell {cell.label}: {cell.factor}\n\n" + "\n".join(hcc_rows)
              + "\n\nInteractions (each applies when both groups have an HCC left after the hierarchies):\n\n"
              + "\n".join(inter_rows) + f"\n\nPayment-HCC count: {count_rows}.\n\n"
              "What is the raw risk score? Give three decimals.")
    explanation = (f"**{result.raw}.** " + " + ".join(f"{c.factor} ({c.variable}: {c.why})"
                                                     for c in result.contributions) + f" = {result.raw}.")
    return exercise(ex_id, "numeric", prompt, str(result.raw), explanation, decimals=3, tolerance="0.0005",
                    domains=DOMAINS, case=True, topic="ra-raw-score", source=SOURCE,
                    hints=["Apply the hierarchies first: a dropped HCC adds no factor and is not counted.",
                           "Then the demographic cell, each HCC left, the interactions, and the count factor."])


#: Evidence a note may give, by MEAT element, and problem-list entries that give none.
EVIDENCE = {
    "monitor": ("reports no new symptoms since the last visit", "weight stable at home, log reviewed"),
    "evaluate": ("latest lab values reviewed with the patient", "examined: findings recorded"),
    "assess": ("stable on the current plan", "worsening; discussed with the patient"),
    "treat": ("medication continued at the same dose", "dose increased", "referred to the specialist"),
}
NOTE_CODES = ("E11.22", "I50.22", "N18.4", "J44.9", "F33.1", "I48.0", "E66.01", "F03.90")


@template("ra-meat-support", "risk-adjustment", "Decide which diagnoses a note supports under the MEAT convention")
def ra_meat_support(rng: random.Random, ex_id: str) -> Made:
    """Draw four conditions, each with evidence for zero to two MEAT elements; the MEAT checker keys it."""
    codes = rng.sample(NOTE_CODES, 4)
    note: dict[str, dict[str, str]] = {}
    for i, code in enumerate(codes):
        # the first condition is listed without evidence, the second has some: the answer is never all or none
        n = 0 if i == 0 else rng.choice([1, 2]) if i == 1 else rng.choice([0, 1, 1, 2])
        elements = rng.sample(sorted(EVIDENCE), n)
        note[code] = {e: rng.choice(EVIDENCE[e]) for e in elements}
    order = list(note)
    rng.shuffle(order)
    lines = "\n".join(f"- {_title(c)}: " + ("; ".join(note[c].values()) if note[c] else "listed in the problem list "
                                                 "only") for c in order)
    supported = meat.supported_codes({c: note[c] for c in order})
    prompt = (f"**Case.** The assessment and plan of a visit for {patient_name(rng)} reads:\n\n{lines}\n\n"
              "Using the MEAT convention (at least one of monitor, evaluate, assess, treat), which diagnoses does the "
              "note support for risk adjustment? Select all that apply.")
    findings = {f.code: f for f in meat.check(note)}
    explanation = (f"**{', '.join(supported) or 'None'}.** " + " ".join(f"`{c}`: {findings[c].reason}."
                                                                         for c in order)
                   + " MEAT is an industry convention, not a CMS rule; RADV auditors judge the record itself.")
    return exercise(ex_id, "multiple", prompt, supported, explanation, options=order, domains=DOMAINS, case=True,
                    topic="ra-meat-support", source="MEAT documentation convention; revcycle.coding.meat; "
                    "OIG OEI-03-17-00470 (diagnoses must come from a face-to-face visit documented in the record)",
                    hints=["A condition named with nothing done about it at the visit is not supported.",
                           "One documented element is enough under the usual convention."])
