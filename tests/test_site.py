"""The built website in a real headless Chromium, offline: widgets render and exercises check themselves."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlparse

import pytest

from tests.browser import ROOT, SITE, chromium, console_errors, requested_urls, serve
from workbook.exercises.answers import key_response
from workbook.exercises.checker import check
from workbook.exercises.keys import load_key
from workbook.exercises.spec import candidates, load_bank

pytestmark = pytest.mark.site
BANKS = sorted((ROOT / "exercises" / "banks").glob("*.yml"))


@pytest.fixture(scope="module")
def site():
    if not (SITE / "index.html").exists():
        pytest.fail("The website is not built: run `make book` (make test builds it before this step).")
    with serve(SITE) as url:
        yield url


@pytest.fixture(scope="module")
def driver():
    with chromium() as drv:
        yield drv


def load(driver, site: str, page: str) -> None:
    driver.get(f"{site}/{page}")
    driver.execute_script("return document.readyState")


def outside(urls: list[str], site: str) -> list[str]:
    host = urlparse(site).netloc
    return [u for u in urls if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != host]


def test_widgets_render_offline(driver, site):
    """The stage explorer (an ipywidgets Tab) renders from pinned local scripts with no network at all."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    requested_urls(driver)  # drain
    load(driver, site, "notebooks/revenue-cycle-encounter.html")
    views = driver.find_elements(By.CSS_SELECTOR, 'script[type="application/vnd.jupyter.widget-view+json"]')
    assert views, "the page should embed at least one widget view"
    rendered = ".jupyter-widgets.widget-tab, .lm-TabBar"
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, rendered))
    tabs = driver.find_elements(By.CSS_SELECTOR, ".lm-TabBar-tab")
    assert len(tabs) >= 5, "every revenue-cycle stage should have its tab"
    urls = requested_urls(driver)
    assert any("/_static/vendor/html-manager/embed.js" in u for u in urls)
    assert outside(urls, site) == []
    assert console_errors(driver) == []


def test_pages_without_widgets_do_not_load_the_widget_manager(driver, site):
    requested_urls(driver)
    load(driver, site, "book/revenue-cycle.html")
    assert not [u for u in requested_urls(driver) if "html-manager" in u]


def _set_answer(driver, root, ex, response) -> None:
    """Fill the controls and check (the button, or Enter in a text box)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    if _fill(root, ex, response):
        root.find_element(By.CSS_SELECTOR, "input.wb-input").send_keys(Keys.ENTER)
    else:
        root.find_element(By.CSS_SELECTOR, "button.wb-check").click()


def _fill(root, ex, response) -> bool:
    """Put a response in an exercise's controls without checking it; True when it went into a text box."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    if ex.type in ("single", "multiple"):
        for box in root.find_elements(By.CSS_SELECTOR, "input"):
            wanted = int(box.get_attribute("value")) in ([response] if ex.type == "single" else response)
            if box.is_selected() != wanted:
                box.click()
    elif ex.type == "claim":
        for box, value in zip(root.find_elements(By.CSS_SELECTOR, "input.wb-field"), response, strict=True):
            box.clear()
            box.send_keys(str(value))
    elif ex.type == "spot":
        for button in root.find_elements(By.CSS_SELECTOR, "button.wb-spot"):
            wanted = int(button.get_attribute("data-wb-spot")) in response
            if (button.get_attribute("aria-pressed") == "true") != wanted:
                button.click()
    elif ex.type in ("ordering", "matching"):
        for select, value in zip(root.find_elements(By.CSS_SELECTOR, "select"), response, strict=True):
            Select(select).select_by_value(str(value))
    else:
        box = root.find_element(By.CSS_SELECTOR, "input.wb-input")
        box.clear()
        box.send_keys(str(response))
        return True
    return False


def _wrong(ex, right):
    if ex.type == "single":
        return (right + 1) % len(ex.options)
    if ex.type == "multiple":
        return [i for i in range(len(ex.options)) if i not in right] or [0]
    if ex.type in ("ordering", "matching"):
        return list(reversed(right)) if len(set(right)) > 1 else right
    if ex.type == "numeric":
        return str(Decimal(str(right)) + 1000)
    if ex.type == "claim":
        return ["01/01/2001" if kind == "date" else "9" for _item, _label, kind in ex.fields]
    if ex.type == "spot":
        return [i for i in range(len(candidates(ex.note))) if i not in right][:1] or [0]
    return "Z00.00" if ex.system == "icd10cm" else ("A0021" if ex.system == "hcpcs" else "00100")


