"""Templates for the chapter billing-software: reading the files billing software sends and receives (837P, 835,
277CA), placing a screen in the practice-management system, and reconciling a batch's money. The files are
written by ``revcycle.x12`` from synthetic claims, and every key is read back with revcycle's own readers."""

from __future__ import annotations

import random
import warnings
from datetime import date, timedelta
from typing import Any

from workbook.errors import WorkbookError
from workbook.exercises.templates import template
from workbook.exercises.templates.base import FEE_DOMAINS, Made, exercise, money, on, shuffled
from workbook.exercises.templates.payment_posting_denials_ar import CLINICAL_LAB

CHAPTER = "billing-software"
SOURCE_837 = "ASC X12N 005010X222A1 (837P), adopted by 45 CFR 162.1102; element map in revcycle.x12.elements"
SOURCE_835 = ("ASC X12N 005010X221A1 (835), adopted by 45 CFR 162.1602; Medicare Claims Processing Manual, "
              "Pub. 100-04, ch. 22")
SOURCE_277CA = ("Medicare Claims Processing Manual, Pub. 100-04, ch. 24 (acknowledgments); X12 claim status "
                "category codes (A2 accepted; A3, A6, A7, A8 rejected)")
SOURCE_PM = "Chapter 'Billing software in practice', section 'The practice-management system'"
SOURCE_DAY = "Chapter 'Billing software in practice', worked example 2 (the day balances to the cent)"


def _name(person: Any) -> str:
    """A synthetic person's name as a prompt writes it."""
    return f"{person.first_name.title()} {person.last_name.title()}"


def _segments(text: str, start: str, keep: frozenset[str], stop: str = "SE") -> list[str]:
    """The segments from the first one whose ID is ``start`` up to ``stop``, keeping the IDs in ``keep``."""
    segs = [s.strip() for s in text.split("~") if s.strip()]
    first = next(i for i, s in enumerate(segs) if s.split("*")[0] == start)
    out = []
    for seg in segs[first:]:
        sid = seg.split("*")[0]
        if sid == stop:
            break
        if sid in keep:
            out.append(seg + "~")
    return out


def _block(segments: list[str]) -> str:
    """Segments as a Markdown code block, one per line."""
    return "```\n" + "\n".join(segments) + "\n```"


def _write_837(claim: Any) -> str | None:
    """The 837P for one claim, or None when the scrubber refuses it (the template then draws another)."""
    from revcycle.x12 import ClaimsRejectedError, to_837p

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return to_837p([claim], changes=[])
    except ClaimsRejectedError:
        return None


# --------------------------------------------------------------------------- reading an 837P


