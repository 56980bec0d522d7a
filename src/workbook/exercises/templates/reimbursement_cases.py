"""More templates for the chapter reimbursement: the patient's share, the setting a place of service pays at,
capitation, and a non-participating provider's limiting charge.

Every amount comes from :mod:`revcycle.payment` (the CY2026 fee schedule, contracts, patient share) and
:mod:`revcycle.payment.nonpar`. Plans, practices and patients are synthetic; the Medicare figures are real.
"""

from __future__ import annotations

import random
from decimal import Decimal

from revcycle.codes import cpt, pos
from revcycle.core.money import to_cents
from revcycle.payment import contracts, fees
from revcycle.payment.nonpar import nonpar_amounts
from revcycle.payment.patient_share import patient_share
from workbook.exercises.templates import template
from workbook.exercises.templates.base import FEE_DOMAINS, Made, exercise, money
from workbook.exercises.templates.base import patient_name as _patient

#: The 2026 Medicare Part B deductible, as the chapter states it (CMS, 2026 Part B premium and deductible notice).
PART_B_DEDUCTIBLE_2026 = Decimal("283.00")
SHARE_SOURCE = ("42 CFR 410.152 and 410.160 (Part B deductible and coinsurance); 45 CFR 156.130 (out-of-pocket "
                "maximum); chapter 'Reimbursement', section 'The patient's share'")
SETTING_SOURCE = ("42 CFR 414.22 (facility and non-facility practice expense); CMS CY2026 PFS relative value file "
                  "(RVU26C) and GPCIs; CMS place-of-service codes")
CAPITATION_SOURCE = "Chapter 'Reimbursement', section 'Capitation and value-based payment'"
LIMITING_SOURCE = "42 U.S.C. 1395w-4(a)(3) and (g)(2)(C); 42 CFR 414.48"

OFFICE_VISITS = ("99202", "99203", "99204", "99205", "99212", "99213", "99214", "99215")
PROCEDURES = ("20610", "12001", "11102", "10060", "17110")


def _code_text(code: str) -> str:
    """`99213` with a few words from the book's own summary when it has one (never a CPT descriptor)."""
    summary = cpt.TEACHING_SET.get(code)
    if summary is None:
        return f"`{code}`"
    if summary.group.startswith("Office E/M"):
        return f"`{code}`, {summary.group.replace('Office E/M', 'an office visit')}"
    return f"`{code}`, {summary.description[0].lower()}{summary.description[1:].split(',')[0].rstrip('.')}"


def _dollars(rng: random.Random, low: int, high: int, step: int = 1) -> Decimal:
    return Decimal(rng.randrange(low, high + 1, step)).quantize(Decimal("0.01"))


def _signed(amount: Decimal) -> str:
    """A money amount that may be negative: -\\$12.00 rather than \\$-12.00."""
    return f"-{money(-amount)}" if amount < 0 else money(amount)


# --------------------------------------------------------------------------- patient share


def _deductible_left(rng: random.Random, allowed: Decimal, most: Decimal) -> Decimal:
    """What is left of the deductible: usually none or part of this service, sometimes all of it."""
    whole = int(allowed)
    choice = rng.random()
    if choice < 0.3 or whole < 10:
        return Decimal("0.00")
    if choice < 0.8:
        return _dollars(rng, 5, whole - 5)
    return min(most, _dollars(rng, whole, whole + 400))


def _plan(rng: random.Random, kind: str, allowed: Decimal) -> tuple[str, dict[str, object]]:
    """A synthetic plan's terms as the prompt states them, and the keyword arguments of patient_share."""
    if kind == "medicare":
        left = _deductible_left(rng, allowed, PART_B_DEDUCTIBLE_2026)
        return (f"Original Medicare (Part B). The patient has {money(left)} of the 2026 Part B deductible "
                f"({money(PART_B_DEDUCTIBLE_2026)}) still to meet; after it, Part B pays 80 percent of the allowed "
                "amount.", {"deductible_remaining": left, "coinsurance_rate": "0.20"})
    if kind == "coinsurance":
        rate = rng.choice((10, 20, 20, 30, 40))
        left = _deductible_left(rng, allowed, Decimal("2000.00"))
        oop = left + rng.choice((_dollars(rng, 0, 40), _dollars(rng, 200, 3000, 25)))
        return (f"a synthetic commercial plan with {rate} percent coinsurance. The member has {money(left)} of the "
                f"deductible left to meet and {money(oop)} left before the out-of-pocket maximum.",
                {"deductible_remaining": left, "coinsurance_rate": f"0.{rate:02d}", "oop_remaining": oop})
    copay = _dollars(rng, 15, 60, 5)
    oop = rng.choice((_dollars(rng, 5, 40), _dollars(rng, 500, 4000, 50)))
    return (f"a synthetic commercial plan with a {money(copay)} copay for this service; the copay is not subject "
            f"to the deductible. The member has {money(oop)} left before the out-of-pocket maximum.",
            {"deductible_remaining": Decimal("0.00"), "copay": copay, "oop_remaining": oop})


