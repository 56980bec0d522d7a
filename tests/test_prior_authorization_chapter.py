"""The prior authorization chapter agrees with the rule's numbers and with revcycle.payment.prior_auth.

Its dates and counts come from code through the {computed} role (workbook.site.book_values). Here: the worked
examples are recounted by hand, the codes it names exist, the bank's computed answers are the engine's, and the
chapter is registered, cited and sized like every chapter.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import nbformat
import pytest

from revcycle import hcpcs, icd10cm
from revcycle.payment import fees
from revcycle.payment import prior_auth as pa
from tests import chapter_checks
from tests.chapter_checks import value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site import book_values
from workbook.site.figures import get

ROOT = chapter_checks.ROOT
PAGE = ROOT / "book" / "billing" / "prior-authorization.md"
BANK = ROOT / "exercises" / "banks" / "prior-authorization.yml"
KEY = ROOT / "solutions" / "keys" / "prior-authorization.yml"
NOTEBOOK = ROOT / "notebooks" / "prior-auth-tracker.ipynb"
CODE_IN_TEXT = re.compile(r"`([0-9]{5}|[A-Z][0-9]{4})`")


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_every_code_named_is_a_real_cpt_or_hcpcs_code():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    sources = {"chapter": text(), "bank": BANK.read_text(encoding="utf-8"), "key": KEY.read_text(encoding="utf-8"),
               "notebook": "\n".join(c.source for c in nb.cells), "engine": " ".join(f"`{c}`" for c in pa.SERVICES)}
    listed = fees.listed_codes()
    for where, s in sources.items():
        for code in set(CODE_IN_TEXT.findall(s)):
            if code[0].isdigit():
                assert code in listed, (where, code)
            else:
                assert hcpcs.describe(code).code == code, (where, code)


def test_the_diagnoses_of_the_worked_examples_are_billable():
    found = set(re.findall(r"`([A-Z][0-9]{2}\.[0-9A-Z]{1,4})`", text()))
    assert found == {"R51.9", "Z47.1", "Z96.651"}
    for code in found:
        assert icd10cm.is_billable(code, on="2026-03-06"), code


def test_worked_example_1_is_counted_by_hand():
    received = datetime.fromisoformat(book_values.PA_EX1["received"])
    assert value("prior-auth.ex1.received") == received
    assert value("prior-auth.ex1.expedited-due") == received + timedelta(hours=72) == datetime(2026, 3, 9, 16, 30)
    assert value("prior-auth.ex1.standard-due") == received.date() + timedelta(days=7) == date(2026, 3, 13)
    assert book_values.text("prior-auth.ex1.received") == "Friday, March 6, 2026, at 4:30 p.m."
    assert not book_values.prior_auth_clock("standard", "qhp_ffe").applies


def test_worked_example_2_is_counted_by_hand_and_printed_as_checked():
    auth = book_values.PA_EX2_AUTH
    rows = re.findall(r"^\| ([1-5]) \| `(\d{5})` \| (\w+ \d+, 2026) \| (\d+) \|$", text(), re.M)
    printed = [(code, datetime.strptime(day, "%B %d, %Y").date().isoformat(), int(units))
               for _n, code, day, units in rows]
    assert printed == list(book_values.PA_EX2_LINES)
    inside = [u for code, day, u in printed if code in auth["codes"] and auth["start"] <= day <= auth["end"]]
    assert inside == [4, 4, 6]
    assert value("prior-auth.ex2.units-counted") == sum(inside) == 14
    assert value("prior-auth.ex2.units-over") == sum(inside) - auth["units"] == 2
    findings = book_values.prior_auth_check()[1]
    assert [(f.line, f.carc) for f in findings] == [(3, "198"), (4, "15"), (5, "197")]
    assert value("prior-auth.ex2.findings") == 3


def test_the_rule_s_numbers_in_the_prose_are_the_engine_s():
    page = chapter_checks.flat(text())
    assert (pa.EXPEDITED_HOURS, pa.STANDARD_DAYS) == (72, 7)
    assert "within 72 hours and a standard request within 7 calendar days" in page
    assert date(2026, 3, 31) == pa.FIRST_METRICS_DUE and "March 31, 2026" in page
    assert date(2027, 1, 1) == pa.API_FROM and "January 1, 2027" in page
    assert date(2026, 1, 1) == pa.PROCESS_FROM and "January 1, 2026" in page
    assert "February 8, 2024" in page and "89 FR 8758" not in page  # cited through the bibliography


def test_the_worklist_figures_are_the_frame_s():
    frame, table = book_values.prior_auth_worklist()
    assert value("prior-auth.worklist.n") == len(frame) == book_values.PA_WORKLIST["n"]
    assert value("prior-auth.worklist.overdue") == sum(frame["hours left"].dropna() < 0)
    assert value("prior-auth.worklist.due-24") == sum((frame["hours left"] >= 0) & (frame["hours left"] <= 24))
    assert value("prior-auth.worklist.no-clock") == frame["due"].isna().sum()
    assert value("prior-auth.worklist.busiest-count") == table["total"].max()
    expedited = table[table["expedited"] > 0].index
    assert max(expedited) <= value("prior-auth.worklist.as-of").date() + timedelta(days=3)  # "within three days"


def test_bank_answers_that_the_engine_computes():
    bank = load_bank(BANK)
    key = {k: v.answer for k, v in keys.load_key(KEY, bank).items()}
    ma = pa.decision_deadline(pa.Request("x", "ma", "expedited", "2026-03-10T09:15"))
    assert key["pa-03"] == "Friday, March 13, 2026, at 9:15 a.m." and ma.due_at == datetime(2026, 3, 13, 9, 15)
    ffs = pa.decision_deadline(pa.Request("x", "medicaid_ffs", "standard", "2026-04-02T10:00"))
    assert key["pa-04"] == "April 9, 2026" and ffs.due_date == date(2026, 4, 9)
    auth = pa.Authorization("A", {"97110"}, 20, "2026-03-02", "2026-05-29")
    over = pa.check_lines([("97110", "2026-04-01", 8)], auth, used=14)
    assert int(key["pa-08"]) == sum(f.units_over for f in over) == 2
    march = pa.Request("x", "medicaid_mc", "standard", "2026-03-02T10:00", rating_period_start="2025-07-01")
    august = pa.Request("x", "medicaid_mc", "standard", "2026-08-03T10:00", rating_period_start="2026-07-01")
    assert key["pa-12"] == "Only the August request"
    assert not pa.decision_deadline(march).applies and pa.decision_deadline(august).applies
    impacted = {pa.PAYER_TYPES[k].name for k in ("ma", "medicaid_mc", "qhp_ffe", "chip_ffs")}
    chosen = {opt.lower().replace("qualified health plan", "qhp") for opt in key["pa-05"]}
    assert chosen == {f"a {n}".lower() for n in impacted}
    assert key["pa-09"]["The service needed prior authorization and none was obtained"] == pa.PROBLEM_CARC[
        "no authorization"]
    assert key["pa-09"]["More visits were billed than the authorization approved"] == pa.PROBLEM_CARC["units over"]


def test_the_bank_is_big_and_varied_enough():
    chapter_checks.assert_bank(load_bank(BANK), 12, {"single", "multiple", "numeric", "ordering", "matching"}, "pa-")


def test_terms_and_citations_resolve():
    page = text()
    chapter_checks.assert_citations(
        page, ("cms-0057-f", "ecfr-42-422-568", "ecfr-42-422-572", "ecfr-42-438-210", "ecfr-42-440-230",
               "ecfr-42-431-80", "ecfr-42-419-subpart-i", "ecfr-42-414-234", "ecfr-45-162-1302", "ecfr-45-147-136",
               "tx-ins-4201-653"), also=KEY.read_text(encoding="utf-8"), must_cite=True)
    assert "vol. 89, no. 27, pp. 8758--8988" in chapter_checks.BIB.read_text(encoding="utf-8")
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(prior-authorization)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("registration-verification", "claims-submission", "payment-posting-denials-ar"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/prior-authorization`" in page
    assert "../../notebooks/prior-auth-tracker" in page
    assert 2000 <= chapter_checks.prose_words(page) <= 4500, chapter_checks.prose_words(page)


def test_the_chapter_is_registered_just_before_claims_submission():
    from workbook.site.figures import by_chapter

    chapters = chapter_checks.toc_chapters()
    files = [c["file"] for c in chapters]
    here = files.index("book/billing/prior-authorization")
    assert files[here + 1] == "book/billing/claims-submission"
    assert [s["file"] for s in chapters[here]["sections"]] == ["notebooks/prior-auth-tracker",
                                                               "exercises/prior-authorization"]
    assert {f.id for f in by_chapter()["billing/prior-authorization"]} == {"prior-auth-clocks",
                                                                          "prior-auth-due-by-day"}
    for fig in ("prior-auth-clocks", "prior-auth-due-by-day"):
        assert f"{{numref}}`fig-{fig}`" in text() and f"```{{diagram}} {fig}" in text()


def test_the_figures_draw_and_their_alt_text_states_the_computed_facts():
    clocks = get("prior-auth-clocks")
    assert "Friday, March 6, 2026, at 4:30 p.m." in clocks.alt and "Monday, March 9" in clocks.alt
    assert "Friday, March 13" in clocks.alt
    assert value("prior-auth.ex1.standard-due") == date(2026, 3, 13)
    due = get("prior-auth-due-by-day")
    assert f"{book_values.PA_WORKLIST['n']} synthetic" in due.alt
    for fig in (clocks, due):
        svg = fig.draw()
        assert svg.startswith("<svg") and "<title>" in svg


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "timedelta" not in cell.source and "hours=72" not in cell.source and "days=7" not in cell.source
