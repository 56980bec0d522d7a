"""Circulatory system (Section I.C.9): the hypertension combination codes, heart failure by type and acuity, acute
myocardial infarction by its timing, and coronary atherosclerosis with angina.

The classification presumes that hypertension causes the heart conditions I11 names and chronic kidney disease,
unless the provider documents another cause; :func:`hypertension` applies that presumption. Which heart conditions
count is read from the includes note of I11 in the code set in force on `on`, not typed here.
"""

from __future__ import annotations

from functools import lru_cache

from revcycle.codes import icd10cm
from revcycle.coding.guidelines import kidney
from revcycle.coding.guidelines.organ_result import GUIDELINES, Coded, billable, descendants
from revcycle.core.errors import InputError, RuleError

#: (heart failure, other hypertensive heart disease, CKD: None, "1-4" or "5") -> combination code and section.
COMBINATIONS: dict[tuple[bool, bool, str | None], tuple[str, str]] = {
    (False, False, None): ("I10", "I.C.9.a"),
    (True, False, None): ("I11.0", "I.C.9.a.1"), (False, True, None): ("I11.9", "I.C.9.a.1"),
    (False, False, "1-4"): ("I12.9", "I.C.9.a.2"), (False, False, "5"): ("I12.0", "I.C.9.a.2"),
    (True, False, "1-4"): ("I13.0", "I.C.9.a.3"), (True, False, "5"): ("I13.2", "I.C.9.a.3"),
    (False, True, "1-4"): ("I13.10", "I.C.9.a.3"), (False, True, "5"): ("I13.11", "I.C.9.a.3"),
}
#: Heart failure subcategory by documented type; the last character by documented acuity.
HF_TYPES = {"systolic": "I50.2", "diastolic": "I50.3", "combined": "I50.4"}
HF_ACUITY = {"unspecified": "0", "acute": "1", "chronic": "2", "acute on chronic": "3"}
#: Hypertensive crisis (I16) by the provider's word.
CRISIS = {"urgency": "I16.0", "emergency": "I16.1", "crisis": "I16.9"}
#: Acute myocardial infarction kinds: the I21 code, and the I22 code when it is a new type 1 (or unspecified) MI
#: within four weeks of another type 1 (or unspecified) MI. Type 2 MI has no I22 code.
MI_KINDS: dict[str, tuple[str, str | None]] = {"STEMI": ("I21.3", "I22.9"), "NSTEMI": ("I21.4", "I22.2"),
                                               "type 2": ("I21.A1", None), "unspecified": ("I21.9", "I22.9")}
#: Four weeks (28 days) from onset: an MI is acute (I21/I22) for that long (Section I.C.9.e.1).
MI_ACUTE_DAYS = 28
#: Vessel words -> the subcategory with angina and the code without angina.
VESSELS = {"native": ("I25.11", "I25.10"), "autologous vein graft": ("I25.71", "I25.810"),
           "autologous artery graft": ("I25.72", "I25.810"), "nonautologous biological graft": ("I25.73", "I25.810")}
ANGINA = {"unstable": "with unstable angina pectoris", "spasm": "with angina pectoris with documented spasm",
          "refractory": "with refractory angina pectoris", "other": "with other forms of angina pectoris",
          "unspecified": "with unspecified angina pectoris"}


def combination_code(heart_failure: bool, heart_disease: bool = False, ckd: str | None = None) -> str:
    """The I10-I13 code for hypertension with (or without) heart failure, other hypertensive heart disease and CKD
    ('1-4' for stage 1 to 4 or unspecified, '5' for stage 5 or ESRD): Section I.C.9.a.1-3."""
    return COMBINATIONS[_key(heart_failure, heart_disease, ckd)][0]


def combination_section(heart_failure: bool, heart_disease: bool = False, ckd: str | None = None) -> str:
    """The guideline section that gives :func:`combination_code` its answer."""
    return COMBINATIONS[_key(heart_failure, heart_disease, ckd)][1]


def _key(heart_failure: bool, heart_disease: bool, ckd: str | None) -> tuple[bool, bool, str | None]:
    if ckd not in (None, "1-4", "5"):
        raise InputError(f"CKD group {ckd!r} is not one of None, '1-4' or '5'.")
    return (bool(heart_failure), bool(heart_disease) and not heart_failure, ckd)


def heart_failure_code(kind: str, acuity: str = "unspecified", on: icd10cm.DateLike = None) -> str:
    """The I50 code for a documented type ('systolic', 'diastolic', 'combined', 'unspecified') and acuity ('acute',
    'chronic', 'acute on chronic', 'unspecified')."""
    k, a = " ".join(kind.lower().split()), " ".join(acuity.lower().split())
    if a not in HF_ACUITY:
        raise InputError(f"Heart failure acuity {acuity!r}: give one of {', '.join(HF_ACUITY)}.")
    if k == "unspecified":
        return billable("I50.9", on)
    if k not in HF_TYPES:
        raise InputError(f"Heart failure type {kind!r}: give one of {', '.join(HF_TYPES)} or 'unspecified'.")
    return billable(HF_TYPES[k] + HF_ACUITY[a], on)


