"""Templates for the chapter on the surgical package, skin and musculoskeletal coding: a lesion excision from a drawn
lesion and margin, the repair lines of drawn lacerations, debridement add-on units, a fracture treatment category,
and whether a drawn visit falls in a code's global period (read from the CY2026 PFS file).

Every key comes from :mod:`revcycle.coding.surgery`; the templates only tell the story. Patients are synthetic.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from revcycle.coding.surgery import excision, fracture, package, repair
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, patient_name, shuffled

DOMAINS = ("CPC", "CCS")
CHAPTER = "surgery-skin-musculoskeletal"
SOURCE = "CPT's surgery guidelines (AMA); NCCI Policy Manual ch. III and IV; revcycle.coding.surgery"

EXCISION_SITES = ("back", "chest", "forearm", "thigh", "scalp", "neck", "hand", "foot", "nose", "cheek", "ear", "lip")
REPAIR_SITES = ("scalp", "forearm", "leg", "back", "hand", "foot", "neck", "cheek", "forehead", "lip", "nose")


def _cm(rng: random.Random, low: int, high: int) -> Decimal:
    """A length in tenths of a centimeter between low/10 and high/10."""
    return Decimal(rng.randint(low, high)) / 10


@template("srg-excision-code", CHAPTER, "Choose a lesion excision code from behavior, site and excised diameter")
def srg_excision_code(rng: random.Random, ex_id: str) -> Made:
    """Draw a lesion, margin, site and behavior; revcycle.coding.surgery.excision gives the code."""
    site, behavior = rng.choice(EXCISION_SITES), rng.choice(excision.BEHAVIORS)
    lesion, margin = _cm(rng, 2, 45), _cm(rng, 0, 8)
    made = excision.excision_code(site, behavior, lesion, margin)
    word = "a benign" if behavior == "benign" else "a malignant"
    prompt = (f"**Case.** The dermatologist excises a lesion of the {site} of {patient_name(rng)}. The note: lesion "
              f"**{lesion} cm** at its largest diameter, narrowest margin **{margin} cm**; the pathology report "
              f"shows {word} lesion. Simple closure. Which code reports the excision?")
    first = excision.EXCISION_SERIES[(behavior, made.group)]
    family = [str(first + digit) for _, digit in excision.BRACKETS]
    other = "malignant" if behavior == "benign" else "benign"
    wrong = [*family, str(excision.EXCISION_SERIES[(other, made.group)] + int(made.code[-1]))]
    options = shuffled(rng, made.code, wrong, n=5)
    explanation = f"**{made.code}**. " + "; ".join(made.steps) + ". A simple closure is part of the excision."
    return exercise(ex_id, "single", prompt, made.code, explanation, options=options, domains=DOMAINS, case=True,
                    topic="srg-excision-code", source=SOURCE,
                    hints=["Excised diameter = lesion + 2 x the narrowest margin.",
                           "Behavior comes from the pathology report; site picks the family."])


@template("srg-repair-lines", CHAPTER, "Code several lacerations: add lengths of one complexity in one anatomic group")
def srg_repair_lines(rng: random.Random, ex_id: str) -> Made:
    """Draw two to four simple or intermediate repairs; revcycle.coding.surgery.repair gives the lines."""
    wounds = [(rng.choice(REPAIR_SITES), _cm(rng, 8, 60), rng.choice(("simple", "intermediate")))
              for _ in range(rng.choice((2, 3, 4)))]
    lines = repair.code_repairs(wounds)
    answer = [ln.code for ln in lines]
    story = "; ".join(f"{'an' if c == 'intermediate' else 'a'} {c} repair of the {s}, {n} cm" for s, n, c in wounds)
    prompt = (f"**Case.** In the emergency department {patient_name(rng)} has these wounds closed at one session: "
              f"{story}. Which repair codes are reported? Select all that apply.")
    near = {c for code in answer for c in (str(int(code) - 1), str(int(code) + 1), str(int(code) + 2))}
    pool = sorted(c for fam in repair.REPAIR_FAMILIES.values() for _, c in fam if c in near and c not in answer)
    options = sorted({*answer, *rng.sample(pool, min(len(pool), 6 - len(answer)))})
    explanation = ("**" + ", ".join(answer) + "**, most complex first. " +
                   "; ".join(f"{ln.code}: {ln.what}" for ln in lines) +
                   ". Lengths are added only within one complexity and one anatomic group of that family.")
    return exercise(ex_id, "multiple", prompt, answer, explanation, options=options, domains=DOMAINS, case=True,
                    topic="srg-repair-lines", source=SOURCE,
                    hints=["Sort by complexity, then find each site's group in that complexity's family.",
                           "The groups differ between the simple and intermediate families."])


@template("srg-debridement-units", CHAPTER, "Count debridement add-on units by depth and area")
def srg_debridement_units(rng: random.Random, ex_id: str) -> Made:
    """Draw wounds debrided to two depths; the key is the add-on units of the depth asked about."""
    depths = rng.sample(list(repair.DEBRIDEMENT), 2)
    wounds = [(d, Decimal(rng.randint(4, 60))) for d in depths for _ in range(rng.choice((1, 2)))]
    rng.shuffle(wounds)
    asked = depths[0]
    lines = repair.debridement_lines(wounds)
    addon = repair.DEBRIDEMENT[asked][1]
    answer = sum(ln.units for ln in lines if ln.code == addon)
    words = {"subcutaneous": "into the subcutaneous fat", "muscle": "into muscle and fascia", "bone": "into bone"}
    story = "; ".join(f"a wound of {a} sq cm debrided {words[d]}" for d, a in wounds)
    prompt = (f"**Case.** The surgeon debrides several wounds of {patient_name(rng)} at one session: {story}. "
              f"How many units of the add-on code `{addon}` are reported?")
    total = sum((a for d, a in wounds if d == asked), Decimal(0))
    explanation = (f"**{answer}**. The areas debrided {words[asked]} add to {total} sq cm: the base code covers the "
                   f"first 20 sq cm and `{addon}` each further 20 sq cm or part. Areas at other depths are not added.")
    return exercise(ex_id, "numeric", prompt, answer, explanation, unit="units", decimals=0, domains=DOMAINS,
                    case=True, topic="srg-debridement-units", source=SOURCE,
                    hints=["Add the areas of one depth only.", "The first 20 sq cm are in the base code."])


FRACTURE_STORIES = (
    ({"site_opened": False, "manipulated": False, "fixation": "none"},
     "the orthopedist finds the pieces in good position and applies a cast, with no reduction"),
    ({"site_opened": False, "manipulated": True, "fixation": "none"},
     "the orthopedist reduces the fracture by traction and pressure under imaging, with no incision, and casts it"),
    ({"site_opened": False, "manipulated": True, "fixation": "percutaneous"},
     "the surgeon reduces the fracture and drives two wires across it through the skin under imaging; no incision "
     "exposes the fracture"),
    ({"site_opened": True, "manipulated": True, "fixation": "internal"},
     "the surgeon exposes the fracture through an incision, reduces it and fixes it with a plate and screws"),
)


@template("srg-fracture-category", CHAPTER, "Classify fracture care as closed, percutaneous or open treatment")
def srg_fracture_category(rng: random.Random, ex_id: str) -> Made:
    """Draw a treatment story and the injury type; revcycle.coding.surgery.fracture gives the category."""
    facts, story = rng.choice(FRACTURE_STORIES)
    injury = rng.choice(("open", "closed"))
    made = fracture.treatment(**facts, fracture=injury)  # type: ignore[arg-type]
    skin = "the bone broke through the skin" if injury == "open" else "the skin is intact"
    prompt = (f"**Case.** {patient_name(rng)} breaks the lower end of the radius; {skin}. In treatment, {story}. "
              "Which treatment category does the CPT code describe?")
    options = list(fracture.CATEGORIES)
    explanation = f"**{made.category}**: " + "; ".join(made.reasons) + "."
    return exercise(ex_id, "single", prompt, made.category, explanation, options=options, domains=DOMAINS, case=True,
                    topic="srg-fracture-category", source=SOURCE,
                    hints=["The treatment decides the category, not whether the fracture was open or closed."])


GLOBAL_CODES = ("11603", "12002", "12032", "25605", "29881", "13101")


@template("srg-global-visit", CHAPTER, "Decide whether a follow-up visit falls inside a code's global period")
def srg_global_visit(rng: random.Random, ex_id: str) -> Made:
    """Draw a code, a surgery date and a visit date; the global days come from the CY2026 PFS file."""
    code = rng.choice(GLOBAL_CODES)
    surgery = date(2026, 1, 5) + timedelta(days=rng.randint(0, 300))
    days = int(package.global_days(code))
    offset = rng.choice((-1, 0, 1, days, days + 1, rng.randint(2, max(3, days))))
    visit = surgery + timedelta(days=offset)
    verdict = package.visit_in_global(code, surgery, visit)
    inside, outside = "Inside the global period: part of the package", "Outside the global period: billed on its own"
    answer = inside if verdict.inside else outside
    prompt = (f"**Case.** {patient_name(rng)} has procedure `{code}` on {surgery:%B} {surgery.day}, {surgery.year}. "
              f"The surgeon sees the patient for a routine follow-up of that procedure on {visit:%B} {visit.day}, "
              f"{visit.year}. Look up the CY2026 global days in the fee schedule file. Where does the visit fall?")
    return exercise(ex_id, "single", prompt, answer, f"**{answer}**. {verdict.reason}", options=[inside, outside],
                    domains=DOMAINS, case=True, topic="srg-global-visit",
                    source="CY2026 PFS relative value file, GLOB DAYS; CMS Pub. 100-04, ch. 12, sec. 40.1",
                    hints=["090 starts the day before; 000 and 010 start on the day of the procedure."])
