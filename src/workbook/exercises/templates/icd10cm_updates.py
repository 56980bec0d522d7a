"""Templates for the chapter icd10cm-updates: the release a date of service falls in, and the FY2027 changes.

Dates of service are drawn from the two releases the book ships (October 1, 2025 to September 30, 2027), most of
them close to October 1, 2026, where the code set changed. Keys come from `revcycle.codes.icd10cm.release`,
`status` and `history`, which read the official FY2027 addenda.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import lru_cache

from workbook.errors import WorkbookError
from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, icd, shuffled

CHAPTER = "icd10cm-updates"
DOMAINS = ("CPC", "CCA", "CCS", "CPB")
ADDENDA = "CDC/NCHS, ICD-10-CM FY2027 addenda"
CHANGE_DAY = date(2026, 10, 1)
FIRST_DAY = date(2025, 10, 1)
LAST_DAY = date(2027, 9, 30)  # the last day of FY2027: later dates belong to a release the book does not ship
# The FY2026 data are CDC's April 1, 2026 update: code-level questions use FY2026 dates from then on only.
APRIL_UPDATE = date(2026, 4, 1)
FISCAL_YEARS = ("FY2025", "FY2026", "FY2027", "FY2028")


def long_date(day: date) -> str:
    """'October 1, 2026', as the prompts print dates."""
    from revcycle.codes.engine.icd10cm_release import long_date as _long

    return _long(day)


def _day(rng: random.Random, near: float = 0.7, first: date = FIRST_DAY) -> date:
    """A date of service from ``first`` to the end of FY2027, near October 1, 2026 most of the time."""
    after = rng.random() < 0.5
    if rng.random() < near:
        offset = rng.randint(0, 30)
        return CHANGE_DAY + timedelta(days=offset) if after else CHANGE_DAY - timedelta(days=offset + 1)
    start, end = (CHANGE_DAY, LAST_DAY) if after else (first, CHANGE_DAY - timedelta(days=1))
    return start + timedelta(days=rng.randint(0, (end - start).days))


# --- which release governs ----------------------------------------------------------------------------------


@template("upd-release-for-date", CHAPTER, "Pick the ICD-10-CM release from the date of service (or discharge)")
def release_for_date(rng: random.Random, ex_id: str) -> Made:
    """The date of service decides, not the date the chart is coded or the claim is sent."""
    cm = icd()
    if rng.random() < 0.35:
        admitted = CHANGE_DAY - timedelta(days=rng.randint(1, 8))
        discharged = admitted + timedelta(days=rng.randint(1, 12))
        billed = discharged + timedelta(days=rng.randint(2, 15))
        governing = discharged
        prompt = (f"A synthetic patient is admitted to the hospital on **{long_date(admitted)}** and discharged on "
                  f"**{long_date(discharged)}**. The hospital codes the stay and sends its inpatient claim on "
                  f"{long_date(billed)}.\n\nWhich ICD-10-CM release is used to code the stay's diagnoses?")
        rule = ("For an inpatient stay, CMS ties the release to the date of discharge, "
                f"{long_date(discharged)}")
    else:
        service = _day(rng, near=0.75)
        coded = service + timedelta(days=rng.randint(1, 25))
        billed = coded + timedelta(days=rng.randint(1, 20))
        governing = service
        setting = rng.choice(("an office visit", "an outpatient X-ray", "an emergency department visit",
                              "an outpatient surgery"))
        prompt = (f"A synthetic patient has {setting} on **{long_date(service)}**. The coder works the chart on "
                  f"{long_date(coded)} and the claim goes to the payer on {long_date(billed)}.\n\n"
                  "Which ICD-10-CM release is used to code the visit?")
        rule = f"The release in force on the date of service, {long_date(service)}, governs"
    rel = cm.release(governing)
    explanation = (f"{rule}; the dates the chart is coded and the claim is sent play no part. {rel.id} covers "
                   f"dates of service from {long_date(rel.effective_from)}"
                   + (f" to {long_date(rel.effective_to)}" if rel.effective_to else " to September 30, 2027")
                   + f" (a fiscal year carries the number of the year in which it ends). Answer: **{rel.id}**.")
    return exercise(ex_id, "single", prompt, rel.id, explanation, options=FISCAL_YEARS, domains=DOMAINS,
                    topic="upd-release-for-date",
                    source="45 CFR 162.1011; CMS, ICD-10 code files page (codes by date of encounter and date of "
                           "discharge); 31 U.S.C. 1102 (fiscal year)",
                    hints=["Which date on the record decides the release: service, coding or billing?",
                           "A fiscal year starts on October 1 and carries the number of the year in which it ends."])


# --- what the scrubber says about a code on a date -----------------------------------------------------------

VERDICTS = {
    "billable": "Valid: a billable code on that date",
    "not yet": "Not valid yet: the code takes effect after that date",
    "deleted": "Not valid: the code was deleted before that date",
    "header": "Not valid: on that date it is a header with more specific codes below it",
}
_KINDS = ("added", "deleted", "became a header", "title revised", "unchanged")


@lru_cache(maxsize=1)
def _changed_codes() -> dict[str, tuple[str, ...]]:
    """Billable FY2026 or FY2027 codes by the kind of change the FY2027 addenda made to them."""
    from revcycle.codes.engine.icd10cm_addenda import load
    from revcycle.codes.engine.icd10cm_release import ADDENDA_FY2027

    cm = icd()
    out: dict[str, list[str]] = {k: [] for k in _KINDS}
    for code in sorted({c.code for c in load(ADDENDA_FY2027).changes if c.billable}):
        kinds = [h.change for h in cm.history(code) if h.release == "FY2027"]
        if len(kinds) == 1 and kinds[0] in out:
            out[kinds[0]].append(code)
    fy2026 = cm.codes(billable=True, on=CHANGE_DAY - timedelta(days=1))
    out["unchanged"] = [c for c in fy2026[::97] if not cm.history(c)]
    return {k: tuple(v) for k, v in out.items()}


def _old_title(code: str) -> str:
    """The code's title as the addenda (or the code set) give it."""
    cm = icd()
    changes = cm.history(code)
    if changes:
        return changes[0].previous_title or changes[0].title
    return str(cm.title(code, on=CHANGE_DAY - timedelta(days=1)))


