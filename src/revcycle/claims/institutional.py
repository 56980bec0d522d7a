"""An institutional claim: what a hospital bills on the UB-04 (CMS-1450) and its electronic twin, the 837I.

The facility's charges go on revenue-code lines (a four-digit code for the department or kind of charge, the
facility's own description, the CPT/HCPCS code for outpatient services, units and charge), the visit on a type
of bill and its dates and status codes, and the diagnoses with their present-on-admission indicators. The form
locator (FL) numbers are the UB-04's; revenue, condition, occurrence and value code lists belong to the NUBC,
so this module holds codes only with the book's own short descriptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from revcycle.claims.model import Insured, Patient, Payer, Provider, money, to_date, to_units
from revcycle.core.errors import InputError

_TYPE_OF_BILL = re.compile(r"0[1-9][1-9][0-9A-Z]")
_REVENUE_CODE = re.compile(r"0\d{3}")
_TWO_CHARS = re.compile(r"[0-9A-Z]{2}")
#: Present-on-admission indicators (inpatient claims): Y yes, N no, U not documented, W clinically undetermined,
#: 1 exempt from reporting (blank on the 837I).
POA_VALUES = frozenset({"Y", "N", "U", "W", "1", ""})
#: Facility types of the type of bill's second digit, and bill classifications of its third (our own words).
FACILITY = {"1": "hospital", "2": "skilled nursing facility", "3": "home health", "7": "clinic",
            "8": "specialty facility"}
CLASSIFICATION = {"1": "inpatient (Part A)", "2": "inpatient (Part B only)", "3": "outpatient",
                  "4": "other (Part B)"}
TOTAL_REVENUE_CODE = "0001"


@dataclass(frozen=True)
class RevenueLine:
    """One FL 42-48 line: revenue code, the facility's description, HCPCS for outpatient lines, date, units,
    charge (and any non-covered part)."""

    revenue_code: str
    description: str
    charge: Decimal
    hcpcs: str = ""
    modifiers: tuple[str, ...] = ()
    service_date: date | None = None
    units: Decimal = Decimal(1)
    non_covered: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        if not isinstance(self.revenue_code, str) or not _REVENUE_CODE.fullmatch(self.revenue_code):
            raise InputError(f"Revenue code {self.revenue_code!r}: write four digits starting with 0, e.g. 0450.")
        if self.revenue_code == TOTAL_REVENUE_CODE:
            raise InputError("Revenue code 0001 is the total line: the form adds it, do not enter it as a line.")
        object.__setattr__(self, "charge", money(self.charge, f"The charge on revenue line {self.revenue_code}"))
        object.__setattr__(self, "non_covered", money(self.non_covered, "A non-covered charge"))
        if self.non_covered > self.charge:
            raise InputError(f"Revenue line {self.revenue_code}: the non-covered part is more than the charge.")
        object.__setattr__(self, "units", to_units(self.units))
        if self.units <= 0:
            raise InputError(f"Revenue line {self.revenue_code}: units must be more than zero.")


@dataclass
class InstitutionalClaim:
    """A facility claim, field by field as the UB-04 holds it (FL numbers in the comments)."""

    claim_id: str  # FL 3a patient control number
    type_of_bill: str  # FL 4, e.g. 0131: hospital, outpatient, admit through discharge
    facility: Provider  # FL 1 (name, address), FL 5 (tax ID), FL 56 (NPI)
    patient: Patient  # FL 8-11
    insured: Insured  # FL 58, FL 60
    payer: Payer  # FL 50, FL 51
    statement_from: date  # FL 6
    statement_through: date
    lines: list[RevenueLine]  # FL 42-48
    principal_diagnosis: str  # FL 67
    attending: Provider  # FL 76
    medical_record: str = ""  # FL 3b
    admission_date: date | None = None  # FL 12
    admission_hour: str = ""  # FL 13, 00-23
    admission_type: str = ""  # FL 14: 1 emergency, 2 urgent, 3 elective ...
    point_of_origin: str = ""  # FL 15
    discharge_hour: str = ""  # FL 16
    discharge_status: str = ""  # FL 17, e.g. 01 home or self care
    condition_codes: list[str] = field(default_factory=list)  # FL 18-28, two characters each
    occurrence_codes: list[tuple[str, date]] = field(default_factory=list)  # FL 31-34
    occurrence_spans: list[tuple[str, date, date]] = field(default_factory=list)  # FL 35-36: code, from, through
    value_codes: list[tuple[str, Decimal]] = field(default_factory=list)  # FL 39-41: code, amount
    other_diagnoses: list[str] = field(default_factory=list)  # FL 67A-Q
    poa: dict[str, str] = field(default_factory=dict)  # FL 67 POA column: diagnosis -> indicator
    reason_for_visit: list[str] = field(default_factory=list)  # FL 70 (outpatient), up to 3
    principal_procedure: tuple[str, date] | None = None  # FL 74 (ICD-10-PCS, inpatient)
    relationship: str = "18"  # FL 59: 18 self
    remarks: str = ""  # FL 80

    def __post_init__(self) -> None:
        if not isinstance(self.type_of_bill, str) or not _TYPE_OF_BILL.fullmatch(self.type_of_bill):
            raise InputError(f"Type of bill {self.type_of_bill!r}: write four characters such as 0131 (a leading "
                             "zero, the facility type, the bill classification, the frequency).")
        self.statement_from = to_date(self.statement_from, "The statement's first day (FL 6)")
        self.statement_through = to_date(self.statement_through, "The statement's last day (FL 6)")
        if self.statement_through < self.statement_from:
            raise InputError("The statement period ends before it begins (FL 6).")
        if not self.lines:
            raise InputError("An institutional claim needs at least one revenue line (FL 42-47).")
        self._check_codes()
        for code, value in self.poa.items():
            if value not in POA_VALUES:
                raise InputError(f"POA indicator {value!r} for {code}: use Y, N, U, W, 1 or leave it blank.")
        if len(self.reason_for_visit) > 3:
            raise InputError("FL 70 holds up to three reasons for the visit.")
        if len(self.other_diagnoses) > 17:
            raise InputError("FL 67A-Q hold up to 17 other diagnoses (the 837I holds more).")

    def _check_codes(self) -> None:
        """Condition, occurrence, span and value codes: two letters or digits each, within the form's boxes."""
        for what, codes, most in (("condition", self.condition_codes, 11),
                                  ("occurrence", [c for c, _ in self.occurrence_codes], 8),
                                  ("occurrence span", [c[0] for c in self.occurrence_spans], 4),
                                  ("value", [c for c, _ in self.value_codes], 12)):
            if len(codes) > most:
                raise InputError(f"The UB-04 holds up to {most} {what} codes; the claim has {len(codes)}.")
            for code in codes:
                if not isinstance(code, str) or not _TWO_CHARS.fullmatch(code):
                    raise InputError(f"A {what} code is two letters or digits, such as 01 or A1, not {code!r}.")
        self.occurrence_codes = [(c, to_date(d, f"The date of occurrence code {c}")) for c, d in self.occurrence_codes]
        spans = []
        for code, start, end in self.occurrence_spans:
            start, end = to_date(start, f"Span {code}'s first day"), to_date(end, f"Span {code}'s last day")
            if end < start:
                raise InputError(f"Occurrence span {code} ends ({end}) before it begins ({start}).")
            spans.append((code, start, end))
        self.occurrence_spans = spans
        self.value_codes = [(c, money(v, f"The amount of value code {c}")) for c, v in self.value_codes]

    @property
    def is_inpatient(self) -> bool:
        """Type of bill x1x or x2x: an inpatient stay (admission date and hour, POA indicators, ICD-10-PCS)."""
        return self.type_of_bill[2] in ("1", "2")

    @property
    def total_charge(self) -> Decimal:
        """The 0001 line's total (FL 47)."""
        return sum((line.charge for line in self.lines), Decimal(0))

    @property
    def total_non_covered(self) -> Decimal:
        return sum((line.non_covered for line in self.lines), Decimal(0))

    @property
    def bill_type(self) -> str:
        """The type of bill in words: '0131' -> 'hospital, outpatient, frequency 1'."""
        facility = FACILITY.get(self.type_of_bill[1], f"facility type {self.type_of_bill[1]}")
        kind = CLASSIFICATION.get(self.type_of_bill[2], f"classification {self.type_of_bill[2]}")
        return f"{facility}, {kind}, frequency {self.type_of_bill[3]}"

    @property
    def diagnoses(self) -> list[str]:
        return [self.principal_diagnosis, *self.other_diagnoses]
