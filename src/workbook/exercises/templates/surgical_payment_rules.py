"""Templates for the chapter surgical-payment-rules: the multiple-procedure rule, bilateral surgery by indicator, and
the shares of co-surgeons and assistants at surgery.

Each draws real CY2026 codes by their RVU-file indicators (:func:`revcycle.payment.fees.pfs_indicators`) and prices
the drawn lines with :func:`revcycle.payment.surgery.price_surgery`; the template never does the arithmetic itself.
Patients and surgeons are synthetic; the fee schedule amounts are real.
"""

from __future__ import annotations

import random
from functools import cache

from revcycle.payment import fees, surgery
from workbook.exercises.templates import template
from workbook.exercises.templates.base import FEE_DOMAINS, Made, doctor_name, exercise, money
from workbook.exercises.templates.base import patient_name as _patient

MULTIPLE_SOURCE = ("CMS, Medicare Claims Processing Manual (Pub. 100-04), ch. 12, section 40.6; MULT PROC in the "
                   "CY2026 PFS relative value file (RVU26C)")
BILATERAL_SOURCE = ("CMS, Medicare Claims Processing Manual (Pub. 100-04), ch. 12, section 40.7; BILAT SURG in the "
                    "CY2026 PFS relative value file (RVU26C)")
ROLE_SOURCE = ("CMS, Medicare Claims Processing Manual (Pub. 100-04), ch. 12, sections 20.4.3 (assistants at "
               "surgery) and 40.8 (co-surgeons); ASST SURG and CO SURG in the CY2026 PFS relative value file (RVU26C)")

SURGICAL_GLOBALS = ("000", "010", "090")
BILATERAL_MEANING = {
    "0": "the 150 percent rule does not apply: modifier 50 is paid the one-side amount",
    "1": "the bilateral rule applies: one line with modifier 50 is paid 150 percent",
    "2": "the code is already bilateral: modifier 50 is paid 100 percent",
    "3": "each side is valued on its own: modifier 50 is paid 100 percent for each side, 200 percent",
}
ROLES = {
    "80": ("an assistant surgeon who helps throughout", "16 percent of the fee schedule amount"),
    "82": ("an assistant surgeon in a teaching hospital where no qualified resident was available",
           "16 percent of the fee schedule amount"),
    "AS": ("the practice's physician assistant, billing as the assistant at surgery under their own NPI",
           "85 percent of the 16 percent an assistant surgeon gets, 13.6 percent"),
    "62": ("one of two co-surgeons of different specialties, each doing a distinct part of the operation",
           "62.5 percent of the fee schedule amount to each co-surgeon"),
}


@cache
def _pool() -> tuple[tuple[str, fees.PfsIndicators], ...]:
    """Payable codes with a facility amount, and their indicators (read once)."""
    out = []
    for code in fees.payable_codes():
        if sum(vars(fees.rvu_record(code).rvus("facility")).values()) > 0:
            out.append((code, fees.pfs_indicators(code)))
    return tuple(out)


def _surgical(code: str) -> bool:
    return fees.rvu_record(code).global_days in SURGICAL_GLOBALS


def _fee(code: str, locality: str) -> object:
    return fees.pfs_payment(code, locality=locality, setting="facility").payment


def _where(locality: fees.Locality) -> str:
    return f"locality **{locality.name.strip('*')}** ({locality.state}, {locality.key})"


# --------------------------------------------------------------------------- multiple procedures


@template("spr-rank-and-reduce", "surgical-payment-rules", "Rank two to four procedures of one session and apply the "
          "multiple-procedure rule")
def spr_rank_and_reduce(rng: random.Random, ex_id: str) -> Made:
    """100 percent for the most valuable procedure, 50 percent for the others (at most four here)."""
    pool = [c for c, ind in _pool() if ind.mult_proc == "2" and _surgical(c)]
    locality = rng.choice(fees.localities())
    n = rng.choice((2, 3, 3, 4))
    while True:  # distinct amounts, so the ranking has one answer
        codes = rng.sample(pool, n)
        amounts = [_fee(c, locality.key) for c in codes]
        if len(set(amounts)) == n:
            break
    claim = surgery.price_surgery(codes, locality=locality.key, setting="facility")
    ask_total = rng.random() < 0.5
    listed = "\n".join(f"- line {i}: `{p.line.code}`, MULT PROC 2, fee schedule amount {money(p.fee_schedule)}"
                       for i, p in enumerate(claim.lines, start=1))
    prompt = (f"**Case.** {doctor_name(rng)} does {n} procedures for {_patient(rng)}, a Medicare patient, in one "
              f"operative session at a hospital in {_where(locality)}. The claim lists them in this order, with "
              f"their CY2026 facility amounts:\n\n{listed}\n\n")
    ranked = sorted(claim.lines, key=lambda p: p.rank or 0)
    if ask_total:
        prompt += "What is the **total** Medicare allowed amount for the session?"
        answer = claim.total
    else:
        asked = rng.choice(ranked[1:])
        prompt += f"What does Medicare allow for the `{asked.line.code}` line?"
        assert asked.allowed is not None  # two to four lines: none is priced by report
        answer = asked.allowed
    steps = "; ".join(f"rank {p.rank} `{p.line.code}`: {'100' if p.rank == 1 else '50'} percent of "
                      f"{money(p.fee_schedule)} = {money(p.allowed)}" for p in ranked if p.allowed is not None)
    explanation = (f"Rank by amount, not by line order: {steps}. Total {money(claim.total)}. "
                   f"Answer: **{money(answer)}**.")
    return exercise(ex_id, "numeric", prompt, str(answer), explanation, unit="$", tolerance="0.01",
                    domains=FEE_DOMAINS, case=True, topic="spr-rank-and-reduce", source=MULTIPLE_SOURCE,
                    hints=["Put the procedures in order of their amounts, highest first.",
                           "The first is paid in full, the second to fifth at 50 percent; round each line to the "
                           "cent."])


