"""Code numbers an 835 uses, with the book's own short paraphrases (not the official X12 wording).

Claim adjustment group codes, claim adjustment reason codes (CARCs), remittance advice remark codes (RARCs)
and claim status codes belong to X12 and their maintainers; the meanings below are plain summaries written
for this book. Look up the current official lists before quoting them.
"""

from __future__ import annotations

#: Who the adjusted money falls on.
GROUP_CODES: dict[str, str] = {
    "CO": "contractual obligation: the provider writes it off and may not bill the patient",
    "PR": "patient responsibility: the patient (or their secondary plan) owes it",
    "OA": "other adjustment: neither of the above, often because of another payer's payment",
    "PI": "payer-initiated reduction the payer believes the provider should not bill the patient for",
    "CR": "correction or reversal of an earlier claim (older usage)",
}

#: CARCs used in the book, paraphrased.
CARC: dict[str, str] = {
    "1": "deductible",
    "2": "coinsurance",
    "3": "copay",
    "4": "the modifier does not fit the procedure, or a needed modifier is missing",
    "10": "the diagnosis does not fit the patient's recorded sex",
    "15": "the authorization number is missing, not valid, or does not cover the service or provider billed",
    "16": "the claim is missing information or has a billing error",
    "18": "duplicate of a claim or service already received",
    "22": "another payer may be primary (coordination of benefits)",
    "23": "reduced because of what an earlier payer paid or allowed",
    "27": "service after the coverage ended",
    "29": "filed after the payer's time limit",
    "45": "charge is above the fee schedule or contracted amount",
    "50": "the payer does not consider the service medically necessary",
    "96": "service not covered by the plan",
    "97": "paid as part of another service billed the same day",
    "109": "not covered by this payer; send it to the right payer",
    "146": "the diagnosis was not valid on the date of service",
    "151": "the information sent does not support this many services or units",
    "181": "the procedure code was not valid on the date of service",
    "183": "the referring provider may not refer this service (not enrolled or not eligible to refer)",
    "197": "the required prior authorization was not obtained",
    "198": "the service goes beyond what the prior authorization approved (more units or visits)",
    "253": "sequestration reduction of a federal payment",
    "B7": "the provider was not enrolled, certified or eligible to be paid for this service on the date of service",
}

#: RARCs used in the book, paraphrased.
RARC: dict[str, str] = {
    "MA130": "claim cannot be processed as sent; correct it and send a new claim (no appeal)",
    "N130": "see the plan's benefit rules for this service",
    "M76": "a diagnosis is missing, incomplete or invalid",
    "N362": "more units than the payer accepts for this service on one day",
}

#: CLP02 claim status codes, paraphrased.
CLAIM_STATUS: dict[str, str] = {
    "1": "processed as primary",
    "2": "processed as secondary",
    "3": "processed as tertiary",
    "4": "denied",
    "19": "processed as primary and forwarded to another payer",
    "20": "processed as secondary and forwarded to another payer",
    "21": "processed as tertiary and forwarded to another payer",
    "22": "reversal of an earlier payment",
    "23": "not this payer's claim; forwarded to another payer",
    "25": "predetermination only, nothing paid",
}

#: PLB provider-level adjustment reason codes (PLB03-1 and the later composites), paraphrased. A positive PLB amount
#: takes money out of the payment; a negative one adds to it (42 CFR 162.1602 adopts the 835 that defines them).
PLB_REASONS: dict[str, str] = {
    "WO": "overpayment recovery: money taken back for an earlier overpayment",
    "L6": "interest the payer owes on a claim it paid late",
    "FB": "forwarding balance: an amount carried from one remittance to a later one",
    "72": "authorized return: a refund the provider sent back for an overpayment",
    "CS": "adjustment that fits no other code (the reference says what it is)",
    "J1": "nonreimbursable: an amount the payer will not reimburse",
    "B2": "rebate",
    "50": "late charge: a penalty for a late claim or late cost report",
    "IR": "withholding for the Internal Revenue Service",
    "LE": "levy: money withheld to pay the provider's debt to a third party such as the IRS",
    "AP": "acceleration of benefits: an advance payment (negative) or its recovery (positive)",
}


def plb_meaning(code: str) -> str:
    """The book's paraphrase of a PLB adjustment reason code, or a note that it is not in the book's list."""
    return PLB_REASONS.get(str(code).strip().upper(), "provider adjustment code not in the book's list: look it up "
                           "in the 835 implementation guide")


def carc_meaning(code: str) -> str:
    """The book's paraphrase of a CARC, or a note that it is not in the book's list."""
    return CARC.get(str(code).strip(), "reason code not in the book's list: look it up in the X12 CARC list")


def group_meaning(code: str) -> str:
    return GROUP_CODES.get(str(code).strip(), "unknown group code")
