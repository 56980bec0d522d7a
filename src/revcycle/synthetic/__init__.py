"""Seeded synthetic people and claims: patients, practices, providers, payers, encounters and claim batches.

Nobody here is real. Names come from obviously made-up pools (the last names are words like "Testpatient"),
NPIs pass the check-digit test but are random, tax IDs start with 00 (a prefix the IRS never issues), phone
numbers use the fictional 555-01xx range and member IDs start with SYN. The same seed always gives the same
data. Codes are real (ICD-10-CM FY2026, CPT/HCPCS numbers) and prices come from a synthetic chargemaster.

``claims(n, seed, error_rate=...)`` can slip one deliberate mistake into a share of the claims (each kind
matching a scrubber edit), so the scrubber and the denial analytics have something to find.
"""

from __future__ import annotations

import gc
import random
from bisect import bisect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate
from typing import TYPE_CHECKING

from revcycle.claims import Address, Claim, Insured, Patient, Payer, Provider, ServiceLine
from revcycle.codes.npi import make_npi
from revcycle.core.errors import RevcycleError
from revcycle.synthetic.pools import (
    CHARGEMASTER,
    PATIENT_LAST_NAMES,
    PRACTICE_NAMES,
    PROVIDER_FIRST_NAMES,
    PROVIDER_LAST_NAMES,
)

if TYPE_CHECKING:
    import pandas as pd

    from revcycle.claims.institutional import InstitutionalClaim


#: First day and last day of the synthetic services: inside the FY2026 ICD-10-CM year and CY2026 fee schedule.
FIRST_SERVICE = date(2026, 1, 2)
LAST_SERVICE = date(2026, 9, 30)

# Female and male first names extend the pools used by revcycle.practice.cycle; last names are cycle's made-up words.
_FEMALE = ("Maria", "Aiyana", "Fatima", "Lena", "Rosa", "Grace", "Mei", "Amara", "Sofia", "Ingrid", "Zainab")
_MALE = ("James", "Robert", "Samuel", "Ahmed", "Wei", "Diego", "Kofi", "Tomas", "Arjun", "Liam", "Yusuf")
_LAST = (*PATIENT_LAST_NAMES, "Madeup", "Imaginary", "Exampleton", "Noone")
_STREETS = ("Sample Lane", "Placeholder Road", "Example Avenue", "Fictional Court", "Testing Street")
_TOWNS = (("Springfield", "IL", "62701"), ("Riverton", "WY", "82501"), ("Fairview", "TN", "37062"),
          ("Georgetown", "TX", "78626"), ("Madison", "WI", "53703"))


@dataclass(frozen=True)
class PlanTerms:
    """A synthetic payer's contract: fee schedule multiple of Medicare, patient cost sharing, deductible."""

    fee_multiplier: Decimal
    coinsurance: Decimal
    em_copay: Decimal | None
    deductible: Decimal
    other_fee_share: Decimal  # allowed share of charge for codes not priced by the PFS (labs, drugs)


#: The synthetic payers (ids start with SYN) and their made-up contract terms. The figures are round teaching
#: numbers, not any real plan's: the Medicare line is not the official Part B deductible or fee arrangement.
PAYERS: tuple[Payer, ...] = (
    Payer("Medicare Part B (synthetic contractor)", "SYNMCR", "medicare"),
    Payer("Example Health Plan PPO", "SYNEHP", "group", filing_indicator="12"),
    Payer("Sample Community HMO", "SYNHMO", "group", filing_indicator="HM"),
    Payer("State Medicaid Program (synthetic)", "SYNMCD", "medicaid"),
)
PLAN_TERMS: dict[str, PlanTerms] = {
    "SYNMCR": PlanTerms(Decimal("1.00"), Decimal("0.20"), None, Decimal("250.00"), Decimal("0.40")),
    "SYNEHP": PlanTerms(Decimal("1.30"), Decimal("0.20"), Decimal("30.00"), Decimal("1000.00"), Decimal("0.55")),
    "SYNHMO": PlanTerms(Decimal("1.15"), Decimal("0.00"), Decimal("20.00"), Decimal("0.00"), Decimal("0.50")),
    "SYNMCD": PlanTerms(Decimal("0.75"), Decimal("0.00"), None, Decimal("0.00"), Decimal("0.35")),
}

