"""Parametrized exercise templates: every chapter has its own, and every draw is a valid, self-consistent exercise."""

from __future__ import annotations

import random
import re
import subprocess
import sys

import pytest

from workbook.errors import WorkbookError
from workbook.exercises.answers import key_response
from workbook.exercises.checker import check
from workbook.exercises.keys import make_check
from workbook.exercises.seeded import bank_files, check_kinds, generate
from workbook.exercises.spec import Exercise, parse_bank
from workbook.exercises.templates import by_chapter, resolve, templates
from workbook.paths import banks_dir

SEEDS = range(12)
BANKS = sorted(p.stem for p in banks_dir().glob("*.yml"))


def draw(tid: str, seed: int) -> tuple[Exercise, object]:
    ex, answer = templates()[tid].make(random.Random(f"{seed}:test:{tid}"), f"t{seed}-001")
    return ex, answer


@pytest.mark.parametrize("chapter", BANKS)
def test_every_chapter_has_at_least_three_templates(chapter):
    assert len(by_chapter().get(chapter, [])) >= 3, f"{chapter} needs 3 templates"


def test_every_template_belongs_to_a_chapter_that_exists():
    assert {t.chapter for t in templates().values()} <= set(BANKS)
    assert len(templates()) >= 3 * len(BANKS)


@pytest.mark.parametrize("tid", sorted(templates()))
def test_every_draw_is_a_valid_exercise_whose_key_the_checker_accepts(tid):
    prompts = set()
    for seed in SEEDS:
        ex, answer = draw(tid, seed)
        assert ex.topics == (tid,), "topic names the template (the grader's per-kind statistics use it)"
        assert answer.explanation.strip() and answer.source.strip(), "every key says why and cites its source"
        assert "None" not in ex.prompt and "nan" not in ex.prompt.split(), ex.prompt
        salt = f"salt{seed}"
        ex = Exercise(**{**vars(ex), "check": make_check(ex, answer, salt)})
        assert check(ex, key_response(ex, answer.answer), salt).correct, (tid, seed)
        parse_bank({"bank": "t-bank", "title": "t", "exercises": [_as_yaml(ex)]})
        prompts.add(ex.prompt)
    assert len(prompts) >= 4, f"{tid}: 12 seeds gave only {len(prompts)} different prompts"


@pytest.mark.parametrize("tid", sorted(templates()))
def test_the_same_seed_draws_the_same_exercise(tid):
    first, key = draw(tid, 3)
    again, key2 = draw(tid, 3)
    assert (first, key) == (again, key2)


def _as_yaml(ex: Exercise) -> dict:
    from workbook.exercises.seeded import exercise_dict

    return exercise_dict(ex)


def test_chapter_ids_stand_for_their_templates_and_unknown_names_are_refused():
    chapter = next(iter(by_chapter()))
    assert resolve([chapter]) == [t.id for t in by_chapter()[chapter]]
    assert check_kinds([chapter, by_chapter()[chapter][0].id]) == [t.id for t in by_chapter()[chapter]]
    with pytest.raises(WorkbookError, match="python -m workbook templates"):
        resolve(["no-such-template"])


def test_each_student_gets_a_variant_of_every_template_drawn_from_the_secret():
    kinds = [t.id for ts in by_chapter().values() for t in ts[:1]]
    ann = generate("s3cret", "wk1", "ann", len(kinds), kinds)
    bob = generate("s3cret", "wk1", "bob", len(kinds), kinds)
    assert [g.kind for g in ann] == kinds
    assert [g.exercise.prompt for g in ann] != [g.exercise.prompt for g in bob]
    assert [g.exercise.prompt for g in ann] == [g.exercise.prompt for g in generate("s3cret", "wk1", "ann",
                                                                                      len(kinds), kinds)]
    assert [g.exercise.prompt for g in ann] != [g.exercise.prompt for g in generate("other", "wk1", "ann",
                                                                                      len(kinds), kinds)]
    bank, _checks = bank_files("wk1", "Week 1", ann)
    parse_bank(bank)


def test_the_templates_command_lists_chapter_id_and_skill():
    out = subprocess.run([sys.executable, "-m", "workbook", "templates"], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["chapter", "template", "skill"]
    for t in templates().values():
        assert re.search(rf"^{re.escape(t.chapter)}\s+{re.escape(t.id)}\s+{re.escape(t.skill)}$", out.stdout, re.M)
    bad = subprocess.run([sys.executable, "-m", "workbook", "templates", "--chapter", "nope"], capture_output=True,
                         text=True)
    assert bad.returncode != 0 and "nope" in bad.stderr and "Traceback" not in bad.stderr