@template("sw-837p-amount", CHAPTER, "Read the total charge, a line charge or units from 837P segments")
def sw_837p_amount(rng: random.Random, ex_id: str) -> Made:
    """An 837P claim loop written by revcycle.x12.to_837p; the learner finds CLM02, SV102 or SV104."""
    from revcycle import synthetic
    from revcycle.codes import icd10cm
    from revcycle.core.money import to_cents
    from revcycle.x12 import elements as el

    for _ in range(30):
        claims = synthetic.claims(30, rng.randrange(10**6))
        several = [c for c in claims if len(c.lines) >= 2]
        units = [c for c in claims if any(ln.units > 1 for ln in c.lines)]
        roll = rng.random()
        claim = rng.choice(units if units and roll < 0.25 else several if several and roll < 0.85 else claims)
        if not all(icd10cm.is_valid(code, on=on()) for code in claim.diagnoses):
            continue  # the HI segment is shown: its codes must be valid in the release the book teaches
        text = _write_837(claim)
        if text is not None:
            break
    else:
        raise WorkbookError("No synthetic claim passed the scrubber; the synthetic data looks broken.")
    shown = _segments(text, "CLM", frozenset({"CLM", "HI", "LX", "SV1", "DTP"}))
    many = [n for n, ln in enumerate(claim.lines, 1) if ln.units > 1]
    kinds = ["total", "line"] + (["units"] if many else [])
    kind = rng.choice(kinds)
    if kind == "total":
        answer, unit, decimals = str(to_cents(claim.total_charge)), "$", 2
        ask = "What **total charge** does the claim report, in dollars?"
        why = (f"{el.TOTAL_CHARGE.ref}, the second element of the CLM segment, carries {el.TOTAL_CHARGE.name}: "
               f"{money(to_cents(claim.total_charge))}. Each SV102 is one line's charge, and together they add up "
               "to CLM02.")
    elif kind == "line":
        n = rng.randrange(1, len(claim.lines) + 1)
        line = claim.lines[n - 1]
        answer, unit, decimals = str(to_cents(line.charge)), "$", 2
        ask = f"What is the **charge for service line {n}**, in dollars?"
        why = (f"Line {n} starts at LX*{n}. Its SV1 segment holds the procedure in SV101 (HC:{line.procedure}) and "
               f"the line charge in {el.LINE_CHARGE.ref}, which carries {el.LINE_CHARGE.name}: "
               f"{money(to_cents(line.charge))}.")
    else:
        n = rng.choice(many)
        line = claim.lines[n - 1]
        answer, unit, decimals = str(int(line.units)), "units", 0
        ask = f"How many **units** are billed on service line {n}?"
        why = (f"In line {n}'s SV1 segment, SV103 is the unit qualifier (UN, units) and {el.UNITS.ref} carries "
               f"{el.UNITS.name}: {int(line.units)}. The line charge in SV102 covers all the units.")
    prompt = (f"Here is the claim part of an 837P file a billing office sent for {_name(claim.patient)} "
              f"(claim {claim.claim_id}):\n\n{_block(shown)}\n\n{ask}")
    return exercise(ex_id, "numeric", prompt, answer, why, unit=unit, decimals=decimals, domains=FEE_DOMAINS,
                    topic="sw-837p-amount", source=SOURCE_837,
                    hints=["Elements are separated by `*` and counted from 1 after the segment ID; `~` ends a "
                           "segment.",
                           "CLM carries the claim as a whole; each service line is an LX with its SV1."])


#: Chronic conditions an adult's office visit may list after a diabetes code (FY2026 and FY2027 codes).
_CHRONIC = ("I10", "E78.5", "K21.9", "F41.1", "E03.9", "J45.909", "M54.50", "I48.91")
_DIABETES = ("E11.9", "E11.65")


def _dx_claim(rng: random.Random) -> Any:
    """A synthetic visit with three or four diagnoses and lab lines that point at the diabetes code."""
    from revcycle import synthetic

    people = synthetic.directory(40, rng.randrange(10**6))
    member = rng.choice([m for pool in ("adult", "senior") for m in people.members[pool]])
    clinician = rng.choice(people.clinicians["family"])
    diabetes = rng.choice(_DIABETES)
    dx = [diabetes, *rng.sample(_CHRONIC, rng.choice((2, 3)))]
    rng.shuffle(dx)
    letter = {code: "ABCD"[i] for i, code in enumerate(dx)}
    labs = rng.sample(("36415", "83036", "80053"), rng.randint(1, 3))
    lines: list[tuple[str, tuple[str, ...], int, str]] = [(rng.choice(("99213", "99214", "99215")), (), 1,
                                                            "ABCD"[:len(dx)])]
    lines += [(code, (), 1, letter[diabetes]) for code in labs]
    if "I48.91" in dx:
        lines.append(("93000", (), 1, letter["I48.91"]))
    day = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 260))
    day += timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
    encounter = synthetic.Encounter(0, member, clinician, "office visit with labs", day, "11", dx, lines,
                                    day + timedelta(days=rng.randint(1, 6)))
    return encounter.to_claim(f"{rng.choice(('RB', 'MS', 'LK'))}-{rng.randrange(1000, 10000)}")