#: NUCC taxonomy code numbers for the synthetic providers' specialties.
TAXONOMY: dict[str, str] = {
    "family": "207Q00000X",
    "pediatrics": "208000000X",
    "obgyn": "207V00000X",
    "orthopedics": "207X00000X",
    "physical therapy": "225100000X",
    "dermatology": "207N00000X",
    "gastroenterology": "207RG0100X",
    "emergency": "207P00000X",
    "radiology": "2085R0202X",
}
#: Which specialties each synthetic practice employs (practice names come from revcycle.practice.cycle).
_PRACTICE_STAFF: tuple[tuple[str, tuple[str, ...]], ...] = (
    (f"{PRACTICE_NAMES[0]} Family Practice", ("family", "family", "family", "pediatrics", "obgyn")),
    (f"{PRACTICE_NAMES[1]} Specialty Group", ("dermatology", "gastroenterology", "family", "obgyn")),
    (f"{PRACTICE_NAMES[2]} Orthopedics and Therapy", ("orthopedics", "orthopedics", "physical therapy",
                                                 "physical therapy")),
    (f"{PRACTICE_NAMES[3]} Emergency Physicians", ("emergency", "emergency", "radiology")),
)

#: The synthetic practices' own list prices (extends revcycle.practice.cycle.CHARGEMASTER; not what anyone pays).
CHARGE_PER_UNIT: dict[str, Decimal] = {
    **CHARGEMASTER,
    "99215": Decimal("290.00"), "99203": Decimal("175.00"), "99204": Decimal("265.00"),
    "99283": Decimal("240.00"), "99284": Decimal("395.00"), "20610": Decimal("180.00"),
    "J3301": Decimal("12.00"), "93000": Decimal("60.00"), "11102": Decimal("210.00"),
    "17110": Decimal("225.00"), "97110": Decimal("70.00"), "97140": Decimal("65.00"),
    "97530": Decimal("78.00"), "12002": Decimal("320.00"), "99391": Decimal("190.00"),
    "99392": Decimal("200.00"), "G0439": Decimal("230.00"), "90686": Decimal("45.00"),
    "G0008": Decimal("35.00"), "90471": Decimal("35.00"), "36415": Decimal("20.00"),
    "80053": Decimal("55.00"), "83036": Decimal("40.00"), "85025": Decimal("30.00"),
    "71046": Decimal("60.00"), "29881": Decimal("2400.00"), "45380": Decimal("1350.00"),
}


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Member:
    """A patient together with the coverage the claim is sent to."""

    patient: Patient
    insured: Insured
    payer: Payer
    relationship: str
    group: str  # pool name: newborn, child, adult, pregnant, senior


@dataclass(frozen=True)
class Clinician:
    """A rendering provider and the practice (billing provider) that bills for them."""

    provider: Provider
    practice: Provider
    specialty: str


@dataclass(frozen=True)
class Directory:
    """Everyone a batch of claims draws on: members by pool, clinicians by specialty, payers."""

    members: dict[str, tuple[Member, ...]]
    clinicians: dict[str, tuple[Clinician, ...]]
    payers: tuple[Payer, ...] = PAYERS


def _address(rng: random.Random) -> Address:
    town, state, zip5 = rng.choice(_TOWNS)
    street = f"{rng.randrange(10, 9900)} {rng.choice(_STREETS)}"
    return Address(street, town, state, zip5 + f"{rng.randrange(10000):04d}")


def _phone(rng: random.Random) -> str:
    """A number in the 555-0100 to 555-0199 range, which is reserved for fiction."""
    return f"{rng.randrange(201, 990)}55501{rng.randrange(100):02d}"


def _member_id(rng: random.Random) -> str:
    return "SYN" + "".join(str(rng.randrange(10)) for _ in range(8))


def _person(rng: random.Random, sex: str) -> tuple[str, str, str]:
    first = rng.choice(_FEMALE if sex == "F" else _MALE)
    return rng.choice(_LAST), first, rng.choice("ABCDEFGHJKLMNPRSTW")


_POOLS: dict[str, tuple[int, int, float]] = {
    # pool: (youngest, oldest age on 2026-01-01, share of members)
    "newborn": (0, 0, 0.04),
    "child": (1, 17, 0.16),
    "pregnant": (18, 41, 0.08),
    "adult": (18, 64, 0.37),
    "senior": (65, 92, 0.35),
}


def _member(rng: random.Random, pool: str) -> Member:
    young, old, _share = _POOLS[pool]
    if pool == "newborn":
        birth = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 240))
    else:
        birth = date(2026 - old - 1, 1, 1) + timedelta(days=rng.randrange(0, 365 * (old - young + 1)))
    sex = "F" if pool == "pregnant" else rng.choice("FM")
    last, first, mi = _person(rng, sex)
    address = _address(rng)
    patient = Patient(last, first, birth, sex, address, mi, _phone(rng))
    if pool == "senior":
        payer = PAYERS[0] if rng.random() < 0.85 else PAYERS[1]
    elif rng.random() < 0.3:
        payer = PAYERS[3]
    else:
        payer = PAYERS[1] if rng.random() < 0.6 else PAYERS[2]
    group_no = "" if payer.kind in ("medicare", "medicaid") else f"GRP{rng.randrange(10000, 99999)}"
    if pool in ("newborn", "child") and payer.kind == "group":
        parent_sex = rng.choice("FM")
        p_last = last
        _l, p_first, p_mi = _person(rng, parent_sex)
        parent_birth = birth - timedelta(days=365 * rng.randint(22, 42) + rng.randrange(365))
        insured = Insured(_member_id(rng), p_last, p_first, parent_birth, parent_sex, address, p_mi, group_no,
                          payer.name)
        return Member(patient, insured, payer, "child", pool)
    insured = Insured.from_patient(patient, _member_id(rng), group_number=group_no, plan_name=payer.name)
    return Member(patient, insured, payer, "self", pool)


