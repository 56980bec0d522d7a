"""Case templates for the chapter icd10cm-guidelines: injury codes from case facts, and combination codes.

Each case states the facts a coder reads in a note (the side, the kind of care, the documented conditions and
drugs); the key is built from the FY2027 code set and the Official Guidelines sections the chapter teaches.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

from workbook.errors import WorkbookError
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, icd, on, shuffled

GUIDELINES = "ICD-10-CM Official Guidelines for Coding and Reporting FY2026"
CHAPTER = "icd10cm-guidelines"

# --- shared ------------------------------------------------------------------------------------------------

def _patient(rng: random.Random, young: int, old: int) -> str:
    """A made-up patient's name and age, from the synthetic pools."""
    from revcycle.synthetic.pools import PATIENT_FIRST_NAMES, PATIENT_LAST_NAMES

    return f"{rng.choice(PATIENT_FIRST_NAMES)} {rng.choice(PATIENT_LAST_NAMES)}, {rng.randint(young, old)}"


def _title(code: str) -> str:
    return str(icd().title(code, on=on()))


def _refs(code: str, own_only: bool = True) -> list[str]:
    """The codes a code's 'use additional code' notes name (its own and its parents' notes if own_only)."""
    from revcycle.coding.dx_review import note_refs

    info = icd().describe(code, on=on())
    mine = {info.code, *info.parents}
    return [value for n in info.use_additional_code if not own_only or n.source in mine
            for _kind, value in note_refs(n.text)]


def _covered(code: str, refs_of: str) -> bool:
    """True when a 'use additional code' note of ``refs_of`` takes in ``code``."""
    from revcycle.coding.dx_review import covers, note_refs

    info = icd().describe(refs_of, on=on())
    mine = {info.code, *info.parents}
    return any(covers(ref, code) for n in info.use_additional_code if n.source in mine for ref in note_refs(n.text))


# --- injuries: side and 7th character ----------------------------------------------------------------------

_RIGHT = re.compile(r"\bright\b")
_VAGUE = re.compile(r"\b(other|unspecified|unknown)\b", re.IGNORECASE)

#: Encounters during active treatment (7th character A), Section I.C.19.a.
ACTIVE = (
    "in the emergency department on the day of the injury, where it is examined and treated",
    "at an urgent care clinic the morning after the injury, where it is evaluated and treated",
    "by a specialist two days after the injury, who takes over its treatment from the emergency physician",
    "by a second surgeon, who sees the patient for a second opinion and continues the active treatment",
)
#: Encounters for routine care during healing or recovery (7th character D).
HEALING = (
    "at a follow-up visit {weeks} weeks after the injury was treated: active treatment is complete and healing is "
    "routine",
    "{weeks} weeks after treatment, for a scheduled recovery check; healing is routine and the plan is unchanged",
    "{weeks} weeks after the injury was treated, to review recovery and adjust pain medication; active treatment "
    "has ended and healing is routine",
)
#: Encounters for a condition that remains after the injury healed (7th character S).
LATE = (
    "{months} months after the injury healed, for {effect} that has remained since",
    "{months} months after the injury: the injury itself has healed, and the visit is for {effect} left by it",
)


def _late_effect(title: str) -> str:
    """A condition that plausibly remains after this kind of injury."""
    low = title.lower()
    if any(w in low for w in ("laceration", "bite", "puncture", "abrasion", "burn", "foreign body", "blister")):
        return "a scar"
    if any(w in low for w in ("fracture", "dislocation", "sprain", "strain", "rupture", "subluxation", "tear")):
        return "stiffness"
    return "ongoing symptoms"