@template("rmb-patient-share", "reimbursement", "Split an allowed amount into the patient's share and the plan's "
          "payment")
def rmb_patient_share(rng: random.Random, ex_id: str) -> Made:
    """Deductible first, then coinsurance or copay, capped by the out-of-pocket maximum."""
    code = rng.choice(OFFICE_VISITS + PROCEDURES)
    kind = rng.choice(("medicare", "coinsurance", "coinsurance", "copay"))
    if kind == "medicare":
        allowed = fees.pfs_payment(code, setting="non-facility").payment
    else:
        contract = contracts.PercentOfMedicare("synthetic plan", Decimal(rng.choice((110, 120, 125, 130, 140))))
        allowed = contract.price(code).allowed
    terms, kwargs = _plan(rng, kind, allowed)
    share = patient_share(allowed, **kwargs)
    ask_patient = rng.random() < 0.6
    who = "the patient owe" if ask_patient else "the plan pay"
    prompt = (f"**Case.** {_patient(rng)} has a service in the office reported with {_code_text(code)}. The "
              "allowed amount is "
              f"**{money(allowed)}**. The coverage is {terms}\n\nHow much does **{who}** for this service?")
    steps = [f"Deductible: {money(share.deductible_applied)}"]
    if kind == "copay":
        steps.append(f"copay: {money(share.copay)}")
    else:
        rest = allowed - share.deductible_applied
        steps.append(f"coinsurance: {kwargs['coinsurance_rate']} x {money(rest)} = "
                     f"{money(to_cents(rest * Decimal(str(kwargs['coinsurance_rate']))))}")
    if share.capped_by_oop:
        steps.append(f"capped by the out-of-pocket maximum, so the coinsurance or copay is cut to "
                     f"{money(share.coinsurance + share.copay)}")
    answer = share.patient_total if ask_patient else share.payer_pays
    explanation = (f"{'; '.join(steps)}. The patient pays {money(share.patient_total)}; the plan pays "
                   f"{money(allowed)} - {money(share.patient_total)} = {money(share.payer_pays)}. "
                   f"Answer: **{money(answer)}**.")
    return exercise(ex_id, "numeric", prompt, str(answer), explanation, unit="$", tolerance="0.00",
                    domains=FEE_DOMAINS, case=True, topic="rmb-patient-share", source=SHARE_SOURCE,
                    hints=["Take what is left of the deductible first, then the coinsurance or copay on the rest.",
                           "The patient never pays more than what is left before the out-of-pocket maximum."])


# --------------------------------------------------------------------------- facility or non-facility


#: Places of service each kind of code is realistically billed in.
VISIT_PLACES = ("11", "19", "22")
PROCEDURE_PLACES = ("11", "19", "22", "24", "31", "32")


@template("rmb-setting-amount", "reimbursement", "Pick the facility or non-facility rate from the place of service "
          "and price the line")
def rmb_setting_amount(rng: random.Random, ex_id: str) -> Made:
    """The place of service decides which practice-expense RVU applies; then the PFS formula prices the line."""
    from revcycle.payment.adjudication import FACILITY_POS  # the claims machinery it sits with loads slowly

    code = rng.choice(OFFICE_VISITS + PROCEDURES)
    place = rng.choice(VISIT_PLACES if code in OFFICE_VISITS else PROCEDURE_PLACES)
    setting: fees.Setting = "facility" if place in FACILITY_POS else "non-facility"
    locality = rng.choice(fees.localities())
    record = fees.rvu_record(code)
    pay = fees.pfs_payment(code, locality=locality.key, setting=setting)
    g = pay.gpcis
    where = pos.describe(place).name
    prompt = (f"**Case.** A physician bills {_code_text(code)}, with place of service **{place}** ({where}), in "
              f"locality **{locality.name.strip('*')}** ({locality.state}).\n\n"
              f"CY2026 RVUs: work {record.work}, practice expense {record.nonfacility_pe} (non-facility) or "
              f"{record.facility_pe} (facility), malpractice {record.mp}. GPCIs: work {g.work}, practice expense "
              f"{g.pe}, malpractice {g.mp}. Conversion factor \\${pay.conversion_factor}.\n\n"
              "What is the Medicare fee schedule amount for this line, to the cent?")
    other = "non-facility" if setting == "facility" else "facility"
    explanation = (f"Place of service {place} is paid at the **{setting}** rate, so the practice-expense RVU is "
                   f"{pay.rvus.pe}, not the {other} one. ({pay.rvus.work} x {g.work}) + ({pay.rvus.pe} x {g.pe}) + "
                   f"({pay.rvus.mp} x {g.mp}) = {pay.total_adjusted_rvus.normalize()}; x \\${pay.conversion_factor} "
                   f"= **\\${pay.payment}**.")
    return exercise(ex_id, "numeric", prompt, str(pay.payment), explanation, unit="$", tolerance="0.01",
                    domains=FEE_DOMAINS, case=True, topic="rmb-setting-amount", source=SETTING_SOURCE,
                    hints=["Hospitals, ambulatory surgical centers and skilled nursing facilities during a covered "
                           "stay bill Medicare for their own costs, so the physician gets the facility rate; an "
                           "office or a nursing facility (not skilled) gets the non-facility rate.",
                           "Only the practice-expense RVU changes with the setting; round once, at the end."])


