"""The command line: each subcommand with good input, and every bad input as one line with exit status 2."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from workbook.cli import build_parser, main
from workbook.course import grade
from workbook.course.submit import answers_document

ROOT = Path(__file__).resolve().parents[1]
ROSTER = "student_id,name\ns001,Ana Example\ns002,Ben Sample\n"


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("WORKBOOK_ROOT", raising=False)


@pytest.fixture(scope="module")
def week(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("cli")
    (tmp / "roster.csv").write_text(ROSTER)
    out = tmp / "week1"
    assert main(["assign", "--chapters", "revenue-cycle", "--title", "Week 1", "--due", "2027-01-15", "--timezone",
                 "UTC", "--out", str(out), "--roster", str(tmp / "roster.csv"), "--questions", "2",
                 "--penalty-per-day", "5", "--graded", "all"]) == 0
    return out


def one_line_error(capsys, argv: list[str], match: str) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in captured.err + captured.out, err
    assert match in err, err


def test_the_old_subcommands_are_still_there(capsys):
    parser = build_parser()
    assert parser.parse_args(["keys", "--check"]).check is True
    assert parser.parse_args(["execute", "a.ipynb"]).notebooks == ["a.ipynb"]
    assert main(["keys", "--check"]) in (0, 1)  # 1 only if someone's bank is mid-edit
    capsys.readouterr()


def test_chapters_lists_what_can_be_assigned(capsys):
    assert main(["chapters"]) == 0
    out = capsys.readouterr().out
    assert "revenue-cycle" in out and "exercises" in out and "Coding, billing and the revenue cycle" in out


def test_assign_writes_the_packets_and_says_where(week, capsys):
    assert (week / "student-packet.zip").exists() and (week / "instructor-packet.zip").exists()
    assert sorted(p.name for p in (week / "students").iterdir()) == ["s001.zip", "s002.zip"]
    with zipfile.ZipFile(week / "instructor-packet.zip") as archive:
        manifest = json.loads(archive.read("week-1-20270115-instructor/assignment.json"))
    assert manifest["policy"]["penalty_per_day"] == 5 and manifest["generated"]["count"] == 2
    capsys.readouterr()


def test_grade_exit_status_says_whether_anything_needs_attention(week, tmp_path, capsys):
    assignment = grade.load_assignment(week)
    subs = tmp_path / "subs"
    subs.mkdir()
    doc = answers_document("s001", assignment.id, grade.model_answers(assignment, "s001"))
    (subs / "s001.json").write_text(json.dumps(doc))
    assert main(["grade", str(week), str(subs), "--out", str(tmp_path / "grades"), "--no-late"]) == 0
    out = capsys.readouterr().out
    assert "Graded 1 file(s)" in out and "1 roster student(s) without a submission" in out and "100" in out
    (subs / "s002.json").write_text("{\"format\": ")
    assert main(["grade", str(week), str(subs), "--out", str(tmp_path / "grades")]) == 1
    out = capsys.readouterr().out
    assert "Needs attention (1):" in out and "s002.json: truncated" in out
    assert "earlier results were kept" in out


def test_bad_input_is_one_line_and_status_2(week, tmp_path, capsys):
    base = ["assign", "--title", "W", "--out", str(tmp_path / "x")]
    one_line_error(capsys, base + ["--chapters", "revenue-cycle", "--due", "next Friday"], "not a due date")
    one_line_error(capsys, base + ["--chapters", "revenue-cycle", "--due", "2027-02-30"], "not a due date")
    one_line_error(capsys, base + ["--chapters", "nope", "--due", "2027-02-01"], "Unknown chapter 'nope'")
    one_line_error(capsys, base + ["--chapters", "99", "--due", "2027-02-01"], "Unknown chapter '99'")
    one_line_error(capsys, base + ["--chapters", "revenue-cycle", "--due", "2027-02-01", "--timezone", "Nowhere"],
                   "not a time zone")
    bad = tmp_path / "bad.csv"
    for text, match in [("name,email\nAna,a@x\n", "no student id column"),
                        ("student_id\ns001\ns001\n", "already appears on line 2"),
                        ("student_id\n../etc\n", "not a usable student id"),
                        ("", "is empty"),
                        ("student_id\n", "no students")]:
        bad.write_text(text)
        one_line_error(capsys, base + ["--chapters", "revenue-cycle", "--due", "2027-02-01", "--roster", str(bad)],
                       match)
    bad.write_bytes(b"student_id\n\xff\xfe\n")
    one_line_error(capsys, base + ["--chapters", "1", "--due", "2027-02-01", "--roster", str(bad)], "not UTF-8")
    one_line_error(capsys, base + ["--chapters", "1", "--due", "2027-02-01", "--roster", str(tmp_path / "no.csv")],
                   "no such roster file")
    one_line_error(capsys, base + ["--chapters", "1", "--due", "2027-02-01", "--question-kinds", "riddles",
                                   "--roster", str(week.parent / "roster.csv")], "No template or chapter named")
    one_line_error(capsys, ["assign", "--chapters", "1", "--title", "W", "--due", "2027-02-01", "--out", str(week)],
                   "already holds an assignment")
    one_line_error(capsys, ["grade", str(week), str(tmp_path / "missing"), "--out", str(tmp_path / "g")],
                   "no such folder")
    one_line_error(capsys, ["grade", str(tmp_path), str(tmp_path), "--out", str(tmp_path / "g")],
                   "holds no instructor-packet.zip")
    one_line_error(capsys, ["grade", str(week), str(week), "--out", str(tmp_path / "g"), "--max-bytes", "0"],
                   "--max-bytes")
    one_line_error(capsys, ["grade", str(week), str(week), "--out", str(tmp_path / "g"), "--penalty-per-day", "500"],
                   "Late policy")
    times = tmp_path / "times.csv"
    times.write_text("who,when\n")
    one_line_error(capsys, ["grade", str(week), str(week), "--out", str(tmp_path / "g"), "--times", str(times)],
                   "student_id and submitted_at")
    one_line_error(capsys, ["assign", "--title", "W"], "the following arguments are required")
    one_line_error(capsys, ["grade", str(week)], "the following arguments are required")


def test_hand_in_from_a_packet(week, tmp_path, monkeypatch, capsys):
    with zipfile.ZipFile(week / "students" / "s001.zip") as archive:
        archive.extractall(tmp_path)
    packet = tmp_path / "week-1-20270115-s001"
    monkeypatch.chdir(packet)
    monkeypatch.setenv("WORKBOOK_PROGRESS_DIR", str(tmp_path / "progress"))
    assert main(["hand-in", "--student", "s001"]) == 0
    out = capsys.readouterr().out
    assert "0 of 18 exercises answered" in out and "Nothing is written yet" in out and "--yes" in out
    assert not (packet / "hand-in" / "s001.json").exists()
    assert main(["hand-in", "--student", "s001", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "0 of 18 exercises answered" in out and "hand-in/s001.json" in out
    doc = json.loads((packet / "hand-in" / "s001.json").read_text())
    assert doc["learner"] == "s001" and doc["assignment"] == "week-1-20270115" and doc["answers"] == {}
    one_line_error(capsys, ["hand-in", "--student", "s002"], "made for student 's001'")


def test_a_progress_bar_only_for_many_items():
    from tqdm import tqdm

    from workbook.cli import PROGRESS_FROM, _progress

    assert _progress(range(3)) == [0, 1, 2]
    bar = _progress(range(PROGRESS_FROM))
    assert isinstance(bar, tqdm) and list(bar) == list(range(PROGRESS_FROM))


def test_version_and_the_command_name_as_typed(capsys, monkeypatch):
    from workbook import __version__

    monkeypatch.setattr("sys.argv", ["/usr/local/bin/workbook"])
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"workbook {__version__}"
    monkeypatch.setattr("sys.argv", ["/x/workbook/__main__.py"])
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"python -m workbook {__version__}"


def test_execute_without_a_kernel_says_what_to_install(monkeypatch, tmp_path, capsys):
    from jupyter_client.kernelspec import NoSuchKernel

    def no_kernel(path):
        raise NoSuchKernel("python3")

    monkeypatch.setattr("workbook.course.notebooks.execute", no_kernel)
    assert main(["execute", str(tmp_path / "a.ipynb")]) == 2
    err = capsys.readouterr().err
    assert "medcode-workbook[notebook]" in err and "Traceback" not in err


def test_the_instructor_guide_shows_what_the_chapters_command_prints(capsys):
    """ERRATA: the guide's sample listed 8 chapters in another order than the command; it is now the command's own
    output, and this test keeps the two in step when chapters are added."""
    import re

    from workbook import cli

    assert cli.main(["chapters"]) == 0
    printed = capsys.readouterr().out.rstrip("\n")
    guide = (Path(__file__).resolve().parent.parent / "book" / "instructors" / "guide.md").read_text(encoding="utf-8")
    sample = re.search(r"\$ python -m workbook chapters\n(.*?)\n```", guide, re.DOTALL)
    assert sample is not None and sample.group(1) == printed