@template("sw-837p-diagnosis", CHAPTER, "Find the principal or pointed-to diagnosis in an 837P's HI and SV1")
def sw_837p_diagnosis(rng: random.Random, ex_id: str) -> Made:
    """Decode HI (ABK principal, ABF other) and an SV107 diagnosis pointer back to an ICD-10-CM code."""
    from revcycle.codes import icd10cm

    for _ in range(30):
        claim = _dx_claim(rng)
        if not all(icd10cm.is_valid(code, on=on()) for code in claim.diagnoses):
            continue
        text = _write_837(claim)
        if text is not None:
            break
    else:
        raise WorkbookError("No synthetic diagnosis claim passed the scrubber; the synthetic data looks broken.")
    shown = _segments(text, "CLM", frozenset({"CLM", "HI", "LX", "SV1"}))
    pointed = [n for n, ln in enumerate(claim.lines, 1) if ln.pointers[0] != "A"]
    if pointed and rng.random() < 0.7:
        n = rng.choice(pointed)
        position = "ABCD".index(claim.lines[n - 1].pointers[0]) + 1
        answer = claim.diagnoses[position - 1]
        ask = (f"Which ICD-10-CM code does **service line {n}** point to first? Type the code (with or without "
               "its decimal point).")
        why = (f"Line {n}'s SV1 ends with the diagnosis pointer SV107; its first number is {position}. Pointers "
               f"count the HI composites in order, so {position} is the {_ordinal(position)} code in HI: "
               f"{answer.replace('.', '')}, that is {answer}.")
    else:
        answer = claim.diagnoses[0]
        ask = "Which ICD-10-CM code is the claim's **principal (first-listed) diagnosis**? Type the code."
        why = (f"The HI segment lists the diagnoses as qualifier:code composites. ABK marks the principal diagnosis "
               f"(item 21A), ABF each other one: ABK:{answer.replace('.', '')} is {answer}. X12 files drop the "
               "decimal point.")
    info = icd10cm.describe(answer, on=on())
    why += f" ({answer}: {info.title}.)"
    prompt = (f"A clearinghouse's claim viewer shows this part of an 837P for {_name(claim.patient)} "
              f"(claim {claim.claim_id}):\n\n{_block(shown)}\n\n{ask}")
    return exercise(ex_id, "code", prompt, answer, why, system="icd10cm", domains=FEE_DOMAINS,
                    topic="sw-837p-diagnosis", source=SOURCE_837,
                    hints=["In HI, each diagnosis is a qualifier and a code joined by `:`; codes are written "
                           "without the decimal point.",
                           "SV107 holds up to four pointers joined by `:`; 1 means the first HI code."])


def _ordinal(n: int) -> str:
    """first, second, third or fourth: how an explanation names an HI position."""
    return {1: "first", 2: "second", 3: "third", 4: "fourth"}[n]


# --------------------------------------------------------------------------- reading an 835


def _paid_result(rng: random.Random) -> Any:
    """A paid claim from the synthetic payer, preferring several lines; never a Medicare claim with lab lines."""
    from revcycle import synthetic
    from revcycle.payment.adjudication import adjudicate

    for _ in range(30):
        seed = rng.randrange(10**6)
        results = adjudicate(synthetic.claims(30, seed), seed=seed, denial_rate=0.0)
        fit = [r for r in results if r.status == "1" and not (
            r.claim.payer.is_medicare and any(ln.procedure in CLINICAL_LAB for ln in r.lines))]
        several = [r for r in fit if len(r.lines) >= 2]
        if fit:
            return rng.choice(several if several and rng.random() < 0.7 else fit)
    raise WorkbookError("The synthetic payer paid no claim; the synthetic data looks broken.")