@lru_cache(maxsize=1)
def _injury_pairs() -> tuple[tuple[str, str], ...]:
    """(right, left) pairs of injury subcategories (S codes) whose titles differ only in the side."""
    rows = icd().listing(on())
    titles = {code: title for code, title, _billable in rows}
    stems = sorted({code[:-1].rstrip("X").rstrip(".") for code, _t, billable in rows
                    if billable and code[0] == "S" and len(code.replace(".", "")) == 7 and code.endswith("A")})
    by_title = {titles[s]: s for s in stems if s in titles}
    pairs = []
    for stem in stems:
        title = titles.get(stem, "")
        if not title or _VAGUE.search(title) or len(_RIGHT.findall(title)) != 1:
            continue
        left = by_title.get(_RIGHT.sub("left", title))
        if left:
            pairs.append((stem, left))
    return tuple(pairs)


def _seventh(stem: str, kind: str) -> tuple[str, str] | None:
    """The 7th character for 'A', 'D' or 'S' care and its meaning, if the code takes it as the chapter teaches."""
    words = {"A": "initial encounter", "D": "subsequent encounter", "S": "sequela"}[kind]
    for option in icd().describe(stem, on=on()).seventh_options:
        if option.char == kind and option.meaning.startswith(words):
            if kind == "D" and "fracture" in option.meaning and "routine healing" not in option.meaning:
                return None
            if kind == "A" and "fracture" in option.meaning and "closed fracture" not in option.meaning:
                return None
            return option.char, option.meaning
    return None


def _documented(rng: random.Random, title: str) -> tuple[str, list[str]]:
    """The assessment as the provider writes it, and the defaults the coder applies to it (Section I.C.19.c)."""
    defaults = []
    text = title
    if "fracture" in title.lower():
        if title.startswith("Displaced ") and rng.random() < 0.5:
            text = title[len("Displaced "):]
            text = text[0].upper() + text[1:]
            defaults.append("the note does not say displaced or nondisplaced, so the fracture is coded as displaced")
        if rng.random() < 0.5:
            text += ", closed"
        else:
            defaults.append("the note does not say open or closed, so the fracture is coded as closed")
    return text, defaults


@template("icdg-injury-side-encounter", CHAPTER, "Code an injury for the documented side and kind of encounter")
def injury_side_encounter(rng: random.Random, ex_id: str) -> Made:
    """The side picks the code, the kind of care picks the 7th character (A, D or S)."""
    cm = icd()
    pairs = _injury_pairs()
    if not pairs:
        raise WorkbookError("No injury codes with a right and a left side were found; the code set looks incomplete.")
    for _ in range(200):
        stem = rng.choice(rng.choice(pairs))
        kind = rng.choice("AADS")
        found = _seventh(stem, kind)
        if found is None:
            continue
        char, meaning = found
        try:
            target = cm.with_seventh(stem, char, on=on())
        except Exception:  # noqa: BLE001 - try another injury when the tabular list does not allow the combination
            continue
        if not cm.is_billable(target, on=on()):
            continue
        title = _title(stem)
        note, defaults = _documented(rng, title)
        if kind == "A":
            care = rng.choice(ACTIVE)
        elif kind == "D":
            care = rng.choice(HEALING).format(weeks=rng.randint(3, 8))
        else:
            care = rng.choice(LATE).format(months=rng.randint(6, 18), effect=_late_effect(title))
        side = "right" if _RIGHT.search(title) else "left"
        prompt = (f"**Case.** {_patient(rng, 18, 85)}, a synthetic patient, is seen {care}. The provider's "
                  f"assessment of the injury: \"{note}.\"\n\n"
                  "Type the ICD-10-CM code for the **injury** at this encounter, complete with its 7th character "
                  "(leave out external cause codes and any other code).")
        why = {"A": "the patient is receiving active treatment for the injury",
               "D": "active treatment is over and this is routine care during healing or recovery",
               "S": "the injury has healed and the visit is for a condition it left behind, which is coded first; "
                    "the injury code follows it with S"}[kind]
        explanation = (f"Side: the note documents the {side} side, so the code is {stem} ({title}). "
                       + "".join(f"By default, {d}. " for d in defaults)
                       + f"Encounter: {why} (Section I.C.19.a), so the 7th character is {char}, '{meaning}'. "
                       f"With any placeholder X the code needs: **{target}**.")
        sections = "Sections I.C.19.a and I.C.19.c" if "fracture" in title.lower() else "Section I.C.19.a"
        return exercise(ex_id, "code", prompt, target, explanation, system="icd10cm", case=True,
                        topic="icdg-injury-side-encounter",
                        source=f"{GUIDELINES}, {sections}; tabular list, category {stem[:3]} (FY2027)",
                        hints=["Find the subcategory for the documented side first; the 7th character comes last.",
                               "Ask what kind of care this visit is: active treatment, healing, or a problem left "
                               "after healing?"])
    raise WorkbookError("Could not draw an injury case; the code set looks incomplete.")


