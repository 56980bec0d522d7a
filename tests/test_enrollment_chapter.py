"""The provider enrollment and credentialing chapter agrees with revcycle.compliance.enrollment and with the rules.

Its dates come from code through the {computed} role (workbook.site.book_values). Here: the worked examples' dates
equal plain date arithmetic on the rules' numbers, the visit dates the prose types are the ones the library judged,
the bank's keys are what the engine computes, the figures' alt text names the computed dates, and the chapter is
registered, cited and glossed the way every chapter is (tests/chapter_checks).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import nbformat
import pytest

from revcycle.codes import taxonomy
from revcycle.compliance import enrollment as en
from tests import chapter_checks
from tests.chapter_checks import value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site import book_values
from workbook.site.figures import figures

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "billing" / "enrollment-credentialing.md"
BANK = ROOT / "exercises" / "banks" / "enrollment-credentialing.yml"
KEY = ROOT / "solutions" / "keys" / "enrollment-credentialing.yml"
NOTEBOOK = ROOT / "notebooks" / "enrollment-calendar.ipynb"
NEW_BIB = ("ecfr-42-424-507", "ecfr-42-424-515", "ecfr-42-424-516", "ecfr-42-424-520", "ecfr-42-424-521",
           "ecfr-42-424-535", "ecfr-42-424-540", "ecfr-42-424-555", "ecfr-42-424-57", "ecfr-42-424-80",
           "ecfr-42-405-subpart-d", "uscode-42-1395a", "uscode-42-1395u", "cms-pim-ch10", "nucc-taxonomy",
           "caqh-proview", "ncqa-credentialing", "cms-mcpm-ch1-substitute")


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def day(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def years_later(d: date, years: int) -> date:
    return d.replace(year=d.year + years)


def test_worked_example_1_dates_follow_the_rules():
    began, filed = book_values.ENROLL_HIRE["began"], book_values.ENROLL_HIRE["filed"]
    assert filed > began  # so the effective date is the filing date
    assert value("enrollment.ex1.effective") == filed
    assert value("enrollment.ex1.retro-start") == filed - timedelta(days=30)
    assert value("enrollment.ex1.file-by") == began + timedelta(days=30)
    cutoff = filed - timedelta(days=30)
    unpaid = [v for v in book_values.ENROLL_HIRE_VISITS if v < cutoff]
    assert value("enrollment.ex1.broken") == len(unpaid) == 3 and value("enrollment.ex1.last-broken") == unpaid[-1]
    assert value("enrollment.ex1.first-paid") == min(v for v in book_values.ENROLL_HIRE_VISITS if v >= cutoff)
    assert "March 4, 11, 18 and 25 and April 8" in chapter_checks.flat(text())  # the visits the library judged
    assert [d.strftime("%B %-d") for d in book_values.ENROLL_HIRE_VISITS] == [
        "March 4", "March 11", "March 18", "March 25", "April 8"]


def test_worked_example_2_dates_follow_the_rules():
    omar = book_values.ENROLL_OMAR
    assert value("enrollment.ex2.revalidation") == years_later(omar["filed"], 5)
    assert value("enrollment.ex2.caqh") == omar["caqh_attested"] + timedelta(days=120)
    (ppo, ppo_start, _), (hmo, _, hmo_again) = book_values.ENROLL_CONTRACTS
    assert (ppo, hmo) == ("SYNEHP", "SYNHMO")
    assert value("enrollment.ex2.ehp-due") == years_later(ppo_start, 3)
    assert value("enrollment.ex2.hmo-due") == years_later(hmo_again, 3)
    as_of = book_values.ENROLL_AS_OF
    dues = [value(k) for k in ("enrollment.ex2.revalidation", "enrollment.ex2.caqh", "enrollment.ex2.ehp-due",
                               "enrollment.ex2.hmo-due")]
    assert value("enrollment.ex2.soon") == sum(as_of <= d <= as_of + timedelta(days=90) for d in dues) == 2
    start, end = book_values.ENROLL_GAP
    assert value("enrollment.ex2.gap-days") == (end - start).days == 42
    assert value("enrollment.ex2.last-unpaid") == end - timedelta(days=1)


def test_the_opt_out_and_substitute_examples():
    start, as_of = book_values.ENROLL_OPT_OUT
    renews = years_later(start, 2)
    while renews <= as_of:
        renews = years_later(renews, 2)
    assert value("enrollment.opt-out.renews") == renews
    assert value("enrollment.opt-out.cancel-by") == renews - timedelta(days=30)
    first = book_values.ENROLL_SUBSTITUTE_FIRST
    assert value("enrollment.substitute.last") == first + timedelta(days=59)
    assert (value("enrollment.retro-days"), value("enrollment.disaster-days"), value("enrollment.caqh-days"),
            value("enrollment.substitute-days")) == (30, 90, 120, 60)


def test_the_figures_say_what_the_library_computed():
    by_id = figures()
    hire = by_id["new-hire-billing-window"].alt
    for key in ("enrollment.ex1.began", "enrollment.ex1.retro-start", "enrollment.ex1.file-by",
                "enrollment.ex1.effective"):
        assert f"{value(key):%B} {value(key).day}" in hire, key
    cal = by_id["credentialing-calendar"].alt
    for key in ("enrollment.ex2.as-of", "enrollment.ex2.caqh-attested", "enrollment.ex2.caqh",
                "enrollment.ex2.ehp-due", "enrollment.ex2.hmo-due", "enrollment.ex2.revalidation",
                "enrollment.ex2.deactivated", "enrollment.ex2.last-unpaid"):
        assert f"{value(key):%B} {value(key).day}" in cal, key
    for fid in ("new-hire-billing-window", "credentialing-calendar"):
        assert by_id[fid].draw().startswith("<svg")


def _key() -> dict:
    return {k: v.answer for k, v in keys.load_key(KEY, load_bank(BANK)).items()}


def _date(text: str) -> date:
    return datetime.strptime(text, "%B %d, %Y").date()


def _np(**kw: object) -> en.Enrollment:
    return en.Enrollment(npi="1234567893", name="Test", taxonomy="207Q00000X", **kw)  # type: ignore[arg-type]


def test_bank_answers_that_the_engine_computes():
    key = _key()
    assert _date(key["enr-03"]) == _np(began="2026-02-02", filed="2026-03-20").retro_start
    assert _date(key["enr-04"]) == _np(began="2026-09-08").file_by
    gap = en.Deactivation("2026-06-01", "2026-07-13")
    assert key["enr-05"] == (gap.end - gap.start).days
    assert _date(key["enr-08"]) == en.opt_out_renewal("2025-01-15", "2026-08-15")[1]
    assert key["enr-09"] == f"Q6, through {day(en.substitute_last_day('2026-11-02'))}"
    assert _date(key["enr-10"]) == _np(caqh_attested="2026-02-10").caqh_due
    assert _date(key["enr-11"]) == en.PayerContract("SYNEHP", "2023-11-30").recredential_due
    pa = _np(began="2026-06-01", filed="2026-07-20")
    order = sorted([(pa.began, "His first day of seeing patients"),
                    (pa.retro_start, "The first date of service Medicare will pay for"),
                    (_np(began="2026-06-01").file_by,
                     "The last day the application could have been filed and still covered his first day"),
                    (pa.effective, "His effective date")])
    assert key["enr-12"] == [label for _d, label in order]
    assert [o for o in load_bank(BANK).exercises if o.id == "enr-14"][0].options.count(key["enr-14"]) == 1
    assert {o: taxonomy.is_valid(o) for o in next(x for x in load_bank(BANK).exercises if x.id == "enr-14").options} \
        == {"207Q00000X": True, "207Q0000X": False, "207Q00000": False, "207Q-0000X": False}
    visit = date(2026, 4, 6)
    cases = {
        "Her benefits were never reassigned to Hillcrest": None,  # judged by lapses(), tested in test_enrollment
        "Her billing privileges were deactivated from March 1 to April 20, 2026":
            _np(filed="2020-01-01", deactivations=(en.Deactivation("2026-03-01", "2026-04-20"),)),
        "Her Medicare effective date is May 15, 2026": _np(filed="2026-05-15"),
        "Her CAQH ProView attestation expired in February": _np(filed="2020-01-01", caqh_attested="2025-10-01"),
    }
    for option, record in cases.items():
        if record is not None:
            assert (option in key["enr-07"]) is (not en.standing(record, visit).billable), option


def test_the_bank_is_big_and_varied_enough():
    chapter_checks.assert_bank(load_bank(BANK), 12, {"single", "multiple", "numeric", "ordering", "matching"}, "enr-")


def test_terms_and_citations_resolve():
    page = text()
    cited = chapter_checks.assert_citations(page, NEW_BIB)
    assert {"ecfr-42-424-520", "ecfr-42-424-521", "ecfr-42-424-540", "ecfr-42-424-555", "caqh-proview"} <= cited
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(enrollment-credentialing)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("registration-verification", "claims-submission", "payment-posting-denials-ar"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/enrollment-credentialing`" in page
    assert "../../notebooks/enrollment-calendar" in page
    assert "855R" not in page  # unverified whether that form still exists: the chapter says nothing about it
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4000, words


def test_the_chapter_is_registered_after_registration_and_verification():
    # the payers chapter (issue 21, item 2) sits between registration and verification and this one
    chapter_checks.assert_registered(
        "billing/enrollment-credentialing", "billing/payers",
        ["notebooks/enrollment-calendar", "exercises/enrollment-credentialing"],
        {"new-hire-billing-window", "credentialing-calendar"})


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "timedelta" not in cell.source and "days=" not in cell.source
