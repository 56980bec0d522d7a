"""Pricing a surgical claim under the Medicare physician fee schedule: the rules that change what is paid.

Each line starts from its fee schedule amount (:func:`revcycle.payment.fees.pfs_payment`) and is adjusted by
the CY2026 RVU file's own indicators (:func:`revcycle.payment.fees.pfs_indicators`), in the order the Medicare
Claims Processing Manual (Pub. 100-04) ch. 12 applies them:

1. a share of the global package for modifiers 54 (pre- and intra-operative), 55 (post-operative), 56
   (pre-operative) and 78 (intra-operative), from the file's shares (§40.2, §40.4);
2. modifier 50 by the bilateral indicator: 150% (1), 100% (0, 2) or 200% (3) (§40.7);
3. modifier 62, each co-surgeon 62.5% (§40.8); modifier 66, team surgery, priced by the contractor (by report);
4. modifiers 80/81/82, the assistant at surgery 16%, and AS, a non-physician assistant, 85% of that (§20.4.3);
5. endoscopies of one family (indicator 3, same base code): the highest in full, each other one less the base
   code's amount, the base itself not paid beside them (§40.6.2);
6. the multiple-procedure rule (indicators 2 and 3, an endoscopy family counting as one procedure): the highest
   100%, the second to fifth 50%, a sixth and later by report (§40.6.2);
7. a nurse practitioner, physician assistant or clinical nurse specialist billing under their own number: 85%
   (§120; §110 for PAs);
8. the lesser of the charge and the amount (§30, when a charge is given), rounded to the cent half up.

What is not modelled, said on the line when it matters: the imaging (indicator 4, priced by
:mod:`revcycle.payment.radiology`), therapy, cardiology and ophthalmology reductions (indicators 5-7),
deductible, coinsurance and sequestration (see :mod:`revcycle.payment.adjudication`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd

from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError, RuleError
from revcycle.core.money import dollars, parse_money, to_cents
from revcycle.payment import fees

__all__ = [
    "ASSISTANT_SHARE", "BILATERAL_SHARE", "CO_SURGEON_SHARE", "NPP_SHARE", "SECOND_AND_LATER_SHARE",
    "GlobalPeriod", "PricedLine", "SurgicalClaim", "SurgicalLine", "global_period", "price_surgery",
]

BILATERAL_SHARE = {"1": Decimal("1.5"), "3": Decimal("2")}  # other payable indicators: the amount for one side
CO_SURGEON_SHARE = Decimal("0.625")
ASSISTANT_SHARE = Decimal("0.16")
NPP_SHARE = Decimal("0.85")
SECOND_AND_LATER_SHARE = Decimal("0.5")
MAX_RANKED = 5  # procedures after the fifth are priced by the contractor
ASSISTANTS = frozenset({"80", "81", "82", "AS"})
# Medicare pays the surgeon who bills 54 the pre- and intra-operative shares (the surgeon sees the patient before
# operating), 55 the post-operative share, 56 the pre-operative share; 78, a related return to the operating room
# in the global period, the intra-operative share only (MCPM ch. 12, §40.2 and §40.4).
GLOBAL_SPLIT = {"56": ("pre_op",), "54": ("pre_op", "intra_op"), "55": ("post_op",), "78": ("intra_op",)}
PROVIDERS = ("physician", "npp")
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")
_OTHER_REDUCTIONS = {"4": "diagnostic imaging", "5": "therapy", "6": "cardiovascular diagnostic",
                     "7": "ophthalmology diagnostic"}


@dataclass(frozen=True)
class SurgicalLine:
    """One line of a surgical claim: a code, its modifiers and, optionally, the charge billed."""

    code: str
    modifiers: tuple[str, ...] = ()
    charge: Decimal | None = None


@dataclass(frozen=True)
class PricedLine:
    """A line's fee schedule amount, each adjustment as (what, the amount after it), and the allowed amount.

    ``allowed`` is None when the contractor prices the line by report; 0 with ``status`` "not paid" when a rule
    refuses it, or "included" for a base endoscopy billed beside its family."""

    line: SurgicalLine
    fee_schedule: Decimal
    steps: tuple[tuple[str, Decimal], ...]
    allowed: Decimal | None
    status: str  # "paid", "not paid", "included" or "by report"
    rank: int | None = None
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        label = "-".join((self.line.code, *self.line.modifiers))
        amount = dollars(self.allowed) if self.allowed is not None else "by report"
        return f"{label}: fee schedule {dollars(self.fee_schedule)} -> {amount} ({self.status})"


@dataclass(frozen=True)
class SurgicalClaim:
    """A priced surgical claim: each line and the total allowed (lines priced by report left out)."""

    lines: tuple[PricedLine, ...]
    locality: str
    setting: str
    provider: str
    notes: tuple[str, ...] = field(default=())

    @property
    def total(self) -> Decimal:
        return sum((p.allowed for p in self.lines if p.allowed is not None), Decimal("0.00"))

    def frame(self) -> pd.DataFrame:
        """One row per line: code, modifiers, fee schedule amount, rank, each step, allowed, status."""
        return pd.DataFrame([{
            "code": p.line.code, "modifiers": " ".join(p.line.modifiers), "fee schedule": p.fee_schedule,
            "rank": p.rank, "steps": "; ".join(f"{what}: {dollars(amount)}" for what, amount in p.steps),
            "allowed": p.allowed, "status": p.status} for p in self.lines])

    def __str__(self) -> str:
        body = "\n".join(f"  {p}" for p in self.lines)
        head = f"Surgical claim ({self.provider}, {self.setting}, {self.locality}):"
        return f"{head}\n{body}\n  total {dollars(self.total)}"


@dataclass(frozen=True)
class GlobalPeriod:
    """The days a surgery's global package covers: visits for the surgery in it are not billed separately."""

    code: str
    days: str  # the RVU file's GLOB DAYS: 000, 010, 090, XXX, YYY, ZZZ, MMM
    start: date | None
    end: date | None
    meaning: str