def members(n: int, seed: int = 0) -> list[Member]:
    """``n`` synthetic patients with coverage, spread over the age pools (same seed, same people)."""
    rng = random.Random(f"members-{seed}")
    pools = list(_POOLS)
    cum = list(accumulate(_POOLS[p][2] for p in pools))  # rng.choices(pools, weights) without redoing the sums
    return [_member(rng, rng.choices(pools, cum_weights=cum)[0]) for _ in range(n)]


def clinicians(seed: int = 0) -> list[Clinician]:
    """The synthetic practices (billing providers, organizations) and their clinicians (rendering providers)."""
    rng = random.Random(f"clinicians-{seed}")
    out = []
    for practice_name, staff in _PRACTICE_STAFF:
        practice = Provider(make_npi(rng), practice_name, is_organization=True,
                            tax_id="00" + "".join(str(rng.randrange(10)) for _ in range(7)),
                            taxonomy=TAXONOMY[staff[0]], address=_address(rng), phone=_phone(rng))
        for specialty in staff:
            provider = Provider(make_npi(rng), rng.choice(PROVIDER_LAST_NAMES), rng.choice(PROVIDER_FIRST_NAMES),
                                taxonomy=TAXONOMY[specialty])
            out.append(Clinician(provider, practice, specialty))
    return out


def directory(n_members: int, seed: int = 0) -> Directory:
    """Members grouped by pool and clinicians grouped by specialty, for drawing encounters."""
    by_pool: dict[str, list[Member]] = {p: [] for p in _POOLS}
    for m in members(n_members, seed):
        by_pool[m.group].append(m)
    for pool, found in by_pool.items():  # every pool needs someone, however small n is
        if not found:
            found.append(_member(random.Random(f"{pool}-{seed}"), pool))
    by_specialty: dict[str, list[Clinician]] = {}
    for c in clinicians(seed):
        by_specialty.setdefault(c.specialty, []).append(c)
    return Directory({k: tuple(v) for k, v in by_pool.items()}, {k: tuple(v) for k, v in by_specialty.items()})


# --------------------------------------------------------------------------- encounters


@dataclass(frozen=True)
class LineSpec:
    """One service line of a visit type: a procedure (one of several), modifiers, units and pointers."""

    procedures: tuple[str, ...]
    pointers: str = "A"
    modifiers: tuple[str, ...] = ()
    units: tuple[int, int] = (1, 1)


@dataclass(frozen=True)
class VisitType:
    """A kind of encounter: who sees whom, where, for which diagnoses, billing which lines."""

    name: str
    specialty: str
    pools: tuple[str, ...]
    place_of_service: str
    diagnoses: tuple[tuple[str, ...], ...]
    lines: tuple[LineSpec, ...]
    weight: int = 1
    payer_kinds: tuple[str, ...] = ("medicare", "group", "medicaid")


