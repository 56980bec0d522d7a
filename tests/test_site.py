"""The built website in a real headless Chromium, offline: widgets render and exercises check themselves."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlparse

import pytest

from tests.browser import ROOT, SITE, chromium, console_errors, requested_urls, serve
from workbook.exercises.answers import key_response
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
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
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
        box.send_keys(str(response) + Keys.ENTER)
        return
    root.find_element(By.CSS_SELECTOR, "button.wb-check").click()


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
        from workbook.exercises.practice import questions

        return [(q.exercise, q.answer) for q in questions(seed=2026, n=12)]
    if page == "practice-exam":
        from workbook.exercises.exam import draw

        return [(i.exercise, i.answer) for i in draw(n=20, seed=1)]
    bank_path = ROOT / "exercises" / "banks" / f"{page}.yml"
    bank = load_bank(bank_path)
    key = load_key(ROOT / "solutions" / "keys" / bank_path.name, bank)
    return [(ex, key[ex.id]) for ex in bank.exercises]


PAGES = [p.stem for p in BANKS] + ["practice", "practice-exam"]


@pytest.mark.parametrize("page", PAGES)
def test_every_exercise_checks_right_and_wrong_answers_in_the_browser(driver, site, page: str):
    from selenium.webdriver.common.by import By

    items = _page_items(page)
    requested_urls(driver)
    load(driver, site, f"exercises/{page}.html")
    assert len(driver.find_elements(By.CSS_SELECTOR, ".wb-exercise")) == len(items)
    for ex, answer in items:
        root = driver.find_element(By.ID, f"wb-{ex.id}")
        right = key_response(ex, answer.answer)
        _set_answer(driver, root, ex, _wrong(ex, right))
        assert root.get_attribute("data-wb-status") != "correct", ex.id
        assert root.find_element(By.CSS_SELECTOR, ".wb-feedback").text.strip(), ex.id
        _set_answer(driver, root, ex, right)
        assert root.get_attribute("data-wb-status") == "correct", ex.id
        assert root.find_element(By.CSS_SELECTOR, ".wb-feedback").text == "Correct."
    assert outside(requested_urls(driver), site) == []
    assert console_errors(driver) == []


def test_code_feedback_categories_in_the_browser(driver, site):
    """The website tells a heading, a wrong 7th character and a wrong code in the right category apart."""
    from selenium.webdriver.common.by import By

    items = [(ex, a) for ex, a in _page_items("practice") if ex.type == "code" and len(a.answer) == 8]
    assert items, "practice seed 2026 should include a 7-character code question"
    ex, answer = items[0]
    load(driver, site, "exercises/practice.html")
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
