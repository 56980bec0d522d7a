"""The regulations chapters' templates (hipaa, fraud-abuse-compliance) give RIGHT keys: each test recomputes the key
from the facts printed in the drawn prompt, with plain date and decimal arithmetic and the rules as the chapters and
FACTS.md state them (not with the code the template used)."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.exercises.spec import candidates
from workbook.exercises.templates import by_chapter, templates

SEEDS = st.integers(0, 10**9)
MANY = settings(max_examples=40, deadline=None)
DATE = r"([A-Z][a-z]+ \d{1,2}, \d{4})"


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:regs:{tid}"), "t-001")


def day(text: str) -> date:
    return datetime.strptime(text, "%B %d, %Y").date()


def when(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def first_date(prompt: str) -> date:
    m = re.search(rf"On \*\*{DATE}\*\*", prompt) or re.search(rf"On {DATE}", prompt)
    assert m, prompt
    return day(m.group(1))


def test_each_regulations_chapter_has_its_templates():
    assert {t.id for t in by_chapter()["hipaa"]} >= {"hipaa-breach-deadline", "hipaa-breach-notices",
                                                     "hipaa-safe-harbor-spot", "hipaa-request-deadline",
                                                     "hipaa-minimum-necessary"}
    assert {t.id for t in by_chapter()["fraud-abuse-compliance"]} >= {
        "fac-overpayment-deadline", "fac-which-law", "fac-fca-exposure", "fac-em-high-share", "fac-peer-z-score"}


# --------------------------------------------------------------------------------------------------------------------
# HIPAA
# --------------------------------------------------------------------------------------------------------------------


@MANY
@given(SEEDS)
def test_breach_deadline_is_60_days_or_the_annual_log(seed):
    ex, key = draw("hipaa-breach-deadline", seed)
    discovered = first_date(ex.prompt)
    affected = int(re.search(r"\*\*([\d,]+) patients\*\*", ex.prompt).group(1).replace(",", ""))
    if "**HHS**" in ex.prompt and affected < 500:  # 164.408(c): 60 days after the end of the calendar year
        expected = date(discovered.year, 12, 31) + timedelta(days=60)
    else:  # 164.404(b) and 164.408(b): 60 calendar days after discovery
        expected = discovered + timedelta(days=60)
    assert key.answer == when(expected)
    assert ex.options.count(key.answer) == 1 and len(set(ex.options)) == len(ex.options) >= 3


def test_breach_deadline_handles_leap_years_and_the_year_end():
    # The annual log for a 2027 discovery falls on February 29, 2028; for 2026 on March 1, 2027.
    assert date(2027, 12, 31) + timedelta(days=60) == date(2028, 2, 29)
    seen = set()
    for seed in range(300):
        ex, key = draw("hipaa-breach-deadline", seed)
        seen.add(key.answer)
    assert {"February 29, 2028", "March 1, 2027"} & seen


@MANY
@given(SEEDS)
def test_breach_notices_apply_the_per_state_and_total_thresholds(seed):
    ex, key = draw("hipaa-breach-notices", seed)
    split = re.search(r"patients\*\* \(([^)]*)\)", ex.prompt).group(1)
    residents = {s: int(n.replace(",", "")) for n, s in re.findall(r"([\d,]+) in ([A-Z][A-Za-z ]+)", split)}
    total = sum(residents.values())
    expected = {"Each affected patient, in writing"}
    expected |= {f"Prominent media outlets serving {s}" for s, n in residents.items() if n > 500}  # 164.406
    expected.add("HHS, at the same time as the patients" if total >= 500  # 164.408(b)
                 else "HHS, only in the practice's annual log of small breaches")  # 164.408(c)
    assert set(key.answer) == expected
    assert expected <= set(ex.options)


STATE_NAMES = {"Illinois", "Vermont", "Texas", "Wisconsin", "Wyoming"}
NOT_IDENTIFIERS = {"type 2 diabetes", "essential hypertension", "hyperlipidemia", "asthma", "chronic kidney disease",
                   "osteoarthritis of the knee", "hypothyroidism", "hemoglobin A1c", "lipid panel", "TSH level",
                   "basic metabolic panel", "urine albumin test", "metformin 500 mg twice daily",
                   "lisinopril 10 mg daily", "atorvastatin 20 mg at bedtime", "levothyroxine 50 mcg daily",
                   "an albuterol inhaler as needed", "first-floor"}


def is_identifier(phrase: str) -> bool:
    """45 CFR 164.514(b)(2): a state, a year alone, an age up to 89 and clinical facts may stay; the rest in these
    notes (names, towns, streets, ZIP codes, full dates, ages over 89, numbers, addresses) must go."""
    if phrase in STATE_NAMES or phrase in NOT_IDENTIFIERS or re.fullmatch(r"20\d\d", phrase):
        return False
    if re.fullmatch(r"\d{1,3}", phrase):
        return int(phrase) > 89
    return True


@MANY
@given(SEEDS)
def test_safe_harbor_key_is_exactly_the_identifiers(seed):
    ex, key = draw("hipaa-safe-harbor-spot", seed)
    found = candidates(ex.note)
    assert 6 <= len(found) <= 40 and len(set(found)) == len(found)
    assert key.answer == [p for p in found if is_identifier(p)]
    assert any(not is_identifier(p) for p in found), "every note offers at least one phrase that may stay"
    for phrase in key.answer:
        assert f"{phrase}: " in key.explanation


def test_safe_harbor_notes_cover_ages_on_both_sides_of_89():
    ages = set()
    for seed in range(80):
        ex, key = draw("hipaa-safe-harbor-spot", seed)
        age = int(re.search(r"age \[(\d+)\]", ex.note).group(1))
        ages.add(age > 89)
        assert (str(age) in key.answer) == (age > 89)
    assert ages == {True, False}


REQUEST_DAYS = {"a copy of her medical and billing records": 30,  # 164.524(b)(2)
                "a correction to an allergy list": 60,  # 164.526(b)(2)
                "an accounting of the disclosures": 60}  # 164.528(c)(1)


@MANY
@given(SEEDS)
def test_request_deadline_counts_the_right_clock_and_one_extension(seed):
    ex, key = draw("hipaa-request-deadline", seed)
    received = first_date(ex.prompt)
    days = next(d for text, d in REQUEST_DAYS.items() if text in ex.prompt)
    extended = "written notice explaining" in ex.prompt
    if extended:
        sent = day(re.search(rf"On {DATE} the practice sends", ex.prompt).group(1))
        assert received < sent < received + timedelta(days=days), "the extension notice goes out within the period"
    assert key.answer == when(received + timedelta(days=days + (30 if extended else 0)))


MINIMUM_NECESSARY = {  # phrase in the case -> the right option (45 CFR 164.502(b)(2))
    "one disputed claim": "It applies",
    "coding auditor": "It applies",
    "collection agency": "It applies",
    "cardiologist": "It does not apply: a disclosure to a provider for treatment",
    "copy of her own record": "It does not apply: a disclosure to the patient",
    "signs an authorization": "It does not apply: a disclosure the patient authorized",
    "Office for Civil Rights": "It does not apply: a disclosure to HHS",
    "court orders": "It does not apply: a disclosure required by law",
}


@MANY
@given(SEEDS)
def test_minimum_necessary_key_matches_the_exceptions(seed):
    ex, key = draw("hipaa-minimum-necessary", seed)
    expected = [v for k, v in MINIMUM_NECESSARY.items() if k in ex.prompt]
    assert len(expected) == 1, ex.prompt
    assert key.answer.startswith(expected[0])
    assert sum(o.startswith("It applies") for o in ex.options) == 1


# --------------------------------------------------------------------------------------------------------------------
# Fraud, abuse and compliance
# --------------------------------------------------------------------------------------------------------------------


@MANY
@given(SEEDS)
def test_overpayment_deadline_is_60_days_after_identification_or_the_suspension(seed):
    ex, key = draw("fac-overpayment-deadline", seed)
    identified = first_date(ex.prompt)
    done = re.search(rf"it is completed on \*\*{DATE}\*\*", ex.prompt)
    if done is None:  # 42 U.S.C. 1320a-7k(d)(2): 60 days after identification (no cost report)
        expected = identified + timedelta(days=60)
    else:  # 42 CFR 401.305(b) for 2025 on: suspended until the investigation ends, at most 180 days
        expected = min(day(done.group(1)), identified + timedelta(days=180)) + timedelta(days=60)
    assert key.answer == when(expected)
    assert len(set(ex.options)) == len(ex.options) >= 3


def test_the_overpayment_template_draws_all_three_situations():
    lags = set()
    for seed in range(60):
        ex, key = draw("fac-overpayment-deadline", seed)
        lags.add((day(key.answer) - first_date(ex.prompt)).days)
    assert 60 in lags and 240 in lags and any(60 < d < 240 for d in lags)


WHICH_LAW = {  # the deciding fact -> the law; and laws that must never be offered as "wrong" for it
    "did nothing": ("The False Claims Act", set()),
    "in cash for each": ("The Anti-Kickback Statute", {"The False Claims Act"}),
    "No exception applies": ("The Stark Law (physician self-referral)",
                             {"The False Claims Act", "The Anti-Kickback Statute"}),
    "List of Excluded": ("The exclusion rules (OIG's LEIE)", {"The False Claims Act"}),
}


@MANY
@given(SEEDS)
def test_which_law_key_and_distractors(seed):
    ex, key = draw("fac-which-law", seed)
    (law, also_at_risk), = [v for k, v in WHICH_LAW.items() if k in ex.prompt]
    assert key.answer == law
    assert not also_at_risk & set(ex.options), "a law the facts also put at risk cannot be a distractor"


@MANY
@given(SEEDS)
def test_fca_exposure_is_treble_damages_plus_a_penalty_per_claim(seed):
    ex, key = draw("fac-fca-exposure", seed)
    claims = int(re.search(r"\*\*(\d+) ", ex.prompt).group(1))
    paid = Decimal(re.search(r"paid \*\*\\\$([\d,.]+)\*\*", ex.prompt).group(1).replace(",", ""))
    penalty = Decimal(14308) if "**lowest**" in ex.prompt else Decimal(28619)  # DOJ 2025, 28 CFR 85.5
    expected = 3 * claims * paid + claims * penalty
    assert Decimal(key.answer) == expected


@MANY
@given(SEEDS)
def test_em_high_share_is_levels_4_and_5_over_all_visits(seed):
    ex, key = draw("fac-em-high-share", seed)
    counts = {code: int(n) for code, n in re.findall(r"(9921[1-5]): (\d+)", ex.prompt)}
    assert sorted(counts) == ["99211", "99212", "99213", "99214", "99215"]
    share = Decimal(100 * (counts["99214"] + counts["99215"])) / sum(counts.values())
    assert Decimal(key.answer) == share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@MANY
@given(SEEDS)
def test_peer_z_score_from_the_printed_numbers(seed):
    ex, key = draw("fac-peer-z-score", seed)
    visits, high = (int(n) for n in re.findall(r"\*\*(\d+)\*\*", ex.prompt)[:2])
    mean = float(re.search(r"share is \*\*([\d.]+)%\*\*", ex.prompt).group(1))
    sd = float(re.search(r"deviation of \*\*([\d.]+) percentage", ex.prompt).group(1))
    z = (100 * high / visits - mean) / sd
    assert abs(float(key.answer) - z) <= 0.06, (key.answer, z)
