"""The billing, regulations and careers items of the December 2026 accuracy review (B1-B14) stay fixed.

Each test reads the corrected chapter, glossary, exercise bank or key, checks that the wrong wording is gone and the
corrected fact is there, and, where the passage quotes a number, that the number is what the library computes.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from revcycle.ar import appeals
from revcycle.codes import icd10cm
from revcycle.core.money import to_cents
from revcycle.payment import fees
from revcycle.payment.patient_share import patient_share
from revcycle.x12 import acks
from tests.chapter_checks import flat, section
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site import book_values

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
D = Decimal
SEQUESTRATION = D("0.02")  # 2 U.S.C. 901a: the cut to each Medicare payment
CITE = re.compile(r"\{cite\}`([^`]+)`")
TERM = re.compile(r"\{term\}`([^`]+)`")


def page(path: str) -> str:
    return (BOOK / path).read_text(encoding="utf-8")




def paragraph(text: str, needle: str) -> str:
    """The blank-line separated paragraph (or table) that holds ``needle``, flattened."""
    hits = [p for p in re.split(r"\n\s*\n", text) if needle in p]
    assert len(hits) == 1, f"{needle!r} is in {len(hits)} paragraphs"
    return flat(hits[0])


def table_row(text: str, first_cell: str) -> list[str]:
    rows = [line for line in text.splitlines() if line.startswith(f"| {first_cell} |")]
    assert len(rows) == 1, f"{len(rows)} rows start with {first_cell!r}"
    return [cell.strip() for cell in rows[0].strip().strip("|").split("|")]


def glossary_entry(term: str) -> str:
    lines = (BOOK / "glossary" / "general.md").read_text(encoding="utf-8").splitlines()
    start = lines.index(term)
    body = []
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        body.append(line)
    return flat("\n".join(body))


def bank(name: str) -> tuple[dict, dict]:
    loaded = load_bank(ROOT / "exercises" / "banks" / f"{name}.yml")
    key = keys.load_key(ROOT / "solutions" / "keys" / f"{name}.yml", loaded)
    return {ex.id: ex for ex in loaded.exercises}, key


def amounts(text: str) -> dict[str, Decimal]:
    """'CO-45 \\$79.39' and 'paid \\$106.32' in a prompt -> {'CO-45': 79.39, 'paid': 106.32}."""
    return {label: D(value) for label, value in re.findall(r"([A-Za-z]+(?:-\d+)?) \\?\$([0-9]+\.[0-9]{2})", text)}


EDITED = ["billing/billing-software.md", "billing/claims-submission.md", "billing/payment-posting-denials-ar.md",
          "billing/registration-verification.md", "careers/skills.md", "regulations/fraud-abuse-compliance.md",
          "regulations/hipaa.md"]


@pytest.mark.parametrize("path", EDITED)
def test_citations_and_terms_resolve(path):
    bib = (BOOK / "references.bib").read_text(encoding="utf-8")
    known = set(re.findall(r"^@\w+\{([^,]+),", bib, re.MULTILINE))
    text = page(path)
    cited = {key.strip() for group in CITE.findall(text) for key in group.split(",")}
    assert cited - known == set(), f"{path} cites keys missing from references.bib"
    terms = set()
    for glossary in (BOOK / "glossary").glob("*.md"):
        terms |= {line.lower() for line in glossary.read_text(encoding="utf-8").splitlines()
                  if line and not line.startswith((" ", "`", "#", "("))}
    used = {" ".join((m.group(1) if m else role).split()).lower()
            for role in TERM.findall(text) for m in [re.search(r"<([^>]+)>$", role)]}
    assert used - terms == set(), f"{path} uses glossary terms that are not defined"


def test_new_bibliography_keys_are_defined_once():
    bib = (BOOK / "references.bib").read_text(encoding="utf-8")
    for key in ("fca-1863", "fca-1986", "ecfr-42-411-172"):
        assert bib.count(f"{{{key},") == 1, key


# B1 and B12: a processed Medicare Part B claim is reopened or appealed, never sent again as a corrected claim.
def test_b1_the_level_of_service_denial_is_reopened_or_appealed():
    two = flat(section(page("billing/billing-software.md"), "billing-software-example-2"))
    assert "the right answer is a corrected claim" not in two
    assert "does **not** send a corrected claim" in two
    assert "duplicate (CARC 18)" in two and "{term}`reopening`" in two and "(section 405.980)" in two
    assert "CARC 150" in two
    posting = flat(page("billing/payment-posting-denials-ar.md"))
    assert "Correcting and resubmitting would only produce a duplicate (CO-18)" in posting
    assert "Medicare Part B does not: a second copy of a physician's claim is denied as a duplicate (CO-18)" in posting
    # the engine's synthetic payer still reports CO-50, which the chapter says plainly
    assert book_values.clinic_day()["queue"].iloc[0]["reasons"] == "CO-50" and "CO-50" in two


def test_b12_the_glossary_denial_names_the_medicare_route():
    denial = glossary_entry("denial")
    assert "can be corrected and resubmitted or appealed" not in denial
    assert "reopening" in denial and "appeal" in denial and "duplicate" in denial
    assert "not an appeal" in glossary_entry("reopening")


# B2: a routine prenatal visit is in the global obstetric package; sw-05 says why 99213 applies.
def test_b2_the_prenatal_visit_has_its_context():
    exercises, key = bank("billing-software")
    prompt = flat(exercises["sw-05"].prompt)
    assert "routine prenatal visit" not in prompt
    assert "global obstetric package" in prompt and "one prenatal check" in prompt and "`99213`" in prompt
    explanation = flat(key["sw-05"].explanation)
    for code in ("59400", "59510", "59610", "59425", "59426"):
        assert code in explanation
        assert f"`{code}`" in page("billing/billing-software.md")
    answer = key["sw-05"].answer
    weeks = int(re.search(r"(\d+)-week", prompt).group(1))
    assert answer["21B"] == f"Z3A.{weeks}" and icd10cm.is_billable(answer["21B"], on="2026-10-01")
    # "not her first" pregnancy, second trimester: Z34.8-, other normal pregnancy
    assert "not her first" in prompt and "second trimester" in prompt
    title = icd10cm.title(answer["21A"]).lower()
    assert "other normal pregnancy" in title and "second trimester" in title


# B3 (verified): an overpayment is identified under the FCA's knowledge standard; fac-14's date is 60 days later.
def test_b3_overpayment_identification_and_fac_14():
    text = flat(page("regulations/fraud-abuse-compliance.md"))
    assert "knowingly receives or keeps it" in text and "at most 180 days" in text
    exercises, key = bank("fraud-abuse-compliance")
    assert "May 4, 2026" in exercises["fac-14"].prompt
    due = date(2026, 5, 4) + timedelta(days=60)
    assert key["fac-14"].answer == f"{due:%B} {due.day}, {due.year}"


# B4: CARC 27 (coverage ended) usually carries PR.
def test_b4_carc_27_is_usually_patient_responsibility():
    row = table_row(page("billing/payment-posting-denials-ar.md"), "27")
    assert row[2].startswith("PR"), row


# B5: items 8, 9b, 9c and 30 are reserved on the 02/12 form.
def test_b5_the_reserved_items():
    text = page("billing/claims-submission.md")
    assert "Items 8 and 30 are reserved" not in text
    sentence = paragraph(text, "are reserved")
    assert re.search(r"\b8, 9b, 9c and 30\b", sentence) and "nucc-1500" in sentence


# B6: a Medicare remittance shows the 2% sequestration cut (CO-253); Medicare does not deposit a full 80%.
def test_b6_skills_example_3_explains_sequestration():
    three = flat(section(page("careers/skills.md"), "careers-skills-example-3"))
    assert "Medicare paid (80% of the approved amount)" not in three
    assert "before the 2% sequestration cut" in three and "CO-253" in three
    assert "98 percent of {computed}`skills.payer-pays`" in three


def test_b6_posting_example_1_notes_co_253():
    one = flat(section(page("billing/payment-posting-denials-ar.md"), "payment-posting-example-1"))
    assert "paid in full" not in one
    assert "CO-253" in one and "2 percent" in one and "98 percent of {computed}`payment-posting.line-1.paid`" in one


def test_b6_pda_02_line_is_what_medicare_would_pay():
    exercises, key = bank("payment-posting-denials-ar")
    shown = amounts(exercises["pda-02"].prompt)
    allowed = fees.pfs_payment("99214").payment
    share = patient_share(allowed, coinsurance_rate="0.20")
    cut = to_cents(share.payer_pays * SEQUESTRATION)
    assert shown["charge"] - allowed == shown["CO-45"]
    assert shown["PR-2"] == share.coinsurance
    assert shown["CO-253"] == cut and shown["paid"] == share.payer_pays - cut
    assert shown["charge"] == shown["paid"] + shown["CO-45"] + shown["CO-253"] + shown["PR-2"]
    assert D(str(key["pda-02"].answer)) == allowed
    assert any("CO-253" in hint for hint in exercises["pda-02"].hints)


def test_b6_pda_03_asks_for_the_share_before_sequestration():
    exercises, key = bank("payment-posting-denials-ar")
    assert "before the 2 percent sequestration cut" in exercises["pda-03"].prompt
    share = patient_share("192.39", deductible_remaining="50.00", coinsurance_rate="0.20")
    cut = to_cents(share.payer_pays * SEQUESTRATION)
    assert D(str(key["pda-03"].answer)) == share.payer_pays
    explanation = flat(key["pda-03"].explanation)
    assert f"({cut}, shown as CO-253)" in explanation and f"is {share.payer_pays - cut};" in explanation


# B7: clm-14's keyed option agrees with its explanation: the deductible and coinsurance may be billed.
def test_b7_clm_14_option_and_explanation_agree():
    exercises, key = bank("claims-submission")
    answer = key["clm-14"].answer
    assert answer in exercises["clm-14"].options
    assert "without billing the patient" not in answer
    assert "deductible and coinsurance" in answer and "deductible and coinsurance" in key["clm-14"].explanation
    chapter = flat(page("billing/claims-submission.md"))
    assert "may not charge the patient more than the deductible and coinsurance" in chapter


# B8: unique user identification is required; automatic logoff is addressable.
def test_b8_automatic_logoff_is_addressable():
    skills = paragraph(page("careers/skills.md"), "Fluency includes protecting")
    assert "procedures to end an idle session" not in skills
    assert re.search(r"unique user name or number for each person, which is \*required\*", skills)
    assert re.search(r"automatic logoff .* which is \*addressable\*", skills)
    row = paragraph(page("regulations/hipaa.md"), "what the software and network do")
    assert "unique user IDs (required) and automatic logoff (addressable)" in row


# B9: the amount in controversy is the charges less the deductible and coinsurance, not the whole charge.
def test_b9_amount_in_controversy_is_computed_not_the_whole_charge():
    two = flat(section(page("billing/payment-posting-denials-ar.md"), "payment-posting-example-2"))
    assert "{computed}`payment-posting.appeal.denied` exceeds the" not in two
    assert "is not the whole {computed}`payment-posting.appeal.denied`" in two
    coinsurance = int(re.search(r"only her (\d+) percent coinsurance comes off", two).group(1))
    left = int(re.search(r"amount in controversy is (\d+) percent of {computed}`payment-posting.appeal.denied`",
                         two).group(1))
    assert coinsurance + left == 100
    denied = book_values.appeal_case()["case"]["denied"]
    in_controversy = patient_share(denied, deductible_remaining="0", coinsurance_rate=f"0.{coinsurance}").payer_pays
    assert in_controversy == to_cents(denied * left / 100) < denied
    assert in_controversy >= appeals.aic_threshold(3, 2026), "the text says it is still above the ALJ threshold"
    assert "still above the {computed}`payment-posting.aic-2026-alj`" in two


# B10: under 20 employees, Medicare pays first except in a multi-employer plan that did not elect the exception.
def test_b10_the_multi_employer_exception():
    row = table_row(page("billing/registration-verification.md"), "the same, employer of fewer than "
                    "{computed}`registration-verification.aged-employer-size` employees")
    assert row[1] != "Medicare"
    assert "multi-employer plan" in row[1] and "small-employer exception" in row[1]
    assert "ecfr-42-411-172" in row[2]


# B11: the 1863 Act set a 2,000-dollar forfeit and double damages; 1986 brought 5,000-10,000 and treble damages.
def test_b11_false_claims_act_history():
    text = paragraph(page("regulations/fraud-abuse-compliance.md"), "**The money.**")
    assert "The statute's original" not in text
    assert re.search(r"1863, set a forfeit of two thousand dollars per claim plus double damages", text)
    assert re.search(r"1986 amendments raised the penalty to \\\$5,000–\\\$10,000 per claim and made the damages "
                     r"treble", text)
    assert "fca-1863" in text and "fca-1986" in text


# B13: a 999 answers per transaction set, and can accept with errors; the engine's verdicts say the same.
def test_b13_the_999_is_not_all_or_nothing():
    row = table_row(page("billing/claims-submission.md"), "{term}`X12 999`")
    assert "as a whole" not in row[1]
    assert "each transaction set" in row[1] and "accepted with errors" in row[1]
    fixes = paragraph(page("billing/claims-submission.md"), "A 999 rejection and a 277CA rejection")
    assert "can accept some sets and reject others" in fixes
    assert "as a whole" not in glossary_entry("X12 999") and "accepted with errors" in glossary_entry("X12 999")
    assert "accepted with errors" in flat(page("billing/billing-software.md"))
    assert {"accepted with errors", "partially accepted"} <= set(acks.VERDICTS.values())


# B14: HHS hears of a 500+ breach with the individual notices, within 60 days, not immediately.
def test_b14_hhs_notice_is_contemporaneous():
    text = page("regulations/hipaa.md")
    assert not re.search(r"immediate(ly)?\s+not(ice|ify)", text, re.IGNORECASE)
    watch = paragraph(text, "Watch the two thresholds")
    assert "same time as the individual notices" in watch and "within 60 days of discovery" in watch
    assert "ecfr-45-164-408" in watch
    row = table_row(text, "HHS (through its breach portal)")
    assert row[2].startswith("at the same time as the individual notices")