@template("sw-835-amount", CHAPTER, "Read a payment, patient share, allowed amount or CO-45 from 835 segments")
def sw_835_amount(rng: random.Random, ex_id: str) -> Made:
    """An 835 claim written by revcycle.x12.to_835 and read back with read_835 for the key."""
    from revcycle.x12 import read_835, to_835

    result = _paid_result(rng)
    text = to_835([result])
    remit = read_835(text)
    shown = _segments(text, "CLP", frozenset({"CLP", "CAS", "NM1", "SVC", "DTM", "AMT"}))
    shown = [s for s in shown if not s.startswith(("NM1*82", "DTM*050"))]
    clp = remit.claims.iloc[0]
    kind = rng.choice(("paid", "patient", "allowed", "contractual"))
    n = rng.randrange(1, len(remit.lines) + 1)
    line = remit.lines[remit.lines["line"] == n].iloc[0]
    if kind == "paid":
        answer = clp["paid"]
        ask = "How much did the payer **pay on the claim**, in dollars?"
        why = (f"CLP04 is the claim payment: {money(answer)}. CLP03 is the charge and CLP05 the patient's "
               "responsibility; each SVC03 is one line's payment, and they add up to CLP04.")
    elif kind == "patient":
        answer = clp["patient_responsibility"]
        ask = "According to the payer, how much does the **patient owe** on this claim, in dollars?"
        why = (f"CLP05 is the patient responsibility for the claim: {money(answer)}, the sum of the CAS*PR amounts "
               "(deductible, coinsurance, copay) on its lines.")
    elif kind == "allowed":
        answer = line["allowed"]
        ask = f"What was the **allowed amount** for service line {n} (`{line['procedure']}`), in dollars?"
        why = (f"The AMT segment with qualifier B6 after line {n}'s SVC gives the allowed amount: {money(answer)}. "
               "It equals the line payment (SVC03) plus the line's PR adjustments.")
    else:
        adj = remit.adjustments
        mask = (adj["line"] == n) & (adj["group"] == "CO") & (adj["reason"].astype(str) == "45")
        from revcycle.core.money import ZERO

        answer = sum(adj.loc[mask, "amount"], ZERO)
        ask = (f"How much is the **contractual adjustment (CO-45)** on service line {n} (`{line['procedure']}`), "
               "in dollars?")
        why = (f"Under line {n}'s SVC, the CAS segment with group CO lists reason 45 and its amount: {money(answer)}"
               ". The practice writes it off; it is the charge above the payer's allowed amount.")
    patient = _name(result.claim.patient)
    prompt = (f"The 835 from {result.claim.payer.name} includes this claim for {patient}:\n\n{_block(shown)}\n\n{ask}")
    return exercise(ex_id, "numeric", prompt, str(answer), why, unit="$", domains=FEE_DOMAINS,
                    topic="sw-835-amount", source=SOURCE_835,
                    hints=["CLP gives the claim's totals: CLP03 charge, CLP04 payment, CLP05 patient "
                           "responsibility.",
                           "Under each SVC, CAS gives a group code, then reason and amount pairs; AMT*B6 is the "
                           "allowed amount."])


# --------------------------------------------------------------------------- the 277CA


#: Claim rejections a payer's front end sends: (category, status, entity), read by revcycle.x12.read_277ca.
_REJECTIONS = (("A7", "562", "85"), ("A7", "164", "IL"), ("A7", "187", ""), ("A7", "454", ""), ("A6", "562", "82"))


@template("sw-277ca-rejections", CHAPTER, "Read a 277CA: which claims were rejected and must be sent again")
def sw_277ca_rejections(rng: random.Random, ex_id: str) -> Made:
    """A 277CA from revcycle.x12.ack_277ca_for; the key is what read_277ca reports."""
    from revcycle import synthetic
    from revcycle.x12 import ack_277ca_for, read_277ca

    claims = rng.sample(synthetic.claims(20, rng.randrange(10**6)), rng.randint(3, 5))
    bad = rng.sample(claims, rng.randint(1, min(2, len(claims) - 1)))
    rejected = {c.claim_id: rng.choice(_REJECTIONS) for c in bad}
    text = ack_277ca_for(claims, rejected)
    ack = read_277ca(text)
    segs = [s.strip() + "~" for s in text.split("~") if s.strip()]
    shown, keep = [], False
    for seg in segs:
        if seg.startswith("HL*"):
            keep = seg.rstrip("~").endswith("*PT")
        elif keep and seg.split("*")[0] in ("NM1", "TRN", "STC", "REF", "DTP"):
            shown.append(seg)
    ask_rejected = rng.random() < 0.6
    answer = ack.rejected if ask_rejected else ack.accepted
    what = ("were **rejected**, so they must be corrected and sent again as new claims" if ask_rejected
            else "were **accepted** into the payer's adjudication system")
    reasons = "; ".join(f"{r['claim_id']} ({r['reason']})" for r in ack.claims.to_dict("records")
                        if r["verdict"] == "rejected")
    why = (f"Read STC01's first component, the status category, for each claim (TRN02 is the claim number the "
           f"837 sent in CLM01). A2 means accepted; A6 and A7 mean rejected. Accepted: "
           f"{', '.join(ack.accepted)}. Rejected: {reasons}. A rejected claim never "
           "reached adjudication, so it has no appeal: fix the data at its source and send a new claim.")
    prompt = (f"The clearinghouse returns a 277CA claim acknowledgment for a file of {len(claims)} claims. These are "
              f"its claim-level segments:\n\n{_block(shown)}\n\nWhich claims {what}? Select all that apply.")
    options = [c.claim_id for c in claims]
    return exercise(ex_id, "multiple", prompt, answer, why, options=options, domains=FEE_DOMAINS,
                    topic="sw-277ca-rejections", source=SOURCE_277CA,
                    hints=["Each claim's block starts with the patient (NM1*QC) and the claim number (TRN*2).",
                           "In STC01, the part before the first `:` is the status category: A2 is accepted."])


