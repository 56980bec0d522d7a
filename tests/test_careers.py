"""The careers chapters quote what the sourced table and the library compute.

The figures from careers.outlook (the shipped BLS table), careers.ceu (the AAPC/AHIMA requirement tables, the exam
formats and the planner) and revcycle.practice.cycle (the bill explained in the skills chapter's worked example 3)
come from code through the {computed} role (keys outlook.*, training.*, skills.*), checked by
tests/test_chapter_figures.py and tests/test_site.py. Checked here: worked example 1 of the skills chapter against
revcycle.claims.detail, the outlook table's verify marks, the banks and the chapters' shape.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from careers import ceu, outlook
from revcycle.claims.detail import ClaimLine, check_batch, check_line, sample_batch
from revcycle.codes import npi
from tests.chapter_checks import flat, section
from workbook.exercises import keys
from workbook.exercises.spec import load_bank

ROOT = Path(__file__).resolve().parents[1]
CAREERS = ROOT / "book" / "careers"
BANKS = {"careers-skills": "skills", "careers-training": "training-certification", "careers-outlook": "outlook"}


def chapter(name: str) -> str:
    return (CAREERS / f"{name}.md").read_text(encoding="utf-8")




def table_rows(text: str, first_cell: str) -> list[list[str]]:
    """Cells of every Markdown table row whose first cell matches the regex ``first_cell``."""
    rows = []
    for raw in text.splitlines():
        if raw.startswith("| "):
            cells = [c.strip() for c in raw.strip().strip("|").split("|")]
            if re.fullmatch(first_cell, cells[0]):
                rows.append(cells)
    return rows


def plain(cell: str) -> str:
    return cell.replace("`", "").replace("\\$", "").replace("$", "")


# ------------------------------------------------------------------ skills: worked example 1


def test_skills_example_1_batch_table_is_the_sample_batch():
    rows = table_rows(section(chapter("skills"), "careers-skills-example-1"), r"L\d")
    batch_rows = [r for r in rows if len(r) == 9]
    assert len(batch_rows) == len(sample_batch())
    for cells, ln in zip(batch_rows, sample_batch(), strict=True):
        assert cells[0] == ln.line_id and cells[1] == ln.patient
        assert cells[2] == ln.entered["date of service"] == f"{ln.service_date:%m/%d/%Y}"
        assert cells[3] == ln.place_of_service and plain(cells[4]) == ln.procedure
        assert [d.strip() for d in plain(cells[5]).split(",")] == list(ln.diagnoses)
        assert cells[6] == ln.rendering_npi and cells[7] == ln.entered["units"] == str(ln.units)
        assert plain(cells[8]) == ln.entered["charge"] == str(ln.charge)


def test_skills_example_1_findings_table_is_what_the_engine_finds():
    rows = table_rows(section(chapter("skills"), "careers-skills-example-1"), r"L\d")
    findings_rows = [r for r in rows if len(r) == 5]
    assert {(r[0], r[1], r[2]) for r in findings_rows} == {
        (f.line_id, f.field, f.check) for f in check_batch(sample_batch())
    }


def test_skills_example_1_narrative_figures():
    text = flat(section(chapter("skills"), "careers-skills-example-1"))
    batch = {ln.line_id: ln for ln in sample_batch()}
    fictional, sampleton = batch["L1"].rendering_npi, batch["L2"].rendering_npi
    assert f"Dr. Priya Fictional, NPI {fictional}" in text and f"Dr. Sam Sampleton, NPI {sampleton}" in text
    broken = batch["L3"].rendering_npi
    assert f"the check digit after {broken[:9]} should be {npi.check_digit(broken[:9])}, not {broken[9]}" in text
    flagged = {f.line_id for f in check_batch(sample_batch())}
    summary = flat(chapter("skills").split("## Summary", 1)[1])
    words = {7: "seven", 9: "nine"}
    assert f"flagged {words[len(flagged)]} of {words[len(batch)]} lines" in summary
    assert set(batch) - flagged == {"L1", "L9"}


def test_skill_exercises_agree_with_the_engines():
    # skl-01: the detail checker flags exactly the three values the key names.
    note_line = ClaimLine.read("N1", "Nadia Placeholder", "09/31/2026", "11", "99213", ("S93.401", "I10"),
                               "1234567890", 1, "150.00")
    assert {f.value for f in check_line(note_line)} == {"09/31/2026", "S93.401", "1234567890"}
    # skl-02: the corrected line is clean.
    fixed = note_line.retyped(service_date="09/30/2026", diagnoses=("S93.401A", "I10"), rendering_npi="1234567893")
    assert fixed.service_date == date(2026, 9, 30) and check_line(fixed) == []
    # skl-06: exactly one option passes the check digit.
    bank = load_bank(ROOT / "exercises" / "banks" / "careers-skills.yml")
    assert [o for o in bank.get("skl-06").options if npi.is_valid_npi(o)] == ["1912345679"]


# ------------------------------------------------------------------ training: requirement tables and example 2


def test_jordan_is_behind_on_both_cycles():
    """Worked example 2 of the training chapter says so in words; its figures are {computed} training.jordan.*."""
    from workbook.site.book_values import _jordan

    _log, plans = _jordan()
    assert not plans["AAPC"].on_track and not plans["AHIMA"].on_track


def test_exam_formats_leave_out_what_the_book_could_not_confirm():
    assert "CCS" not in ceu.EXAM_FORMATS and "CBCS" not in ceu.EXAM_FORMATS


# ------------------------------------------------------------------ outlook: the BLS table and example 1


def test_outlook_table_marks_the_figures_to_verify():
    text = chapter("outlook")
    mrs = {f.figure: f for f in outlook.figures() if f.soc_code == "29-2072"}
    rows = {r[0]: r[1:] for r in table_rows(text, r"(Median annual pay|Number of jobs|Projected change).*")}
    allocc = outlook.figure("00-0000", "projected employment change")
    sector = outlook.figure("NAICS 62", "projected employment change")
    for name in ("Median annual pay", "Number of jobs", "Projected change in employment, medical"):
        row = next(v for k, v in rows.items() if k.startswith(name))
        assert "(verify)" in row[-1]
    assert all(outlook.figure("29-2072", f).needs_verifying for f in mrs)
    assert not allocc.needs_verifying and not sector.needs_verifying


def test_outlook_csv_has_the_required_columns_and_sources():
    assert outlook.COLUMNS[:4] == ("occupation", "soc_code", "figure", "value")
    for f in outlook.figures():
        assert f.source.startswith("BLS") and f.url.startswith("https://www.bls.gov/")
        assert f.period and f.unit


def test_implied_change():
    assert outlook.implied_change(194800, 7) == 13636
    assert outlook.implied_change(100, "3.1") == 3
    with pytest.raises(Exception, match="No figure"):
        outlook.figure("29-2072", "openings")


# ------------------------------------------------------------------ banks


@pytest.mark.parametrize("bank_name", sorted(BANKS))
def test_banks_are_big_enough_with_cases(bank_name):
    bank = load_bank(ROOT / "exercises" / "banks" / f"{bank_name}.yml")
    assert len(bank.exercises) >= 10
    assert sum(ex.case for ex in bank.exercises) >= 2
    assert len({ex.type for ex in bank.exercises}) >= 4
    key = keys.load_key(ROOT / "solutions" / "keys" / f"{bank_name}.yml", bank)
    assert all(key[ex.id].explanation.strip() and key[ex.id].source for ex in bank.exercises)


def test_numeric_answers_match_the_modules():
    def answer(bank_name, ex_id):
        bank = load_bank(ROOT / "exercises" / "banks" / f"{bank_name}.yml")
        return keys.load_key(ROOT / "solutions" / "keys" / f"{bank_name}.yml", bank)[ex_id].answer

    assert answer("careers-training", "trn-02") == ceu.required_ceus(["CPC", "CPB", "CPMA"])["AAPC"]
    assert answer("careers-training", "trn-03") == ceu.required_ceus(["RHIA", "CCS"])["AHIMA"]
    assert Decimal(str(answer("careers-training", "trn-08"))) == Decimal(ceu.AAPC_BY_COUNT[1] - 12) / 8
    jobs = outlook.figure("29-2072", "employment").value
    rate = outlook.figure("29-2072", "projected employment change").value
    assert answer("careers-outlook", "out-02") == outlook.implied_change(jobs, rate)
    allocc = outlook.figure("00-0000", "projected employment change").value
    assert Decimal(str(answer("careers-outlook", "out-04"))) == rate - allocc


@pytest.mark.parametrize("name", sorted(BANKS.values()))
def test_chapter_shape(name):
    text = chapter(name)
    words = len(text.split())
    assert 2000 <= words <= 4000, f"{name}: {words} words"
    assert "Learning objectives" in text and "## Summary" in text and "## Key terms" in text
    assert len(re.findall(r"^\(careers-[a-z]+-example-\d\)=$", text, re.MULTILINE)) >= 2
    bank = next(b for b, c in BANKS.items() if c == name)
    assert f"{{doc}}`../../exercises/{bank}`" in text