_GLOBAL_MEANINGS = {
    "000": "the day of the procedure only",
    "010": "the day of the procedure and the 10 days after it",
    "090": "the day before the procedure, the day of it and the 90 days after it",
    "XXX": "the global concept does not apply",
    "YYY": "the contractor sets the global period",
    "ZZZ": "an add-on code, inside the global period of its primary procedure",
    "MMM": "maternity care: the global obstetric package, not a count of days",
}


def global_period(code: str, surgery_date: object) -> GlobalPeriod:
    """The global period of ``code`` performed on ``surgery_date`` (MCPM ch. 12, §40.1): 090 starts the day
    before, 000 and 010 the day of; the other indicators have no day count."""
    when = parse_date(surgery_date, "The date of surgery")
    days = fees.rvu_record(code).global_days
    if days not in _GLOBAL_MEANINGS:
        raise RuleError(f"{code} has global days {days!r}, which the CY2026 file's layout does not define.")
    if days in ("000", "010", "090"):
        start = when - timedelta(days=1) if days == "090" else when
        return GlobalPeriod(code, days, start, when + timedelta(days=int(days)), _GLOBAL_MEANINGS[days])
    return GlobalPeriod(code, days, None, None, _GLOBAL_MEANINGS[days])


def _line(value: object) -> SurgicalLine:
    """A SurgicalLine from itself, a code string ('27447-50'), or a (code, modifiers[, charge]) tuple."""
    mods: object
    if isinstance(value, SurgicalLine):
        code, mods, charge = value.code, value.modifiers, value.charge
    elif isinstance(value, str):
        code, *mods = [p.strip() for p in value.split("-")]
        charge = None
    elif isinstance(value, tuple) and len(value) in (2, 3):
        code, mods = value[0], value[1]
        charge = value[2] if len(value) == 3 else None
        if isinstance(mods, str):
            mods = mods.split()
        if not isinstance(mods, list | tuple):
            raise InputError(f"The modifiers of {value[0]!r} are a list such as ['50'] or text such as '50 RT'.")
    else:
        raise InputError(f"A surgical line is a code such as '27447-50' or a (code, modifiers) pair, not {value!r}.")
    if not isinstance(code, str) or not code.strip():
        raise InputError(f"A surgical line needs a procedure code, not {code!r}.")
    norm = tuple(str(m).strip().upper() for m in mods)
    bad = [m for m in norm if not _MODIFIER.match(m)]
    if bad:
        raise InputError(f"Modifiers are two letters or digits (50, 62, AS); {', '.join(map(repr, bad))} is not one.")
    if len(set(norm)) != len(norm):
        raise InputError(f"{code}: a modifier is listed twice ({' '.join(norm)}).")
    if len(set(norm) & ASSISTANTS) > 1 or (set(norm) & ASSISTANTS and set(norm) & {"62", "66"}):
        raise InputError(f"{code}: one line is billed by one role: an assistant modifier cannot be combined with "
                         f"another assistant, co-surgery or team modifier ({' '.join(norm)}).")
    paid = parse_money(charge, f"The charge for {code}", negative=False) if charge is not None else None
    return SurgicalLine(code.strip().upper(), norm, paid)


@dataclass
class _Work:
    """A line during pricing: its running amount and what happened to it."""

    line: SurgicalLine
    ind: fees.PfsIndicators
    fee: Decimal
    amount: Decimal
    steps: list[tuple[str, Decimal]]
    notes: list[str]
    status: str = "paid"
    rank: int | None = None


