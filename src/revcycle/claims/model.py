"""A professional claim as data, laid out like the CMS-1500 (02/12) paper form and the 837P it becomes.

The dataclasses accept what a learner types (dates as "2026-03-02", money as "150.00", modifiers as "25, 59")
and store it in one shape (``date``, ``Decimal``, tuples), but they do not judge it: a claim full of mistakes
can be built on purpose, and :func:`revcycle.claims.scrub` says what is wrong with it. Money is ``Decimal``, read by
:func:`revcycle.core.money.parse_money` (floats are refused because they cannot hold cents exactly). A value that
cannot be stored at all (wrong type, unreadable date or amount) raises :class:`~revcycle.core.errors.InputError`.
Every person and number in the examples is synthetic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError
from revcycle.core.money import ZERO, parse_money

#: Item 21 holds up to 12 diagnoses lettered A-L.
DX_LETTERS = "ABCDEFGHIJKL"
MAX_DIAGNOSES = 12
#: Item 24E points at up to 4 of them; 24D takes up to 4 modifiers.
MAX_POINTERS = 4
MAX_MODIFIERS = 4

Sex = Literal["M", "F", "U"]
SEXES: tuple[str, ...] = ("M", "F", "U")

#: Item 6 (patient's relationship to insured) -> the 837P individual relationship code.
RELATIONSHIPS: dict[str, str] = {"self": "18", "spouse": "01", "child": "19", "other": "G8"}

#: Item 1 boxes, keyed by payer kind.
PAYER_KINDS: dict[str, str] = {
    "medicare": "Medicare",
    "medicaid": "Medicaid",
    "tricare": "TRICARE",
    "champva": "CHAMPVA",
    "group": "Group health plan",
    "feca": "FECA black lung",
    "other": "Other",
}
#: The claim filing indicator the 837P sends for each kind of payer (SBR09), unless the payer gives one.
DEFAULT_FILING_INDICATOR: dict[str, str] = {
    "medicare": "MB",
    "medicaid": "MC",
    "tricare": "CH",
    "champva": "VA",
    "group": "CI",
    "feca": "OF",
    "other": "ZZ",
}

#: Claim frequency (item 22 resubmission code): 1 original, 7 replacement, 8 void.
FREQUENCY_CODES: dict[str, str] = {"1": "original claim", "7": "replacement of an earlier claim", "8": "void"}

#: The defaults of two fields the constructor fills in when left out (or given as None): a line's to date
#: (24A) is then its from date, and a claim's total charge (item 28) the sum of its lines. After construction
#: the fields always hold a date and an amount, so they are annotated ``date`` and ``Decimal``; these defaults
#: are typed ``Any`` only so that the annotations can say that.
SAME_DAY: Any = None
SUM_OF_LINES: Any = None


# --------------------------------------------------------------------------- coercion helpers


def money(value: object, what: str = "An amount") -> Decimal:
    """Dollars and cents as Decimal from Decimal, int or str ("$1,250.00"); floats are refused."""
    return parse_money(value, what)


def to_units(value: object) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise InputError(f"Units must be a number such as 1, not {value!r}.")
    try:
        units = Decimal(str(value).strip()) if isinstance(value, int | float | str | Decimal) else None
    except InvalidOperation:
        units = None
    if units is None or not units.is_finite():
        raise InputError(f"Units must be a number such as 1, not {value!r}.")
    return units


def to_date(value: object, what: str = "A date") -> date:
    """A date from a ``date``, a ``datetime`` or ISO text such as "2026-03-02"."""
    return parse_date(value, what)


def _opt_date(value: object, what: str) -> date | None:
    return None if value is None or value == "" else to_date(value, what)


def _text(value: object, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise InputError(f"{what} must be text, not {type(value).__name__}.")
    return str(value).strip()


def _modifiers(value: object) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        parts = re.split(r"[\s,;]+", value.strip())
    elif isinstance(value, Iterable):
        parts = [_text(v, "A modifier") for v in value]
    else:
        raise InputError(f"Modifiers must be text such as '25' or a list such as ['25', 'LT'], not {value!r}.")
    return tuple(p.strip().upper().lstrip("-") for p in parts if p.strip())


def _pointers(value: object) -> str:
    """Pointers as a string of letters: "AB", "A, B", ["A", "B"] and [1, 2] all give "AB"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return re.sub(r"[\s,;]+", "", value).upper()
    if isinstance(value, Iterable):
        out = []
        for p in value:
            if isinstance(p, int) and not isinstance(p, bool):
                out.append(DX_LETTERS[p - 1] if 1 <= p <= MAX_DIAGNOSES else "?")
            else:
                out.append(_text(p, "A diagnosis pointer").upper())
        return "".join(out)
    raise InputError(f"Diagnosis pointers must be letters such as 'AB', not {value!r}.")