# --- hypertension with heart failure and chronic kidney disease --------------------------------------------

def _combination(hf: bool, ckd: bool) -> tuple[str, str]:
    """Section I.C.9.a's combination code and section for hypertension with heart failure and/or CKD stage 1-4: the
    rule's one home is revcycle.coding.guidelines.circulatory."""
    from revcycle.coding.guidelines import circulatory

    group = "1-4" if ckd else None
    return circulatory.combination_code(hf, ckd=group), circulatory.combination_section(hf, ckd=group)


_BP_DRUGS = ("lisinopril", "amlodipine", "losartan", "hydrochlorothiazide", "metoprolol")


@lru_cache(maxsize=1)
def _heart_failures() -> tuple[str, ...]:
    """Billable systolic, diastolic and combined heart failure codes whose acuity is stated."""
    cm = icd()
    return tuple(c for parent in ("I50.2", "I50.3", "I50.4") for c in cm.children(parent, on=on())
                 if cm.is_billable(c, on=on()) and not _title(c).startswith("Unspecified"))


@lru_cache(maxsize=1)
def _kidney_stages() -> tuple[str, ...]:
    """The chronic kidney disease codes I12.9 asks for (stage 1 to 4, or unspecified)."""
    cm = icd()
    out = []
    for child in cm.children("N18", on=on()):
        for c in [child, *cm.children(child, on=on())]:
            if cm.is_billable(c, on=on()) and _covered(c, "I12.9") and _covered(c, "I13.0"):
                out.append(c)
    return tuple(out)


def heart_failure_words(code: str) -> str:
    """'Chronic diastolic (congestive) heart failure' as a provider writes it."""
    return _title(code).replace(" (congestive)", "")


def kidney_words(code: str) -> str:
    """'Chronic kidney disease, stage 2 (mild)' as a provider writes it."""
    title = re.sub(r"\s*\((mild|moderate|severe)\)", "", _title(code))
    title = title.replace("stage 3 unspecified", "stage 3 (a or b not stated)")
    return title.replace(", unspecified", ", stage not documented")


def _notes_between(combo: str, extra: list[str]) -> list[str]:
    """What the tabular notes say between the combination code and each additional code (both ways, or fail)."""
    from revcycle.coding.dx_review import links

    found = {(lk.kind, lk.code, lk.other): lk for lk in links([combo, *extra], on=on())}
    out = []
    for code in extra:
        asks = found.get(("use_additional_code", combo, code))
        first = found.get(("code_first", code, combo))
        if asks is None or first is None:
            raise WorkbookError(f"The tabular notes no longer tie {combo} to {code}; the hypertension table needs "
                                "review.")
        out.append(f"{combo}'s note asks for an additional code ({asks.note}): {code}, {_title(code)}; the note at "
                   f"{first.source} says to code first {first.note}.")
    return out


def _hypertension_options(combo: str, extra: list[str], hf: bool, ckd: bool) -> list[str]:
    """Wrong claim lists a coder is tempted by: no presumption, the wrong category, the wrong order, a code left out."""
    wrong = []
    if combo != "I10":
        wrong.append(", ".join(["I10", *extra]))
        wrong.append(", ".join([*extra, combo]))
        wrong.append(f"{combo} only")
    if hf and ckd:
        wrong += [", ".join(["I12.9", *extra]), ", ".join(["I11.0", "I12.9", *extra])]
    elif hf:
        wrong += [", ".join(["I11.9", *extra]), ", ".join(["I13.0", *extra])]
    elif ckd:
        wrong += [", ".join(["I11.0", *extra]), ", ".join(["I13.10", *extra])]
    else:
        wrong += ["I11.9", "I12.9, N18.9", "I13.10, N18.9"]
    return wrong