# --------------------------------------------------------------------------- capitation


@template("rmb-capitation-month", "reimbursement", "A month of capitation: payment, per visit, and against "
          "fee-for-service")
def rmb_capitation_month(rng: random.Random, ex_id: str) -> Made:
    """Members times the PMPM rate, then compare it with the visits the members made."""
    from revcycle.synthetic.pools import PRACTICE_NAMES

    members = rng.randrange(300, 3001, 25)
    pmpm = Decimal(rng.randrange(1800, 6001, 25)) / 100
    visits = rng.randrange(60, 901, 5)
    code = rng.choice(("99212", "99213", "99214"))
    fee = contracts.PercentOfMedicare("synthetic PPO", Decimal(130)).price(code).allowed
    month = contracts.capitation(members, pmpm, visits=visits, fee_per_visit=fee)
    per_visit, ffs, difference = month.per_visit, month.fee_for_service_value, month.difference
    assert per_visit is not None and ffs is not None and difference is not None  # visits and a fee were given
    ask = rng.choice(("payment", "per-visit", "difference"))
    practice = rng.choice(PRACTICE_NAMES)
    prompt = (f"**Case.** A synthetic HMO pays {practice} Primary Care **{money(month.pmpm)} per member per month** "
              f"for **{members:,}** assigned members. This month the members make **{visits:,}** office visits. "
              f"Fee-for-service, each visit, reported with {_code_text(code)}, would have been allowed "
              f"{money(fee)}.\n\n")
    if ask == "payment":
        prompt += "What is the practice's capitation payment for the month?"
        answer = month.payment
    elif ask == "per-visit":
        prompt += "What did the month's capitation payment come to per visit, to the cent?"
        answer = per_visit
    else:
        prompt += ("What is the capitation payment minus what the same visits would have been allowed "
                   "fee-for-service? (Type a negative number if capitation paid less.)")
        answer = difference
    explanation = (f"Payment: {members:,} x {money(month.pmpm)} = {money(month.payment)}, whatever the visits. Per "
                   f"visit: {money(month.payment)} / {visits:,} = {money(per_visit)}. Fee-for-service: "
                   f"{visits:,} x {money(fee)} = {money(ffs)}; difference "
                   f"{money(month.payment)} - {money(ffs)} = {_signed(difference)}. "
                   f"Answer: **{_signed(answer)}**.")
    return exercise(ex_id, "numeric", prompt, str(answer), explanation, unit="$", tolerance="0.00",
                    domains=FEE_DOMAINS, case=True, topic="rmb-capitation-month", source=CAPITATION_SOURCE,
                    hints=["Capitation pays per member per month, however many visits the members make.",
                           "Round only the final amount to the cent."])


# --------------------------------------------------------------------------- limiting charge


@template("rmb-limiting-charge", "reimbursement", "A non-participating provider's Medicare amount and limiting charge")
def rmb_limiting_charge(rng: random.Random, ex_id: str) -> Made:
    """95 percent of the participating amount, then 115 percent of that: the most a non-par provider may bill."""
    code = rng.choice(OFFICE_VISITS + PROCEDURES)
    locality = rng.choice(fees.localities())
    par = fees.pfs_payment(code, locality=locality.key, setting="non-facility").payment
    amounts = nonpar_amounts(par)
    ask = rng.choice(("limiting", "limiting", "nonpar"))
    prompt = (f"**Case.** {_patient(rng)}, a Medicare patient, sees a physician who does **not participate** in "
              f"Medicare for a service reported with {_code_text(code)}, in the office, in locality "
              f"**{locality.name.strip('*')}** ({locality.state}). The participating fee schedule amount there is "
              f"**{money(par)}**.\n\n")
    if ask == "limiting":
        prompt += ("The physician does not accept assignment on this claim. What is the most the physician may "
                   "charge the patient for this service (the limiting charge)?")
        answer = amounts.limiting_charge
    else:
        prompt += "What is Medicare's fee schedule amount for this non-participating physician?"
        answer = amounts.nonparticipating
    explanation = (f"Non-participating amount: 95% x {money(par)} = {money(amounts.nonparticipating)}. Limiting "
                   f"charge: 115% x {money(amounts.nonparticipating)} = {money(amounts.limiting_charge)}. "
                   f"Answer: **{money(answer)}**.")
    return exercise(ex_id, "numeric", prompt, str(answer), explanation, unit="$", tolerance="0.01",
                    domains=FEE_DOMAINS, case=True, topic="rmb-limiting-charge", source=LIMITING_SOURCE,
                    hints=["A non-participating provider's fee schedule amount is 5 percent below the "
                           "participating one.",
                           "The limiting charge is a percentage of the non-participating amount, not of the "
                           "participating one."])