def _page_items(page: str):
    """(exercise, key answer) for every exercise a page shows, recomputed the way the notebook made them."""
    if page == "practice":
        from workbook.exercises.practice import site_set

        return [(q.exercise, q.answer) for q in site_set(2026, 12)]
    if page == "practice-exam":
        from workbook.exercises.exam import draw

        return [(i.exercise, i.answer) for i in draw(n=20, seed=1)]
    bank_path = ROOT / "exercises" / "banks" / f"{page}.yml"
    bank = load_bank(bank_path)
    key = load_key(ROOT / "solutions" / "keys" / bank_path.name, bank)
    return [(ex, key[ex.id]) for ex in bank.exercises]


PAGES = [p.stem for p in BANKS] + ["practice"]


def ex_salt(page: str, ex) -> str:
    """The salt the page's HTML carries for an exercise (a bank's own, or the generated page's)."""
    if page in ("practice", "practice-exam"):
        from workbook.exercises.exam import draw
        from workbook.exercises.practice import site_set

        found = [q for q in site_set(2026, 12) if q.exercise.id == ex.id] if page == "practice" else \
            [i for i in draw(n=20, seed=1) if i.exercise.id == ex.id]
        return found[0].salt
    return load_bank(ROOT / "exercises" / "banks" / f"{page}.yml").salt


