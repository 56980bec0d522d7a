"""The revenue cycle as data, and one synthetic office visit traced through every stage.

There is no official list of revenue-cycle stages; this book uses nine, in the usual order.
Everything in a trace is synthetic and seeded: the patient, the provider (whose NPI has a valid
check digit but belongs to nobody), the practice and its chargemaster price. The people are the claims model's
(:class:`revcycle.claims.Patient`, :class:`~revcycle.claims.Insured`, :class:`~revcycle.claims.Provider`), wrapped in
:class:`Beneficiary` and :class:`Physician` only to add the names as the trace prints them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from revcycle.claims.model import Insured, Patient, Provider
from revcycle.codes.npi import make_npi
from revcycle.core.errors import InputError
from revcycle.core.money import dollars
from revcycle.payment.fees import PfsPayment, pfs_payment
from revcycle.payment.patient_share import PatientShare, patient_share
from revcycle.synthetic.pools import (
    CHARGEMASTER,
    PATIENT_FIRST_NAMES,
    PATIENT_LAST_NAMES,
    PRACTICE_NAMES,
    PROVIDER_FIRST_NAMES,
    PROVIDER_LAST_NAMES,
)

if TYPE_CHECKING:
    import pandas as pd

Who = Literal["front desk", "coder", "biller", "payer"]
Kind = Literal["coding", "billing"]


@dataclass(frozen=True)
class Stage:
    """One stage of the revenue cycle: who does it and whether it is coding or billing work."""

    id: str
    name: str
    description: str
    who: Who
    kind: Kind


#: The stages in order. Adjudication is done by the payer; the practice's biller only watches it.
STAGES: tuple[Stage, ...] = (
    Stage(
        "registration",
        "Registration",
        "Record who the patient is, how to reach them and which insurance they carry.",
        "front desk",
        "billing",
    ),
    Stage(
        "eligibility",
        "Eligibility and authorization",
        "Confirm the coverage is active and get the payer's approval in advance when a service needs it.",
        "front desk",
        "billing",
    ),
    Stage(
        "charge_capture",
        "Charge capture",
        "Make sure every service given is recorded with the practice's price so none goes unbilled.",
        "biller",
        "billing",
    ),
    Stage(
        "coding",
        "Coding",
        "Turn the provider's documentation into diagnosis and procedure codes.",
        "coder",
        "coding",
    ),
    Stage(
        "claim_submission",
        "Claim submission",
        "Check the claim for errors and send it to the payer electronically.",
        "biller",
        "billing",
    ),
    Stage(
        "adjudication",
        "Adjudication",
        "The payer checks the claim against its rules, prices it and decides what it will pay.",
        "payer",
        "billing",
    ),
    Stage(
        "payment_posting",
        "Payment posting",
        "Record the payer's payment and adjustments from the remittance against the patient's account.",
        "biller",
        "billing",
    ),
    Stage(
        "denial_management",
        "Denial management",
        "Find lines the payer refused or cut, fix what can be fixed, and resubmit or appeal.",
        "biller",
        "billing",
    ),
    Stage(
        "patient_collections",
        "Patient collections",
        "Bill the patient for their share (deductible, coinsurance or copay) and collect it.",
        "biller",
        "billing",
    ),
)

STAGE_BY_ID: dict[str, Stage] = {stage.id: stage for stage in STAGES}

#: ICD-10-CM (public domain) descriptions of the traced visit's diagnoses, FY2026 code set.
DIAGNOSES: tuple[tuple[str, str], ...] = (
    ("E11.9", "Type 2 diabetes mellitus without complications"),
    ("I10", "Essential (primary) hypertension"),
)

PROCEDURE_CODE = "99213"
#: Our own plain-language summary of the procedure code (not the AMA descriptor).
PROCEDURE_SUMMARY = "an established-patient office visit, level 3"
PLACE_OF_SERVICE = "11"  # office
PAYER = "Medicare Part B (Original Medicare)"
COINSURANCE_RATE = Decimal("0.20")



@dataclass(frozen=True)
class Beneficiary:
    """The traced visit's synthetic Medicare beneficiary (no real person): the claims model's patient and insured
    (the beneficiary holds their own Medicare card), with the name in reading order."""

    patient: Patient
    insured: Insured

    @property
    def name(self) -> str:
        """First name then last name, as the trace prints it ("Maria Testpatient")."""
        return f"{self.patient.first_name} {self.patient.last_name}"

    @property
    def birth_date(self) -> date:
        return self.patient.birth_date

    @property
    def member_id(self) -> str:
        """The Medicare member ID on the card (synthetic)."""
        return self.insured.member_id


@dataclass(frozen=True)
class Physician:
    """The traced visit's synthetic physician: the claims model's rendering provider (a made-up NPI that passes the
    check-digit test) and the name of the practice that bills for them."""

    provider: Provider
    practice: str

    @property
    def name(self) -> str:
        """"Dr." and first name then last name, as the trace prints it."""
        return f"Dr. {self.provider.first_name} {self.provider.last_name}"

    @property
    def npi(self) -> str:
        return self.provider.npi


@dataclass(frozen=True)
class StageEvent:
    """What happened at one stage, on which day (0 = date of service), and any amount involved."""

    stage: Stage
    day: int
    date: date
    what: str
    amount: Decimal | None = None


@dataclass(frozen=True)
class EncounterTrace:
    """One synthetic office visit followed through the revenue cycle, with its money.

    The allowed amount is the CY2026 national non-facility Medicare fee (non-QP). Real Medicare
    payments are further reduced by the 2% sequestration adjustment, which is not modelled here.
    """

    seed: int
    patient: Beneficiary
    provider: Physician
    payer: str
    date_of_service: date
    place_of_service: str
    procedure_code: str
    procedure_summary: str
    diagnoses: tuple[tuple[str, str], ...]
    charge: Decimal
    fee: PfsPayment
    share: PatientShare
    events: tuple[StageEvent, ...]
    notes: tuple[str, ...]

    @property
    def allowed(self) -> Decimal:
        return self.fee.payment

    @property
    def contractual_adjustment(self) -> Decimal:
        """Charge minus allowed: written off by a provider who accepts Medicare's fee (group CO, CARC 45)."""
        return self.charge - self.allowed

    @property
    def payer_pays(self) -> Decimal:
        return self.share.payer_pays

    @property
    def patient_pays(self) -> Decimal:
        return self.share.patient_total

    def money_summary(self) -> dict[str, Decimal]:
        """Where the charge goes: charge = contractual adjustment + payer pays + patient pays."""
        return {
            "charge": self.charge,
            "allowed": self.allowed,
            "contractual_adjustment": self.contractual_adjustment,
            "payer_pays": self.payer_pays,
            "patient_pays": self.patient_pays,
        }

    def rows(self) -> list[dict[str, object]]:
        """One plain dict per stage (day, date, stage, who, task, what happened, amount)."""
        return [
            {
                "day": e.day,
                "date": e.date.isoformat(),
                "stage": e.stage.name,
                "who": e.stage.who,
                "task": e.stage.kind,
                "what_happened": e.what,
                "amount": e.amount,
            }
            for e in self.events
        ]

    def to_frame(self, *, money_as_text: bool = False) -> pd.DataFrame:
        """The stages as a DataFrame; ``money_as_text`` shows amounts as "$150.00" and blanks."""
        import pandas as pd

        frame = pd.DataFrame(self.rows())
        if money_as_text:
            frame["amount"] = [dollars(a) if a is not None else "" for a in frame["amount"]]
        return frame