@lru_cache(maxsize=4)
def _linked_heart(on_key: str) -> tuple[str, ...]:
    """Billable codes the includes note of I11 names ('any condition in I50.- or I51.4-I51.7, I51.89, I51.9')."""
    from revcycle.coding.dx_review import covers, note_refs

    on = on_key or None
    refs = [ref for note in icd10cm.describe("I11", on=on).includes if note.text.startswith("any condition in")
            for ref in note_refs("(" + note.text.removeprefix("any condition in").replace(" or ", ", ")
                                 .removesuffix("due to hypertension") + ")")]
    found = [c for block in ("I50", "I51") for c in descendants(block, on) if any(covers(r, c) for r in refs)]
    if not found:
        raise RuleError("The includes note of I11 names no heart condition in this code set; the rule needs review.")
    return tuple(found)


def linked_heart_conditions(on: icd10cm.DateLike = None) -> tuple[str, ...]:
    """Heart conditions the classification presumes are due to hypertension (heart failure and the I51 codes)."""
    return _linked_heart(str(on or ""))


def _excluded_with(code: str, combo: str, on: icd10cm.DateLike) -> bool:
    """True when an Excludes1 note ties `code` to `combo`: the combination code already says it."""
    from revcycle.coding.dx_review import links

    return any(lk.kind == "excludes1" for lk in links([combo, code], on=on))


def hypertension(heart_failure: str | None = None, ckd_stage: object = None, heart_condition: str | None = None, *,
                 esrd: bool = False, dialysis: bool = False, crisis: str | None = None, unrelated: bool = False,
                 on: icd10cm.DateLike = None) -> Coded:
    """Codes for hypertension with what the record documents: an I50 heart failure code, a CKD stage, another
    linked heart condition (an I51 code I11 names), dialysis, a hypertensive crisis ('urgency', 'emergency',
    'crisis'). `unrelated`: the provider documents that the heart and kidney conditions have another cause."""
    linked = linked_heart_conditions(on)
    hf = icd10cm.normalize(heart_failure) if heart_failure else None
    other = icd10cm.normalize(heart_condition) if heart_condition else None
    if hf is not None and (not hf.startswith("I50") or hf not in linked):
        raise InputError(f"{heart_failure!r} is not a billable heart failure code (I50.-); build one with "
                         "heart_failure_code(kind, acuity).")
    if other is not None and (other.startswith("I50") or other not in linked):
        raise InputError(f"{heart_condition!r} is not a heart condition I11 links to hypertension: give one of "
                         f"{', '.join(c for c in linked if not c.startswith('I50'))} (heart failure goes in "
                         "heart_failure).")
    stage = None if ckd_stage is None and not esrd else kidney.stage_of("esrd" if ckd_stage is None else ckd_stage)
    if dialysis and stage is None:
        raise RuleError("Dialysis status without chronic kidney disease: give the documented CKD stage or esrd=True.")
    group = None if stage is None else ("5" if esrd or stage in kidney.LATE else "1-4")
    reasons: list[str] = []
    if unrelated:
        combo, section = "I10", "I.C.9.a"
        reasons.append("The provider documents that the heart or kidney disease is not due to hypertension, so the "
                       "presumption does not apply: I10 and each condition on its own.")
    else:
        combo = billable(combination_code(hf is not None, other is not None, group), on)
        section = combination_section(hf is not None, other is not None, group)
        reasons.append(f"Section {section}: the classification presumes the link unless another cause is documented; "
                       f"{combo} ({icd10cm.title(combo, on=on)}) comes first.")
    codes = [combo]
    if hf:
        codes.append(billable(hf, on))
        reasons.append(f"The type and acuity of the heart failure are a second code: {hf}, "
                       f"{icd10cm.title(hf, on=on)}.")
    if other:
        if not unrelated and _excluded_with(other, combo, on):
            reasons.append(f"{other} is not added: its Excludes1 note sends the condition, when due to "
                           f"hypertension, to {combo}.")
        else:
            codes.append(billable(other, on))
            reasons.append(f"The heart condition is also coded: {other}, {icd10cm.title(other, on=on)}.")
    if stage is not None:
        kid = kidney.kidney_codes(stage, esrd=esrd, dialysis=dialysis, on=on)
        codes += kid.codes
        reasons += kid.reasons
    if crisis is not None:
        word = crisis.strip().lower().removeprefix("hypertensive ")
        if word not in CRISIS:
            raise InputError(f"Hypertensive crisis {crisis!r}: give 'urgency', 'emergency' or 'crisis'.")
        codes.append(billable(CRISIS[word], on))
        reasons.append(f"Section I.C.9.a: a hypertensive {word} adds {CRISIS[word]} with the code for the "
                       "hypertensive disease; which is listed first depends on the reason for the encounter.")
    return Coded(tuple(codes), tuple(reasons), f"{GUIDELINES}, Section {section}")


