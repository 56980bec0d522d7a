"""The keys of the payment-posting-denials-ar and billing-software templates are right: each is recomputed here from
the facts printed in the prompt (plain arithmetic, datetime, the segments shown), not by calling the template again."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from workbook.exercises.templates import templates

SEEDS = range(40)
MONEY = r"\\\$([0-9,]+\.[0-9]{2})"
LAB = {"36415", "80053", "83036", "85025", "81002"}


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:billing-back:{tid}"), "t-001")


def dollars(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def amount_after(label: str, prompt: str) -> Decimal:
    found = re.search(re.escape(label) + r" " + MONEY, prompt)
    assert found, (label, prompt)
    return dollars(found.group(1))


def day(text: str) -> date:
    return datetime.strptime(text, "%B %d, %Y").date()


def tenth(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def code_block(prompt: str) -> list[list[str]]:
    block = prompt.split("```")[1]
    return [seg.rstrip("~").split("*") for seg in block.strip().splitlines()]


# --------------------------------------------------------------------------- payment-posting-denials-ar


@pytest.mark.parametrize("seed", SEEDS)
def test_a_posted_line_balances_charge_payment_adjustments_and_patient_share(seed):
    ex, key = draw("posting-line-amount", seed)
    p = ex.prompt
    answer = Decimal(key.answer)
    adjustments = [(g, r, dollars(a)) for g, r, a in re.findall(r"\b(CO|PR)-(\d+) \([^)]*\) " + MONEY, p)]
    pr = sum((a for g, _r, a in adjustments if g == "PR"), Decimal(0))
    co45 = sum((a for g, r, a in adjustments if (g, r) == ("CO", "45")), Decimal(0))
    charge = amount_after("charge", p)
    procedure = re.search(r"`([0-9A-Z]{5})`", p).group(1)
    assert not ("Medicare" in p and procedure in LAB), "Medicare charges no cost sharing on clinical lab tests"
    if "**allowed amount**" in p:
        paid = amount_after("paid", p)
        assert answer == paid + pr
        assert paid + co45 + pr == charge
    elif "**pay**" in p:
        assert answer == amount_after("allowed amount", p) - pr
    elif "**contractual adjustment**" in p:
        assert answer == charge - amount_after("paid", p) - pr
        assert answer > 0
    elif "**patient's balance**" in p:
        assert answer == charge - amount_after("paid", p) - co45
        assert answer > 0
    else:
        assert "**write-off today**" in p
        assert answer == 0
        (group, reason, denied), = adjustments
        assert group == "CO" and reason != "45" and denied == charge
        assert amount_after("paid", p) == 0


@pytest.mark.parametrize("seed", SEEDS)
def test_the_aging_bucket_counts_days_from_the_date_of_service(seed):
    ex, key = draw("ar-aging-bucket", seed)
    report, service = (day(d) for d in re.findall(r"\*\*([A-Z][a-z]+ \d{1,2}, \d{4})\*\*", ex.prompt))
    age = (report - service).days
    expected = "0-30" if age <= 30 else "31-60" if age <= 60 else "61-90" if age <= 90 else (
        "91-120" if age <= 120 else "120+")
    assert key.answer == expected, (age, ex.prompt)


def test_the_aging_template_tests_the_bucket_edges():
    ages = set()
    for seed in range(60):
        ex, _ = draw("ar-aging-bucket", seed)
        report, service = (day(d) for d in re.findall(r"\*\*([A-Z][a-z]+ \d{1,2}, \d{4})\*\*", ex.prompt))
        ages.add((report - service).days)
    assert ages & {30, 31} and ages & {120, 121} and len(ages) > 20


@pytest.mark.parametrize("seed", SEEDS)
def test_days_in_ar_is_open_ar_over_average_daily_charges(seed):
    ex, key = draw("ar-days-in-ar", seed)
    balance = amount_after("has", ex.prompt)
    period = int(re.search(r"last (\d+) days were", ex.prompt).group(1))
    charges = amount_after(f"last {period} days were", ex.prompt)
    assert Decimal(key.answer) == tenth(balance / (charges / period))
    assert ex.unit == "days" and ex.decimals == 1


@pytest.mark.parametrize("seed", SEEDS)
def test_claim_rates_use_adjudicated_or_prepared_claims_as_the_denominator(seed):
    ex, key = draw("ar-claim-rates", seed)
    numbers = [int(n.replace(",", "")) for n in re.findall(r"(?<![\w.])(\d[\d,]*)(?![\d,]*%)", ex.prompt)]
    answer = Decimal(key.answer)
    if "clean-claim rate" in ex.prompt:
        prepared, fatal, _warned = numbers[:3]
        assert answer == tenth(Decimal(100) * (prepared - fatal) / prepared)
    else:
        adjudicated, _rejected, denied, fully = numbers[:4]
        assert fully <= denied < adjudicated
        share = Decimal(100) * denied / adjudicated
        expected = share if "**denial rate**" in ex.prompt else Decimal(100) - share
        assert answer == tenth(expected), ex.prompt


@pytest.mark.parametrize("seed", range(25))
def test_the_net_collection_rate_takes_only_contractual_adjustments_off_the_charges(seed):
    ex, key = draw("ar-net-collection-rate", seed)
    p = ex.prompt
    charges = amount_after("charges", p)
    contractual = amount_after("contractual adjustments", p)
    payers = amount_after("payments from payers", p)
    patients = amount_after("payments from patients", p)
    denied = amount_after("Still open:", p)
    owed = amount_after("charges in the work queue and", p)
    assert contractual + payers + patients + denied + owed == charges, "the month's figures add up"
    assert Decimal(key.answer) == tenth(Decimal(100) * (payers + patients) / (charges - contractual))


@pytest.mark.parametrize("seed", SEEDS)
def test_the_redetermination_deadline_is_125_days_after_the_notice(seed):
    ex, key = draw("appeal-redetermination-deadline", seed)
    notice = day(re.search(r"dated \*\*([A-Z][a-z]+ \d{1,2}, \d{4})\*\*", ex.prompt).group(1))
    deadline = notice + timedelta(days=5) + timedelta(days=120)
    assert key.answer == f"{deadline:%B} {deadline.day}, {deadline.year}"
    assert len(set(ex.options)) == len(ex.options) >= 3
    assert all(day(o) != deadline for o in ex.options if o != key.answer)
    assert "CO-18" not in ex.prompt and "CO-197" not in ex.prompt


NEXT = ["Redetermination", "Reconsideration", "Hearing before an administrative law judge",
        "Review by the Medicare Appeals Council", "Judicial review in federal district court"]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_next_appeal_level_follows_the_last_decision_and_the_2026_thresholds(seed):
    ex, key = draw("appeal-next-level", seed)
    p = ex.prompt
    if "initial determination" in p:
        after = 0
    elif "review the case" in p:
        after = 4
    elif "at the hearing" in p:
        after = 3
    elif "asked for a reconsideration" in p:
        after = 2
    else:
        assert "asked for a redetermination" in p
        after = 1
    amount = amount_after("The amount in controversy is", p)
    minimum = {2: Decimal(200), 4: Decimal(1960)}.get(after)
    if minimum is not None and amount < minimum:
        assert key.answer.startswith("None on this claim alone"), p
    else:
        assert key.answer == NEXT[after], p
    assert set(NEXT) <= set(ex.options) and len(ex.options) == 6


def test_the_next_level_template_draws_amounts_on_both_sides_of_the_thresholds():
    below = sum(draw("appeal-next-level", s)[1].answer.startswith("None") for s in range(80))
    assert 3 <= below <= 40


# --------------------------------------------------------------------------- billing-software


@pytest.mark.parametrize("seed", SEEDS)
def test_837p_amounts_are_read_from_clm02_sv102_and_sv104(seed):
    ex, key = draw("sw-837p-amount", seed)
    segs = code_block(ex.prompt)
    clm = next(s for s in segs if s[0] == "CLM")
    lines = [s for s in segs if s[0] == "SV1"]
    assert Decimal(clm[2]) == sum(Decimal(s[2]) for s in lines), "CLM02 is the sum of the line charges"
    n = re.search(r"line (\d+)", ex.prompt.split("```")[-1])
    if "**total charge**" in ex.prompt:
        assert Decimal(key.answer) == Decimal(clm[2])
    elif "**units**" in ex.prompt:
        assert Decimal(key.answer) == Decimal(lines[int(n.group(1)) - 1][4]) > 1
    else:
        assert Decimal(key.answer) == Decimal(lines[int(n.group(1)) - 1][2])


@pytest.mark.parametrize("seed", SEEDS)
def test_837p_diagnosis_is_decoded_from_hi_and_the_line_pointer(seed):
    from revcycle.codes import icd10cm

    ex, key = draw("sw-837p-diagnosis", seed)
    segs = code_block(ex.prompt)
    hi = next(s for s in segs if s[0] == "HI")
    qualifiers = [c.split(":")[0] for c in hi[1:]]
    codes = [c.split(":")[1] for c in hi[1:]]
    assert qualifiers[0] == "ABK" and set(qualifiers[1:]) <= {"ABF"}
    lines = [s for s in segs if s[0] == "SV1"]
    n = re.search(r"service line (\d+)", ex.prompt.split("```")[-1])
    if n:
        pointer = int(lines[int(n.group(1)) - 1][7].split(":")[0])
        assert pointer != 1
        expected = codes[pointer - 1]
    else:
        expected = codes[0]
    assert key.answer.replace(".", "") == expected
    assert icd10cm.is_valid(key.answer, on=icd10cm.PRIMARY.effective_from), "valid in the FY2027 release"
    assert icd10cm.describe(key.answer, on=icd10cm.PRIMARY.effective_from).title in key.explanation


@pytest.mark.parametrize("seed", SEEDS)
def test_835_amounts_are_read_from_clp_amt_and_cas(seed):
    ex, key = draw("sw-835-amount", seed)
    segs = code_block(ex.prompt)
    clp = next(s for s in segs if s[0] == "CLP")
    cas_total = sum(Decimal(s[i]) for s in segs if s[0] == "CAS" for i in range(3, len(s), 3) if s[i])
    assert Decimal(clp[3]) - Decimal(clp[4]) == cas_total, "charge - payment = the adjustments"
    lines: list[list[list[str]]] = []
    for s in segs:
        if s[0] == "SVC":
            lines.append([])
        if lines:
            lines[-1].append(s)
    assert not ("MEDICARE" in ex.prompt.upper() and any(ln[0][1].split(":")[1] in LAB for ln in lines))
    answer = Decimal(key.answer)
    n = re.search(r"service line (\d+)", ex.prompt.split("```")[-1])
    if "**pay on the claim**" in ex.prompt:
        assert answer == Decimal(clp[4]) == sum(Decimal(ln[0][3]) for ln in lines)
    elif "**patient owe**" in ex.prompt:
        assert answer == Decimal(clp[5])
    elif "**allowed amount**" in ex.prompt:
        line = lines[int(n.group(1)) - 1]
        amt = next(s for s in line if s[:2] == ["AMT", "B6"])
        assert answer == Decimal(amt[2])
        pr = sum(Decimal(s[i + 1]) for s in line if s[:2] == ["CAS", "PR"] for i in range(2, len(s), 3))
        assert answer == Decimal(line[0][3]) + pr
    else:
        line = lines[int(n.group(1)) - 1]
        co = [s for s in line if s[:2] == ["CAS", "CO"]]
        expected = sum((Decimal(s[i + 1]) for s in co for i in range(2, len(s), 3) if s[i] == "45"), Decimal(0))
        assert answer == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_277ca_verdicts_come_from_the_status_category(seed):
    ex, key = draw("sw-277ca-rejections", seed)
    segs = code_block(ex.prompt)
    verdict: dict[str, str] = {}
    claim = None
    for s in segs:
        if s[:2] == ["TRN", "2"]:
            claim = s[2]
        elif s[0] == "STC":
            category = s[1].split(":")[0]
            assert category in {"A2", "A6", "A7"}
            verdict[claim] = "accepted" if category == "A2" else "rejected"
    assert sorted(verdict) == sorted(ex.options)
    wanted = "rejected" if "**rejected**" in ex.prompt else "accepted"
    assert sorted(key.answer) == sorted(c for c, v in verdict.items() if v == wanted)
    assert "rejected" in verdict.values() and "accepted" in verdict.values()


PM_KEYWORDS = {
    "Registration": ("insurance policy", "member ID and group number", "moved"),
    "Eligibility": ("270 inquiry", "payer's answer about one patient"),
    "Charges": ("chargemaster", "checked and priced"),
    "Claims": ("837P",),
    "Posting": ("835", "electronic funds transfer"),
    "Statements and collections": ("statements", "collection agency"),
    "Reports": ("0-30", "denial rate"),
}


@pytest.mark.parametrize("seed", SEEDS)
def test_a_described_screen_belongs_to_one_task(seed):
    ex, key = draw("sw-pm-screen", seed)
    screen = ex.prompt.split("\n\n")[0]
    matches = [task for task, words in PM_KEYWORDS.items() if any(w in screen for w in words)]
    assert matches == [key.answer], (screen, matches)
    assert key.answer in ex.options and len(ex.options) == 4


@pytest.mark.parametrize("seed", range(25))
def test_a_batch_balances_to_the_cent(seed):
    ex, key = draw("sw-batch-balance", seed)
    p = ex.prompt
    names = ("paid by payers", "paid by patients at the desk", "contractual adjustments", "still open")
    shown = {n: amount_after(n, p) for n in names if re.search(re.escape(n) + " " + MONEY, p)}
    assert len(shown) == 3
    assert Decimal(key.answer) == amount_after("charges", p) - sum(shown.values())
    assert Decimal(key.answer) >= 0


@pytest.mark.parametrize("tid", ["sw-837p-amount", "sw-837p-diagnosis"])
def test_every_diagnosis_shown_in_an_837p_is_valid_in_fy2027(tid):
    from revcycle.codes import icd10cm

    for seed in range(30):
        ex, _ = draw(tid, seed)
        hi = next(s for s in code_block(ex.prompt) if s[0] == "HI")
        for composite in hi[1:]:
            code = composite.split(":")[1]
            assert icd10cm.is_valid(code, on=icd10cm.PRIMARY.effective_from), (tid, seed, code)
