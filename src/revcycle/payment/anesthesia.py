"""Anesthesia payment under the Medicare physician fee schedule: (base units + time units + any extra units) x the
anesthesia conversion factor x the share the payment modifier allows.

The rules and where they come from:

- Time units: the anesthesia minutes reported on the claim divided by 15, rounded to one decimal place (Medicare
  Claims Processing Manual, Pub. 100-04, ch. 12, sec. 50.G); here half up, the book's one rounding rule. Medicare
  recognizes no time units for 01995 and 01996 (same section).
- Conversion factor: CY2026 has two national anesthesia factors, $20.4976 and $20.5998 for qualifying APM
  participants (CY2026 PFS final rule, FR Doc 2025-19787). CMS also publishes a factor for each locality; the book
  ships only the national factors, and ``conversion_factor=`` takes a locality's factor from the CMS file.
- Payment modifiers (42 CFR 414.46; Pub. 100-04 ch. 12 sec. 50 and 140): AA personally performed and QZ a CRNA
  without medical direction, 100%; QK (directing two to four concurrent cases), QY (directing one CRNA) and QX (the
  directed CRNA), 50% each; AD (medical supervision of more than four), three base units, plus one unit when the
  anesthesiologist was present at induction, and no time units.
- Physical status modifiers (P1-P6) and qualifying circumstances (99100-99140) add no units under Medicare: the
  qualifying-circumstance codes carry status B (bundled) in the CY2026 RVU file, read here from the shipped file.
  Payers that follow the ASA Relative Value Guide add units; :data:`ASA_STYLE` is an illustrative schedule of that
  kind, not any real payer's contract.

Base units are an input: the CMS "Anesthesia Base Units by CPT Code" file is not shipped with the book, so a case
states the code's base units (read them from the CMS file for a real claim). The result is rounded once, to the
cent, half up; deductible, coinsurance and sequestration are not applied (see :mod:`revcycle.payment.adjudication`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from revcycle.core.errors import InputError, RuleError
from revcycle.core.money import parse_money, to_cents
from revcycle.core.numbers import whole
from revcycle.payment import fees

__all__ = [
    "ASA_STYLE", "CONVERSION_FACTORS", "MAX_MINUTES", "MEDICARE", "NO_TIME_UNITS", "PAYMENT_MODIFIERS",
    "QUALIFYING_CIRCUMSTANCES", "AnesthesiaPayment", "PaymentModifier", "UnitPolicy", "conversion_factor",
    "directed_case", "price_anesthesia", "qualifying_status", "time_units",
]

#: National anesthesia conversion factors, dollars per unit: (year, qualifying APM participant) -> factor.
CONVERSION_FACTORS: dict[tuple[int, bool], Decimal] = {
    (2025, False): Decimal("20.3178"),
    (2025, True): Decimal("20.3178"),
    (2026, False): Decimal("20.4976"),
    (2026, True): Decimal("20.5998"),
}
CF_SOURCE = "CY2026 PFS final rule (FR Doc 2025-19787): national anesthesia conversion factors"
MINUTES_PER_UNIT = Decimal(15)
TENTH = Decimal("0.1")
#: A day and a half: longer anesthesia times are almost certainly typing errors.
MAX_MINUTES = 36 * 60
MAX_BASE_UNITS = 40
#: Codes whose time Medicare does not count (Pub. 100-04 ch. 12 sec. 50.G).
NO_TIME_UNITS = frozenset({"01995", "01996"})
#: The qualifying-circumstance add-on codes the book teaches.
QUALIFYING_CIRCUMSTANCES = ("99100", "99116", "99135", "99140")
AD_BASE_UNITS = Decimal(3)
MCPM12 = "Medicare Claims Processing Manual (Pub. 100-04), ch. 12, sec. 50"


@dataclass(frozen=True)
class PaymentModifier:
    """A Medicare anesthesia payment modifier: who bills it and the share of the full amount it is paid."""

    modifier: str
    clinician: str  # "anesthesiologist" or "CRNA"
    share: Decimal
    meaning: str  # the book's own words


PAYMENT_MODIFIERS: dict[str, PaymentModifier] = {
    "AA": PaymentModifier("AA", "anesthesiologist", Decimal(1), "personally performed by the anesthesiologist"),
    "QK": PaymentModifier("QK", "anesthesiologist", Decimal("0.5"),
                          "medical direction of two, three or four concurrent cases"),
    "QY": PaymentModifier("QY", "anesthesiologist", Decimal("0.5"), "medical direction of one CRNA"),
    "AD": PaymentModifier("AD", "anesthesiologist", Decimal(1),
                          "medical supervision of more than four concurrent cases: three base units, no time"),
    "QX": PaymentModifier("QX", "CRNA", Decimal("0.5"), "a CRNA (or anesthesiologist assistant) under medical "
                          "direction"),
    "QZ": PaymentModifier("QZ", "CRNA", Decimal(1), "a CRNA without medical direction"),
}


@dataclass(frozen=True)
class UnitPolicy:
    """What a payer adds for physical status (1-6) and qualifying circumstances (code -> units)."""

    name: str
    physical_status: Mapping[int, Decimal]
    qualifying: Mapping[str, Decimal]
    illustrative: bool = False


MEDICARE = UnitPolicy("Medicare", {n: Decimal(0) for n in range(1, 7)}, {c: Decimal(0) for c in
                                                                          QUALIFYING_CIRCUMSTANCES})
#: The kind of schedule many commercial contracts use (after ASA's Relative Value Guide). Illustrative: the
#: contract decides the real values.
ASA_STYLE = UnitPolicy(
    "A commercial payer adding units in the style of ASA's Relative Value Guide (illustrative)",
    {1: Decimal(0), 2: Decimal(0), 3: Decimal(1), 4: Decimal(2), 5: Decimal(3), 6: Decimal(0)},
    {"99100": Decimal(1), "99116": Decimal(5), "99135": Decimal(5), "99140": Decimal(2)},
    illustrative=True,
)


@dataclass(frozen=True)
class AnesthesiaPayment:
    """One anesthesia line priced, with every unit shown: ``allowed`` = total units x factor x share, to the cent."""

    code: str
    modifier: str
    minutes: int
    base_units: Decimal
    time_units: Decimal
    physical_status_units: Decimal
    qualifying_units: Decimal
    conversion_factor: Decimal
    share: Decimal
    allowed: Decimal
    policy: str
    notes: tuple[str, ...] = field(default=())

    @property
    def total_units(self) -> Decimal:
        return self.base_units + self.time_units + self.physical_status_units + self.qualifying_units

    @property
    def full_amount(self) -> Decimal:
        """The units at the factor before the modifier's share, to the cent."""
        return to_cents(self.total_units * self.conversion_factor)

    def steps(self) -> list[tuple[str, Decimal]]:
        """The arithmetic as (what, value) pairs, for a table."""
        return [("base units", self.base_units), ("time units", self.time_units),
                ("physical status units", self.physical_status_units),
                ("qualifying circumstance units", self.qualifying_units), ("total units", self.total_units),
                ("x conversion factor", self.conversion_factor), ("full amount", self.full_amount),
                (f"x {self.modifier} share", self.share), ("allowed", self.allowed)]