@template("upd-code-status", CHAPTER, "Judge a diagnosis code on a claim by the line's date of service")
def code_status(rng: random.Random, ex_id: str) -> Made:
    """Across October 1 a code can be valid, not yet valid, deleted or turned into a header."""
    cm = icd()
    pool = _changed_codes()
    for _ in range(50):
        kind = rng.choice(_KINDS)
        if not pool[kind]:
            continue
        code = rng.choice(pool[kind])
        day = _day(rng, near=0.8, first=APRIL_UPDATE)
        st = cm.status(code, on=day)
        if st.verdict in VERDICTS:
            break
    else:
        raise WorkbookError("Could not draw a changed ICD-10-CM code; the FY2027 addenda look incomplete.")
    source = rng.choice(("a superbill line", "the practice's favorites list", "last year's note template",
                         "the encoder's suggestion", "a claim copied from an earlier visit"))
    prompt = (f"A claim line has date of service **{long_date(day)}** and diagnosis **{code}** "
              f"({_old_title(code)}), taken from {source}. What does a claim scrubber that judges each code by "
              "the line's date of service report?")
    rel = cm.release(day)
    explanation = (f"{long_date(day)} falls in {rel.id}. {st.message} "
                   "A code is valid only within the dates set by the code set's maintainer (45 CFR 162.1011); only "
                   f"a billable code may be reported. Answer: **{VERDICTS[st.verdict]}**.")
    return exercise(ex_id, "single", prompt, VERDICTS[st.verdict], explanation, options=list(VERDICTS.values()),
                    domains=DOMAINS, topic="upd-code-status",
                    source=f"45 CFR 162.1011; {ADDENDA}; ICD-10-CM tabular list FY2026 and FY2027",
                    hints=["Find the release in force on the date of service first.",
                           "Then look the code up in that release: does it exist there, and is it billable?"])


# --- what to report instead ----------------------------------------------------------------------------------

#: Conditions documented in a note, with the FY2027 code below a split FY2026 code. Each condition was classified
#: to the FY2026 code (its title, an inclusion term or the index says so; the tests check it).
NAMED_SPLITS = (
    ("I42.0", "I42.00", "Dilated cardiomyopathy. Cause under evaluation; no family history of cardiomyopathy; "
     "genetic testing not done", "the index sends Cardiomyopathy, dilated to I42.0"),
    ("I42.0", "I42.01", "Familial-genetic dilated cardiomyopathy, confirmed by genetic testing",
     "the index sends Cardiomyopathy, dilated to I42.0"),
    ("I49.8", "I49.81", "Brugada syndrome", "Brugada syndrome is an inclusion term of I49.8"),
    ("D69.1", "D69.11", "Glanzmann thrombasthenia (Glanzmann's disease)",
     "Glanzmann's disease is an inclusion term of D69.1"),
)
#: Splits by side: the FY2026 code held both feet or both limbs; FY2027 adds the side.
SIDED_SPLITS = ("M72.2", "M86.8X1", "M86.8X2", "M86.8X3", "M86.8X4", "M86.8X5", "M86.8X6", "M86.8X7")
_INTENTS = {
    "1": "Accidental: spilled the solvent and breathed its fumes while cleaning machine parts at work",
    "2": "Intentional self-harm: drank a small amount of the solvent",
    "3": "Assault: another person sprayed the solvent in the patient's face",
    "4": "Intent undetermined: the record cannot say whether the exposure was accidental or intentional",
}
_ENCOUNTERS = {"A": "Emergency department visit; the toxic effect is treated",
               "D": "Scheduled check after active treatment ended; recovering as expected"}


Case = tuple[str, str, str, list[str], str]
"""(note, FY2026 code, FY2027 code, codes to offer, why the FY2026 code held the condition)."""


def _named_case(rng: random.Random) -> Case:
    """A condition that got its own code below a FY2026 code that became a header."""
    old, new, note, link = rng.choice(NAMED_SPLITS)
    return note, old, new, [old, *icd().children(old, on=CHANGE_DAY)], link


