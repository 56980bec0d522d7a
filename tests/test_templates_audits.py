"""The audits-program-integrity templates give the right key: each test reads the drawn case back from the prompt
(the sampled claims, amounts and t printed there) and recomputes the answer with plain Decimal arithmetic and the
formulas of the Medicare Program Integrity Manual, ch. 8, not by calling revcycle.compliance.sampling again."""

from __future__ import annotations

import random
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from workbook.exercises.templates import by_chapter, templates

SEEDS = range(30)
MONEY = r"\\\$([0-9,]+\.[0-9]{2})"
CHAPTER = "audits-program-integrity"


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:audits:{tid}"), f"a{seed}-001")


def dollars(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_the_chapter_has_its_three_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} >= {"aud-probe-error-rate", "aud-extrapolate",
                                                     "aud-which-contractor"}


@pytest.mark.parametrize("seed", SEEDS)
def test_probe_error_rate_counts_the_overpaid_claims(seed):
    ex, key = draw("aud-probe-error-rate", seed)
    size = int(re.search(r"probe sample of \*\*(\d+)\*\*", ex.prompt).group(1))
    overpaid = re.findall(r"- `CLM-\d{6}` \(99\d{3}\): [a-z ]+, overpaid " + MONEY, ex.prompt)
    assert size >= 30 and all(dollars(a) > 0 for a in overpaid)
    expected = (Decimal(100) * len(overpaid) / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert Decimal(key.answer) == expected
    assert ex.case and ex.unit == "%"


@pytest.mark.parametrize("seed", SEEDS)
def test_extrapolate_point_estimate_or_lower_limit(seed):
    ex, key = draw("aud-extrapolate", seed)
    if "**point estimate**" in ex.prompt:
        big_n = int(re.search(r"universe holds \*\*([\d,]+)\*\*", ex.prompt).group(1).replace(",", ""))
        listed = re.search(r"\(in dollars\): ([0-9., ]+)\.\n", ex.prompt).group(1)
        values = [Decimal(v.replace(",", "")) for v in listed.split(", ")]
        n = int(re.search(r"sample of \*\*(\d+)\*\*", ex.prompt).group(1))
        assert len(values) == n
        assert Decimal(key.answer) == cents(big_n * sum(values) / n)
    else:
        point = dollars(re.search(r"point estimate of " + MONEY, ex.prompt).group(1))
        se = dollars(re.search(r"standard error of " + MONEY, ex.prompt).group(1))
        t = Decimal(re.search(r"degrees of freedom is ([0-9.]+)\.", ex.prompt).group(1))
        by_table = cents(point - t * se)
        assert abs(Decimal(key.answer) - by_table) <= key.tolerance
        assert Decimal(key.answer) < point
        assert "**lower limit**" in ex.prompt


@pytest.mark.parametrize("seed", SEEDS)
def test_which_contractor_is_one_of_the_options(seed):
    ex, key = draw("aud-which-contractor", seed)
    assert key.answer in ex.options and len(set(ex.options)) == len(ex.options) == 4


def test_the_draws_vary():
    for tid in ("aud-probe-error-rate", "aud-extrapolate", "aud-which-contractor"):
        prompts = {draw(tid, seed)[0].prompt for seed in range(10)}
        assert len(prompts) >= 8, tid
    kinds = {"point" if "**point estimate**" in draw("aud-extrapolate", s)[0].prompt else "lower" for s in SEEDS}
    assert kinds == {"point", "lower"}
    answers = {draw("aud-which-contractor", s)[1].answer for s in SEEDS}
    assert len(answers) >= 5