def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _add_business_days(day: date, n: int) -> date:
    day = _weekday_on_or_after(day)
    for _ in range(n):
        day = _weekday_on_or_after(day + timedelta(days=1))
    return day


def trace_encounter(seed: int = 2) -> EncounterTrace:
    """Follow one synthetic Medicare office visit (99213; E11.9, I10) through every stage.

    The same seed always gives the same people, dates and numbers. Money: charge $150.00 from the
    synthetic chargemaster; allowed = CY2026 national non-facility fee for 99213 ($95.19); the
    Part B deductible is assumed met, so the patient owes 20% coinsurance and Medicare the rest.
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InputError(f"seed must be a whole number such as 2026, not {seed!r}.")
    rng = random.Random(seed)
    # The draws stay in this order (first, last, birth date, member ID; provider names, NPI, practice), so a seed
    # gives the same people it always has.
    first, last = rng.choice(PATIENT_FIRST_NAMES), rng.choice(PATIENT_LAST_NAMES)
    person = Patient(last, first, date(1936, 1, 1) + timedelta(days=rng.randrange(0, 365 * 24)), "U")
    member_id = "SYN" + "".join(str(rng.randrange(10)) for _ in range(8))
    patient = Beneficiary(person, Insured.from_patient(person, member_id, plan_name=PAYER))
    doctor_first, doctor_last = rng.choice(PROVIDER_FIRST_NAMES), rng.choice(PROVIDER_LAST_NAMES)
    provider = Physician(Provider(make_npi(rng), doctor_last, doctor_first),
                         f"{rng.choice(PRACTICE_NAMES)} Family Practice")
    dos = _weekday_on_or_after(date(2026, 2, 2) + timedelta(days=rng.randrange(0, 260)))

    registered = _weekday_on_or_before(dos - timedelta(days=rng.randint(5, 14)))
    eligibility = _weekday_on_or_before(dos - timedelta(days=rng.randint(1, 3)))
    coded = _add_business_days(dos, rng.randint(0, 2))
    submitted = _add_business_days(coded, rng.randint(0, 1))
    adjudicated = _weekday_on_or_after(submitted + timedelta(days=rng.randint(14, 21)))
    posted = _add_business_days(adjudicated, rng.randint(1, 3))
    reviewed = _add_business_days(posted, rng.randint(0, 1))
    statement = _add_business_days(reviewed, rng.randint(2, 5))

    charge = CHARGEMASTER[PROCEDURE_CODE]
    fee = pfs_payment(PROCEDURE_CODE, setting="non-facility", year=2026, qualifying_apm=False)
    share = patient_share(fee.payment, deductible_remaining=0, coinsurance_rate=COINSURANCE_RATE)
    adjustment = charge - fee.payment
    dx = " and ".join(code for code, _ in DIAGNOSES)

    happened = [
        (
            "registration",
            registered,
            f"{patient.name} books a visit; the front desk records contact details and the Medicare "
            f"card (member ID {patient.member_id}, synthetic).",
            None,
        ),
        (
            "eligibility",
            eligibility,
            "An eligibility check (X12 270/271) shows Part B coverage active and the 2026 Part B "
            "deductible already met; an office visit needs no prior authorization.",
            None,
        ),
        (
            "charge_capture",
            dos,
            f"{provider.name} sees the patient in the office (place of service {PLACE_OF_SERVICE}); "
            f"the visit is recorded at the chargemaster price of {dollars(charge)}.",
            charge,
        ),
        (
            "coding",
            coded,
            f"The coder reads the visit note and assigns CPT {PROCEDURE_CODE} ({PROCEDURE_SUMMARY}) "
            f"with diagnoses {dx}.",
            None,
        ),
        (
            "claim_submission",
            submitted,
            f"The biller sends an 837P claim for {dollars(charge)} with rendering NPI {provider.npi}.",
            charge,
        ),
        (
            "adjudication",
            adjudicated,
            f"Medicare's contractor allows {dollars(fee.payment)} (the fee schedule amount): "
            f"it pays 80% and the patient owes 20% coinsurance.",
            fee.payment,
        ),
        (
            "payment_posting",
            posted,
            f"The 835 remittance is posted: Medicare pays {dollars(share.payer_pays)}; "
            f"{dollars(adjustment)} is written off (CO-45); {dollars(share.patient_total)} "
            "moves to the patient (PR-2).",
            share.payer_pays,
        ),
        (
            "denial_management",
            reviewed,
            "No line was denied: the CO-45 write-off is the contract at work, not a denial, "
            "so there is nothing to appeal.",
            None,
        ),
        (
            "patient_collections",
            statement,
            f"A statement for the {dollars(share.patient_total)} coinsurance goes to the patient "
            "(or to a supplemental plan, if they have one).",
            share.patient_total,
        ),
    ]
    events = tuple(
        StageEvent(STAGE_BY_ID[stage_id], (when - dos).days, when, what, amount)
        for stage_id, when, what, amount in happened
    )
    notes = (
        "All people, identifiers and prices are synthetic; the NPI passes the check-digit test "
        "but belongs to nobody.",
        "Allowed amount: CY2026 Medicare PFS, national (GPCIs 1.000), non-facility, non-QP "
        "conversion factor $33.4009.",
        "Real Medicare payments are further reduced by the 2% sequestration adjustment; "
        "that reduction is not modelled here.",
    )
    return EncounterTrace(
        seed=seed,
        patient=patient,
        provider=provider,
        payer=PAYER,
        date_of_service=dos,
        place_of_service=PLACE_OF_SERVICE,
        procedure_code=PROCEDURE_CODE,
        procedure_summary=PROCEDURE_SUMMARY,
        diagnoses=DIAGNOSES,
        charge=charge,
        fee=fee,
        share=share,
        events=events,
        notes=notes,
    )