@template("icdg-hypertension-combo", CHAPTER, "Hypertension with heart failure and/or CKD: the I10-I13 combination")
def hypertension_combo(rng: random.Random, ex_id: str) -> Made:
    """The classification presumes the link: one combination code first, then the type and the stage it asks for."""
    hf_code = rng.choice(_heart_failures()) if rng.random() < 0.6 else None
    ckd_code = rng.choice(_kidney_stages()) if rng.random() < (0.6 if hf_code else 0.85) else None
    hf, ckd = hf_code is not None, ckd_code is not None
    combo, section = _combination(hf, ckd)
    extra = [c for c in (hf_code, ckd_code) if c]
    notes = _notes_between(combo, extra)
    right = ", ".join([combo, *extra])
    acute = hf_code is not None and "Acute" in _title(hf_code)
    lines = []
    if hf_code:
        lines.append(f"{heart_failure_words(hf_code)}.")
    else:
        lines.append("No heart failure; heart exam normal.")
    if ckd_code:
        lines.append(f"{kidney_words(ckd_code)}, followed by nephrology.")
    else:
        lines.append("Kidney function normal.")
    rng.shuffle(lines)
    lines.insert(0, f"Hypertension, on {rng.choice(_BP_DRUGS)}.")
    setting = ("Discharge summary" if acute else "Office note")
    reason = ("admitted for the heart failure" if acute else
              "seen for follow-up of the conditions below")
    prompt = (f"**Case.** {setting} for {_patient(rng, 45, 90)}, a synthetic patient, {reason}: "
              f"\"{' '.join(lines)}\" The provider names no other cause for any of these conditions.\n\n"
              "Which diagnosis codes are reported, in order?")
    options = shuffled(rng, right, _hypertension_options(combo, extra, hf, ckd))
    steps = [f"Section {section}: the classification presumes that hypertension causes heart "
             "failure and chronic kidney disease unless the provider documents another cause."]
    if combo == "I10":
        steps.append("With neither heart failure nor chronic kidney disease, the hypertension is I10.")
    else:
        steps.append(f"{combo} ({_title(combo)}) is the combination code and goes first.")
        steps += notes
        if len(extra) == 2:
            steps.append("No rule fixes the order of the two additional codes.")
    return exercise(ex_id, "single", prompt, right, " ".join(steps) + f" Answer: **{right}**.",
                    options=options, case=True, topic="icdg-hypertension-combo",
                    source=f"{GUIDELINES}, Section {section}; tabular list, categories "
                           "I10-I13, I50 and N18 (FY2027)",
                    hints=["Does the provider have to link the conditions for them to be coded together?",
                           "Read the 'use additional code' note of the combination code."])


# --- diabetes: combination code and drug codes -------------------------------------------------------------

#: What the patient takes for the diabetes, and the Z79 codes that follow (Section I.C.4.a.3).
DIABETES_DRUGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("takes metformin", ("Z79.84",)),
    ("takes glipizide", ("Z79.84",)),
    ("uses insulin glargine at bedtime", ("Z79.4",)),
    ("uses insulin lispro with meals", ("Z79.4",)),
    ("takes weekly dulaglutide injections", ("Z79.85",)),
    ("takes daily liraglutide injections", ("Z79.85",)),
    ("takes metformin and uses insulin glargine", ("Z79.4", "Z79.84")),
    ("takes no medication for it: diet and exercise only", ()),
    ("takes metformin; today insulin was given once, only to bring a high blood sugar down", ("Z79.84",)),
)
_DRUG_CODES = ("Z79.4", "Z79.84", "Z79.85")


