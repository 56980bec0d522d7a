"""Seeded synthetic cases for the organ-system engines: a documented fact pattern in a line of note text, coded by
circulatory, respiratory, skin or kidney, and checked by dx_review. The worked notebook runs a batch of them."""

from __future__ import annotations

import random
from dataclasses import dataclass

from revcycle.codes import icd10cm
from revcycle.coding.guidelines import circulatory, kidney, respiratory, skin
from revcycle.coding.guidelines.organ_result import Coded
from revcycle.core.errors import InputError, RuleError

SYSTEMS = ("circulatory", "respiratory", "skin", "kidney")
_STAGES = (1, 2, "3a", "3b", 4, 5)


@dataclass(frozen=True)
class OrganCase:
    """One synthetic case: its id, the organ system, the note's facts and the engine's codes."""

    id: str
    system: str
    note: str
    coded: Coded


def _hypertension(rng: random.Random, on: icd10cm.DateLike) -> tuple[str, Coded]:
    hf = (circulatory.heart_failure_code(rng.choice(sorted(circulatory.HF_TYPES)),
                                         rng.choice(["acute", "chronic", "acute on chronic"]), on=on)
          if rng.random() < 0.6 else None)
    esrd = rng.random() < 0.3
    stage = None if rng.random() < 0.2 and not esrd else rng.choice(_STAGES)
    dialysis = esrd and rng.random() < 0.7
    words = ["hypertension"]
    if hf:
        words.append(icd10cm.title(hf, on=on).replace(" (congestive)", "").lower())
    if esrd:
        words.append("ESRD" + (" on dialysis" if dialysis else ""))
    elif stage is not None:
        words.append(f"CKD stage {stage}")
    return "; ".join(words), circulatory.hypertension(hf, stage, esrd=esrd, dialysis=dialysis, on=on)


def _mi(rng: random.Random, on: icd10cm.DateLike) -> tuple[str, Coded]:
    kind = rng.choice(sorted(circulatory.MI_KINDS))
    days = rng.choice([0, 1, 2, 10, 20, 40, 90])
    earlier = (rng.choice(["STEMI", "NSTEMI", "type 2"]), days + rng.choice([5, 15, 60])) if rng.random() < 0.4 \
        else None
    def name(k: str) -> str:
        return k if k in ("STEMI", "NSTEMI") else f"{k} MI"

    note = f"{name(kind)}, {days} days since onset" + (f"; earlier {name(earlier[0])}, {earlier[1]} days ago"
                                                        if earlier else "")
    return note, circulatory.myocardial_infarction(kind, days, earlier=earlier, on=on)


def _respiratory(rng: random.Random, on: icd10cm.DateLike) -> tuple[str, Coded]:
    exacerbation = rng.random() < 0.6
    organism = rng.choice(sorted(respiratory.ORGANISMS)) if rng.random() < 0.6 else None
    named = rng.random() < 0.5
    infection = respiratory.pneumonia(organism, provider_documented=named, on=on).codes[0] \
        if organism or rng.random() < 0.5 else None
    note = "COPD" + (" with exacerbation" if exacerbation else "") + (
        f"; pneumonia ({organism}{'' if named else ', lab report only'})" if infection and organism else
        ("; pneumonia" if infection else ""))
    return note, respiratory.copd(exacerbation, infection, on=on)


def _skin(rng: random.Random, on: icd10cm.DateLike) -> tuple[str, Coded]:
    sites = {s: sided for s, sided in skin.pressure_sites(on).items()
             if not s.startswith(("unspecified", "other", "contiguous"))}
    while True:
        site = rng.choice(sorted(sites))
        side = rng.choice(["right", "left"]) if sites[site] else None
        admitted = rng.randint(1, 4)
        highest = min(4, admitted + (rng.random() < 0.3))
        try:
            coded = skin.ulcer_during_stay(site, admitted, highest, side, on=on)
        except (InputError, RuleError):
            continue
        where = f"{side} {site}" if side else site
        worse = f", stage {highest} by discharge" if highest != admitted else ""
        return f"pressure ulcer, {where}, stage {admitted} on admission{worse}", coded


def _kidney(rng: random.Random, on: icd10cm.DateLike) -> tuple[str, Coded]:
    stage = rng.choice(_STAGES)
    complication = rng.choice([None, None, "rejection", "failure"])
    note = f"kidney transplant; CKD stage {stage}" + (f"; transplant {complication}" if complication else "")
    return note, kidney.kidney_codes(stage, transplant=True, complication=complication, on=on)


_DRAW = {"circulatory": (_hypertension, _mi), "respiratory": (_respiratory,), "skin": (_skin,), "kidney": (_kidney,)}


def seeded_cases(n: int = 40, seed: int = 2027, on: icd10cm.DateLike = None) -> list[OrganCase]:
    """`n` synthetic cases drawn with `seed` across the four organ systems, each coded by its engine."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 1000:
        raise InputError(f"Draw between 1 and 1,000 cases, not {n!r}.")
    rng = random.Random(seed)
    out = []
    for i in range(1, n + 1):
        system = SYSTEMS[(i - 1) % len(SYSTEMS)]
        note, coded = rng.choice(_DRAW[system])(rng, on)
        out.append(OrganCase(f"case-{i:03d}", system, note, coded))
    return out


def case_rows(cases: list[OrganCase], on: icd10cm.DateLike = None) -> list[dict[str, object]]:
    """One row per case: its facts, its codes, the first-listed code and how many tabular-note problems dx_review
    finds (errors and warnings; the engines should leave none)."""
    from revcycle.coding.dx_review import review

    rows = []
    for case in cases:
        problems = [f for f in review(list(case.coded.codes), on=on) if f.severity in ("error", "warning")]
        rows.append({"case": case.id, "system": case.system, "documented": case.note,
                     "codes": ", ".join(case.coded.codes), "first": case.coded.codes[0], "problems": len(problems)})
    return rows


__all__ = ["SYSTEMS", "OrganCase", "case_rows", "seeded_cases"]
