"""Templates for the chapter reimbursement."""

from __future__ import annotations

import random

from workbook.exercises.templates import template
from workbook.exercises.templates.base import FEE_DOMAINS, exercise

SOURCE = "Generated from the FY2027 ICD-10-CM and CY2026 PFS data"


@template("allowed-amount", "reimbursement", "Medicare allowed amount from RVUs, GPCIs and the conversion factor")
def allowed_amount(rng: random.Random, ex_id: str):
    from revcycle.payment import fees

    code = rng.choice(fees.payable_codes())
    locality = rng.choice(fees.localities())
    # The shipped RVU file lacks CMS's "NA" flags; major surgery (90-day global) is priced in a facility only.
    major = fees.rvu_record(code).global_days == "090"
    setting: fees.Setting = "facility" if major else rng.choice(("non-facility", "facility"))
    pay = fees.pfs_payment(code, locality=locality.key, setting=setting)
    r, g = pay.rvus, pay.gpcis
    prompt = (
        f"Code {code}, {setting} setting, locality **{locality.name.strip('*')}** ({locality.state}). "
        f"RVUs: work {r.work}, practice expense {r.pe}, malpractice {r.mp}. "
        f"GPCIs: work {g.work}, practice expense {g.pe}, malpractice {g.mp}. "
        f"Conversion factor \\${pay.conversion_factor}. What is the Medicare allowed amount, to the cent?"
    )
    explanation = (f"({r.work} x {g.work}) + ({r.pe} x {g.pe}) + ({r.mp} x {g.mp}) = "
                   f"{pay.total_adjusted_rvus.normalize()} adjusted RVUs; x \\${pay.conversion_factor} = "
                   f"\\${pay.payment}.")
    return exercise(ex_id, "numeric", prompt, str(pay.payment), explanation, unit="$",
                 tolerance="0.01", domains=FEE_DOMAINS,
                 topic="allowed-amount", source=SOURCE,
                    hints=["Multiply each RVU by its GPCI, add the three, then multiply by the conversion factor.",
                        "Round only once, at the end."])