@lru_cache(maxsize=1)
def _diabetes_codes() -> tuple[str, ...]:
    """Type 2 diabetes codes for one stated complication (or none) that need no code beyond the drug codes.

    Emergencies (ketoacidosis, hyperosmolarity, coma) are left out: the case is an office visit.
    """
    cm = icd()
    out = []
    for code in cm.codes(billable=True, on=on()):
        if not code.startswith("E11"):
            continue
        title = _title(code)
        if re.search(r"\b(other|unspecified|remission|coma|ketoacidosis|hyperosmolarity)\b", title, re.IGNORECASE):
            continue
        info = cm.describe(code, on=on())
        if any(n.source not in ("E11",) and not n.source.startswith(("block", "chapter"))
               for n in (*info.use_additional_code, *info.code_also, *info.code_first)):
            continue
        out.append(code)
    return tuple(out)


def _option(code: str) -> str:
    return f"{code} {_title(code)}"


@template("icdg-diabetes-combo", CHAPTER, "Type 2 diabetes: the combination code and the drug codes")
def diabetes_combo(rng: random.Random, ex_id: str) -> Made:
    """One E11 code carries the diabetes and its complication; Z79 codes say what controls it."""
    cm = icd()
    pool = _diabetes_codes()
    groups = sorted({c[:5] for c in pool if c != "E11.9"})  # E11.0 to E11.6, so eye codes do not crowd out the rest
    group = rng.choice(groups)
    code = "E11.9" if rng.random() < 0.2 else rng.choice([c for c in pool if c[:5] == group])
    for drug in _DRUG_CODES:
        if drug not in _refs(code):
            raise WorkbookError(f"Category E11 no longer asks for {drug}; the diabetes template needs review.")
    drugs, z_codes = rng.choice(DIABETES_DRUGS)
    typed = rng.random() < 0.6
    condition = _title(code).removeprefix("Type 2 diabetes mellitus ")
    dm = "Type 2 diabetes mellitus" if typed else "Diabetes mellitus (type not documented)"
    prompt = (f"**Case.** Office note for {_patient(rng, 35, 85)}, a synthetic patient: \"{dm} {condition}. "
              f"The patient {drugs}.\" The diabetes is managed at this visit.\n\n"
              "Select **every** code that is reported for the diabetes and its treatment.")
    right = [_option(code), *(_option(z) for z in z_codes)]
    wrong_dx = ["E11.8" if code == "E11.9" else "E11.9"]
    for prefix in ("E10", "E13"):
        other = prefix + code[3:]
        if cm.is_valid(other, on=on()) and cm.is_billable(other, on=on()):
            wrong_dx.append(other)
    options = [*right, *(_option(c) for c in wrong_dx), *(_option(z) for z in _DRUG_CODES if z not in z_codes)]
    rng.shuffle(options)
    steps = []
    if not typed:
        steps.append("The type is not documented, so the default is type 2, category E11 (Section I.C.4.a.2).")
    if code == "E11.9":
        steps.append("No complication is documented: E11.9.")
    else:
        steps.append(f"The complication is part of the E11 combination code (Section I.C.4.a; 'with' in the index, "
                     f"Section I.A.15): {code}, not E11.9 plus a separate code.")
    if "once" in drugs:
        steps.append("Insulin given only to bring the blood sugar down during the encounter is temporary and gets no "
                     "Z79.4; the metformin gets Z79.84 (Section I.C.4.a.3).")
    elif z_codes:
        steps.append(f"The drugs that control it: {', '.join(z_codes)} (Section I.C.4.a.3; use additional code "
                     "note at E11).")
    else:
        steps.append("No drug controls it, so no Z79 code is added.")
    return exercise(ex_id, "multiple", prompt, right, " ".join(steps) + " Answer: " + "; ".join(right) + ".",
                    options=options, case=True, topic="icdg-diabetes-combo",
                    source=f"{GUIDELINES}, Sections I.C.4.a, I.C.4.a.2 and I.C.4.a.3; tabular list, category E11 "
                           "(FY2027)",
                    hints=["When the type is not documented, which category is the default?",
                           "Code the long-term drugs, not a dose given once to treat the visit's blood sugar."])
