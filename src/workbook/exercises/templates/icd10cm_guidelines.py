"""Templates for the chapter icd10cm-guidelines."""

from __future__ import annotations

import random

from workbook.errors import WorkbookError
from workbook.exercises.templates import template
from workbook.exercises.templates.base import billable, exercise, icd, on

SOURCE = "Generated from the FY2027 ICD-10-CM and CY2026 PFS data"


@template("seventh", "icd10cm-guidelines", "Add the 7th character (and placeholder X) for the encounter")
def seventh(rng: random.Random, ex_id: str):
    cm = icd()
    for _ in range(400):
        code = rng.choice(billable())
        if len(code.replace(".", "")) != 7 or code[0] not in "ST":
            continue
        info = cm.describe(code, on=on())
        if not info.seventh_options or not info.parents:
            continue
        stem = info.parents[0]
        option = rng.choice(info.seventh_options)
        try:
            target = cm.normalize(cm.with_seventh(stem, option.char, on=on()))
        except Exception:  # noqa: BLE001 - try another code when a combination is not valid
            continue
        if not cm.is_billable(target, on=on()):
            continue
        stem_title = cm.describe(stem, on=on()).title
        prompt = (f"The provider documents **{stem_title}** ({stem}), and this is the **{option.meaning}**. "
                  "Type the complete code, with any placeholder X the code needs.")
        return exercise(ex_id, "code", prompt, target,
                     f"{stem} takes 7th character {option.char} for '{option.meaning}': {target}.",
                     system="icd10cm", topic="seventh", source=SOURCE,
                    hints=["Count the characters: the 7th character always sits in position 7.",
                                              "Fill empty positions before it with the placeholder X."])
    raise WorkbookError("Could not find a code with 7th-character options; the code set looks incomplete.")