_EST = ("99212", "99213", "99213", "99213", "99214", "99214", "99215")
VISIT_TYPES: tuple[VisitType, ...] = (
    VisitType("established office visit", "family", ("adult", "senior"), "11",
              (("E11.9", "I10"), ("I10",), ("E78.5",), ("J06.9",), ("M54.50",), ("E11.65", "E78.5"), ("J02.9",),
               ("N39.0",), ("R51.9",), ("K21.9",), ("F41.1",), ("E03.9",), ("J45.909",), ("E66.9", "Z68.30")),
              (LineSpec(_EST),), weight=30),
    VisitType("new patient visit", "family", ("adult", "senior"), "11",
              (("R10.9",), ("L70.0",), ("M25.561",), ("J20.9",), ("M79.604",)),
              (LineSpec(("99203", "99204")),), weight=6),
    VisitType("telehealth visit", "family", ("adult", "senior"), "10", (("F41.1",), ("F32.A",), ("I10",)),
              (LineSpec(("99213", "99214")),), weight=4),
    VisitType("knee injection, right", "orthopedics", ("adult", "senior"), "11", (("M17.11",), ("M25.561",)),
              (LineSpec(("99213", "99214"), modifiers=("25",)), LineSpec(("20610",), modifiers=("RT",)),
               LineSpec(("J3301",), units=(2, 4))), weight=4),
    VisitType("knee injection, left", "orthopedics", ("adult", "senior"), "11", (("M17.12",),),
              (LineSpec(("99213",), modifiers=("25",)), LineSpec(("20610",), modifiers=("LT",)),
               LineSpec(("J3301",), units=(2, 4))), weight=3),
    VisitType("visit with ECG", "family", ("adult", "senior"), "11", (("R07.9",), ("R00.2",), ("I48.91",)),
              (LineSpec(("99214",)), LineSpec(("93000",))), weight=4),
    VisitType("skin biopsy", "dermatology", ("adult", "senior"), "11", (("D48.5",), ("L82.1",)),
              (LineSpec(("99213",), modifiers=("25",)), LineSpec(("11102",))), weight=3),
    VisitType("wart destruction", "dermatology", ("child", "adult"), "11", (("B07.8",), ("B07.0",)),
              (LineSpec(("17110",)),), weight=2),
    VisitType("physical therapy session", "physical therapy", ("adult", "senior"), "11",
              (("M54.50",), ("M25.511",), ("M17.11",)),
              (LineSpec(("97110",), modifiers=("GP",), units=(2, 3)),
               LineSpec(("97140",), modifiers=("GP", "59"), units=(1, 2)),
               LineSpec(("97530",), modifiers=("GP",), units=(1, 2))), weight=5),
    VisitType("ankle sprain in the emergency room", "emergency", ("child", "adult", "senior"), "23",
              (("S93.401A", "W01.0XXA"),), (LineSpec(("99283", "99284"), pointers="AB"),), weight=3),
    VisitType("hand laceration repair in the emergency room", "emergency", ("adult", "senior"), "23",
              (("S61.411A", "W26.0XXA"),),
              (LineSpec(("99284",), modifiers=("25",), pointers="AB"), LineSpec(("12002",), pointers="AB")),
              weight=2),
    VisitType("prenatal visit", "obgyn", ("pregnant",), "11",
              (("Z34.01", "Z3A.10"), ("Z34.82", "Z3A.24"), ("Z34.83", "Z3A.32")),
              (LineSpec(("99213",), pointers="AB"),), weight=4, payer_kinds=("group", "medicaid")),
    VisitType("newborn jaundice check", "pediatrics", ("newborn",), "11", (("P59.9",),),
              (LineSpec(("99213",)),), weight=2, payer_kinds=("group", "medicaid")),
    VisitType("well-child visit", "pediatrics", ("child",), "11", (("Z00.129",), ("Z00.121", "J45.909")),
              (LineSpec(("99392",)),), weight=3, payer_kinds=("group", "medicaid")),
    VisitType("child with a lung condition from birth", "pediatrics", ("child",), "11", (("P27.1", "J20.9"),),
              (LineSpec(("99213",), pointers="AB"),), weight=1, payer_kinds=("group", "medicaid")),
    VisitType("annual wellness visit with a problem visit", "family", ("senior",), "11",
              (("Z00.00", "I10"), ("Z00.00", "E11.9")),
              (LineSpec(("G0439",)), LineSpec(("99213",), modifiers=("25",), pointers="B")), weight=4,
              payer_kinds=("medicare",)),
    VisitType("flu shot", "family", ("adult", "senior", "child"), "11", (("Z23",),),
              (LineSpec(("90686",)), LineSpec(("G0008",))), weight=3, payer_kinds=("medicare",)),
    VisitType("flu shot", "family", ("adult", "child"), "11", (("Z23",),),
              (LineSpec(("90686",)), LineSpec(("90471",))), weight=2, payer_kinds=("group", "medicaid")),
    VisitType("diabetes visit with labs", "family", ("adult", "senior"), "11", (("E11.9",), ("E11.65",)),
              (LineSpec(("99213", "99214")), LineSpec(("36415",)), LineSpec(("80053",)), LineSpec(("83036",))),
              weight=4),
    VisitType("chest x-ray reading", "radiology", ("adult", "senior"), "22", (("R05.9",), ("J20.9",)),
              (LineSpec(("71046",), modifiers=("26",)),), weight=2),
    VisitType("knee arthroscopy", "orthopedics", ("adult", "senior"), "24", (("S83.241A",),),
              (LineSpec(("29881",), modifiers=("RT",)),), weight=1),
    VisitType("colonoscopy with biopsy", "gastroenterology", ("adult", "senior"), "24",
              (("K63.5",), ("Z12.11", "K63.5")), (LineSpec(("45380",), pointers="A"),), weight=2),
)


