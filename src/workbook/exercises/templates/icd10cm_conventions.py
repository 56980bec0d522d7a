"""Templates for the chapter icd10cm-conventions."""

from __future__ import annotations

import random

from workbook.errors import WorkbookError
from workbook.exercises.templates import template
from workbook.exercises.templates.base import billable, exercise, headers, icd, on

BILLABLE = "A complete, billable code"
HEADER = "A heading: more characters are needed"
SOURCE = "Generated from the FY2027 ICD-10-CM and CY2026 PFS data"


@template("code-from-title", "icd10cm-conventions", "Find the code whose tabular-list title is given")
def code_from_title(rng: random.Random, ex_id: str):
    cm = icd()
    code = rng.choice(billable())
    info = cm.describe(code, on=on())
    prompt = f"Which ICD-10-CM code has the tabular-list title **{info.title}**? Type the complete code."
    return exercise(ex_id, "code", prompt, code,
                 f"{code} is titled '{info.title}' in {cm.RELEASE}.", system="icd10cm",
                 topic="code-from-title", source=SOURCE,
                    hints=[f"It is in chapter {info.chapter.id}: {info.chapter.title}.",
                        f"Its category is {code[:3]}."])


@template("code-from-term", "icd10cm-conventions", "Find the code an inclusion term belongs to")
def code_from_term(rng: random.Random, ex_id: str):
    cm = icd()
    for _ in range(400):
        code = rng.choice(billable())
        info = cm.describe(code, on=on())
        terms = [n.text for n in info.inclusion_terms if n.source == code]
        if terms:
            term = rng.choice(terms)
            prompt = (f"A provider documents **{term}**. Which billable ICD-10-CM code lists this as an "
                      "inclusion term? Type the complete code.")
            return exercise(ex_id, "code", prompt, code,
                         f"'{term}' is an inclusion term under {code} ({info.title}).", system="icd10cm",
                         topic="code-from-term", source=SOURCE,
                    hints=["Search the term in the encoder, then confirm the code in the tabular list.",
                                f"The code is in chapter {info.chapter.id}."])
    raise WorkbookError("Could not find a code with an inclusion term; the code set looks incomplete.")


@template("billable-or-header", "icd10cm-conventions", "Tell a billable code from a heading")
def billable_or_header(rng: random.Random, ex_id: str):
    cm = icd()
    pool = billable() if rng.random() < 0.5 else headers()
    code = rng.choice(pool)
    is_billable = cm.is_billable(code, on=on())
    shown = code
    prompt = f"Is **{shown}** ({cm.describe(code, on=on()).title}) a code you can report as it stands?"
    why = ("it is a leaf of the tabular list" if is_billable
           else "it has codes below it (or needs a 7th character), so it is a heading")
    return exercise(ex_id, "single", prompt, BILLABLE if is_billable else HEADER,
                 f"{shown} is {'billable' if is_billable else 'not billable'}: {why}.",
                    options=(BILLABLE, HEADER), topic="billable-or-header", source=SOURCE)


@template("chapter", "icd10cm-conventions", "Place a code in its tabular-list chapter")
def chapter(rng: random.Random, ex_id: str):
    cm = icd()
    code = rng.choice(billable())
    info = cm.describe(code, on=on())
    right = f"Chapter {info.chapter.id}: {info.chapter.title}"
    others = [f"Chapter {c.number}: {c.title}" for c in cm.chapters(on=on())
              if str(c.number) != info.chapter.id]
    options = [right, *rng.sample(others, 3)]
    rng.shuffle(options)
    shown = code
    prompt = f"In which chapter of the ICD-10-CM tabular list is **{shown}**?"
    return exercise(ex_id, "single", prompt, right,
                 f"{shown} falls in {info.chapter.span}, {right}.", options=options,
                 topic="chapter", source=SOURCE,
                    hints=["The first character tells you most of the time; a few letters span two chapters."])