def _side_case(rng: random.Random) -> Case:
    """'Brodie's abscess of the right forearm': FY2027 added the side below a FY2026 code."""
    cm = icd()
    old = rng.choice(SIDED_SPLITS)
    kids = cm.children(old, on=CHANGE_DAY)
    new = rng.choice([k for k in kids if any(w in cm.title(k, on=CHANGE_DAY) for w in ("right", "left"))])
    title = str(cm.title(new, on=CHANGE_DAY))
    site = title.split(", ", 1)[1]
    if old.startswith("M86.8X"):
        term = next(n for n in cm.describe(old, on=CHANGE_DAY - timedelta(days=1)).inclusion_terms)
        note = f"{term.text} of the {site.replace('ankle and foot', 'ankle')}"
        link = f"{term.text} is an inclusion term of {term.source}, Other osteomyelitis, coded by site"
    else:
        note = f"{title.split(',')[0]} of the {site}"
        link = f"{old} was the plantar fascial fibromatosis code for either foot"
    return note, old, new, [old, *kids], link


def _bmi_case(rng: random.Random) -> Case:
    """An adult BMI under 20: Z68.1 in FY2026, split at 18.4 in FY2027."""
    bmi = rng.choice([x / 10 for x in range(155, 200)])
    new = "Z68.18" if bmi <= 18.4 else "Z68.19"
    note = f"Underweight adult; body mass index {bmi:.1f}"
    return note, "Z68.1", new, ["Z68.1", *icd().children("Z68.1", on=CHANGE_DAY)], \
        "Z68.1 held every adult BMI of 19.9 or less"


def _solvent_case(rng: random.Random) -> Case:
    """Cyclohexane (a cycloparaffin): T52.8X- in FY2026, T52.82- in FY2027; both from the data."""
    cm = icd()
    before = CHANGE_DAY - timedelta(days=1)
    intent = rng.choice(sorted(_INTENTS))
    char = rng.choice(sorted(_ENCOUNTERS))
    row = cm.drug_table("cyclohexane", limit=1, on=before)[0]
    old_stem = next(code for col, code in zip(row.columns, row.codes, strict=True)
                    if col.startswith("Poisoning") and code.endswith(intent))
    groups = cm.children("T52.8", on=CHANGE_DAY)
    group = next(k for k in groups if "cycloparaffin" in cm.title(k, on=CHANGE_DAY))
    old = cm.with_seventh(old_stem, char, on=before)
    new = cm.with_seventh(group + intent, char, on=CHANGE_DAY)
    others = [cm.with_seventh(k + intent, char, on=CHANGE_DAY) for k in groups]
    note = f"Toxic effect of cyclohexane, a cycloparaffin solvent. {_INTENTS[intent]}. {_ENCOUNTERS[char]}"
    link = (f"the (FY2025) Table of Drugs and Chemicals sends cyclohexane to {old_stem}-, in subcategory T52.8X, "
            f"which FY2027 deleted; FY2027 puts cycloparaffins in {group}-")
    return note, old, new, [old, *others], link


@template("upd-recode-by-date", CHAPTER, "Report a split or deleted code correctly on each side of October 1")
def recode_by_date(rng: random.Random, ex_id: str) -> Made:
    """A FY2026 code stays right for September services; from October 1 its replacement must be used."""
    cm = icd()
    draw = rng.choices((_named_case, _side_case, _bmi_case, _solvent_case), weights=(3, 3, 1.5, 2.5))[0]
    note, old, new, offered, link = draw(rng)
    day = _day(rng, near=0.8, first=APRIL_UPDATE)
    before, after = cm.status(old, on=day), cm.status(new, on=day)
    if before.billable == after.billable:
        raise WorkbookError(f"{old} and {new} should be billable on opposite sides of October 1, 2026.")
    right = new if after.billable else old
    options = shuffled(rng, right, [o for o in offered if o != right], n=4)
    prompt = (f"**Case.** A synthetic patient is seen on **{long_date(day)}**. The note documents: \"{note}.\"\n\n"
              "Which ICD-10-CM code is reported" + (" for the BMI?" if old == "Z68.1" else "?"))
    rel = cm.release(day)
    if right == old:
        why = (f"{long_date(day)} falls in {rel.id}, so the FY2026 code is used: {link}, and {old} "
               f"({cm.title(old, on=day)}) is billable then. {after.message}")
    else:
        why = (f"{long_date(day)} falls in {rel.id}. In FY2026 {link}. {before.message} The documentation points "
               f"to {new} ({cm.title(new, on=day)}).")
    return exercise(ex_id, "single", prompt, right, why + f" Answer: **{right}**.", options=options,
                    domains=DOMAINS, case=True, topic="upd-recode-by-date",
                    source=f"45 CFR 162.1011; {ADDENDA}; ICD-10-CM tabular list FY2026 and FY2027",
                    hints=["Which release is in force on the date of service?",
                           "In that release, is the familiar code still billable, or does it have codes below it?"])