def conversion_factor(year: int = 2026, *, qualifying_apm: bool = False) -> Decimal:
    """The national anesthesia conversion factor for ``year`` (2025 or 2026)."""
    if not isinstance(qualifying_apm, bool):
        raise InputError(f"qualifying_apm must be True or False, not {qualifying_apm!r}.")
    if (year, qualifying_apm) not in CONVERSION_FACTORS:
        years = sorted({y for y, _ in CONVERSION_FACTORS})
        raise InputError(f"No anesthesia conversion factor for {year!r}; this book covers {years}.")
    return CONVERSION_FACTORS[(year, qualifying_apm)]


_national = conversion_factor  # price_anesthesia's keyword of the same name hides it there


def time_units(minutes: object) -> Decimal:
    """Anesthesia minutes as time units: minutes / 15, rounded to one decimal place (half up).

    >>> time_units(67)
    Decimal('4.5')
    """
    m = whole(minutes, "Anesthesia time in minutes", 0, MAX_MINUTES, "67")
    return (Decimal(m) / MINUTES_PER_UNIT).quantize(TENTH, rounding=ROUND_HALF_UP)


def _anesthesia_code(code: object) -> str:
    record = fees.rvu_record(code)  # type: ignore[arg-type]
    if record.status != "J":
        meaning = fees.STATUS_MEANINGS.get(record.status, "another status")
        raise RuleError(f"{record.code} is not an anesthesia code in the CY2026 fee schedule file (status "
                        f"{record.status}: {meaning}); anesthesia codes carry status J (00100-01999).")
    return record.code


def qualifying_status(code: str) -> str:
    """The CY2026 RVU file's status for a qualifying-circumstance code (B: bundled, no separate Medicare payment)."""
    if code not in QUALIFYING_CIRCUMSTANCES:
        raise InputError(f"{code!r} is not a qualifying-circumstance code; the book's are "
                         f"{', '.join(QUALIFYING_CIRCUMSTANCES)}.")
    return fees.rvu_record(code).status


