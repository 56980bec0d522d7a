"""Radiology under the Medicare physician fee schedule: the global, professional (26) and technical (TC) rows of the
CY2026 RVU file, with- and without-contrast code families, and the multiple-procedure reduction for imaging.

The imaging reduction is the RVU file's multiple-procedure indicator 4 (its record layout): when imaging codes whose
diagnostic imaging family indicator is 88 are done in the same session, the technical components are ranked by
their fee schedule amounts, the highest paid in full and each other one at 50%; the professional components are
ranked the same way, the highest in full and each other one at 95% (a 5% reduction, from January 1, 2017). A global
line is its technical part plus its professional part, each reduced by its own rank. The lesser of the charge and the
reduced amount is not taken here (no charges are modelled). Amounts are rounded once per line, half up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from revcycle.core.errors import InputError, RuleError
from revcycle.core.money import dollars, to_cents
from revcycle.payment import fees

__all__ = [
    "CONTRAST", "PC_LATER_SHARE", "TC_LATER_SHARE", "Components", "ImagingClaim", "ImagingLine",
    "components", "contrast_code", "price_imaging", "supervision_level",
]

TC_LATER_SHARE = Decimal("0.5")
PC_LATER_SHARE = Decimal("0.95")
REDUCED_FAMILY = "88"

#: Three codes for one study: without contrast, with contrast, and without followed by with (one code, never two).
CONTRAST: dict[str, dict[str, str]] = {
    "CT head": {"without": "70450", "with": "70460", "both": "70470"},
    "CT chest": {"without": "71250", "with": "71260", "both": "71270"},
    "CT abdomen and pelvis": {"without": "74176", "with": "74177", "both": "74178"},
}
#: The RVU file's physician supervision codes for the technical component (42 CFR 410.32(b)(3) defines the levels).
SUPERVISION: dict[str, str] = {
    "01": "general supervision: the physician need not be present",
    "02": "direct supervision: the physician is immediately available in the office suite",
    "03": "personal supervision: the physician is in the room",
    "09": "the supervision rule does not apply",
}


@dataclass(frozen=True)
class Components:
    """A code's global, professional and technical fee schedule amounts in one locality and setting."""

    code: str
    pctc: str
    global_amount: Decimal
    professional: Decimal
    technical: Decimal

    @property
    def split_gap(self) -> Decimal:
        """Global minus (26 + TC): zero, or a cent from rounding each row separately."""
        return self.global_amount - self.professional - self.technical


def components(code: str, *, locality: object = None, setting: fees.Setting = "non-facility") -> Components:
    """The three rows of a diagnostic test with a professional/technical split (PCTC indicator 1)."""
    ind = fees.pfs_indicators(code)
    if ind.pctc != "1":
        raise RuleError(f"{ind.code} has PCTC indicator {ind.pctc}, not 1: it is not split into a professional (26) "
                        "and a technical (TC) component in the CY2026 file.")
    pay = {m: fees.pfs_payment(code, locality=locality, setting=setting, modifier=m or None).payment  # type: ignore[arg-type]
           for m in ("", "26", "TC")}
    return Components(ind.code, ind.pctc, pay[""], pay["26"], pay["TC"])


def contrast_code(study: str, contrast: str) -> str:
    """The one code for ``study`` done ``contrast`` = "without", "with" or "both" (without, then with)."""
    if study not in CONTRAST:
        raise InputError(f"The book's contrast families are {', '.join(CONTRAST)}; not {study!r}.")
    if contrast not in ("without", "with", "both"):
        raise InputError(f"contrast must be 'without', 'with' or 'both', not {contrast!r}.")
    return CONTRAST[study][contrast]


def supervision_level(code: str) -> str:
    """What the CY2026 file asks for supervising the technical component of ``code`` (its TC row when it has one)."""
    try:
        ind = fees.pfs_indicators(code, "TC")
    except InputError:
        ind = fees.pfs_indicators(code)
    return SUPERVISION.get(ind.supervision, f"code {ind.supervision} (a combination: see the RVU file's layout)")


@dataclass(frozen=True)
class ImagingLine:
    """One priced imaging line: its parts before and after the reduction, and the allowed amount."""

    code: str
    modifier: str  # "", "26" or "TC"
    professional: Decimal | None
    technical: Decimal | None
    pc_rank: int | None
    tc_rank: int | None
    allowed: Decimal
    fee_schedule: Decimal
    notes: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return self.code + (f"-{self.modifier}" if self.modifier else "")