# --------------------------------------------------------------------------- the parts of a claim


@dataclass
class Address:
    """A street address (item 5, 7, 32, 33); the billing provider's must be a street, not a PO box."""

    street: str
    city: str
    state: str
    zip: str
    street2: str = ""

    def one_line(self) -> str:
        extra = f", {self.street2}" if self.street2 else ""
        zip_code = f"{self.zip[:5]}-{self.zip[5:]}" if len(self.zip) == 9 and self.zip.isdigit() else self.zip
        return f"{self.street}{extra}, {self.city}, {self.state} {zip_code}"


@dataclass
class Patient:
    """The person who received the care (items 2, 3, 5)."""

    last_name: str
    first_name: str
    birth_date: date
    sex: str
    address: Address | None = None
    middle_initial: str = ""
    phone: str = ""

    def __post_init__(self) -> None:
        self.birth_date = to_date(self.birth_date, "The patient's birth date")
        self.sex = _text(self.sex, "Sex").upper()[:1] or "U"

    @property
    def name(self) -> str:
        """Last name, first name, middle initial: the order the form asks for."""
        mi = f" {self.middle_initial}" if self.middle_initial else ""
        return f"{self.last_name}, {self.first_name}{mi}"


@dataclass
class Insured:
    """The policyholder (items 1a, 4, 7, 11): the patient themself, or e.g. a parent or spouse."""

    member_id: str
    last_name: str
    first_name: str
    birth_date: date
    sex: str
    address: Address | None = None
    middle_initial: str = ""
    group_number: str = ""
    plan_name: str = ""

    def __post_init__(self) -> None:
        self.birth_date = to_date(self.birth_date, "The insured's birth date")
        self.sex = _text(self.sex, "Sex").upper()[:1] or "U"
        self.member_id = _text(self.member_id, "The member ID")

    @property
    def name(self) -> str:
        mi = f" {self.middle_initial}" if self.middle_initial else ""
        return f"{self.last_name}, {self.first_name}{mi}"

    @classmethod
    def from_patient(cls, patient: Patient, member_id: str, **extra: str) -> Insured:
        """The insured when the patient holds the policy (item 6 = self)."""
        return cls(member_id, patient.last_name, patient.first_name, patient.birth_date, patient.sex,
                   patient.address, patient.middle_initial, **extra)


@dataclass
class Payer:
    """The health plan the claim goes to (the carrier block at the top of the form, and item 1)."""

    name: str
    payer_id: str
    kind: str = "group"
    address: Address | None = None
    filing_indicator: str = ""

    def __post_init__(self) -> None:
        self.kind = _text(self.kind, "The payer kind").lower()
        if self.kind not in PAYER_KINDS:
            raise InputError(f"Payer kind {self.kind!r} is not one of {', '.join(PAYER_KINDS)}.")
        self.filing_indicator = self.filing_indicator or DEFAULT_FILING_INDICATOR[self.kind]

    @property
    def is_medicare(self) -> bool:
        return self.kind == "medicare"


@dataclass
class Provider:
    """A billing (33), rendering (24J) or referring (17) provider: a person or an organization, with its NPI."""

    npi: str
    last_name: str
    first_name: str = ""
    is_organization: bool = False
    tax_id: str = ""
    taxonomy: str = ""
    address: Address | None = None
    phone: str = ""

    def __post_init__(self) -> None:
        self.npi = _text(self.npi, "An NPI")

    @property
    def name(self) -> str:
        if self.is_organization or not self.first_name:
            return self.last_name
        return f"{self.last_name}, {self.first_name}"


@dataclass
class ServiceLine:
    """One line of item 24: dates (24A), place (24B), emergency (24C), procedure and modifiers (24D),
    diagnosis pointers (24E), charge (24F), units (24G) and the rendering provider's NPI (24J). Left out, the
    to date is the from date (a one-day service)."""

    procedure: str
    charge: Decimal
    from_date: date
    to_date: date = SAME_DAY
    place_of_service: str = "11"
    modifiers: tuple[str, ...] = ()
    pointers: str = "A"
    units: Decimal = Decimal(1)
    rendering_npi: str = ""
    emergency: bool = False
    line_control: str = ""

    def __post_init__(self) -> None:
        self.procedure = _text(self.procedure, "A procedure code").upper()
        self.charge = money(self.charge, "A line charge")
        self.from_date = to_date(self.from_date, "A line's from date")
        through = _opt_date(self.to_date, "A line's to date")
        self.to_date = self.from_date if through is None else through
        self.place_of_service = _text(self.place_of_service, "A place of service")
        self.modifiers = _modifiers(self.modifiers)
        self.pointers = _pointers(self.pointers)
        self.units = to_units(self.units)
        self.rendering_npi = _text(self.rendering_npi, "A rendering NPI")
        self.line_control = _text(self.line_control, "A line control number")

    @classmethod
    def trusted(cls, procedure: str, charge: Decimal, from_date: date, place_of_service: str,
                modifiers: tuple[str, ...], pointers: str, units: Decimal, line_control: str = "") -> ServiceLine:
        """A line from values already in stored form (for generators making thousands): no coercion."""
        line = object.__new__(cls)
        line.__dict__.update(procedure=procedure, charge=charge, from_date=from_date, to_date=from_date,
                             place_of_service=place_of_service, modifiers=modifiers, pointers=pointers, units=units,
                             rendering_npi="", emergency=False, line_control=line_control)
        return line

    @property
    def code_with_modifiers(self) -> str:
        """"99213-25" style, as people say it."""
        return "-".join((self.procedure, *self.modifiers))


