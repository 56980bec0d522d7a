"""Patient financial services: what happens to the part of a bill the patient owes.

- :mod:`.estimates`: good faith estimates for uninsured and self-pay patients and the patient-provider dispute
  resolution check of the No Surprises Act (45 CFR 149.610 and 149.620);
- :mod:`.statements`: the statement (dunning) calendar, with the 501(r) timing a tax-exempt hospital must keep before
  an extraordinary collection action (26 CFR 1.501(r)-6);
- :mod:`.plans`: payment plans in exact dollars and cents;
- :mod:`.balances`: a seeded synthetic ledger of patient accounts, patient-balance aging (reusing
  :mod:`revcycle.ar.aging`) and credit balances with their refund due dates (the Medicare 60-day rule comes from
  :mod:`revcycle.compliance.deadlines`);
- :mod:`.debt_collection`: Regulation F's call-frequency presumption and the nationwide credit bureaus' medical-debt
  reporting policy.
"""