# --------------------------------------------------------------------------- the practice-management system


#: The book's practice-management tasks, each with screens described in this book's own words.
_SCREENS: dict[str, tuple[str, ...]] = {
    "Registration": (
        "The clerk types the patient's name, birth date, address and guarantor, then enters each insurance "
        "policy in order: primary first, secondary second.",
        "A form holding the member ID and group number copied from the insurance card, with a box marking which "
        "plan pays first.",
        "A patient tells the desk she moved and has a new employer plan since the first of the month; this is the "
        "screen where both changes are made.",
    ),
    "Eligibility": (
        "A batch run the night before clinic: for every patient on tomorrow's schedule it sends a 270 inquiry and "
        "shows each payer's 271 answer, active or inactive, with the copay and the deductible left.",
        "A screen showing one payer's answer about one patient for the date of service: coverage active, 20 "
        "percent coinsurance, deductible already met.",
    ),
    "Charges": (
        "After the visit, a screen lists the services performed with their procedure codes, modifiers, units and "
        "diagnosis pointers, each priced from the chargemaster.",
        "A list of signed visits whose services and diagnoses came over from the clinical record and are waiting "
        "to be checked and priced before any claim is built.",
    ),
    "Claims": (
        "A screen builds claims from the day's charges, runs the scrubber, holds the claims with fatal findings "
        "and sends the rest as one 837P batch.",
        "A batch screen showing how many claims go to each payer in today's 837P file, and its control number.",
    ),
    "Posting": (
        "A screen loads the day's 835 files, applies every payment and adjustment to the patient accounts "
        "automatically, and lists the lines it could not match.",
        "The biller matches an electronic funds transfer in the bank to its remittance by the trace number, then "
        "records the payments and contractual adjustments it contains.",
    ),
    "Statements and collections": (
        "A screen prints the monthly statements for patients who owe a balance and sets up payment plans for "
        "those who ask.",
        "A list of patient accounts still unpaid after three statements, selected to be handed to the collection "
        "agency.",
    ),
    "Reports": (
        "A screen sorts every open balance into 0-30, 31-60, 61-90, 91-120 and 120+ days, by payer, for the "
        "month-end meeting.",
        "A screen showing last month's denial rate by reason code and the net collection rate next to the month "
        "before.",
    ),
}


@template("sw-pm-screen", CHAPTER, "Name the practice-management task a described screen or report belongs to")
def sw_pm_screen(rng: random.Random, ex_id: str) -> Made:
    """One screen described in plain words; the options are the chapter's list of PM-system tasks."""
    task = rng.choice(sorted(_SCREENS))
    screen = rng.choice(_SCREENS[task])
    options = shuffled(rng, task, sorted(_SCREENS))
    prompt = f"{screen}\n\nWhich part of a practice-management system's work is this?"
    duties = {
        "Registration": "records who the patient and guarantor are and each insurance policy in order",
        "Eligibility": "asks each payer (270) whether the patient is covered and shows the answer (271)",
        "Charges": "records the services of each visit with codes, units, pointers and chargemaster prices",
        "Claims": "builds claims from the charges, scrubs them and sends the batch",
        "Posting": "reads the 835 files and records payments and adjustments against the accounts",
        "Statements and collections": "bills patients for what they owe, sets up payment plans and hands old "
                                      "accounts to a collection agency",
        "Reports": "summarizes the A/R, denials and collections for the people who manage the practice",
    }
    why = f"{task}: the part of the system that {duties[task]}."
    return exercise(ex_id, "single", prompt, task, why, options=options, domains=FEE_DOMAINS,
                    topic="sw-pm-screen", source=SOURCE_PM,
                    hints=["Ask where the screen sits in the revenue cycle: before the visit, after it, or after "
                           "the payer answers.",
                           "Then ask what the screen changes or sends: an account, a claim, money, or a report."])


