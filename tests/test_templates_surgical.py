"""The surgical-payment-rules templates give the right key: each test reads the drawn case back from the prompt (the
amounts, indicators and modifiers printed there) and recomputes the answer with plain Decimal arithmetic and the
percentages of the Medicare Claims Processing Manual, not by calling revcycle.payment.surgery again."""

from __future__ import annotations

import random
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from revcycle.payment import fees
from workbook.exercises.templates import by_chapter, templates

SEEDS = range(30)
MONEY = r"\\\$([0-9,]+\.[0-9]{2})"
CHAPTER = "surgical-payment-rules"


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:surgical:{tid}"), f"s{seed}-001")


def dollars(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_the_chapter_has_its_three_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} >= {"spr-rank-and-reduce", "spr-bilateral-amount",
                                                     "spr-assistant-share"}


@pytest.mark.parametrize("seed", SEEDS)
def test_rank_and_reduce_pays_the_highest_in_full_and_the_rest_at_half(seed):
    ex, key = draw("spr-rank-and-reduce", seed)
    lines = [(code, dollars(amount)) for code, amount in
             re.findall(r"line \d: `([0-9A-Z]{5})`, MULT PROC 2, fee schedule amount " + MONEY, ex.prompt)]
    assert 2 <= len(lines) <= 4, ex.prompt
    for code, _amount in lines:
        assert fees.pfs_indicators(code).mult_proc == "2"
        assert fees.rvu_record(code).global_days in ("000", "010", "090")
    ranked = sorted(lines, key=lambda line: -line[1])
    allowed = {code: amount if i == 0 else cents(amount * Decimal("0.5")) for i, (code, amount) in enumerate(ranked)}
    asked = re.search(r"allow for the `([0-9A-Z]{5})` line", ex.prompt)
    if asked:
        assert asked.group(1) != ranked[0][0], "the question asks about a reduced line"
        assert Decimal(key.answer) == allowed[asked.group(1)]
    else:
        assert "**total**" in ex.prompt
        assert Decimal(key.answer) == sum(allowed.values())
    assert ex.case and "Rank by amount" in key.explanation


@pytest.mark.parametrize("seed", SEEDS)
def test_bilateral_amount_follows_the_indicator(seed):
    ex, key = draw("spr-bilateral-amount", seed)
    code = re.search(r"reports `([0-9A-Z]{5})`", ex.prompt).group(1)
    indicator = re.search(r"BILAT SURG indicator \*\*([0-3])\*\*", ex.prompt).group(1)
    one_side = dollars(re.search(r"for one side is " + MONEY, ex.prompt).group(1))
    assert fees.pfs_indicators(code).bilat_surg == indicator
    share = {"0": Decimal(1), "1": Decimal("1.5"), "2": Decimal(1), "3": Decimal(2)}[indicator]
    assert Decimal(key.answer) == cents(one_side * share)


@pytest.mark.parametrize("seed", SEEDS)
def test_assistant_and_co_surgeon_shares(seed):
    ex, key = draw("spr-assistant-share", seed)
    code, modifier = re.search(r"The line `([0-9A-Z]{5})-(80|82|AS|62)`", ex.prompt).groups()
    amount = dollars(re.search(r"fee schedule amount is " + MONEY, ex.prompt).group(1))
    ind = fees.pfs_indicators(code)
    if modifier == "62":
        assert ind.co_surg == "2" and "CO SURG 2" in ex.prompt
        expected = cents(amount * Decimal("0.625"))
    else:
        assert ind.asst_surg == "2" and "ASST SURG 2" in ex.prompt
        expected = cents(amount * Decimal("0.16") * (Decimal("0.85") if modifier == "AS" else 1))
    assert Decimal(key.answer) == expected


def test_the_draws_vary():
    for tid in ("spr-rank-and-reduce", "spr-bilateral-amount", "spr-assistant-share"):
        prompts = {draw(tid, seed)[0].prompt for seed in range(10)}
        assert len(prompts) >= 8, tid
    indicators = {re.search(r"indicator \*\*([0-3])\*\*", draw("spr-bilateral-amount", s)[0].prompt).group(1)
                  for s in SEEDS}
    assert indicators == {"0", "1", "2", "3"}
    roles = {re.search(r"-(80|82|AS|62)`", draw("spr-assistant-share", s)[0].prompt).group(1) for s in SEEDS}
    assert roles == {"80", "82", "AS", "62"}
