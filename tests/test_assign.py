"""Assignments: chapters, packets that carry no answers in clear, seeded per-student questions, objectives."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

import nbformat
import pytest
import yaml

from workbook.course import assign, catalog, objectives
from workbook.course.late import LatePolicy, parse_due
from workbook.errors import WorkbookError
from workbook.exercises import seeded
from workbook.exercises.answers import key_response
from workbook.exercises.checker import check
from workbook.exercises.spec import load_bank
from workbook.ui.display import load

ROOT = Path(__file__).resolve().parents[1]
KEYS = ROOT / "solutions" / "keys"
ROSTER = "student_id,name,email,section\ns001,Ana Example,ana@example.edu,A\ns002,Ben Sample,ben@example.edu,B\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("assign")
    roster = tmp / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    due = parse_due("2027-02-01", "America/Chicago")
    result = assign.build(["revenue-cycle"], "Week 3", due, tmp / "week3", roster=roster, questions=4,
                          policy=LatePolicy(grace_hours=2, penalty_per_day=10, max_penalty=30), root=ROOT,
                          graded="all")
    return result


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename.split("/", 1)[1]: archive.read(info) for info in archive.infolist()}


def test_chapters_are_numbered_in_toc_order_and_resolve_by_id_or_number():
    found = catalog.chapters(ROOT)
    ids = [c.id for c in found]
    assert "revenue-cycle" in ids
    rc = found[ids.index("revenue-cycle")]
    assert rc.page == "book/revenue-cycle" and rc.exercises >= 10 and rc.points > 0
    assert catalog.resolve([str(rc.number)], ROOT) == [rc]
    assert catalog.resolve(["revenue-cycle", "revenue-cycle"], ROOT) == [rc]
    with pytest.raises(WorkbookError, match="Unknown chapter 'no-such-chapter'"):
        catalog.resolve(["no-such-chapter"], ROOT)
    assert rc.url("https://example.org/book/") == "https://example.org/book/book/revenue-cycle.html"


def test_site_url_comes_from_the_repository_setting():
    assert catalog.site_url(ROOT).startswith("https://") and catalog.site_url(ROOT).endswith("/")


def test_the_outputs_are_a_student_packet_per_student_packets_and_an_instructor_packet(built):
    names = sorted(p.name for p in built.out.iterdir())
    assert names == ["instructor-packet.zip", "student-packet.zip", "students"]
    assert sorted(p.name for p in (built.out / "students").iterdir()) == ["s001.zip", "s002.zip"]
    assert built.assignment == "week-3-20270201" and built.questions == 4


def test_manifest_lists_exercises_points_due_date_policy_and_checksums(built):
    files = members(built.out / "student-packet.zip")
    manifest = json.loads(files["manifest.json"])
    bank = load_bank(ROOT / "exercises" / "banks" / "revenue-cycle.yml")
    assert manifest["assignment"] == "week-3-20270201"
    assert manifest["due"] == "2027-02-01T23:59:00-06:00"
    assert [e["id"] for e in manifest["exercises"]] == [ex.id for ex in bank.exercises]
    assert manifest["points"] == sum(ex.points for ex in bank.exercises)
    assert manifest["points_possible"] == manifest["points"] + 4
    assert manifest["policy"]["grace_hours"] == 2 and manifest["policy"]["max_penalty"] == 30
    assert manifest["chapters"][0]["url"].endswith("/book/revenue-cycle.html")
    assert set(manifest["files"]) == set(files) - {"manifest.json"}
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(files[name]).hexdigest() == digest
    assert "secret" not in manifest and "roster" not in manifest


def test_readme_links_the_chapter_and_explains_hand_in(built):
    readme = members(built.out / "students" / "s001.zip")["README.md"].decode()
    assert "https://" in readme and "book/revenue-cycle.html" in readme
    assert "hand-in.ipynb" in readme and "metadata.workbook.answers" in readme
    assert "2027" in readme and "`s001`" in readme
    link = re.search(r"\[My progress for this assignment\]\(([^)]+)\)", readme).group(1)
    assert link.endswith("/exercises/my-progress.html?assignment=week-3-20270201&exercises=rc-01,rc-02,rc-03,"
                         "rc-04,rc-05,rc-06,rc-07,rc-08,rc-09,rc-10,rc-11,rc-12,rc-13,rc-14,rc-15,rc-16")
    assert "**Grading:** the best attempt is graded, its credit cut by 25% for each check before it" in readme


def _key_texts(chapters: list[str]) -> tuple[list[str], list[str]]:
    """Sentences of the chapters' explanations and sources, and their numeric and code answers."""
    sentences, answers = [], []
    for path in (KEYS / f"{c}.yml" for c in chapters):
        # BaseLoader keeps every scalar as written ("67.60", not 67.6).
        for entry in yaml.load(path.read_text(), Loader=yaml.BaseLoader)["answers"].values():
            for sentence in re.split(r"(?<=[.;])\s+", " ".join(str(entry["explanation"]).split())):
                if len(sentence) >= 30:
                    sentences.append(sentence)
            if entry.get("source") and len(str(entry["source"])) >= 12:
                sentences.append(str(entry["source"]))
            if re.fullmatch(r"[0-9]+\.[0-9]+|[A-Z][0-9][0-9A-Z](\.[0-9A-Z]+)?", str(entry["answer"])):
                answers.append(str(entry["answer"]))
    return sentences, answers


