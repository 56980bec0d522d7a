"""Small hand-made claims for tests: one clean Medicare office visit, changed field by field."""

from __future__ import annotations

from revcycle.claims import Address, Claim, Insured, Patient, Payer, Provider, ServiceLine
from revcycle.codes.npi import check_digit

BILLING_NPI = "123456789" + check_digit("123456789")  # 1234567893
DOCTOR_NPI = "198765432" + check_digit("198765432")
OTHER_NPI = "112233445" + check_digit("112233445")
MEDICARE = Payer("Medicare Part B (synthetic contractor)", "SYNMCR", "medicare")
COMMERCIAL = Payer("Example Health Plan PPO", "SYNEHP", "group", filing_indicator="12")


def patient(sex: str = "F", birth: str = "1950-04-02") -> Patient:
    return Patient("Testpatient", "Maria", birth, sex, Address("1 Sample Lane", "Springfield", "IL", "627010001"),
                   "Q", "2175550101")


def line(code: str = "99213", charge: str = "150.00", day: str = "2026-03-02", **kw) -> ServiceLine:
    kw.setdefault("pointers", "A")
    return ServiceLine(code, charge, day, **kw)


def claim(*lines: ServiceLine, **changes) -> Claim:
    """A clean claim (scrub finds nothing) unless ``changes`` or ``lines`` say otherwise."""
    who = changes.pop("patient", None) or patient()
    fields = dict(
        claim_id=changes.pop("claim_id", "T-1"), patient=who,
        insured=Insured.from_patient(who, "SYN00000001"), payer=MEDICARE,
        billing_provider=Provider(BILLING_NPI, "Riverbend Family Practice", is_organization=True,
                                  tax_id="001234567", address=Address("40 Example Avenue", "Riverton", "WY",
                                                                      "825010001"), taxonomy="207Q00000X"),
        rendering_provider=Provider(DOCTOR_NPI, "Example", "Alex", taxonomy="207Q00000X"),
        diagnoses=["E11.9", "I10"], lines=list(lines), submitted_on="2026-03-04",
    )
    fields.update(changes)
    if not lines and "lines" not in changes:  # one visit pointing at every filled diagnosis (up to four)
        filled = [letter for letter, code in zip("ABCD", fields["diagnoses"], strict=False) if code.strip()]
        fields["lines"] = [line(pointers="".join(filled) or "A")]
    if "lines" in changes or lines:
        fields["total_charge"] = changes.get("total_charge")
    return Claim(**fields)
