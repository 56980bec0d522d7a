"""The audits and program integrity chapter agrees with revcycle.compliance.sampling.

Its dollar figures come from code through the {computed} role (workbook.site.book_values, checked by
tests/test_chapter_figures.py). Here: the worked examples recompute from the engine and add up the way the prose says,
the notebook uses the same universe and seeds, the bank's computed answers are the engine's, citations and terms
resolve, and the chapter is registered after fraud-abuse-compliance.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from pathlib import Path

import nbformat
import yaml

from revcycle.compliance import sampling
from revcycle.core.money import to_cents
from tests import chapter_checks
from tests.chapter_checks import value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site import book_values

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "regulations" / "audits-program-integrity.md"
BANK = ROOT / "exercises" / "banks" / "audits-program-integrity.yml"
KEY = ROOT / "solutions" / "keys" / "audits-program-integrity.yml"
NOTEBOOK = ROOT / "notebooks" / "audit-sample-and-extrapolate.ipynb"
D = Decimal


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_the_worked_examples_recompute_from_the_engine():
    universe = sampling.synthetic_universe(book_values.AUDIT_CLAIMS, book_values.AUDIT_SEED)
    ids = [c.claim_id for c in universe]
    probe = sampling.review(universe, sampling.probe_sample(ids, book_values.PROBE_SEED))
    assert value("audits.probe.size") == len(probe) == 30
    assert value("audits.probe.errors") == sum(1 for c in probe if c.overpaid > 0)
    assert value("audits.probe.total") == sum(c.overpaid for c in probe)
    full = sampling.review(universe, sampling.simple_random_sample(ids, book_values.FULL_SIZE,
                                                                   book_values.FULL_SEED))
    est = sampling.estimate([c.overpaid for c in full], len(universe))
    assert value("audits.full.point") == est.point_estimate
    assert value("audits.full.lower") == est.lower_limit
    assert value("audits.universe.truth") == sampling.true_overpayment(universe)


def test_the_steps_of_worked_example_2_add_up_as_printed():
    n, big_n = value("audits.full.size"), value("audits.universe.claims")
    assert value("audits.full.scale") * n == big_n
    assert value("audits.full.point") == value("audits.full.scale") * value("audits.full.total")
    assert value("audits.full.mean") == to_cents(value("audits.full.total") / n)
    fpc = math.sqrt(1 - n / big_n)
    se = big_n * float(value("audits.full.sd")) / math.sqrt(n) * fpc
    assert abs(se - float(value("audits.full.se"))) < 0.5 * big_n / math.sqrt(n) * 0.01 + 0.01  # sd is rounded
    assert value("audits.full.df") == n - 1
    assert abs(value("audits.full.t") - D("1.290")) < D("0.0005")  # t(0.90, 99) from a table
    assert value("audits.full.point") - value("audits.full.half-width") == value("audits.full.lower")
    assert abs(value("audits.full.half-width") - value("audits.full.t").quantize(D("0.001")) * value("audits.full.se")
               ) < D("3.00")
    assert value("audits.full.lower") < value("audits.universe.truth") < value("audits.full.point") * 2
    rate = value("audits.probe.errors") * 100 / D(value("audits.probe.size"))
    assert abs(rate - value("audits.probe.error-rate")) < D("0.05")
    assert value("audits.coverage.share") >= 85


def test_the_notebook_uses_the_chapter_s_universe_and_seeds_and_keeps_its_logic_in_revcycle():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert f"synthetic_universe(2_000, seed={book_values.AUDIT_SEED})" in code
    assert book_values.AUDIT_CLAIMS == 2_000
    assert f'seed="{book_values.PROBE_SEED}"' in code and f'seed="{book_values.FULL_SEED}"' in code
    assert f"audit_sample(universe, {book_values.FULL_SIZE}," in code
    draws, seed = book_values.COVERAGE_DRAWS, book_values.COVERAGE_SEED
    assert f'repeated_estimates(universe, 100, {draws}, seed="{seed}")' in code
    assert "sqrt" not in code and "Decimal(" not in code  # the arithmetic is the engine's
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert book_values.text("audits.full.lower").lstrip("$") in "".join(
        str(o.get("data", {}).get("text/plain", "")) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert f"{value('audits.coverage.share')}% of 500 samples" in outputs


def test_bank_answers_that_the_engine_computes():
    bank = load_bank(BANK)
    key = {k: v.answer for k, v in keys.load_key(KEY, bank).items()}
    assert D(str(key["aud-05"])) == to_cents(100 * sampling.error_rate(["0"] * 23 + ["10.00"] * 7)).quantize(D("0.1"))
    six = sampling.estimate(["0", "0", "42.00", "0", "18.50", "0", "0", "0", "65.00", "0"], 1500)
    assert D(str(key["aud-06"])) == six.point_estimate
    t = sampling.t_quantile(0.90, 99)
    assert D(str(key["aud-07"])) == to_cents(D("48200.00") - D(repr(t)) * D("9650.00"))
    strat = sampling.stratified_estimate({"low": (["244.00"] + ["0"] * 39, 1200),
                                          "high": (["1462.50"] + ["0"] * 29, 300)})
    assert D(str(key["aud-13"])) == strat.point_estimate
    prompts = {ex.id: ex.prompt for ex in bank.exercises}
    assert "1,200 claims, 40 sampled, average overpayment per sampled claim 6.10" in prompts["aud-13"]
    assert "is 1.290" in prompts["aud-07"] and round(t, 3) == 1.290


def test_the_bank_is_big_and_varied_enough():
    bank = load_bank(BANK)
    chapter_checks.assert_bank(bank, 12, {"single", "multiple", "numeric", "ordering", "matching"}, "aud-")
    for entry in yaml.safe_load(KEY.read_text(encoding="utf-8"))["answers"].values():
        assert entry["source"].strip() and entry["explanation"].strip()


def test_terms_and_citations_resolve():
    page = text()
    chapter_checks.assert_citations(
        page, ("cms-mpim-ch3", "cms-mpim-ch8", "cms-adr", "cms-cert", "cms-smrc", "cms-pepper", "oig-work-plan",
               "oig-rat-stats", "ecfr-42-405-1064"), also=KEY.read_text(encoding="utf-8"), must_cite=True)
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(audits-program-integrity)=\n# Audits and program integrity: who reviews claims, "
                           "and how a sample becomes a demand\n")
    assert "```{admonition} Learning objectives" in page
    for label in ("fraud-abuse-compliance", "payment-posting-denials-ar", "hipaa"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/audits-program-integrity`" in page
    assert "../../notebooks/audit-sample-and-extrapolate" in page
    assert "## Summary" in page and "## Key terms" in page
    assert not re.search(r"\\?\$[0-9]", page)  # every dollar figure is computed
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4000, words


def test_the_chapter_is_registered_after_fraud_abuse_compliance():
    chapter_checks.assert_registered(
        "regulations/audits-program-integrity", "regulations/fraud-abuse-compliance",
        ["notebooks/audit-sample-and-extrapolate", "exercises/audits-program-integrity"],
        {"audits-contractors", "audits-sampling-distribution"})
    arch = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert "`sampling`" in arch
