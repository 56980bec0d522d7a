"""The careers chapters' templates give the right key: each test recomputes the key from the drawn case by the rule
the chapter states (plain arithmetic, datetime, the code sets, the NPI check digit), not by calling the template."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from stdnum import luhn

from revcycle.codes import icd10cm, pos
from tests.chapter_checks import cents
from workbook.exercises.spec import candidates
from workbook.exercises.templates import by_chapter, templates

SEEDS = range(40)
FY2026 = date(2025, 10, 1)
FY2027 = icd10cm.PRIMARY.effective_from

# The requirement tables as the training chapter states them (AAPC, "CEU Information - Members"; AHIMA,
# "Recertification" and its FAQ), written out here so the tests do not lean on careers.ceu.
AAPC = {1: 36, 2: 40, 3: 44, 4: 48, 5: 52}
AAPC_CREDS = {"CPC", "COC", "CIC", "CRC", "CPB", "CPMA", "CPCO", "CPPM", "CDEO"}
AHIMA = {"CCA": 20, "CCS": 20, "CCS-P": 20, "RHIT": 20, "RHIA": 30}


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:careers:{tid}"), f"c{seed}-001")


def aapc_need(creds: list[str]) -> int:
    return AAPC[min(len(set(creds)), 5)]


def ahima_need(creds: list[str]) -> int:
    held = set(creds)
    if {"RHIA", "RHIT"} <= held:
        held.discard("RHIT")
    return min(max(AHIMA[c] for c in held) + 10 * (len(held) - 1), 50)


def us_date(text: str) -> date:
    m, d, y = (int(p) for p in text.split("/"))
    return date(y, m, d)


def long_date(text: str) -> date:
    from datetime import datetime

    return datetime.strptime(text, "%B %d, %Y").date()


@pytest.mark.parametrize("chapter", ["careers-skills", "careers-training", "careers-outlook"])
def test_each_careers_chapter_has_its_templates(chapter):
    ids = [t.id for t in by_chapter()[chapter]]
    assert len(ids) >= 3
    prefix = chapter.split("-")[1]
    assert all(i.startswith(prefix + "-") for i in ids)


# ------------------------------------------------------------------------------------------------ skills


def test_everyday_diagnoses_are_complete_codes_whose_parents_are_headings():
    from workbook.exercises.templates.careers_skills import EVERYDAY_DX, _injury_codes

    for code in EVERYDAY_DX:
        parent = code[:-1].rstrip(".")
        for day in (FY2026, FY2027):
            assert icd10cm.is_billable(code, on=day), (code, day)
            assert icd10cm.is_valid(parent, on=day) and not icd10cm.is_billable(parent, on=day), (parent, day)
    injuries = _injury_codes()
    assert len(injuries) > 500
    for code in random.Random(1).sample(injuries, 60):
        assert icd10cm.is_billable(code, on=FY2026) and icd10cm.is_billable(code, on=FY2027)
        assert not icd10cm.is_billable(code[:-1], on=FY2026)
        assert "initial encounter" in icd10cm.title(code, on=FY2027)


def _is_real_date(text: str) -> date | None:
    try:
        return us_date(text)
    except ValueError:
        return None


def test_detail_errors_key_is_every_invalid_value_and_nothing_else():
    for seed in SEEDS:
        ex, key = draw("skills-detail-errors", seed)
        today = long_date(re.search(r"On (\w+ \d+, \d{4})", ex.prompt).group(1))
        m = re.search(r"Patient \[(.+?)\], seen on \[(.+?)\] in the \[office\], place of service \[(\d+)\]\. "
                      r"Procedure \[(\d+)\]\. Diagnosis A \[(.+?)\].*diagnosis B \[(.+?)\].*NPI \[(\d+)\]\. "
                      r"Units \[(\d+)\]; charge \[(.+?)\]", ex.note)
        assert m, ex.note
        _patient, when, place, _proc, dx_a, dx_b, npi, units, _charge = m.groups()
        expected = []
        day = _is_real_date(when)
        if day is None or day > today:
            expected.append(when)
        if not pos.is_valid(place):
            expected.append(place)
        for dx in (dx_a, dx_b):
            if not icd10cm.is_billable(dx, on=day or today):
                expected.append(dx)
        if not (npi[0] in "12" and luhn.is_valid("80840" + npi)):
            expected.append(npi)
        if units == "0":
            expected.append(units)
        assert sorted(key.answer) == sorted(expected), (seed, ex.note, key.answer)
        assert set(key.answer) <= set(candidates(ex.note))
        # the complete codes on the claim are real in the release the book teaches, too
        for dx in (dx_a, dx_b):
            if dx not in key.answer:
                assert icd10cm.is_valid(dx, on=FY2027)


def test_npi_key_is_the_only_option_with_a_right_check_digit():
    for seed in SEEDS:
        ex, key = draw("skills-npi-check-digit", seed)
        passing = [o for o in ex.options if o[0] in "12" and len(o) == 10 and luhn.is_valid("80840" + o)]
        assert passing == [key.answer], (seed, ex.options)
        assert len(set(ex.options)) == 4


RANGES = {  # what makes each drawn indicator abnormal, as the prompt's record states it
    "sodium": lambda v: all(x < 135 for x in v),
    "potassium": lambda v: all(x < Decimal("3.5") for x in v),
    "A1c": lambda v: all(x > Decimal("6.5") for x in v),
    "hemoglobin": lambda v: v[1] < v[0] and v[1] < 10,
    "creatinine": lambda v: v[1] >= Decimal("1.5") * v[0],
}


def test_compliant_query_key_shows_the_evidence_and_offers_open_choices():
    for seed in SEEDS:
        ex, key = draw("skills-compliant-query", seed)
        answer = key.answer
        assert "Other (please specify)" in answer and "Clinically undetermined" in answer
        assert not re.search(r"reimburse|payment|pay|quality|score|object", answer, re.I)
        for o in ex.options:
            if o != answer:
                assert "Clinically undetermined" not in o
        indicators = re.search(r"has this in the record: (.+?)\. No note", ex.prompt).group(1)
        assert indicators in answer
        name = next(n for n in RANGES if n in indicators)
        first = indicators.split(";")[0]
        values = [Decimal(v) for v in re.findall(r"(\d+(?:\.\d+)?) ?(?:mmol/L|g/dL|mg/dL|%)", first)]
        assert values and RANGES[name](values), (seed, indicators)


def test_bill_key_splits_the_approved_amount_80_20_and_writes_off_the_rest():
    from revcycle.payment import fees
    from revcycle.synthetic.pools import CHARGEMASTER

    names = {f"{loc.name.strip('*')} ({loc.state})": loc for loc in fees.localities()}
    for seed in SEEDS:
        ex, key = draw("skills-explain-bill", seed)
        code = re.search(r"CPT (\d{5})", ex.prompt).group(1)
        charge, allowed = (Decimal(a.replace(",", "")) for a in re.findall(r"\\\$([\d,]+\.\d\d)", ex.prompt))
        where = re.search(r"payment locality (.+?) is \\\$", ex.prompt).group(1)
        assert charge == CHARGEMASTER[code]
        assert allowed == fees.pfs_payment(code, locality=names[where].key).payment
        patient = cents(allowed * Decimal("0.20"))
        expected = {"coinsurance": patient, "Medicare pay": allowed - patient, "write off": charge - allowed}
        asked = next(k for k in expected if k in ex.prompt)
        assert Decimal(key.answer) == expected[asked], (seed, ex.prompt)


# ------------------------------------------------------------------------------------------------ training


def test_ceus_owed_key_follows_each_bodys_table():
    seen = set()
    for seed in SEEDS:
        ex, key = draw("training-ceus-owed", seed)
        held = re.search(r"holds these credentials: (.+?)\. How many", ex.prompt).group(1).split(", ")
        body = re.search(r"\*\*(AAPC|AHIMA)\*\*", ex.prompt).group(1)
        mine = [c for c in held if (c in AAPC_CREDS) == (body == "AAPC")]
        assert mine and all(c in AAPC_CREDS or c in AHIMA for c in held)
        expected = aapc_need(mine) if body == "AAPC" else ahima_need(mine)
        assert int(key.answer) == expected, (seed, held, body)
        seen.add(body)
    assert seen == {"AAPC", "AHIMA"}


def test_ceu_pace_key_counts_only_approved_in_cycle_activities():
    for seed in SEEDS:
        ex, key = draw("training-ceu-pace", seed)
        p = ex.prompt
        held, body = re.search(r"holds (.+?) \((AAPC|AHIMA)\)", p).groups()
        creds = held.split(" and ")
        start, end = (long_date(d) for d in re.search(r"runs from (\w+ \d+, \d{4}) to (\w+ \d+, \d{4})", p).groups())
        today = long_date(re.search(r"Today is (\w+ \d+, \d{4})", p).group(1))
        months = int(re.search(r"(\d+) months are left", p).group(1))
        assert end == date(start.year + 2, start.month, start.day) - timedelta(days=1)
        assert months == (end.year - today.year) * 12 + end.month - today.month + (end.day >= today.day)
        earned = Decimal(0)
        for when, amount, bodies in re.findall(r"- (\d\d/\d\d/\d{4}): .+?, ([\d.]+) CEUs?, approved by (.+)", p):
            if start <= us_date(when) <= min(end, today) and body in bodies.split(" and "):
                earned += Decimal(amount)
        need = aapc_need(creds) if body == "AAPC" else ahima_need(creds)
        expected = cents((need - earned) / months)
        assert abs(Decimal(key.answer) - expected) <= Decimal("0.01"), (seed, key.answer, expected)
        assert key.tolerance >= Decimal("0.01")


FIT = {  # a phrase of the goal -> the credential and body the training chapter's table gives for it
    "professional services": ("CPC", "AAPC"),
    "billing side": ("CPB", "AAPC"),
    "entry-level coding competence": ("CCA", "AHIMA"),
    "mastery-level coding": ("CCS", "AHIMA"),
    "both billing and coding": ("CBCS", "NHA"),
    "health information technician": ("RHIT", "AHIMA"),
}
BODY = {"CPC": "AAPC", "CPB": "AAPC", "CPMA": "AAPC", "CCA": "AHIMA", "CCS": "AHIMA", "RHIT": "AHIMA", "CBCS": "NHA"}


def test_credential_fit_key_names_the_credential_and_its_real_body():
    for seed in SEEDS:
        ex, key = draw("training-credential-fit", seed)
        cred, body = next(v for k, v in FIT.items() if k in ex.prompt)
        assert key.answer == f"{cred}, from {body}"
        for option in ex.options:
            c, b = option.split(", from ")
            if option != key.answer:
                assert c != cred or b != BODY[c], option  # either another credential or the wrong body


EXAMS = {"CPC": {"questions": 100, "hours": 4, "percentage": 70}, "CPB": {"questions": 135, "hours": 4},
         "CCA": {"questions": 105, "hours": 2, "are scored": 90, "pretest": 15}}


def test_exam_facts_key_matches_the_chapter_table():
    for seed in SEEDS:
        ex, key = draw("training-exam-facts", seed)
        cred = re.search(r"\*\*(CPC|CPB|CCA)\*\*", ex.prompt).group(1)
        question = ex.prompt.rsplit(",", 1)[1]
        facet = next(k for k in ("pretest", "are scored", "percentage", "hours", "questions") if k in question)
        assert int(key.answer) == EXAMS[cred][facet], (seed, ex.prompt)


# ------------------------------------------------------------------------------------------------ outlook

PROJECTED = {"medical records specialists": Decimal(7), "all occupations": Decimal("3.1"),
             "the healthcare and social assistance sector": Decimal("8.4")}  # FACTS.md and the BLS release


def test_projected_jobs_key_is_the_percentage_of_the_base():
    for seed in SEEDS:
        ex, key = draw("outlook-projected-jobs", seed)
        jobs = Decimal(re.search(r"BLS counts ([\d,]+) jobs", ex.prompt).group(1).replace(",", ""))
        rate = Decimal(re.search(r"projects a ([\d.]+) percent change", ex.prompt).group(1))
        assert (jobs, rate) == (194800, 7)
        staff = re.search(r"counts (\d+) coders", ex.prompt)
        base = Decimal(staff.group(1)) if staff else jobs
        added = (base * rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        expected = jobs + added if "at the end of the period" in ex.prompt and not staff else added
        assert Decimal(key.answer) == expected, (seed, ex.prompt)


def test_growth_gap_key_is_the_difference_in_points():
    for seed in SEEDS:
        ex, key = draw("outlook-growth-gap", seed)
        a, b = re.findall(r"\*\*(.+?)\*\*", ex.prompt)
        assert Decimal(key.answer) == abs(PROJECTED[a] - PROJECTED[b])
        assert ("faster" in ex.prompt) == (PROJECTED[a] > PROJECTED[b])
        rows = dict(re.findall(r"\| (.+?) \| ([\d.]+)% \|", ex.prompt))
        assert sorted(Decimal(v) for v in rows.values()) == sorted(PROJECTED.values())


ROLE_WORDS = {"Medical coder": "assigns diagnosis and procedure codes", "Billing specialist": "sends claims",
              "Health information technician": "health record complete", "Revenue-cycle manager": "registration",
              "Clinical documentation integrity specialist": "still in care", "Coding auditor": "Samples coded",
              "Compliance officer": "compliance program"}


def test_role_match_key_pairs_each_role_with_its_own_work():
    for seed in SEEDS:
        ex, key = draw("outlook-role-match", seed)
        assert sorted(key.answer.values()) == sorted(ex.right)
        for role, work in key.answer.items():
            assert ROLE_WORDS[role] in work, (role, work)


def test_advancement_key_names_the_roles_credential_and_the_new_total():
    credential = {"coding auditor": ("CPMA", "auditing"), "compliance officer": ("CPCO", "compliance"),
                  "revenue-cycle manager": ("CPPM", "practice management")}
    for seed in SEEDS:
        ex, key = draw("outlook-advancement-ceus", seed)
        held = re.search(r"holds the (.+?) from AAPC", ex.prompt).group(1).split(" and ")
        cred, subject = next(v for k, v in credential.items() if k in ex.prompt)
        assert key.answer == f"{cred}; {aapc_need([*held, cred])} CEUs every two years, 16 of them related to {subject}"
        assert aapc_need([*held, cred]) != aapc_need(held)


def test_posting_check_key_compares_exact_rates_with_the_targets():
    outcomes = set()
    for seed in SEEDS:
        ex, key = draw("outlook-posting-check", seed)
        p = ex.prompt
        target_acc = int(re.search(r"at least (\d+)% accuracy", p).group(1))
        target_rate = int(re.search(r"at least (\d+) charts an hour", p).group(1))
        reviewed, errors = (int(x) for x in re.search(r"reviewed (\d+) of .+? errors in (\d+) of them", p).groups())
        charts, hours = (int(x) for x in re.search(r"coded (\d+) charts in (\d+) hours", p).groups())
        acc_ok = Fraction(reviewed - errors, reviewed) * 100 >= target_acc
        rate_ok = Fraction(charts, hours) >= target_rate
        expected = {(True, True): "Both expectations", (True, False): "The accuracy expectation only",
                    (False, True): "The productivity expectation only", (False, False): "Neither"}[acc_ok, rate_ok]
        assert key.answer == expected, (seed, p)
        outcomes.add(expected)
    assert len(outcomes) == 4
