"""Diabetes (Section I.C.4.a): the type's category, one combination code per documented complication (the index's
"with" links them), the CKD stage, and the Z79 codes for the drugs that control it; secondary diabetes with its
underlying condition or drug.

Gestational diabetes belongs to the pregnancy chapter (O24.4-) and is refused here with that pointer.
"""

from __future__ import annotations

from collections.abc import Iterable

from revcycle.codes import icd10cm
from revcycle.coding.guidelines.systemic_lines import Coding, Line, build, line
from revcycle.core.errors import InputError, RuleError

from .kidney import STAGES, stage_of

__all__ = ["CKD_STAGES", "COMPLICATIONS", "TYPES", "UNCONTROLLED", "diabetes"]

#: Documented type -> (category, what it means).
TYPES: dict[str, tuple[str, str]] = {
    "1": ("E10", "type 1"), "2": ("E11", "type 2"), "underlying": ("E08", "due to an underlying condition"),
    "drug": ("E09", "drug or chemical induced"), "other": ("E13", "other specified"),
}
#: Complication as documented -> the characters after the category (E11 + '.22' = E11.22).
COMPLICATIONS: dict[str, str] = {
    "ckd": ".22", "nephropathy": ".21", "retinopathy": ".319", "neuropathy": ".40", "polyneuropathy": ".42",
    "peripheral angiopathy": ".51", "hyperglycemia": ".65", "hypoglycemia": ".649",
}
#: Words that mean hyperglycemia for coding ("code to" Diabetes, by type, with hyperglycemia), and the one that
#: does not say which way the sugar went.
UNCONTROLLED = {"poorly controlled": "hyperglycemia", "out of control": "hyperglycemia",
                "inadequately controlled": "hyperglycemia", "uncontrolled": ""}
#: Documented CKD stage -> N18 code: the kidney rules' table, one home for both chapters.
CKD_STAGES = STAGES


def _complications(given: Iterable[str]) -> list[str]:
    if isinstance(given, str):
        raise InputError("Give the complications as a list, e.g. ['ckd', 'polyneuropathy'].")
    out: list[str] = []
    for raw in given:
        word = " ".join(raw.lower().split())
        if word in UNCONTROLLED:
            if not UNCONTROLLED[word]:
                raise RuleError("'Uncontrolled' diabetes says neither hyperglycemia nor hypoglycemia: the index sends "
                                "each meaning to its own code. Query the provider which it is.")
            word = UNCONTROLLED[word]
        if word not in COMPLICATIONS:
            raise InputError(f"Complication {raw!r}: give one of {', '.join([*COMPLICATIONS, *UNCONTROLLED])}.")
        if word not in out:
            out.append(word)
    if {"neuropathy", "polyneuropathy"} <= set(out):
        out.remove("neuropathy")  # the specific neuropathy code says it all
    return out


def diabetes(dm_type: str | None = None, complications: Iterable[str] = (), *, ckd_stage: str | None = None,
             insulin: bool = False, oral: bool = False, injectable: bool = False, temporary_insulin: bool = False,
             underlying: str | None = None, drug_effect: str | None = None, on: icd10cm.DateLike = None) -> Coding:
    """Code documented diabetes. `dm_type` is a key of TYPES (None: not documented, coded as type 2); each
    complication a key of COMPLICATIONS (or 'poorly controlled'); `ckd_stage` is needed with 'ckd'. `insulin`,
    `oral` and `injectable` are long-term drugs (Z79.4, Z79.84, Z79.85); insulin given only to bring a type 2
    patient's sugar down during this encounter is `temporary_insulin` and earns no Z79.4. E08 needs its
    `underlying` condition (coded first); E09 takes the adverse effect code `drug_effect` (T36-T50, 5th or 6th
    character 5) after it. Diabetes after pancreas surgery (E89.1 with E13) is left to the tabular notes."""
    key = "2" if dm_type is None else str(dm_type).strip().lower().removeprefix("type ")
    if key == "gestational":
        raise RuleError("Gestational diabetes is coded in the pregnancy chapter (O24.4-), not E08-E13: see the "
                        "pregnancy chapter (Section I.C.15.g).")
    if key not in TYPES:
        raise InputError(f"Diabetes type {dm_type!r}: give one of {', '.join(TYPES)}, or None if not documented.")
    category, words = TYPES[key]
    found = _complications(complications)
    if "ckd" in found and ckd_stage is None:
        raise InputError("Diabetic CKD needs its stage for the N18 code: give ckd_stage ('3a', '4', 'unspecified').")
    if ckd_stage is not None and "ckd" not in found:
        raise InputError("A CKD stage was given but not the complication 'ckd': with diabetes, the index's 'with' "
                         "links them; add 'ckd' unless the provider says the CKD is unrelated.")
    if {"hyperglycemia", "hypoglycemia"} <= set(found):
        raise InputError("Hyperglycemia and hypoglycemia documented together: query which one this encounter had.")
    if key == "1" and insulin:
        insulin = False  # E10 carries no note for Z79.4: insulin is part of type 1
    if insulin and temporary_insulin:
        raise InputError("Insulin is either long-term (insulin=True) or given temporarily this encounter "
                         "(temporary_insulin=True), not both.")
    out: list[Line] = []
    if key == "underlying":
        if underlying is None:
            raise InputError("Diabetes due to an underlying condition (E08) needs that condition: give underlying=.")
        out.append(line(underlying, "E08's code-first note: the underlying condition comes first.", "I.C.4.a.6.b",
                        on))
    typed = "type not documented, so type 2 by default" if dm_type is None else words
    if not found:
        out.append(line(f"{category}.9", f"Diabetes ({typed}) without a documented complication.", "I.C.4.a", on))
    for word in found:
        code = f"{category}{COMPLICATIONS[word]}"
        out.append(line(code, f"Diabetes ({typed}) with {word}: the index's 'with' links them, one combination "
                        "code per complication.", "I.C.4.a and I.A.15", on))
        if word == "ckd":
            out.append(line(CKD_STAGES[stage_of(ckd_stage)],
                            "The CKD stage, as the combination code's use-additional note asks.", "I.C.14.a", on))
    if key == "drug":
        if drug_effect is None:
            raise InputError("Drug-induced diabetes (E09) needs the drug: give drug_effect (an adverse effect code, "
                             "e.g. T38.0X5A), or code a poisoning first.")
        out.append(line(drug_effect, "The adverse effect of the drug that caused the diabetes.", "I.C.4.a.6.b.ii",
                            on))
    if insulin:
        out.append(line("Z79.4", "Long-term (current) insulin use.", "I.C.4.a.3", on))
    if oral:
        out.append(line("Z79.84", "Long-term (current) oral hypoglycemic drug use.", "I.C.4.a.3", on))
    if injectable:
        out.append(line("Z79.85", "Long-term (current) injectable non-insulin antidiabetic drug use.", "I.C.4.a.3",
                        on))
    return build(out, on)