@dataclass(frozen=True)
class ImagingClaim:
    """The imaging lines of one session, priced."""

    lines: tuple[ImagingLine, ...]
    locality: str
    setting: str

    @property
    def total(self) -> Decimal:
        return sum((ln.allowed for ln in self.lines), Decimal("0.00"))

    def frame(self) -> pd.DataFrame:
        """One row per line: fee schedule amount, ranks, allowed."""
        return pd.DataFrame([{"line": ln.label, "fee schedule": ln.fee_schedule, "TC rank": ln.tc_rank,
                              "PC rank": ln.pc_rank, "allowed": ln.allowed} for ln in self.lines])

    def __str__(self) -> str:
        body = "\n".join(f"  {ln.label}: {dollars(ln.fee_schedule)} -> {dollars(ln.allowed)}" for ln in self.lines)
        return f"Imaging session ({self.setting}, {self.locality}):\n{body}\n  total {dollars(self.total)}"


def _parse(value: object) -> tuple[str, str]:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"An imaging line is a code such as '74177', '74177-26' or '74177-TC', not {value!r}.")
    code, _, mod = value.strip().upper().partition("-")
    if mod not in ("", "26", "TC"):
        raise InputError(f"{value!r}: an imaging line takes no modifier, 26 or TC here.")
    return code, mod


def price_imaging(lines: Iterable[object], *, locality: object = None,
                  setting: fees.Setting = "non-facility") -> ImagingClaim:
    """Price the imaging lines of one session for one patient, applying indicator 4's reductions."""
    parsed = [_parse(v) for v in lines]
    if not parsed:
        raise InputError("An imaging session needs at least one line.")
    if len(set(parsed)) != len(parsed):
        raise InputError("A line is listed twice; report a repeat with its own modifier (76 or 77), not here.")
    parts: list[dict[str, object]] = []
    for code, mod in parsed:
        ind = fees.pfs_indicators(code)
        fee = fees.pfs_payment(code, locality=locality, setting=setting, modifier=mod or None).payment  # type: ignore[arg-type]
        if ind.pctc != "1":
            if mod:
                raise RuleError(f"{code} is not split into 26 and TC (PCTC indicator {ind.pctc}).")
            parts.append({"code": code, "mod": mod, "fee": fee, "pc": None, "tc": None, "reduced": False})
            continue
        comp = components(code, locality=locality, setting=setting)
        reduced = ind.mult_proc == "4" and fees.pfs_indicators(code, mod or None).imaging_family == REDUCED_FAMILY
        parts.append({"code": code, "mod": mod, "fee": fee, "reduced": reduced,
                      "pc": comp.professional if mod in ("", "26") else None,
                      "tc": comp.technical if mod in ("", "TC") else None})
    ranks: dict[tuple[int, str], int] = {}
    for part in ("tc", "pc"):
        pool = [i for i, p in enumerate(parts) if p["reduced"] and p[part] is not None]
        for n, i in enumerate(sorted(pool, key=lambda i: (-parts[i][part], i)), start=1):  # type: ignore[operator]
            ranks[(i, part)] = n
    priced = []
    for i, p in enumerate(parts):
        tc_rank, pc_rank = ranks.get((i, "tc")), ranks.get((i, "pc"))
        notes: list[str] = []
        if not p["reduced"] or (tc_rank in (None, 1) and pc_rank in (None, 1)):
            allowed = p["fee"]
        else:
            tc = p["tc"] * (TC_LATER_SHARE if tc_rank and tc_rank > 1 else 1) if p["tc"] is not None else 0  # type: ignore[operator]
            pc = p["pc"] * (PC_LATER_SHARE if pc_rank and pc_rank > 1 else 1) if p["pc"] is not None else 0  # type: ignore[operator]
            allowed = to_cents(Decimal(tc) + Decimal(pc))
            if tc_rank and tc_rank > 1:
                notes.append(f"technical part ranked {tc_rank}: 50%")
            if pc_rank and pc_rank > 1:
                notes.append(f"professional part ranked {pc_rank}: 95%")
        priced.append(ImagingLine(str(p["code"]), str(p["mod"]), p["pc"], p["tc"], pc_rank, tc_rank,  # type: ignore[arg-type]
                                  allowed, p["fee"], tuple(notes)))  # type: ignore[arg-type]
    label = "national" if locality is None else fees.get_locality(locality).key  # type: ignore[arg-type]
    return ImagingClaim(tuple(priced), label, setting)
