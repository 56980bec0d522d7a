"""Student and instructor editions: answer keys reach only the instructor's copy of the site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from workbook.course.editions import KEYS_CAPTION, instructor_config, instructor_toc
from workbook.exercises.answers import clean_code
from workbook.exercises.spec import load_bank

ROOT = Path(__file__).resolve().parents[1]
STUDENT = ROOT / "_build" / "html"
INSTRUCTOR = ROOT / "_build" / "instructor" / "_build" / "html"
KEYS = sorted((ROOT / "solutions" / "keys").glob("*.yml"))


def _keys():
    for path in KEYS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        bank = load_bank(ROOT / "exercises" / "banks" / path.name)
        yield bank, data["answers"]


def _site_text(site: Path) -> dict[Path, str]:
    if not (site / "index.html").exists():
        pytest.fail(f"{site} is not built: run make book and make book-instructor first")
    return {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_instructor_files_add_the_keys_part_and_let_solutions_in():
    toc = instructor_toc(yaml.safe_load((ROOT / "_toc.yml").read_text()), ROOT)
    assert toc["parts"][-1]["caption"] == KEYS_CAPTION
    assert {c["file"] for c in toc["parts"][-1]["chapters"]} == {f"solutions/{p.stem}" for p in KEYS}
    config = instructor_config(yaml.safe_load((ROOT / "_config.yml").read_text()))
    assert "solutions" not in config["exclude_patterns"]
    assert "solutions" in yaml.safe_load((ROOT / "_config.yml").read_text())["exclude_patterns"]


@pytest.mark.site
def test_the_student_site_has_no_explanations_and_no_key_pages():
    pages = _site_text(STUDENT)
    assert not (STUDENT / "solutions").exists()
    # Whitespace-normalized, 100 characters: long enough that only a copied explanation matches (a chapter may
    # state the same rule in a sentence that begins the same way).
    everything = " ".join(" ".join(pages.values()).split())
    for _bank, answers in _keys():
        for ex_id, entry in answers.items():
            opening = " ".join(entry["explanation"].split())[:100]
            assert opening not in everything, f"{ex_id}: its explanation is on the student site"


def _shows(block: str, answer: str) -> bool:
    """The answer as a token of its own (3.0 is not shown by 63.0%, nor E11.9 by E11.90)."""
    return re.search(rf"(?<![\w.]){re.escape(answer)}(?![\w]|\.\d)", block) is not None


def _block(page: str, exercise_id: str) -> str:
    """One exercise's HTML, from its container to the next exercise (another exercise may use the code)."""
    start = page.index(f'id="wb-{exercise_id}"')
    end = page.find('class="wb-exercise"', start + 1)
    return page[start:end if end != -1 else None]


@pytest.mark.site
def test_exercise_pages_do_not_show_typed_answers_in_clear():
    pages = _site_text(STUDENT)
    for bank, answers in _keys():
        page = pages[STUDENT / "exercises" / f"{bank.bank}.html"]
        for ex in bank.exercises:
            answer = str(answers[ex.id]["answer"])
            block = _block(page, ex.id)
            if ex.type == "code":
                for form in {answer, clean_code(answer)}:
                    assert not _shows(block, form), f"{ex.id}: the answer {form} is shown in the exercise"
            if ex.type == "numeric" and len(answer) > 2:
                assert not _shows(block, answer), f"{ex.id}: the answer {answer} is shown in the exercise"


@pytest.mark.site
def test_the_instructor_site_carries_every_key():
    pages = _site_text(INSTRUCTOR)
    for bank, answers in _keys():
        page = pages.get(INSTRUCTOR / "solutions" / f"{bank.bank}.html")
        assert page is not None, f"no answer-key page for {bank.bank}"
        for ex_id in answers:
            assert f'id="key-{ex_id}"' in page


def test_the_publish_workflow_builds_and_publishes_only_the_student_edition():
    """.github/workflows/publish.yml: on every push to main, `make book`, then GitHub Pages from _build/html; the
    instructor edition is never built or uploaded, and a check stops an answer key reaching the site."""
    import yaml

    from tests.browser import ROOT

    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert flow["permissions"]["pages"] == "write" and flow["permissions"]["id-token"] == "write"
    steps = flow["jobs"]["build"]["steps"]
    runs = " ".join(str(s.get("run", "")) for s in steps)
    assert "make book" in runs and "book-instructor" not in runs and "_build/instructor" not in runs
    assert "wb-answer-key" in runs  # the class the instructor edition's answers carry (workbook.ui.display)
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    assert any(str(s.get("uses", "")).startswith("actions/deploy-pages") for s in flow["jobs"]["deploy"]["steps"])