def myocardial_infarction(kind: str, days_since_onset: int, *, earlier: tuple[str, int] | None = None,
                          on: icd10cm.DateLike = None) -> Coded:
    """The MI codes for an encounter `days_since_onset` days after onset. `earlier`: (kind, days since its onset)
    of a previous MI. Within four weeks an MI is I21 (a new type 1 or unspecified MI after another within four
    weeks is I22, with the I21 of the first); after four weeks with no further care, I25.2 old MI."""
    current = _mi_kind(kind)
    if isinstance(days_since_onset, bool) or not isinstance(days_since_onset, int) or days_since_onset < 0:
        raise InputError(f"Days since onset must be a whole number of days, 0 or more, not {days_since_onset!r}.")
    section = f"{GUIDELINES}, Section I.C.9.e"
    if days_since_onset > MI_ACUTE_DAYS:
        return Coded((billable("I25.2", on),), (
            f"{days_since_onset} days is more than four weeks after onset: the MI is old (I25.2) when it needs no "
            "further care (continuing care after four weeks is an aftercare code instead).",), section)
    if earlier is None:
        code = billable(MI_KINDS[current][0], on)
        return Coded((code,), (f"Within four weeks of onset the MI is acute: {code}, {icd10cm.title(code, on=on)}.",),
                       section)
    first_kind = _mi_kind(earlier[0])
    first_days = earlier[1]
    if isinstance(first_days, bool) or not isinstance(first_days, int) or first_days < days_since_onset:
        raise InputError("The earlier MI's days since onset must be a whole number at least as large as the new one's.")
    if first_days > MI_ACUTE_DAYS:
        code = billable(MI_KINDS[current][0], on)
        return Coded((code, billable("I25.2", on)), (
            f"The new MI is acute: {code}.", f"The earlier MI ({first_days} days ago) is more than four weeks old: "
            "I25.2, old myocardial infarction."), section)
    first = billable(MI_KINDS[first_kind][0], on)
    subsequent = MI_KINDS[current][1]
    if subsequent is None or MI_KINDS[first_kind][1] is None:
        code = billable(MI_KINDS[current][0], on)
        if code == first:
            return Coded((code,), (f"Both MIs are {code}; the code is reported once.",), section)
        return Coded((code, first), (
            f"A new MI within four weeks of another, one of them not type 1: I22 is not used; each is coded from "
            f"I21 ({code} for the new one, {first} for the first).",), section)
    sub = billable(subsequent, on)
    return Coded((sub, first), (
        f"A new {current} within four weeks of a {first_kind} MI: {sub}, {icd10cm.title(sub, on=on)}, with {first} "
        "for the first; the circumstances of the encounter decide which is listed first.",), section)


def _mi_kind(kind: str) -> str:
    words = {"stemi": "STEMI", "nstemi": "NSTEMI", "type 2": "type 2", "type2": "type 2", "demand": "type 2",
             "unspecified": "unspecified", "type 1": "unspecified"}
    key = words.get(" ".join(str(kind).lower().split()))
    if key is None:
        raise InputError(f"MI kind {kind!r}: give 'STEMI', 'NSTEMI', 'type 2' or 'unspecified'.")
    return key


def coronary_atherosclerosis(vessel: str = "native", angina: str | None = None,
                             on: icd10cm.DateLike = None) -> str:
    """The one combination code for atherosclerosis of a coronary vessel with (or without) angina (Section I.C.9.b):
    built by finding, under the vessel's subcategory, the code whose title names the documented angina."""
    v = " ".join(vessel.lower().split())
    if v not in VESSELS:
        raise InputError(f"Vessel {vessel!r}: give one of {', '.join(VESSELS)}.")
    with_angina, without = VESSELS[v]
    if angina is None:
        return billable(without, on)
    a = " ".join(angina.lower().split())
    if a not in ANGINA:
        raise InputError(f"Angina {angina!r}: give one of {', '.join(ANGINA)} (or None for no angina).")
    found = [c for c in descendants(with_angina, on) if icd10cm.title(c, on=on).endswith(ANGINA[a])]
    if len(found) != 1:
        raise RuleError(f"The tabular list under {with_angina} has no single code {ANGINA[a]}; the rule needs review.")
    return found[0]


__all__ = ["ANGINA", "COMBINATIONS", "CRISIS", "HF_ACUITY", "HF_TYPES", "MI_ACUTE_DAYS", "MI_KINDS", "VESSELS",
           "combination_code", "combination_section", "coronary_atherosclerosis", "heart_failure_code", "hypertension",
           "linked_heart_conditions", "myocardial_infarction"]