def test_no_answer_or_explanation_from_the_keys_is_in_any_student_packet(built):
    sentences, answers = _key_texts(["revenue-cycle"])
    assert sentences and answers
    generated = list(csv.DictReader(io.StringIO(members(built.out / "instructor-packet.zip")["generated-keys.csv"]
                                                .decode())))
    packets = [built.out / "student-packet.zip", *sorted((built.out / "students").glob("*.zip"))]
    for packet in packets:
        files = members(packet)
        assert not [n for n in files if n.startswith(("solutions", "keys")) or "/keys/" in n], packet
        text = "\n".join(data.decode("utf-8") for data in files.values())
        compact = " ".join(text.split())
        for sentence in sentences:
            assert sentence not in compact, f"{packet.name}: explanation text in the packet: {sentence[:60]}"
        # A student's own generated questions may mention any code as a case fact; their keys are checked below.
        authored = "\n".join(data.decode("utf-8") for name, data in files.items() if "-questions." not in name)
        for answer in answers:
            assert not re.search(rf"(?<![\w.]){re.escape(answer)}(?![\w])", authored), f"{packet.name}: {answer}"
        for row in generated:
            assert row["explanation"] not in compact
            if packet.stem == row["student_id"] and re.fullmatch(r"[A-Z][0-9A-Z.]{2,7}", row["answer"]):
                assert row["answer"] not in text and row["answer"].replace(".", "") not in text


def test_instructor_packet_has_keys_rubric_roster_secret_and_every_generated_answer(built):
    files = members(built.out / "instructor-packet.zip")
    assert {"assignment.json", "rubric.md", "roster.csv", "generated-keys.csv", "keys/revenue-cycle.yml",
            "banks/revenue-cycle.yml", "banks/revenue-cycle.checks.json"} <= set(files)
    manifest = json.loads(files["assignment.json"])
    assert len(manifest["secret"]) == 32 and [s["id"] for s in manifest["roster"]] == ["s001", "s002"]
    assert set(manifest["students"]) == {"s001", "s002"}
    rubric = files["rubric.md"].decode()
    assert "### rc-01" in rubric and "**Explanation:**" in rubric and "All or nothing" in rubric
    rows = list(csv.DictReader(io.StringIO(files["generated-keys.csv"].decode())))
    assert len(rows) == 8 and {r["student_id"] for r in rows} == {"s001", "s002"}


def test_each_student_gets_their_own_questions_and_the_grader_can_regenerate_them(built):
    files = {s: members(built.out / "students" / f"{s}.zip") for s in ("s001", "s002")}
    bank_name = "exercises/banks/week-3-20270201-questions.yml"
    banks = {s: yaml.safe_load(f[bank_name]) for s, f in files.items()}
    assert [e["id"] for e in banks["s001"]["exercises"]] == seeded.question_ids("week-3-20270201", 4)
    assert banks["s001"]["exercises"] != banks["s002"]["exercises"]
    secret = json.loads(members(built.out / "instructor-packet.zip")["assignment.json"])["secret"]
    again = seeded.generate(secret, "week-3-20270201", "s001", 4, assign.default_templates(["revenue-cycle"]))
    checks = json.loads(files["s001"]["exercises/banks/week-3-20270201-questions.checks.json"])
    assert {g.exercise.id: g.exercise.check for g in again} == checks["checks"]
    assert "p" + str(seeded.seed_for(secret, "week-3-20270201", "s001")) not in json.dumps(banks)