def _start(line: SurgicalLine, locality: object, setting: str) -> _Work:
    """The line's fee schedule amount (the 26/TC row when one is billed) and its modifier adjustments."""
    component = next((m for m in line.modifiers if m in ("26", "TC")), None)
    pay = fees.pfs_payment(line.code, locality=locality, setting=setting, modifier=component)  # type: ignore[arg-type]
    ind = fees.pfs_indicators(line.code, component)
    w = _Work(line, ind, pay.payment, pay.payment, [], [])
    if setting == "non-facility" and ind.nonfacility_na:
        w.notes.append(f"CMS does not expect {line.code} in an office (NA in the file's non-facility column): "
                       "Medicare pays it at the facility amount, which this is")
    elif setting == "facility" and ind.facility_na:
        w.notes.append(f"CMS does not expect {line.code} in a facility (NA in the file's facility column)")
    mods = set(line.modifiers)
    split = [m for m in line.modifiers if m in GLOBAL_SPLIT]
    if "54" in split and "56" in split:
        raise InputError(f"{line.code}: modifier 54 already includes the preoperative share; drop 56.")
    if "78" in split and len(split) > 1:
        raise InputError(f"{line.code}: modifier 78 (a return to the operating room) cannot be combined with "
                         f"{', '.join(m for m in split if m != '78')}.")
    if split:
        share = sum((getattr(ind, part) for m in split for part in GLOBAL_SPLIT[m]), Decimal(0))
        if share == 0:
            raise RuleError(f"{line.code} has no global package to split (global days {pay.global_days}): "
                            f"modifier {', '.join(split)} does not apply.")
        w.amount *= share
        what = "of the package: a return to the operating room" if split == ["78"] else "of the global package"
        w.steps.append((f"modifier {'/'.join(split)}: {share:.0%} {what}", w.amount))
    if "50" in mods:
        _bilateral(w)
    if "62" in mods:
        _co_surgery(w)
    if "66" in mods:
        _team(w)
    if mods & ASSISTANTS:
        _assistant(w, next(iter(mods & ASSISTANTS)))
    return w


def _bilateral(w: _Work) -> None:
    ind = w.ind.bilat_surg
    if ind == "9":
        raise RuleError(f"{w.line.code}: the bilateral concept does not apply to this code (indicator 9); "
                        "remove modifier 50.")
    share = BILATERAL_SHARE.get(ind, Decimal(1))
    w.amount *= share
    why = {"0": "150% does not apply (indicator 0): one side's amount",
           "1": "bilateral (indicator 1): 150%",
           "2": "the code is already bilateral (indicator 2): 100%",
           "3": "each side at 100% (indicator 3): 200%"}[ind]
    w.steps.append((f"modifier 50, {why}", w.amount))


def _co_surgery(w: _Work) -> None:
    if w.ind.co_surg in ("0", "9"):
        w.status = "not paid"
        w.notes.append(f"co-surgeons are not paid for {w.line.code} (co-surgery indicator {w.ind.co_surg})")
        return
    w.amount *= CO_SURGEON_SHARE
    w.steps.append(("modifier 62, each co-surgeon: 62.5%", w.amount))
    if w.ind.co_surg == "1":
        w.notes.append("co-surgery indicator 1: paid only with documentation that two surgeons were needed")


def _team(w: _Work) -> None:
    if w.ind.team_surg in ("0", "9"):
        w.status = "not paid"
        w.notes.append(f"team surgery is not paid for {w.line.code} (team indicator {w.ind.team_surg})")
        return
    w.status = "by report"
    w.notes.append("modifier 66: the contractor prices team surgery by report")


def _assistant(w: _Work, modifier: str) -> None:
    if w.ind.asst_surg in ("1", "9"):
        w.status = "not paid"
        w.notes.append(f"an assistant at surgery is not paid for {w.line.code} "
                       f"(assistant indicator {w.ind.asst_surg})")
        return
    w.amount *= ASSISTANT_SHARE
    w.steps.append((f"modifier {modifier}, assistant at surgery: 16%", w.amount))
    if modifier == "AS":
        w.amount *= NPP_SHARE
        w.steps.append(("modifier AS, a non-physician assistant: 85% of that (13.6%)", w.amount))
    if w.ind.asst_surg == "0":
        w.notes.append("assistant indicator 0: paid only with documentation of medical necessity")