# --------------------------------------------------------------------------- balancing the money


def _batch_ledger(rng: random.Random) -> tuple[Any, list[Any]]:
    """A small batch of synthetic claims, decided, posted, with the copays collected at the desk applied."""
    import pandas as pd

    from revcycle import synthetic
    from revcycle.ar import post
    from revcycle.ar.posting import apply_patient_payments
    from revcycle.payment.adjudication import adjudicate
    from revcycle.x12 import read_835, to_835

    seed = rng.randrange(10**6)
    claims = rng.sample(synthetic.claims(40, seed), rng.randint(5, 9))
    results = adjudicate(claims, seed=seed, denial_rate=rng.choice((0.0, 0.1, 0.2)))
    ledger = post(read_835(to_835(results)), claims)
    lines = ledger.lines
    copays = [{"claim_id": cid, "paid_on": day, "amount": amount}
              for cid, day, amount in zip(lines["claim_id"], lines["service_date"], lines["copay"], strict=True)
              if amount > 0]
    desk = pd.DataFrame(copays, columns=["claim_id", "paid_on", "amount"])
    return apply_patient_payments(ledger, desk) if len(desk) else ledger, claims


@template("sw-batch-balance", CHAPTER, "Balance a batch: charges = payments + desk payments + adjustments + open")
def sw_batch_balance(rng: random.Random, ex_id: str) -> Made:
    """The posting identity over a batch, from revcycle.ar.Ledger.totals(); one figure is hidden."""
    ledger, claims = _batch_ledger(rng)
    t = ledger.totals()
    figures = {"charges": t["charge"], "paid by payers": t["paid"], "paid by patients at the desk": t["patient_paid"],
               "contractual adjustments": t["contractual"], "still open": t["balance"]}
    kind = rng.choice(("still open", "still open", "contractual adjustments", "paid by payers"))
    shown = "; ".join(f"{name} {money(value)}" for name, value in figures.items() if name != kind)
    asks = {"still open": "How much of the batch's charges is **still open**?",
            "contractual adjustments": "How much was posted as **contractual adjustments**?",
            "paid by payers": "How much did the **payers** pay?"}
    prompt = (f"**Case.** A billing office posts the 835s for a batch of {len(claims)} synthetic claims and applies "
              f"the copays collected at the desk. The batch's totals: {shown}. Nothing has been written off. "
              f"{asks[kind]}")
    parts = " + ".join(f"{money(v)} ({k})" for k, v in figures.items() if k not in ("charges", kind))
    why = (f"Every dollar of charge is paid, adjusted or still owed: charges = payer payments + patient payments + "
           f"contractual adjustments + open balance. So {kind} = {money(t['charge'])} - ({parts}) = "
           f"{money(figures[kind])}.")
    if kind == "still open" and t["denied"] + t["patient_balance"] == t["balance"]:
        why += (f" Of it, {money(t['denied'])} is denied charges waiting in the work queue and "
                f"{money(t['patient_balance'])} is deductible and coinsurance the patients still owe."
                if t["denied"] else " None of it was denied: it is deductible and coinsurance the patients still owe.")
    return exercise(ex_id, "numeric", prompt, str(figures[kind]), why, unit="$", domains=FEE_DOMAINS,
                    topic="sw-batch-balance", source=SOURCE_DAY,
                    hints=["Every dollar of a charge is paid, adjusted or still owed.",
                           "Subtract everything you know from the charges."])