@dataclass
class Claim:
    """A CMS-1500 claim. ``claim_id`` is the patient account number (item 26) that the 835 sends back.

    ``total_charge`` (item 28) defaults to the sum of the lines (leave it out or pass None); change a line later
    and the total no longer matches, just as on paper (the scrubber catches it; :meth:`recompute_total` fixes it).
    ``submitted_on`` is the date the claim is signed and sent (item 31); timely filing is judged by it.
    """

    claim_id: str
    patient: Patient
    insured: Insured
    payer: Payer
    billing_provider: Provider
    diagnoses: list[str]
    lines: list[ServiceLine]
    relationship: str = "self"
    rendering_provider: Provider | None = None
    referring_provider: Provider | None = None
    icd_indicator: str = "0"
    total_charge: Decimal = SUM_OF_LINES
    submitted_on: date | None = None
    prior_authorization: str = ""
    accept_assignment: bool = True
    frequency_code: str = "1"
    onset_date: date | None = None
    notes: list[str] = field(default_factory=list)
    original_reference: str = ""  # item 22's original reference: the payer's control number of the claim replaced

    def __post_init__(self) -> None:
        self.claim_id = _text(self.claim_id, "The claim ID (patient account number)")
        if isinstance(self.diagnoses, str):
            self.diagnoses = [d for d in re.split(r"[\s,;]+", self.diagnoses) if d]
        self.diagnoses = [_text(d, "A diagnosis code") for d in self.diagnoses]
        self.lines = list(self.lines)
        for n, line in enumerate(self.lines, 1):
            if not isinstance(line, ServiceLine):
                raise InputError(f"Line {n} must be a ServiceLine, not {type(line).__name__}.")
        self.relationship = _text(self.relationship, "The relationship").lower()
        if self.relationship not in RELATIONSHIPS:
            raise InputError(f"Relationship {self.relationship!r} is not one of {', '.join(RELATIONSHIPS)}.")
        self.icd_indicator = _text(self.icd_indicator, "The ICD indicator")
        stated: object = self.total_charge
        self.total_charge = self.line_total() if stated is None else money(stated, "The total charge")
        self.submitted_on = _opt_date(self.submitted_on, "The submission date")
        self.onset_date = _opt_date(self.onset_date, "The onset date")
        if not isinstance(self.original_reference, str):
            raise InputError("The original reference number (item 22) must be text, the payer's claim control "
                             "number of the claim being replaced or voided.")
        self.original_reference = self.original_reference.strip()

    # -- reading the claim

    def line_total(self) -> Decimal:
        """The sum of the line charges (what item 28 should say)."""
        return sum((line.charge for line in self.lines), ZERO)

    def recompute_total(self) -> Claim:
        """Set item 28 to the sum of the lines; returns the claim so calls can be chained."""
        self.total_charge = self.line_total()
        return self

    def diagnosis(self, letter: str) -> str | None:
        """The code in item 21 slot ``letter`` (A-L), or None when that slot is empty."""
        i = DX_LETTERS.find(letter.upper()) if isinstance(letter, str) and len(letter) == 1 else -1
        if i < 0 or i >= len(self.diagnoses) or not self.diagnoses[i].strip():
            return None
        return self.diagnoses[i]

    def rendering_npi(self, line: ServiceLine) -> str:
        """The NPI in 24J for ``line``: its own, else the claim's rendering provider's, else the billing one's."""
        if line.rendering_npi:
            return line.rendering_npi
        if self.rendering_provider is not None:
            return self.rendering_provider.npi
        return self.billing_provider.npi

    @property
    def first_service_date(self) -> date | None:
        return min((line.from_date for line in self.lines), default=None)

    @property
    def last_service_date(self) -> date | None:
        return max((line.to_date for line in self.lines), default=None)

    def summary(self) -> str:
        """One line a biller would read in a work queue."""
        codes = ", ".join(line.code_with_modifiers for line in self.lines)
        return (f"{self.claim_id}: {self.patient.name}, {self.payer.name}, {len(self.lines)} line(s) [{codes}], "
                f"total ${self.total_charge:,.2f}")