def _wait(driver, condition, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def test_a_right_answer_opens_its_explanation_and_a_reload_keeps_every_answer(driver, site):
    """The learning loop: wrong (no explanation), right (the key's explanation and source appear), reload
    (the answer, the attempts and the explanation are all still there), clear (all gone)."""
    from selenium.webdriver.common.by import By

    bank = load_bank(ROOT / "exercises" / "banks" / "revenue-cycle.yml")
    key = load_key(ROOT / "solutions" / "keys" / "revenue-cycle.yml", bank)
    ex = next(e for e in bank.exercises if e.type == "single")
    load(driver, site, "exercises/revenue-cycle.html")
    driver.execute_script("window.Workbook.clearProgress()")
    load(driver, site, "exercises/revenue-cycle.html")
    root = driver.find_element(By.ID, f"wb-{ex.id}")
    explained = root.find_element(By.CSS_SELECTOR, ".wb-explanation")
    right = key_response(ex, key[ex.id].answer)
    _set_answer(driver, root, ex, _wrong(ex, right))
    first_words = " ".join(key[ex.id].explanation.split()[:4])
    assert not explained.is_displayed()
    assert first_words not in driver.page_source  # the page never holds the explanation in clear
    _set_answer(driver, root, ex, right)
    _wait(driver, lambda d: explained.is_displayed())
    assert explained.text.startswith("Why.") and first_words[:20] in explained.text.replace("\n", " ")
    assert key[ex.id].source.split()[0] in explained.text
    load(driver, site, "exercises/revenue-cycle.html")
    root = driver.find_element(By.ID, f"wb-{ex.id}")
    assert root.get_attribute("data-wb-status") == "correct"
    assert root.find_element(By.CSS_SELECTOR, ".wb-attempts").text == "Attempts: 2"
    checked = [int(b.get_attribute("value")) for b in root.find_elements(By.CSS_SELECTOR, "input") if b.is_selected()]
    assert checked == [right]
    _wait(driver, lambda d: root.find_element(By.CSS_SELECTOR, ".wb-explanation").is_displayed())
    stored = driver.execute_script(
        "return JSON.parse(localStorage.getItem(window.Workbook.STORE + arguments[0]))", f"revenue-cycle:{ex.id}")
    assert (stored["attempts"], stored["first"], stored["last"], stored["solved"]) == (2, "incorrect", "correct", True)
    assert driver.execute_script("return window.Workbook.clearProgress()") >= 1
    load(driver, site, "exercises/revenue-cycle.html")
    assert driver.find_element(By.ID, f"wb-{ex.id}").get_attribute("data-wb-status") is None
    assert console_errors(driver) == []


def test_hints_open_one_at_a_time(driver, site):
    from selenium.webdriver.common.by import By

    bank = next(b for b in (load_bank(p) for p in BANKS) if any(len(e.hints) >= 2 for e in b.exercises))
    ex = next(e for e in bank.exercises if len(e.hints) >= 2)
    load(driver, site, f"exercises/{bank.bank}.html")
    hints = driver.find_element(By.ID, f"wb-{ex.id}").find_elements(By.CSS_SELECTOR, "details.wb-hint")
    assert [h.is_displayed() for h in hints] == [True] + [False] * (len(hints) - 1)
    hints[0].find_element(By.CSS_SELECTOR, "summary").click()
    _wait(driver, lambda d: hints[1].is_displayed())  # the details 'toggle' event is dispatched as a task
    assert all(not h.is_displayed() for h in hints[2:])


def test_exercises_fit_a_phone(driver, site):
    """At 390 px nothing scrolls sideways: matching and ordering dropdowns and claim fields stay in their card."""

    pages = sorted({b.bank for b in (load_bank(p) for p in BANKS)
                    if {e.type for e in b.exercises} & {"matching", "ordering", "claim"}})
    driver.set_window_size(390, 844)
    try:
        for page in pages:
            load(driver, site, f"exercises/{page}.html")
            too_wide = driver.execute_script(
                "return Array.from(document.querySelectorAll('.wb-exercise')).filter("
                "e => e.scrollWidth > e.clientWidth + 1).map(e => e.id)")
            assert too_wide == [], page
    finally:
        driver.set_window_size(1280, 1000)


@pytest.mark.parametrize("page", PAGES)
def test_every_exercise_checks_right_and_wrong_answers_in_the_browser(driver, site, page: str):
    from selenium.webdriver.common.by import By

    items = _page_items(page)
    requested_urls(driver)
    load(driver, site, f"exercises/{page}.html" + ("?seed=2026" if page == "practice" else ""))
    shown = ".wb-practice-set:not([hidden]) .wb-exercise" if page == "practice" else ".wb-exercise"
    assert len(driver.find_elements(By.CSS_SELECTOR, shown)) == len(items)
    for ex, answer in items:
        root = driver.find_element(By.ID, f"wb-{ex.id}")
        right = key_response(ex, answer.answer)
        _set_answer(driver, root, ex, _wrong(ex, right))
        assert root.get_attribute("data-wb-status") != "correct", ex.id
        shown = root.find_element(By.CSS_SELECTOR, ".wb-feedback").text.strip()
        assert shown, ex.id
        if ex.type != "code":  # the same words as the notebook face (code feedback there also uses the code set)
            assert shown == check(ex, _wrong(ex, right), ex_salt(page, ex)).message, ex.id
        _set_answer(driver, root, ex, right)
        assert root.get_attribute("data-wb-status") == "correct", ex.id
        assert root.find_element(By.CSS_SELECTOR, ".wb-feedback").text == "Correct."
    assert outside(requested_urls(driver), site) == []
    assert console_errors(driver) == []


def test_code_feedback_categories_in_the_browser(driver, site):
    """The website tells a heading, a wrong 7th character and a wrong code in the right category apart."""
    from selenium.webdriver.common.by import By

    found = [(page, ex, a) for page in PAGES if page != "practice" for ex, a in _page_items(page)
             if ex.type == "code" and ex.system == "icd10cm" and len(str(a.answer)) == 8]
    assert found, "some chapter should have a 7-character ICD-10-CM code exercise"
    page, ex, answer = found[0]
    load(driver, site, f"exercises/{page}.html")
    root = driver.find_element(By.ID, f"wb-{ex.id}")
    code = answer.answer
    wrong_seventh = code[:7] + ("A" if code[7] != "A" else "D")
    for typed, status in [(code[:3], "header"), (code[:7], "seventh"), (wrong_seventh, "seventh"),
                          ("12345", "not-a-code"), (code, "correct")]:
        _set_answer(driver, root, ex, typed)
        assert root.get_attribute("data-wb-status") == status, typed


def test_computed_figures_render_at_each_use():
    """Every {computed} role in a chapter shows, in the built page and in order, the text the registry computes."""
    import html
    import re

    from tests.test_chapter_figures import uses
    from workbook.site.book_values import VALUES

    span = re.compile(r'<span class="computed">(.*?)</span>', re.DOTALL)
    for page, keys in uses().items():
        built = SITE / "book" / page.replace(".md", ".html")
        shown = [html.unescape(text) for text in span.findall(built.read_text(encoding="utf-8"))]
        assert shown == [VALUES[key]() for key in keys], f"{built.relative_to(SITE)} differs from the registry"


def test_a_website_only_student_hands_in_a_file_the_grader_scores(driver, site, tmp_path):
    """Answer on the website, see it summed up on My progress, export the hand-in file, grade it: the points of
    the right answers, no more. Then restore the file into a fresh browser state."""
    import csv
    import json
    import subprocess
    import sys

    from selenium.webdriver.common.by import By

    bank = load_bank(ROOT / "exercises" / "banks" / "revenue-cycle.yml")
    key = load_key(ROOT / "solutions" / "keys" / "revenue-cycle.yml", bank)
    right_ones = [e for e in bank.exercises if e.type in ("single", "numeric", "multiple")][:3]
    wrong_one = next(e for e in bank.exercises if e.type == "single" and e not in right_ones)
    load(driver, site, "exercises/revenue-cycle.html")
    driver.execute_script("window.Workbook.clearProgress()")
    load(driver, site, "exercises/revenue-cycle.html")
    for ex in right_ones:
        _set_answer(driver, driver.find_element(By.ID, f"wb-{ex.id}"), ex, key_response(ex, key[ex.id].answer))
    wrong = _wrong(wrong_one, key_response(wrong_one, key[wrong_one.id].answer))
    wrong_root = driver.find_element(By.ID, f"wb-{wrong_one.id}")
    _set_answer(driver, wrong_root, wrong_one, wrong)
    _set_answer(driver, wrong_root, wrong_one, wrong)  # the same answer again: not another attempt
    assert "Attempts: 1 (you checked this same answer already)" in wrong_root.text
    _set_answer(driver, wrong_root, wrong_one, key_response(wrong_one, key[wrong_one.id].answer))  # right, 2nd try
    extra = next(e for e in bank.exercises if e.type == "single" and e not in right_ones and e is not wrong_one)
    _set_answer(driver, driver.find_element(By.ID, f"wb-{extra.id}"), extra, key_response(extra, key[extra.id].answer))

    load(driver, site, "exercises/my-progress.html")
    panel = driver.find_element(By.CSS_SELECTOR, ".wb-progress")
    assert "You have tried 5 of" in panel.text and "got 5 right (4 on the first try)" in panel.text
    # The packet's link limits the hand-in file to the assignment's exercises (not `extra`) and fills its id.
    listed = ",".join(e.id for e in [*right_ones, wrong_one])
    load(driver, site, f"exercises/my-progress.html?assignment=week-1&exercises={listed}")
    panel = driver.find_element(By.CSS_SELECTOR, ".wb-progress")
    assert "only the 4 exercises of assignment week-1" in panel.text
    panel.find_element(By.CSS_SELECTOR, ".wb-export").click()
    assert "student id" in panel.find_element(By.CSS_SELECTOR, ".wb-progress-status").text
    panel.find_element(By.CSS_SELECTOR, ".wb-learner").send_keys("s1001")
    panel.find_element(By.CSS_SELECTOR, ".wb-export").click()
    assert panel.find_element(By.CSS_SELECTOR, ".wb-progress-status").text.startswith("Saved s1001.json with 4 answers")
    doc = json.loads(panel.get_attribute("data-wb-exported"))
    assert doc["assignment"] == "week-1" and len(doc["attempts"][wrong_one.id]) == 2

    assignment, subs, out = tmp_path / "assignment", tmp_path / "subs", tmp_path / "grades"
    run = [sys.executable, "-m", "workbook"]
    subprocess.run([*run, "assign", "--chapters", "revenue-cycle", "--title", "Week 1", "--due", "2027-02-01",
                    "--id", "week-1", "--timezone", "UTC", "--out", str(assignment)], check=True, cwd=ROOT,
                   capture_output=True)
    subs.mkdir()
    (subs / "s1001.json").write_text(json.dumps(doc), encoding="utf-8")
    subprocess.run([*run, "grade", str(assignment), str(subs), "--out", str(out), "--no-late"], check=True,
                   cwd=ROOT, capture_output=True)
    with (out / "gradebook.csv").open(encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert row["status"] == "graded" and "no checksum" not in row["notes"]
    # The default policy: right on the second check earns the points less 25%.
    assert float(row["raw_points"]) == sum(e.points for e in right_ones) + 0.75 * wrong_one.points
    assert (row["answered"], row["right"]) == ("4", "3")

    driver.execute_script("window.Workbook.clearProgress()")
    restored = driver.execute_script(
        "return window.Workbook.importDocument(arguments[0], JSON.parse(document.querySelector('.wb-progress')"
        ".dataset.wbCatalog))", doc)
    assert restored == 4
    load(driver, site, "exercises/revenue-cycle.html")
    assert all(driver.find_element(By.ID, f"wb-{e.id}").get_attribute("data-wb-status") == "correct"
               for e in right_ones)
    driver.execute_script("window.Workbook.clearProgress()")
    assert console_errors(driver) == []


def test_the_timed_exam_on_the_website(driver, site):
    """Questions hidden until Start; a countdown; nothing checked until Finish; then every question marked and
    the score by domain, the same points Python's exam.score gives. Time running out finishes the exam."""
    from selenium.webdriver.common.by import By

    from workbook.exercises.exam import draw, score

    items = _page_items("practice-exam")
    load(driver, site, "exercises/practice-exam.html")
    exam = driver.find_element(By.CSS_SELECTOR, ".wb-exam")
    assert not exam.find_element(By.CSS_SELECTOR, ".wb-exam-questions").is_displayed()
    exam.find_element(By.CSS_SELECTOR, ".wb-exam-start").click()
    assert exam.find_element(By.CSS_SELECTOR, ".wb-exam-clock").text in ("Time left: 40:00", "Time left: 39:59")
    responses = []
    for n, (ex, answer) in enumerate(items):
        root = driver.find_element(By.ID, f"wb-{ex.id}")
        assert not root.find_element(By.CSS_SELECTOR, "button.wb-check").is_displayed()
        right = key_response(ex, answer.answer)
        response = right if n % 3 else _wrong(ex, right)
        _fill(root, ex, response)
        responses.append(response)
        assert root.find_element(By.CSS_SELECTOR, ".wb-feedback").text == ""  # no feedback during the exam
    exam.find_element(By.CSS_SELECTOR, ".wb-exam-finish").click()
    assert exam.get_attribute("data-wb-state") == "finished"
    table = score(draw(n=20, seed=1), responses)  # the items _page_items drew, scored by Python
    earned, points = table.loc["All questions", "earned"], table.loc["All questions", "points"]
    report = exam.find_element(By.CSS_SELECTOR, ".wb-exam-report").text
    assert f"Score: {earned:g} of {points:g} points" in report
    for domain, row in table.iterrows():
        assert f"{domain} {int(row['questions'])} {row['points']:g} {row['earned']:g}" in report, domain
    for ex, _answer in items:
        assert driver.find_element(By.ID, f"wb-{ex.id}").find_element(By.CSS_SELECTOR, ".wb-feedback").text

    load(driver, site, "exercises/practice-exam.html")
    exam = driver.find_element(By.CSS_SELECTOR, ".wb-exam")
    driver.execute_script("arguments[0].dataset.wbMinutes = '0.02'", exam)  # 1.2 seconds
    exam.find_element(By.CSS_SELECTOR, ".wb-exam-start").click()
    _wait(driver, lambda d: exam.get_attribute("data-wb-state") == "finished", timeout=10)
    assert exam.find_element(By.CSS_SELECTOR, ".wb-exam-clock").text == "Finished"
    assert "Score: " in exam.find_element(By.CSS_SELECTOR, ".wb-exam-report").text
    assert console_errors(driver) == []


def test_generated_practice_draws_a_set_per_visit_and_names_its_seed(driver, site):
    from selenium.webdriver.common.by import By

    from workbook.exercises.practice import SITE_SEEDS, site_set

    seen = set()
    for _ in range(12):
        load(driver, site, "exercises/practice.html")
        box = driver.find_element(By.CSS_SELECTOR, ".wb-practice")
        seed = int(box.get_attribute("data-wb-seed"))
        visible = box.find_elements(By.CSS_SELECTOR, ".wb-practice-set:not([hidden]) .wb-exercise")
        assert [v.get_attribute("data-wb-id") for v in visible] == [q.exercise.id for q in site_set(seed, 12)]
        assert f"seed {seed}" in box.find_element(By.CSS_SELECTOR, ".wb-practice-seed").text
        seen.add(seed)
    assert seen <= set(SITE_SEEDS) and len(seen) >= 2  # 12 visits drawing 1 of 6 sets: one set only has odds 6**-11
    box.find_element(By.CSS_SELECTOR, ".wb-practice-next").click()
    assert int(box.get_attribute("data-wb-seed")) != seed
    load(driver, site, "exercises/practice.html?seed=2029")
    assert driver.find_element(By.CSS_SELECTOR, ".wb-practice").get_attribute("data-wb-seed") == "2029"


def test_the_code_look_up_finds_codes_in_the_browser(driver, site):
    """The look-up page loads its data on first use and finds codes by abbreviation, words and code; a practice
    hint that points at the encoder links it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    load(driver, site, "exercises/code-lookup.html")
    box = driver.find_element(By.CSS_SELECTOR, ".wb-lookup")
    query = box.find_element(By.CSS_SELECTOR, ".wb-lookup-q")
    query.send_keys("CHF")
    first = _wait(driver, lambda d: box.find_elements(By.CSS_SELECTOR, ".wb-lookup-results li"), timeout=60)[0]
    assert first.text.startswith("I50.9 billable Heart failure, unspecified")
    assert "abbreviation: chf means" in first.text
    assert "in ICD-10-CM FY2027" in box.find_element(By.CSS_SELECTOR, ".wb-lookup-status").text
    query.clear()
    query.send_keys("fractured neck of femur")
    _wait(driver, lambda d: "S72" in box.find_element(By.CSS_SELECTOR, ".wb-lookup-results").text)
    Select(box.find_element(By.CSS_SELECTOR, ".wb-lookup-system")).select_by_value("hcpcs")
    query.clear()
    query.send_keys("J1100")
    _wait(driver, lambda d: box.find_element(By.CSS_SELECTOR, ".wb-lookup-results li").text.startswith("J1100"))
    assert console_errors(driver) == []
    # The generated practice pages: which seeded draw holds a hint sending the reader to the encoder changes as
    # chapters add templates, so the two pages together must hold one, and every such hint links the look-up.
    links = []
    for page in ("exercises/practice.html", "exercises/practice-exam.html"):
        load(driver, site, page)
        links += driver.find_elements(By.CSS_SELECTOR, "a.wb-lookup-link")
        if links:
            break
    assert links and all(a.get_attribute("href").endswith("/exercises/code-lookup.html") for a in links)


def test_every_figure_loads_and_has_alt_text(driver, site):
    """Each chapter's figures: every drawing loads (a real image, not a broken link) and says what it shows."""
    from selenium.webdriver.common.by import By

    from tests.test_figures import chapters

    seen = 0
    for page in chapters():
        load(driver, site, f"{page}.html")
        figs = driver.find_elements(By.CSS_SELECTOR, "figure.wb-figure")
        assert len(figs) >= 2, page
        for fig in figs:
            seen += 1
            assert fig.get_attribute("id") and fig.find_elements(By.CSS_SELECTOR, "figcaption"), page
            for img in fig.find_elements(By.CSS_SELECTOR, "img"):
                loaded = driver.execute_script(
                    "const i = arguments[0]; i.scrollIntoView(); return i.complete && i.naturalWidth > 0;", img)
                assert loaded, (page, img.get_attribute("src"))
                assert len((img.get_attribute("alt") or "").split()) >= 8, (page, img.get_attribute("src"))
            for group in fig.find_elements(By.CSS_SELECTOR, ":scope > div[role=group]"):
                assert len((group.get_attribute("aria-label") or "").split()) >= 8, page
        assert console_errors(driver) == [], page
    assert seen >= 32
