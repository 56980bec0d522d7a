"""The organ-system surgery templates give the right key: each test reads the drawn case back from the prompt and
recomputes the answer from its own statement of the rule (payer codes, vessel orders, visit bands), not by calling the
engine again."""

from __future__ import annotations

import random
import re

import pytest

from workbook.exercises.templates import by_chapter, templates

SEEDS = range(30)
CHAPTER = "surgery-organ-systems"
FINDINGS = {"takes cold-forceps biopsies": "45380", "with a snare": "45385", "hot biopsy forceps": "45384"}
# vessel -> order, written out here from the anatomy (aorta = 0)
ORDER = {"celiac trunk": 1, "superior mesenteric artery": 1, "inferior mesenteric artery": 1,
         "left gastric artery": 2, "common hepatic artery": 2, "splenic artery": 2, "middle colic artery": 2,
         "right colic artery": 2, "ileocolic artery": 2, "left colic artery": 2, "sigmoid artery": 2,
         "superior rectal artery": 2, "proper hepatic artery": 3, "gastroduodenal artery": 3,
         "dorsal pancreatic artery": 3, "right hepatic artery": 4, "left hepatic artery": 4,
         "right gastroepiploic artery": 4}
PARENT = {"proper hepatic artery": "common hepatic artery", "gastroduodenal artery": "common hepatic artery",
          "right hepatic artery": "proper hepatic artery", "left hepatic artery": "proper hepatic artery",
          "right gastroepiploic artery": "gastroduodenal artery", "dorsal pancreatic artery": "splenic artery"}
GLOBAL = {"a vaginal delivery": "59400", "a cesarean delivery": "59510",
          "a vaginal birth after an earlier cesarean": "59610",
          "a cesarean after a tried vaginal birth after an earlier cesarean": "59618"}
ONLY = {"a vaginal delivery": "59409", "a cesarean delivery": "59514",
        "a vaginal birth after an earlier cesarean": "59612",
        "a cesarean after a tried vaginal birth after an earlier cesarean": "59620"}
WITH_PP = {"a vaginal delivery": "59410", "a cesarean delivery": "59515",
           "a vaginal birth after an earlier cesarean": "59614",
           "a cesarean after a tried vaginal birth after an earlier cesarean": "59622"}


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:{CHAPTER}:{tid}"), f"s{seed}-001")


def test_the_chapter_has_its_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} == {"srgo-colonoscopy-payer", "srgo-catheter", "srgo-obstetric"}


@pytest.mark.parametrize("seed", SEEDS)
def test_colonoscopy_by_payer(seed):
    ex, key = draw("srgo-colonoscopy-payer", seed)
    done = [code for words, code in FINDINGS.items() if words in ex.prompt]
    if "a Medicare patient" in ex.prompt:
        if done:
            expected = ", ".join(f"{c}-PT" for c in done)
        else:
            expected = ("G0105" if "(high risk)" in ex.prompt else "G0121") + \
                ("-KX" if "positive stool-based" in ex.prompt else "")
    else:
        expected = ", ".join(f"{c}-33" for c in done) if done else "45378-33"
    order = {c: ex.prompt.index(w) for w, c in FINDINGS.items() if w in ex.prompt}
    assert sorted(key.answer.split(", "), key=lambda part: order.get(part.split("-")[0], 0)) == \
        sorted(expected.split(", "), key=lambda part: order.get(part.split("-")[0], 0))
    assert key.answer in ex.options and ex.case


@pytest.mark.parametrize("seed", SEEDS)
def test_catheter(seed):
    ex, key = draw("srgo-catheter", seed)
    trip = re.search(r"then selectively in (.*) \(each vessel", ex.prompt).group(1)
    placed = [p.removeprefix("the ") for p in trip.split("; then ")]

    def path(v: str) -> list[str]:
        out = [v]
        while out[-1] in PARENT:
            out.append(PARENT[out[-1]])
        return out

    deepest = max(placed, key=lambda v: (ORDER[v], -placed.index(v)))
    first = {1: "36245", 2: "36246"}.get(ORDER[deepest], "36247")
    others = [v for v in placed if v not in path(deepest) and ORDER[v] > 1]
    extra = [v for v in others if not any(v != w and v in path(w) for w in others)]
    expected = first + (", 36248" + (f" x {len(extra)}" if len(extra) > 1 else "") if extra else "")
    assert key.answer == expected
    assert key.answer in ex.options


@pytest.mark.parametrize("seed", SEEDS)
def test_obstetric(seed):
    ex, key = draw("srgo-obstetric", seed)
    visits = int(re.search(r"sees her for (\d+) prenatal visits", ex.prompt).group(1))
    delivery = re.search(r"delivers her baby \((.*?)\)", ex.prompt).group(1)
    postpartum = "gives the postpartum care" in ex.prompt and "another practice" not in ex.prompt
    if "from the first visit" in ex.prompt and postpartum:
        expected = GLOBAL[delivery]
    else:
        ante = f"E/M x {visits}" if visits <= 3 else "59425" if visits <= 6 else "59426"
        if visits == 1:
            ante = "E/M"
        expected = f"{ante} and {(WITH_PP if postpartum else ONLY)[delivery]}"
    assert key.answer == expected
    assert key.answer in ex.options


def test_the_draws_vary():
    for tid in ("srgo-colonoscopy-payer", "srgo-catheter", "srgo-obstetric"):
        prompts = {draw(tid, seed)[0].prompt for seed in range(12)}
        assert len(prompts) >= 8, tid
        assert len({draw(tid, s)[1].answer for s in SEEDS}) >= 4, tid