# --------------------------------------------------------------------------- bilateral


@template("spr-bilateral-amount", "surgical-payment-rules", "Price a procedure billed with modifier 50 from its "
          "bilateral indicator")
def spr_bilateral_amount(rng: random.Random, ex_id: str) -> Made:
    """The BILAT SURG indicator decides what modifier 50 pays: 100, 150 or 200 percent."""
    indicator = rng.choice(("0", "1", "1", "2", "3"))
    pool = [c for c, ind in _pool() if ind.bilat_surg == indicator and (indicator == "3" or _surgical(c))]
    code = rng.choice(pool)
    locality = rng.choice(fees.localities())
    # Indicator 3 codes are tests and imaging (no surgical global period): priced as done in an office.
    setting: fees.Setting = "non-facility" if indicator == "3" else "facility"
    place = "in an office" if indicator == "3" else "at a hospital"
    claim = surgery.price_surgery([f"{code}-50"], locality=locality.key, setting=setting)
    line = claim.lines[0]
    assert line.allowed is not None
    prompt = (f"A physician reports `{code}` as done on **both sides** in one session {place} in "
              f"{_where(locality)}, on one line, `{code}-50`. The CY2026 file gives the code BILAT SURG indicator "
              f"**{indicator}**, and its {setting} amount for one side is {money(line.fee_schedule)}.\n\n"
              "What does Medicare allow for the line?")
    explanation = (f"BILAT SURG {indicator}: {BILATERAL_MEANING[indicator]}. "
                   f"{'; '.join(what for what, _amount in line.steps)}: **{money(line.allowed)}**.")
    return exercise(ex_id, "numeric", prompt, str(line.allowed), explanation, unit="$", tolerance="0.01",
                    domains=FEE_DOMAINS, topic="spr-bilateral-amount", source=BILATERAL_SOURCE,
                    hints=["Indicator 1 is the usual bilateral rule; 0 and 2 pay one amount; 3 pays each side.",
                           "Round once, at the end."])


# --------------------------------------------------------------------------- assistants and co-surgeons


@template("spr-assistant-share", "surgical-payment-rules", "Price an assistant at surgery (80, 82, AS) or a "
          "co-surgeon (62) from the fee schedule amount")
def spr_assistant_share(rng: random.Random, ex_id: str) -> Made:
    """16 percent for an assistant surgeon, 13.6 percent for a PA/NP/CNS assistant (AS), 62.5 percent per co-surgeon."""
    modifier = rng.choice(tuple(ROLES))
    if modifier == "62":
        pool = [c for c, ind in _pool() if ind.co_surg == "2" and _surgical(c)]
    else:
        pool = [c for c, ind in _pool() if ind.asst_surg == "2" and _surgical(c)]
    code = rng.choice(pool)
    locality = rng.choice(fees.localities())
    line = surgery.price_surgery([f"{code}-{modifier}"], locality=locality.key, setting="facility").lines[0]
    assert line.allowed is not None
    ind = fees.pfs_indicators(code)
    who, share = ROLES[modifier]
    column = f"CO SURG {ind.co_surg}" if modifier == "62" else f"ASST SURG {ind.asst_surg}"
    prompt = (f"**Case.** {_patient(rng)}, a Medicare patient, has `{code}` at a hospital in {_where(locality)}. "
              f"The line `{code}-{modifier}` is billed by {who}. The CY2026 file gives the code {column}, and its "
              f"facility fee schedule amount is {money(line.fee_schedule)}. It is the only procedure of the "
              "session.\n\nWhat does Medicare allow for this line?")
    explanation = (f"{column} means this role is paid for the code. Modifier {modifier} is paid {share}: "
                   f"{'; '.join(what for what, _amount in line.steps)}, so {money(line.fee_schedule)} becomes "
                   f"**{money(line.allowed)}**.")
    return exercise(ex_id, "numeric", prompt, str(line.allowed), explanation, unit="$", tolerance="0.01",
                    domains=FEE_DOMAINS, case=True, topic="spr-assistant-share", source=ROLE_SOURCE,
                    hints=["Assistants at surgery get a small fixed share; co-surgeons each get more than half.",
                           "Modifier AS is paid a share of what an assistant surgeon would get."])