def _endoscopy_families(work: list[_Work], locality: object, setting: str) -> list[list[_Work]]:
    """Group the paid lines into the units the multiple-procedure rule ranks: one per endoscopy family (the
    family's base code as the key), one per other line with indicator 2 or 3."""
    groups: dict[str, list[_Work]] = {}
    units: list[list[_Work]] = []
    for w in work:
        if w.status != "paid" or w.ind.mult_proc not in ("2", "3"):
            continue
        base = w.ind.endo_base if w.ind.mult_proc == "3" and w.ind.endo_base else ""
        if not base and any(v.ind.endo_base == w.line.code for v in work if v.ind.mult_proc == "3"):
            base = w.line.code  # the base code itself, billed beside members of its family
        if base:
            if base not in groups:
                groups[base] = []
                units.append(groups[base])
            groups[base].append(w)
        else:
            units.append([w])
    for base, family in groups.items():
        if len(family) > 1:
            _price_family(base, family, locality, setting)
    return units


def _price_family(base: str, family: list[_Work], locality: object, setting: str) -> None:
    """Highest in full; each other member less the base code's amount; the base code not paid beside them."""
    base_amount = fees.pfs_payment(base, locality=locality, setting=setting).payment  # type: ignore[arg-type]
    family.sort(key=lambda w: -w.amount)
    for w in family[1:]:
        if w.line.code == base:
            w.amount = Decimal(0)
            w.status = "included"
            w.notes.append(f"the base endoscopy {base} is included in the other members of its family")
        else:
            w.amount = max(Decimal(0), w.amount - base_amount)
            w.steps.append((f"endoscopy family {base}: less the base's {dollars(base_amount)}", w.amount))


def _rank(units: list[list[_Work]]) -> None:
    """The multiple-procedure rule over the units, the highest-valued first."""
    ranked = sorted(units, key=lambda u: -sum(w.amount for w in u))
    for n, unit in enumerate(ranked, start=1):
        for w in unit:
            if w.status != "paid":
                continue
            w.rank = n
            if n == 1:
                continue
            if n > MAX_RANKED:
                w.status = "by report"
                w.notes.append(f"procedure {n}: after the fifth, the contractor prices it by report")
                continue
            w.amount *= SECOND_AND_LATER_SHARE
            w.steps.append((f"multiple procedures, ranked {n}: 50%", w.amount))


def price_surgery(lines: Iterable[object], *, locality: object = None, setting: str = "facility",
                  provider: str = "physician") -> SurgicalClaim:
    """Price one surgeon's lines for one operative session (one date of service) under the CY2026 PFS.

    ``lines``: SurgicalLine objects, codes with modifiers ('47562', '27447-50', '29881-RT') or (code, modifiers,
    charge) tuples. ``provider`` is "physician" or "npp" (billed under a nurse practitioner's, physician
    assistant's or clinical nurse specialist's own number). The steps say which rule changed each amount.
    """
    if provider not in PROVIDERS:
        raise InputError(f"provider must be 'physician' or 'npp', not {provider!r}.")
    parsed = [_line(v) for v in lines]
    if not parsed:
        raise InputError("A surgical claim needs at least one line.")
    work = [_start(line, locality, setting) for line in parsed]
    _rank(_endoscopy_families(work, locality, setting))
    notes: list[str] = []
    counted: dict[str, list[str]] = {}
    for w in work:
        if w.status == "paid" and w.ind.mult_proc in _OTHER_REDUCTIONS:
            counted.setdefault(w.ind.mult_proc, []).append(w.line.code)
    for ind, codes in counted.items():
        if len(codes) > 1:
            notes.append(f"the {_OTHER_REDUCTIONS[ind]} multiple-procedure reduction (indicator {ind}) applies to "
                         f"{', '.join(codes)} and is not modelled here: their amounts are unreduced"
                         + (" (revcycle.payment.radiology.price_imaging prices it)" if ind == "4" else ""))
    priced = [_finish(w, provider) for w in work]
    label = "national" if locality is None else fees.get_locality(locality).key  # type: ignore[arg-type]
    return SurgicalClaim(tuple(priced), label, setting, provider, tuple(notes))


def _finish(w: _Work, provider: str) -> PricedLine:
    """The NPP share, the lesser of charge and amount, and rounding to the cent."""
    if w.status != "paid":
        allowed = None if w.status == "by report" else Decimal("0.00")
        return PricedLine(w.line, w.fee, tuple(w.steps), allowed, w.status, w.rank, tuple(w.notes))
    if provider == "npp" and "AS" not in w.line.modifiers:
        w.amount *= NPP_SHARE
        w.steps.append(("billed by a nurse practitioner, PA or CNS: 85%", w.amount))
    allowed = to_cents(w.amount)
    if w.line.charge is not None and w.line.charge < allowed:
        allowed = w.line.charge
        w.steps.append(("the charge is lower: the charge", allowed))
    return PricedLine(w.line, w.fee, tuple(w.steps), allowed, w.status, w.rank, tuple(w.notes))

