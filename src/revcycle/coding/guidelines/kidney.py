"""Chronic kidney disease (Section I.C.14.a): the stage to its N18 code, dialysis status, and a kidney transplant
as a status (Z94.0) or as a complication (T86.1-).

The stage is what the provider documents; when both a stage and end stage renal disease are documented only N18.6
is reported. Codes are checked against the code set in force on the date of service `on`.
"""

from __future__ import annotations

from revcycle.codes import icd10cm
from revcycle.coding.guidelines.organ_result import GUIDELINES, Coded, billable
from revcycle.core.errors import InputError, RuleError

#: Documented stage (as normalized by :func:`stage_of`) -> N18 code.
STAGES: dict[str, str] = {"1": "N18.1", "2": "N18.2", "3": "N18.30", "3a": "N18.31", "3b": "N18.32", "4": "N18.4",
                          "5": "N18.5", "esrd": "N18.6", "unspecified": "N18.9"}
#: Stages that take the "stage 5 or end stage renal disease" combination codes (I12.0, I13.11, I13.2).
LATE = frozenset({"5", "esrd"})
#: Kidney transplant complications (T86.1-) by the word the provider uses.
TRANSPLANT_COMPLICATIONS: dict[str, str] = {"rejection": "T86.11", "failure": "T86.12", "infection": "T86.13",
                                            "other": "T86.19", "unspecified": "T86.10"}
_WORDS = {"stage 1": "1", "i": "1", "stage 2": "2", "ii": "2", "stage 3": "3", "iii": "3", "3 unspecified": "3",
          "stage 3a": "3a", "iiia": "3a", "stage 3b": "3b", "iiib": "3b", "stage 4": "4", "iv": "4", "stage 5": "5",
          "v": "5", "end stage": "esrd", "end stage renal disease": "esrd", "end-stage renal disease": "esrd",
          "n/a": "unspecified", "not documented": "unspecified", "unknown": "unspecified"}


def stage_of(stage: object) -> str:
    """A documented stage as one of STAGES' keys: 1, '3b', 'stage 4', 'ESRD', 'unspecified'."""
    if isinstance(stage, bool) or not isinstance(stage, (int, str)):
        raise InputError(f"CKD stage {stage!r} is not a stage: give 1, 2, '3', '3a', '3b', 4, 5, 'ESRD' or "
                         "'unspecified'.")
    text = " ".join(str(stage).strip().lower().split())
    text = _WORDS.get(text, text)
    if text not in STAGES:
        raise InputError(f"CKD stage {stage!r} is not a stage: give 1, 2, '3', '3a', '3b', 4, 5, 'ESRD' or "
                         "'unspecified'.")
    return text


def ckd_code(stage: object, esrd: bool = False, on: icd10cm.DateLike = None) -> str:
    """The N18 code for a documented stage; with `esrd` (ESRD documented too) N18.6 whatever stage is written."""
    return billable(STAGES["esrd" if esrd else stage_of(stage)], on)


def kidney_codes(stage: object, *, esrd: bool = False, dialysis: bool = False, transplant: bool = False,
                 complication: str | None = None, on: icd10cm.DateLike = None) -> Coded:
    """The kidney codes of an encounter: a transplant complication first when documented, the N18 stage, then
    dialysis status (Z99.2) and kidney transplant status (Z94.0) as the record supports them."""
    codes: list[str] = []
    reasons: list[str] = []
    n18 = ckd_code(stage, esrd, on)
    if complication is not None:
        word = complication.strip().lower()
        if word not in TRANSPLANT_COMPLICATIONS:
            raise InputError(f"Transplant complication {complication!r} is not one the book codes: give one of "
                             f"{', '.join(TRANSPLANT_COMPLICATIONS)}.")
        if not transplant:
            raise RuleError("A kidney transplant complication needs a transplanted kidney: pass transplant=True.")
        t86 = billable(TRANSPLANT_COMPLICATIONS[word], on)
        codes.append(t86)
        reasons.append(f"The provider documents transplant {word}: {t86}, {icd10cm.title(t86, on=on)}. CKD in a "
                       "transplant recipient is not by itself a complication; a documented complication is.")
    codes.append(n18)
    why = ("both a stage and ESRD are documented, so only N18.6 is reported" if esrd and stage_of(stage) != "esrd"
           else f"the documented stage gives {n18}")
    reasons.append(f"Section I.C.14.a.1: {why} ({icd10cm.title(n18, on=on)}).")
    if dialysis:
        codes.append(billable("Z99.2", on))
        reasons.append("The patient depends on dialysis: Z99.2, dependence on renal dialysis, as N18.6's note asks.")
    if transplant and complication is None:
        codes.append(billable("Z94.0", on))
        reasons.append("Section I.C.14.a.2: CKD after a kidney transplant is coded with Z94.0, kidney transplant "
                       "status, when no complication is documented.")
    return Coded(tuple(codes), tuple(reasons), f"{GUIDELINES}, Section I.C.14.a")


__all__ = ["LATE", "STAGES", "TRANSPLANT_COMPLICATIONS", "ckd_code", "kidney_codes", "stage_of"]
