"""The careers chapters quote what the sourced table and the library compute.

Every figure in book/careers/*.md is checked here against careers.outlook (the shipped BLS table),
careers.ceu (the AAPC/AHIMA requirement tables and the planner), revcycle.claims.detail (worked example 1 of the
skills chapter) or revcycle.practice.cycle (the bill explained in worked example 3).
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
from revcycle.practice.cycle import trace_encounter
from workbook.exercises import keys
from workbook.exercises.spec import load_bank

ROOT = Path(__file__).resolve().parents[1]
CAREERS = ROOT / "book" / "careers"
BANKS = {"careers-skills": "skills", "careers-training": "training-certification", "careers-outlook": "outlook"}
MONEY = re.compile(r"\\?\$([0-9][0-9,]*\.[0-9]{2})")


def chapter(name: str) -> str:
    return (CAREERS / f"{name}.md").read_text(encoding="utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def section(text: str, label: str) -> str:
    """From a MyST label to the next second-level heading."""
    start = text.index(f"({label})=")
    end = text.find("\n## ", text.index("\n## ", start) + 1)
    return text[start:end if end != -1 else None]


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


def test_skills_example_3_is_the_revenue_cycle_visit():
    text = section(chapter("skills"), "careers-skills-example-3")
    money = trace_encounter(seed=2).money_summary()
    computed = {money[k] for k in ("charge", "allowed", "contractual_adjustment", "payer_pays", "patient_pays")}
    found = {Decimal(m.replace(",", "")) for m in MONEY.findall(text)}
    assert found == computed
    trace = trace_encounter(seed=2)
    assert trace.patient.name in text
    assert f"{trace.date_of_service:%B} {trace.date_of_service.day}, {trace.date_of_service.year}" in text


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


def test_training_aapc_table_matches_the_planner():
    rows = table_rows(chapter("training-certification"), r"[1-4]|5 or more")
    assert {int(r[0].split()[0]): int(r[1]) for r in rows} == ceu.AAPC_BY_COUNT


def test_training_ahima_table_and_rules_match_the_planner():
    text = chapter("training-certification")
    rows = dict((r[0], int(r[1])) for r in table_rows(text, r"CCA, CCS, CCS-P, RHIT|RHIA"))
    for names, ceus in rows.items():
        for name in names.split(", "):
            assert ceu.AHIMA_SINGLE[name] == ceus
    body = flat(text)
    assert f"earns {ceu.AHIMA_EXTRA} more CEUs for each additional credential, up to {ceu.AHIMA_MAX} in all" in body
    assert f"holding the CCS and the CCS-P, for example, means {ceu.required_ceus(['CCS', 'CCS-P'])['AHIMA']}" in body


def test_training_summary_requirements():
    summary = flat(chapter("training-certification").split("## Summary", 1)[1])
    assert (f"AAPC requires {ceu.AAPC_BY_COUNT[1]} CEUs every two years for one credential, "
            f"{ceu.AAPC_BY_COUNT[2]} for two, up to {ceu.AAPC_BY_COUNT[5]} for five or more") in summary
    assert (f"AHIMA requires {ceu.AHIMA_SINGLE['CCA']} (CCA, CCS, CCS-P, RHIT) or {ceu.AHIMA_SINGLE['RHIA']} "
            f"(RHIA) for a single credential, plus {ceu.AHIMA_EXTRA}") in summary


def jordan_plans():
    log = ceu.synthetic_log(date(2026, 1, 5), months=14, seed=7)
    starts = {"AAPC": date(2026, 1, 1), "AHIMA": date(2026, 3, 14)}
    return log, {p.body: p for p in ceu.plan(["CPC", "CPB", "CCS"], starts, log, date(2027, 2, 28))}


def number(value: float) -> str:
    return f"{value:g}"


def test_training_example_2_matches_the_planner():
    text = section(chapter("training-certification"), "careers-training-example-2")
    body = flat(text)
    log, plans = jordan_plans()
    aapc, ahima = plans["AAPC"], plans["AHIMA"]
    rows = {r[0]: r[1:] for r in table_rows(text, r"Required|Earned so far|Remaining|Months left.*|CEUs a month.*")}
    assert rows["Required"] == [str(aapc.required), str(ahima.required)]
    assert rows["Earned so far"] == [number(aapc.earned), number(ahima.earned)]
    assert rows["Remaining"] == [number(aapc.remaining), number(ahima.remaining)]
    assert rows["Months left (counting the part month)"] == [str(aapc.months_left), str(ahima.months_left)]
    assert rows["CEUs a month from now on"] == [f"{aapc.per_month:.2f}", f"{ahima.per_month:.2f}"]
    assert f"**{aapc.required}** CEUs by the end of the AAPC window" in body
    assert f"means **{ahima.required}** CEUs in the AHIMA cycle, which runs to {ahima.cycle.end:%B} " \
           f"{ahima.cycle.end.day}, {ahima.cycle.end.year}" in body
    assert f"add up to **{number(aapc.earned)}** CEUs" in body and f"add up to **{number(ahima.earned)}**" in body
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    assert f"Jordan's log holds {words[len(log)]} activities" in body
    for p in (aapc, ahima):
        assert f"{p.required} ÷ 24 ≈ {p.required / 24:.2f}" in body
    assert not aapc.on_track and not ahima.on_track
    summary = flat(chapter("training-certification").split("## Summary", 1)[1])
    assert (f"owed {aapc.required} AAPC and {ahima.required} AHIMA CEUs, had {number(aapc.earned)} and "
            f"{number(ahima.earned)}, and needed {aapc.per_month:.2f} and {ahima.per_month:.2f}") in summary


def test_training_exam_formats_match_the_table():
    text = flat(chapter("training-certification"))
    cpc, cpb, cca = (ceu.EXAM_FORMATS[k] for k in ("CPC", "CPB", "CCA"))
    assert f"{cpc.questions} multiple-choice questions in {cpc.hours} hours" in text
    assert f"{cpc.pass_mark} to pass" in text
    assert f"{cpb.questions} multiple-choice questions in {cpb.hours} hours" in text
    pretest = cca.questions - cca.scored
    assert f"{cca.questions} questions ({cca.scored} scored, {pretest} pretest) in {cca.hours} hours" in text
    assert "CCS" not in ceu.EXAM_FORMATS and "CBCS" not in ceu.EXAM_FORMATS


# ------------------------------------------------------------------ outlook: the BLS table and example 1


def test_outlook_table_matches_the_csv():
    text = chapter("outlook")
    mrs = {f.figure: f for f in outlook.figures() if f.soc_code == "29-2072"}
    rows = {r[0]: r[1:] for r in table_rows(text, r"(Median annual pay|Number of jobs|Projected change).*")}
    assert rows["Median annual pay, medical records specialists"][:2] == [
        f"\\${int(mrs['median annual pay'].value):,}", mrs["median annual pay"].period]
    assert rows["Number of jobs, medical records specialists"][:2] == [
        f"{int(mrs['employment'].value):,}", mrs["employment"].period]
    assert rows["Projected change in employment, medical records specialists"][:2] == [
        f"{mrs['projected employment change'].value}%", mrs["projected employment change"].period.replace("-", "–")]
    allocc = outlook.figure("00-0000", "projected employment change")
    sector = outlook.figure("NAICS 62", "projected employment change")
    assert rows["Projected change in employment, all occupations"][0] == f"{allocc.value}%"
    assert rows["Projected change in employment, healthcare and social assistance sector"][0] == f"{sector.value}%"
    for name in ("Median annual pay", "Number of jobs", "Projected change in employment, medical"):
        row = next(v for k, v in rows.items() if k.startswith(name))
        assert "(verify)" in row[-1]
    assert all(outlook.figure("29-2072", f).needs_verifying for f in mrs)
    assert not allocc.needs_verifying and not sector.needs_verifying


def test_outlook_prose_figures():
    text = flat(chapter("outlook"))
    allocc = outlook.figure("00-0000", "projected employment change").value
    sector = outlook.figure("NAICS 62", "projected employment change").value
    assert f"all occupations to grow {allocc} percent" in text
    assert f"sector to grow {sector} percent" in text


def test_outlook_example_1_arithmetic():
    text = flat(section(chapter("outlook"), "careers-outlook-example-1"))
    jobs = outlook.figure("29-2072", "employment").value
    rate = outlook.figure("29-2072", "projected employment change").value
    allocc = outlook.figure("00-0000", "projected employment change").value
    sector = outlook.figure("NAICS 62", "projected employment change").value
    added = outlook.implied_change(jobs, rate)
    base = f"{int(jobs):,}"
    assert f"{rate} percent of the {base} jobs in 2024 is {base} × {rate / 100:.2f} = **{added:,}**" in text
    assert f"roughly {round((int(jobs) + added) / 1000):,},000 jobs in 2034" in text
    assert f"{rate} − {allocc} = **{rate - allocc}** percentage points faster" in text
    assert f"{sector} − {rate} = **{sector - rate}** points slower" in text
    summary = flat(chapter("outlook").split("## Summary", 1)[1])
    assert f"{rate} percent of {base} is about {added:,} more jobs by 2034, {rate - allocc} percentage" in summary
    assert f"\\${int(outlook.figure('29-2072', 'median annual pay').value):,} (May 2024)" in summary


def test_outlook_example_2_ceus():
    text = flat(section(chapter("outlook"), "careers-outlook-example-2"))
    before, after = ceu.required_ceus(["CPC"])["AAPC"], ceu.required_ceus(["CPC", "CPMA"])["AAPC"]
    (subject, topic), = ceu.subject_ceus(["CPC", "CPMA"]).values()
    expected = f"rises from {before} to **{after}** CEUs every two years, and {subject} of them must be related to"
    assert f"{expected} {topic}" in text


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