def test_the_unzipped_packet_works_on_its_own(built, tmp_path, monkeypatch):
    with zipfile.ZipFile(built.out / "students" / "s002.zip") as archive:
        archive.extractall(tmp_path)
    packet = tmp_path / "week-3-20270201-s002"
    monkeypatch.delenv("WORKBOOK_ROOT", raising=False)
    monkeypatch.chdir(packet / "exercises")
    bank, key = load("revenue-cycle")
    assert key is None and bank.salt
    mine, no_key = load("week-3-20270201-questions")
    assert no_key is None
    secret = json.loads(members(built.out / "instructor-packet.zip")["assignment.json"])["secret"]
    for g in seeded.generate(secret, "week-3-20270201", "s002", 4, assign.default_templates(["revenue-cycle"])):
        ex = mine.get(g.exercise.id)
        assert check(ex, key_response(ex, g.answer.answer), mine.salt).correct
    nb = nbformat.read(packet / "exercises" / "my-questions.ipynb", as_version=4)
    assert 'show("week-3-20270201-questions")' in nb.cells[1].source
    hand_in = nbformat.read(packet / "hand-in.ipynb", as_version=4)
    assert 'hand_in("s002")' in hand_in.cells[2].source and 'hand_in("s002", confirm=True)' in hand_in.cells[4].source


def test_an_existing_assignment_folder_is_never_overwritten(built):
    due = parse_due("2027-02-01", "UTC")
    with pytest.raises(WorkbookError, match="already holds an assignment"):
        assign.build(["revenue-cycle"], "Week 3", due, built.out, root=ROOT)


def test_without_a_roster_there_is_one_packet_and_no_generated_questions(tmp_path):
    due = parse_due("2027-03-01T17:00", "UTC")
    result = assign.build(["revenue-cycle"], "Quiz 1!", due, tmp_path / "q1", root=ROOT)
    assert result.assignment == "quiz-1-20270301" and not result.students and result.questions == 0
    manifest = json.loads(members(tmp_path / "q1" / "student-packet.zip")["manifest.json"])
    assert manifest["generated"] is None and manifest["due"] == "2027-03-01T17:00:00+00:00"
    with pytest.raises(WorkbookError, match="per student"):
        assign.build(["revenue-cycle"], "Quiz 2", due, tmp_path / "q2", questions=3, root=ROOT)


def test_due_dates():
    assert parse_due("2027-02-01", "UTC").isoformat() == "2027-02-01T23:59:00+00:00"
    assert parse_due("2027-02-01T09:30", "Europe/Paris").isoformat() == "2027-02-01T09:30:00+01:00"
    assert isinstance(parse_due("2027-02-01"), datetime)
    for bad in ("Friday", "2027-13-01", "01/02/2027", ""):
        with pytest.raises(WorkbookError, match="not a due date"):
            parse_due(bad, "UTC")
    with pytest.raises(WorkbookError, match="time zone"):
        parse_due("2027-02-01", "Mars/Olympus")


# ------------------------------------------------------------------------------------------------ objectives

def test_objectives_are_read_from_the_chapter_admonition():
    found = {c.page: c for c in objectives.chapter_objectives(ROOT)}
    rc = found["book/revenue-cycle"]
    assert rc.label == "revenue-cycle" and rc.title.startswith("Coding, billing")
    assert 3 <= len(rc.objectives) <= 6
    assert rc.objectives[0].startswith("**Match**") and "\n" not in rc.objectives[0]
    assert rc.objectives[0].endswith("to the code set that reports it.")


def test_objectives_extraction_handles_fence_styles_and_pages_without_objectives():
    colon = (":::{admonition} Learning objectives\n:class: tip\n\n- **Code** a visit\n  with care.\n"
             "- **Bill** it.\n:::\n")
    assert objectives.extract(colon) == ["**Code** a visit with care.", "**Bill** it."]
    backticks = "````{admonition} Learning objectives\n1. One\n2) Two\n\nAfter the list.\n````\nMore."
    assert objectives.extract(backticks) == ["One", "Two"]
    assert objectives.extract("```{note}\n1. Not objectives\n```") == []
    assert objectives.extract("# A page\n\nNo admonition.") == []


def test_the_objectives_notebook_shows_what_the_chapters_say_now():
    nb = nbformat.read(ROOT / "notebooks" / "instructor-objectives.ipynb", as_version=4)
    shown = "".join("".join(out.get("data", {}).get("text/markdown", "")) for cell in nb.cells
                    if cell.cell_type == "code" for out in cell.get("outputs", []))
    assert objectives.markdown_table(ROOT) in shown, (
        "notebooks/instructor-objectives.ipynb is out of date with the chapters' objectives: "
        "run python -m workbook execute notebooks/instructor-objectives.ipynb")


def test_a_bank_belongs_to_the_chapter_its_exercise_page_sits_under():
    from workbook.course.catalog import _page_for

    files = ["index", "book/careers/skills", "notebooks/claim-detail-check", "exercises/careers-skills",
             "book/careers/outlook", "exercises/careers-outlook"]
    assert _page_for("careers-skills", files) == "book/careers/skills"
    assert _page_for("careers-outlook", files) == "book/careers/outlook"
    assert _page_for("revenue-cycle", ["book/revenue-cycle"]) == "book/revenue-cycle"
    assert _page_for("nowhere", files) == ""