def price_anesthesia(code: str, base_units: object, minutes: object, *, modifier: str = "AA",
                     physical_status: int | None = None, qualifying: Iterable[str] = (),
                     policy: UnitPolicy = MEDICARE, present_at_induction: bool = False, year: int = 2026,
                     qualifying_apm: bool = False, conversion_factor: object = None) -> AnesthesiaPayment:
    """Price one anesthesia line: ``code`` (status J in the CY2026 file), its ``base_units`` (from the CMS base-unit
    file, stated by the case), the anesthesia ``minutes`` and the payment ``modifier`` (AA, QK, QY, AD, QX, QZ).

    ``physical_status`` (1-6) and ``qualifying`` codes add units only when ``policy`` gives them (Medicare: none).
    ``conversion_factor`` overrides the national factor (a locality's factor from the CMS file, or a contract's).
    """
    c = _anesthesia_code(code)
    base = Decimal(whole(base_units, "Base units", 1, MAX_BASE_UNITS, "7"))
    mins = whole(minutes, "Anesthesia time in minutes", 0, MAX_MINUTES, "67")
    mod = modifier.strip().upper() if isinstance(modifier, str) else modifier
    if mod not in PAYMENT_MODIFIERS:
        raise InputError(f"{modifier!r} is not an anesthesia payment modifier: use one of "
                         f"{', '.join(PAYMENT_MODIFIERS)} (AA when the anesthesiologist did the case alone).")
    pm = PAYMENT_MODIFIERS[str(mod)]
    if not isinstance(present_at_induction, bool):
        raise InputError(f"present_at_induction must be True or False, not {present_at_induction!r}.")
    if present_at_induction and mod != "AD":
        raise InputError("present_at_induction matters only for medical supervision (AD).")
    if conversion_factor is None:
        cf = _national(year, qualifying_apm=qualifying_apm)
    else:
        cf = parse_money(conversion_factor, "The anesthesia conversion factor", example="20.4976", negative=False,
                         whole_cents=False)
        if cf == 0:
            raise InputError("The anesthesia conversion factor must be more than zero.")
    notes: list[str] = []
    tu = time_units(mins)
    if c in NO_TIME_UNITS:
        tu = Decimal("0.0")
        notes.append(f"Medicare recognizes no time units for {c} ({MCPM12}.G).")
    if mod == "AD":
        base = AD_BASE_UNITS
        tu = Decimal(1) if present_at_induction else Decimal("0.0")
        notes.append("Medical supervision (AD): three base units, plus one unit when the anesthesiologist was "
                     f"present at induction; the case's time is not counted ({MCPM12}).")
    ps_units = Decimal(0)
    if physical_status is not None:
        ps = whole(physical_status, "Physical status", 1, 6, "3 (for P3)")
        ps_units = policy.physical_status.get(ps, Decimal(0))
        if policy is MEDICARE:
            notes.append(f"P{ps} is reported for information; Medicare adds no units for physical status.")
    qc_units = Decimal(0)
    if isinstance(qualifying, str):
        qualifying = [qualifying]
    seen: set[str] = set()
    for q in qualifying:
        qc = str(q).strip()
        status = qualifying_status(qc)
        if qc in seen:
            raise InputError(f"{qc} is listed twice; a qualifying circumstance is reported once per case.")
        seen.add(qc)
        qc_units += policy.qualifying.get(qc, Decimal(0))
        if policy is MEDICARE:
            notes.append(f"{qc} has status {status} in the CY2026 RVU file: no separate Medicare payment.")
    if mod == "AD" and (ps_units or qc_units):
        notes.append("Extra units are added to the supervision units as the policy gives them.")
    if policy.illustrative:
        notes.append(f"{policy.name}: the contract sets the real values.")
    total = base + tu + ps_units + qc_units
    allowed = to_cents(total * cf * pm.share)
    return AnesthesiaPayment(c, str(mod), mins, base, tu, ps_units, qc_units, cf, pm.share, allowed, policy.name,
                             tuple(notes))


def directed_case(code: str, base_units: object, minutes: object, *, concurrent: int,
                  **kwargs: object) -> tuple[AnesthesiaPayment, AnesthesiaPayment]:
    """A case the anesthesiologist medically directed and a CRNA performed: the two lines, (anesthesiologist, CRNA).

    ``concurrent`` is the number of cases the anesthesiologist directed at the same time: 1 -> QY, 2-4 -> QK,
    more than 4 -> AD (supervision); the CRNA bills QX each time.
    """
    n = whole(concurrent, "The number of concurrent cases", 1, 99, "2")
    physician = "QY" if n == 1 else "QK" if n <= 4 else "AD"
    extra = {k: v for k, v in kwargs.items() if k != "present_at_induction"}
    doctor = price_anesthesia(code, base_units, minutes, modifier=physician, **kwargs)  # type: ignore[arg-type]
    crna = price_anesthesia(code, base_units, minutes, modifier="QX", **extra)  # type: ignore[arg-type]
    return doctor, crna