@dataclass
class Encounter:
    """One synthetic visit before it becomes a claim: who, when, where, what was done and why."""

    number: int
    member: Member
    clinician: Clinician
    visit_type: str
    service_date: date
    place_of_service: str
    diagnoses: list[str]
    lines: list[tuple[str, tuple[str, ...], int, str]]  # procedure, modifiers, units, pointers
    submitted_on: date
    notes: list[str] = field(default_factory=list)

    def to_claim(self, claim_id: str) -> Claim:
        """The claim the practice sends for this visit (charges from the synthetic chargemaster)."""
        lines = [
            ServiceLine.trusted(proc, CHARGE_PER_UNIT[proc] * units, self.service_date, self.place_of_service,
                                mods, pointers, Decimal(units), f"{claim_id}-{n}")
            for n, (proc, mods, units, pointers) in enumerate(self.lines, 1)
        ]
        m, c = self.member, self.clinician
        return Claim(claim_id, m.patient, m.insured, m.payer, c.practice, list(self.diagnoses), lines,
                     relationship=m.relationship, rendering_provider=c.provider, submitted_on=self.submitted_on,
                     notes=list(self.notes))


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def encounters(n: int, seed: int = 0, *, people: Directory | None = None) -> list[Encounter]:
    """``n`` synthetic visits between FIRST_SERVICE and LAST_SERVICE, drawn from a seeded directory."""
    _check_n(n)
    people = people or directory(max(40, n // 4), seed)
    rng = random.Random(f"encounters-{seed}")
    span = (LAST_SERVICE - FIRST_SERVICE).days + 1
    cum = list(accumulate(v.weight for v in VISIT_TYPES))
    total, hi, draw = cum[-1] + 0.0, len(cum) - 1, rng.random
    eligible: dict[int, tuple[Member, ...]] = {}
    for i, v in enumerate(VISIT_TYPES):
        eligible[i] = tuple(m for pool in v.pools for m in people.members[pool] if m.payer.kind in v.payer_kinds)
    out = []
    for number in range(n):
        i = bisect(cum, draw() * total, 0, hi)  # exactly rng.choices(indices, weights)[0]
        visit = VISIT_TYPES[i]
        pool = eligible[i]
        if not pool:
            continue
        member = rng.choice(pool)
        clinician = rng.choice(people.clinicians[visit.specialty])
        day = _weekday(FIRST_SERVICE + timedelta(days=rng.randrange(span)))
        day = min(day, LAST_SERVICE)
        if day < member.patient.birth_date:
            day = _weekday(member.patient.birth_date + timedelta(days=rng.randint(3, 10)))
        dx = list(rng.choice(visit.diagnoses))
        lines = [(rng.choice(spec.procedures), spec.modifiers, rng.randint(*spec.units), spec.pointers)
                 for spec in visit.lines]
        submitted = day + timedelta(days=rng.randint(1, 10))
        out.append(Encounter(number, member, clinician, visit.name, day, visit.place_of_service, dx, lines,
                             submitted))
    return out


# --------------------------------------------------------------------------- claims, with optional mistakes


def _check_n(n: object) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise RevcycleError(f"n must be a whole number of claims, 0 or more, not {n!r}.")


def _bad_npi(npi: str) -> str:
    return npi[:9] + str((int(npi[9]) + 1) % 10)


def _err_dx_invalid(c: Claim, rng: random.Random) -> bool:
    c.diagnoses[0] = rng.choice(("E11.99", "I10.0", "Z99.999", "M54.55X"))
    return True


def _err_dx_header(c: Claim, rng: random.Random) -> bool:
    c.diagnoses[0] = rng.choice(("E11", "M17", "J45", "K21"))
    return True


def _err_dx_seventh(c: Claim, rng: random.Random) -> bool:
    for i, d in enumerate(c.diagnoses):
        if len(d) == 8 and d[0] in "ST" and d[-1] == "A":
            c.diagnoses[i] = d[:-1].rstrip("X")
            return True
    return False


def _err_ptr_empty(c: Claim, rng: random.Random) -> bool:
    c.lines[-1].pointers = "ABCD"[min(3, len(c.diagnoses))]
    return True


def _err_ptr_missing(c: Claim, rng: random.Random) -> bool:
    c.lines[0].pointers = ""
    return True


def _err_proc_unknown(c: Claim, rng: random.Random) -> bool:
    c.lines[0].procedure = rng.choice(("99219", "99201", "9921", "99299"))
    return True


def _err_mod25(c: Claim, rng: random.Random) -> bool:
    for i, line in enumerate(c.lines):
        if "25" in line.modifiers and i + 1 < len(c.lines):
            line.modifiers = tuple(m for m in line.modifiers if m != "25")
            c.lines[i + 1].modifiers = ("25", *c.lines[i + 1].modifiers)
            return True
    return False


def _err_ncci(c: Claim, rng: random.Random) -> bool:
    for line in c.lines:
        if "25" in line.modifiers and any(x.procedure in ("20610", "11102") for x in c.lines):
            line.modifiers = tuple(m for m in line.modifiers if m != "25")
            return True
    return False


def _err_mod59_xs(c: Claim, rng: random.Random) -> bool:
    for line in c.lines:
        if line.procedure == "20610" and line.modifiers in (("RT",), ("LT",)):
            other = "LT" if line.modifiers == ("RT",) else "RT"
            c.lines.append(replace(line, modifiers=(other, "59"), line_control=line.line_control + "B"))
            c.recompute_total()
            return True
    return False


def _err_mue(c: Claim, rng: random.Random) -> bool:
    if not c.payer.is_medicare:
        return False
    from revcycle.codes.ncci import mue

    for line in c.lines:
        limit = mue(line.procedure)
        if limit is not None and limit.value > 0:
            line.units = Decimal(limit.value + rng.randint(1, 2))
            line.charge = CHARGE_PER_UNIT[line.procedure] * line.units
            c.recompute_total()
            return True
    return False


def _err_npi(c: Claim, rng: random.Random) -> bool:
    if c.rendering_provider is not None and rng.random() < 0.5:
        c.rendering_provider = replace(c.rendering_provider, npi=_bad_npi(c.rendering_provider.npi))
    else:
        c.billing_provider = replace(c.billing_provider, npi=_bad_npi(c.billing_provider.npi))
    return True


def _err_total(c: Claim, rng: random.Random) -> bool:
    c.total_charge = (c.total_charge if c.total_charge is not None else c.line_total()) + Decimal(
        rng.choice((10, 25, 100)))
    return True


def _err_late(c: Claim, rng: random.Random) -> bool:
    if not c.payer.is_medicare:
        return False
    filed = c.submitted_on or c.lines[0].from_date
    old = filed - timedelta(days=rng.randint(380, 450))
    for line in c.lines:
        line.from_date = line.to_date = old
    c.notes.append("service date moved more than a year before filing (timely-filing example)")
    return True


def _err_date_order(c: Claim, rng: random.Random) -> bool:
    c.lines[0].to_date = c.lines[0].from_date - timedelta(days=rng.randint(1, 5))
    return True


def _err_before_birth(c: Claim, rng: random.Random) -> bool:
    c.patient = replace(c.patient, birth_date=c.lines[0].from_date + timedelta(days=rng.randint(1, 30)))
    return True


def _err_sex(c: Claim, rng: random.Random) -> bool:
    if not any(d.startswith(("O", "Z3")) for d in c.diagnoses):
        return False
    c.patient = replace(c.patient, sex="M")
    return True


#: The deliberate mistakes: kind -> (function, the scrubber edit it should trip).
ERROR_KINDS: dict[str, tuple[Callable[[Claim, random.Random], bool], str]] = {
    "dx_invalid": (_err_dx_invalid, "DX-INVALID"),
    "dx_header": (_err_dx_header, "DX-HEADER"),
    "dx_seventh": (_err_dx_seventh, "DX-7TH"),
    "ptr_empty": (_err_ptr_empty, "PTR-EMPTY"),
    "ptr_missing": (_err_ptr_missing, "PTR-MISSING"),
    "proc_unknown": (_err_proc_unknown, "PROC-UNKNOWN"),
    "mod25": (_err_mod25, "MOD-25"),
    "ncci": (_err_ncci, "NCCI-PTP"),
    "mod59_xs": (_err_mod59_xs, "MOD-59-X"),
    "mue": (_err_mue, "MUE"),
    "npi": (_err_npi, "NPI-"),
    "total": (_err_total, "TOTAL"),
    "late": (_err_late, "TIMELY"),
    "date_order": (_err_date_order, "DATE-ORDER"),
    "before_birth": (_err_before_birth, "DATE-BIRTH"),
    "sex": (_err_sex, "DX-SEX"),
}


def claims(n: int, seed: int = 0, *, error_rate: float = 0.0, people: Directory | None = None) -> list[Claim]:
    """``n`` synthetic claims (same seed, same claims); ``error_rate`` of them carry one deliberate mistake.

    Each mistaken claim gets a note saying what was done to it (``claim.notes``), so a learner can check the
    scrubber's answer. Claim ids are ``S{seed}-{number}`` and unique within a batch.
    """
    _check_n(n)
    _check_rate(error_rate)
    rng = random.Random(f"errors-{seed}")
    out = []
    with _no_gc():
        for e in encounters(n, seed, people=people):
            claim = e.to_claim(f"S{seed}-{e.number + 1:06d}")
            if error_rate and rng.random() < error_rate:
                _make_mistake(claim, rng)
            out.append(claim)
    return out


def _check_rate(error_rate: object) -> None:
    if not (isinstance(error_rate, int | float) and 0 <= error_rate <= 1):
        raise RevcycleError(f"error_rate must be a fraction from 0 to 1, not {error_rate!r}.")


_KINDS = list(ERROR_KINDS)


def _make_mistake(claim: Claim, rng: random.Random) -> None:
    """One deliberate mistake of a kind that fits the claim, noted on it."""
    for kind in rng.sample(_KINDS, len(_KINDS)):
        if ERROR_KINDS[kind][0](claim, rng):
            claim.notes.append(f"deliberate mistake: {kind}")
            break


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a batch is generated (it only adds live objects, and the
    collector would otherwise walk them over and over); the data made is the same. The young generations are
    collected once at the end, so the caller's next allocations do not pay for walking the new objects."""
    from revcycle.claims.frame import paused_gc

    with paused_gc():
        yield
    if gc.isenabled():
        gc.collect(1)


def claims_frame(n: int, seed: int = 0, *, error_rate: float = 0.0,
                 people: Directory | None = None) -> pd.DataFrame:
    """``claims_frame(claims(n, seed, error_rate=...))``, the very same table, made without Claim objects.

    The same encounters are drawn; a clean claim's rows are written straight from its encounter, and only the
    claims that get a deliberate mistake are made as Claim objects (the mistakes are made on them, as in
    :func:`claims`). Ready for :func:`revcycle.claims.scrub_frame`.
    """
    import numpy as np

    from revcycle.claims.frame import (
        NAT,
        Source,
        build,
        cents,
        columns_frame,
        day_numbers,
        parts,
        paused_gc,
        stack,
        take,
    )

    _check_n(n)
    _check_rate(error_rate)
    rng = random.Random(f"errors-{seed}")
    with paused_gc():  # everything made here is garbage once the table is built: nothing to collect
        clean: list[Encounter] = []
        wrong: list[Claim] = []
        clean_at: list[int] = []
        wrong_at: list[int] = []
        for at, e in enumerate(encounters(n, seed, people=people)):
            mistake = bool(error_rate) and rng.random() < error_rate
            if mistake or not e.lines:
                claim = e.to_claim(f"S{seed}-{e.number + 1:06d}")
                if mistake:
                    _make_mistake(claim, rng)
                wrong.append(claim)
                wrong_at.append(at)
            else:
                clean.append(e)
                clean_at.append(at)
        members = [e.member for e in clean]
        rendering = [e.clinician.provider.npi for e in clean]
        lines = [ln for e in clean for ln in e.lines]
        price: dict[tuple[str, int], int] = {}
        charge = [price.get(key) or price.setdefault(key, cents(CHARGE_PER_UNIT[key[0]] * key[1]))
                  for key in [(proc, units) for proc, _m, units, _p in lines]]
        n_lines = [len(e.lines) for e in clean]
        each_charge = iter(charge)
        src = Source(
            claim_id=[f"S{seed}-{e.number + 1:06d}" for e in clean],
            payer_id=[m.payer.payer_id for m in members],
            payer_kind=[m.payer.kind for m in members],
            patient_sex=[m.patient.sex for m in members],
            birth_days=day_numbers(m.patient.birth_date for m in members),
            submitted_days=day_numbers(e.submitted_on for e in clean),
            icd_indicator=["0"] * len(clean),
            billing_npi=[e.clinician.practice.npi for e in clean],
            referring_npi=[""] * len(clean),
            total_cents=[sum(next(each_charge) for _ in range(k)) for k in n_lines],
            diagnoses=[tuple(d.strip() for d in e.diagnoses) for e in clean],
            default_rendering=rendering,
            n_lines=n_lines,
            from_days=day_numbers(e.service_date for e in clean for _ in e.lines),
            to_days=[NAT] * len(lines),
            place_of_service=[e.place_of_service for e in clean for _ in e.lines],
            procedure=[proc for proc, _m, _u, _p in lines],
            modifiers=[mods for _p, mods, _u, _ptr in lines],
            pointers=[ptr for _p, _m, _u, ptr in lines],
            charge_cents=charge,
            units=[float(units) for _p, _m, units, _ptr in lines],
            rendering_npi=[""] * len(lines),
        )
        table = build(src)
        if wrong:
            made = parts(wrong)
            line_claim = np.concatenate([np.repeat(np.asarray(clean_at, dtype=np.int64), n_lines),
                                         np.repeat(np.asarray(wrong_at, dtype=np.int64),
                                                   [len(c.lines) or 1 for c in wrong])])
            table = take(stack(table, made), np.argsort(line_claim, kind="stable"))
        return columns_frame(table)


def example_claim(seed: int = 2) -> Claim:
    """One clean synthetic office visit (99213 for diabetes and hypertension), for demonstrations."""
    people = directory(40, seed)
    member = next(m for m in people.members["senior"] if m.payer.is_medicare)
    clinician = people.clinicians["family"][0]
    day = date(2026, 3, 9)
    enc = Encounter(0, member, clinician, "established office visit", day, "11", ["E11.9", "I10"],
                    [("99213", (), 1, "AB")], day + timedelta(days=2))
    return enc.to_claim(f"DEMO-{seed:04d}")


def _hospital(rng: random.Random) -> Provider:
    """The synthetic general acute care hospital that bills the institutional examples."""
    return Provider(make_npi(rng), "Riverbend Example Hospital", is_organization=True,
                    tax_id="00" + "".join(str(rng.randrange(10)) for _ in range(7)), taxonomy="282N00000X",
                    address=_address(rng), phone=_phone(rng))

def example_outpatient_claim(seed: int = 3) -> InstitutionalClaim:
    """One synthetic hospital outpatient emergency visit (type of bill 0131) for chest pain, as the hospital bills
    it on the UB-04: revenue-code lines for the emergency room, lab, chest X-ray, EKG and a drug."""
    from revcycle.claims.institutional import InstitutionalClaim, RevenueLine

    rng = random.Random(f"hospital-{seed}")
    people = directory(40, seed)
    member = next(m for m in people.members["senior"] if m.payer.is_medicare)
    attending = people.clinicians["emergency"][0].provider
    hospital = _hospital(rng)
    day = date(2026, 10, 14)
    lines = [
        RevenueLine("0301", "CHEM PANEL COMPREHENSIVE", Decimal("180.00"), "80053", service_date=day),
        RevenueLine("0305", "CBC W AUTO DIFF", Decimal("95.00"), "85025", service_date=day),
        RevenueLine("0324", "XR CHEST 2 VIEWS", Decimal("310.00"), "71046", service_date=day),
        RevenueLine("0450", "ED VISIT LEVEL 4", Decimal("1250.00"), "99284", service_date=day),
        RevenueLine("0636", "DEXAMETHASONE INJ 1 MG", Decimal("48.00"), "J1100", service_date=day, units=Decimal(4)),
        RevenueLine("0730", "EKG TRACING", Decimal("160.00"), "93005", service_date=day),
    ]
    return InstitutionalClaim(
        claim_id=f"H{seed:04d}-{day:%m%d}", medical_record=f"MR{rng.randrange(10**6, 10**7)}",
        type_of_bill="0131", facility=hospital, patient=member.patient, insured=member.insured,
        payer=member.payer, statement_from=day, statement_through=day, lines=lines,
        principal_diagnosis="R07.9", other_diagnoses=["I10", "E11.9"], reason_for_visit=["R07.9"],
        attending=attending, admission_date=day, admission_hour="14", admission_type="1",
        point_of_origin="1", discharge_hour="19", discharge_status="01",
        occurrence_codes=[("11", day)], relationship="18",
    )



def example_inpatient_claim(seed: int = 4) -> InstitutionalClaim:
    """One synthetic two-night hospital stay (type of bill 0111) for a right total knee replacement, as the hospital
    bills it: admission and discharge hours, POA indicators, the ICD-10-PCS principal procedure, covered days."""
    from revcycle.claims.institutional import InstitutionalClaim, RevenueLine

    rng = random.Random(f"hospital-{seed}")
    people = directory(40, seed)
    member = next(m for m in people.members["senior"] if m.payer.is_medicare)
    attending = people.clinicians["orthopedics"][0].provider
    hospital = _hospital(rng)
    admit, discharge = date(2026, 10, 19), date(2026, 10, 21)
    lines = [
        RevenueLine("0120", "ROOM SEMI PRIVATE", Decimal("3600.00"), units=Decimal(2)),
        RevenueLine("0250", "PHARMACY GENERAL", Decimal("1240.00")),
        RevenueLine("0278", "IMPLANT KNEE SYSTEM", Decimal("9800.00")),
        RevenueLine("0360", "OR SERVICES", Decimal("14500.00")),
        RevenueLine("0370", "ANESTHESIA", Decimal("2600.00")),
        RevenueLine("0420", "PHYSICAL THERAPY", Decimal("780.00"), units=Decimal(3)),
    ]
    return InstitutionalClaim(
        claim_id=f"H{seed:04d}-{admit:%m%d}", medical_record=f"MR{rng.randrange(10**6, 10**7)}",
        type_of_bill="0111", facility=hospital, patient=member.patient, insured=member.insured,
        payer=member.payer, statement_from=admit, statement_through=discharge, lines=lines,
        principal_diagnosis="M17.11", other_diagnoses=["I10", "E11.9"],
        poa={"M17.11": "Y", "I10": "Y", "E11.9": "Y"}, principal_procedure=("0SRC0J9", admit),
        attending=attending, admission_date=admit, admission_hour="07", admission_type="3",
        point_of_origin="1", discharge_hour="11", discharge_status="01", value_codes=[("80", Decimal(2))],
        relationship="18",
    )

def money_round(amount: Decimal) -> Decimal:
    """Round half-up to the cent (used by the synthetic adjudicator)."""
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
