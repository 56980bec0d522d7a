"""Every page of the built student site in real headless Chromium, offline: no console errors, no outside
requests, no serious or critical axe-core violations, light pages, and working navigation and search.

The reports (axe counts by severity, page weights) are written to _build/reports/ and summarised on stdout."""

from __future__ import annotations

import json
import statistics
from urllib.parse import unquote, urlparse

import pytest
import yaml

from tests.browser import ROOT, SITE, chromium, console_errors, requested_urls, serve

pytestmark = pytest.mark.site
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
REPORTS = ROOT / "_build" / "reports"
SCREENSHOTS = ROOT / "_build" / "screenshots"
MEDIAN_LIMIT = 300_000


def pages() -> list[str]:
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html") if "_static" not in p.parts)


@pytest.fixture(scope="module")
def crawl():
    """Visit every page once; collect console errors, requests, axe results and a screenshot or two."""
    if not (SITE / "index.html").exists():
        pytest.fail("The website is not built: run `make book`.")
    assert AXE.exists(), "axe-core is installed by make (npm ci): run make book"
    axe = AXE.read_text(encoding="utf-8")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with serve(SITE) as base:
        yield base, _visit_all(base, axe)


def _visit_all(base: str, axe: str) -> dict:
    results = {}
    with chromium() as driver:
        driver.set_script_timeout(120)
        for page in pages():
            requested_urls(driver)
            driver.get(f"{base}/{page}")
            errors = console_errors(driver)
            urls = requested_urls(driver)
            driver.execute_script(axe)
            violations = driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document, {resultTypes: ['violations']})"
                ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))))"
                ".catch(e => done([{id: 'axe-error: ' + e, impact: 'critical', nodes: 0}]));"
            )
            results[page] = {"errors": errors, "urls": urls, "axe": violations}
        driver.set_window_size(1280, 900)
        for page, name in (("book/revenue-cycle.html", "chapter"), ("exercises/revenue-cycle.html", "exercise")):
            driver.get(f"{base}/{page}")
            driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    return results


def test_no_console_errors_and_no_outside_requests(crawl):
    base, results = crawl
    host = urlparse(base).netloc
    for page, r in results.items():
        assert r["errors"] == [], f"{page}: console errors {r['errors']}"
        outside = [u for u in r["urls"] if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != host]
        assert outside == [], f"{page}: requests to other hosts {outside}"


def test_no_serious_or_critical_accessibility_violations(crawl):
    _base, results = crawl
    counts: dict[str, int] = {}
    for r in results.values():
        for v in r["axe"]:
            counts[v["impact"] or "unknown"] = counts.get(v["impact"] or "unknown", 0) + v["nodes"]
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = {"pages": len(results), "nodes_by_impact": counts, "by_page": {p: r["axe"] for p, r in results.items()}}
    (REPORTS / "axe.json").write_text(json.dumps(report, indent=1))
    print(f"\naxe-core on {len(results)} pages, violating nodes by impact: {counts}")
    bad = {p: [v for v in r["axe"] if v["impact"] in ("serious", "critical")] for p, r in results.items()}
    bad = {p: v for p, v in bad.items() if v}
    assert bad == {}, f"serious or critical axe violations: {bad}"


def _local_size(url: str) -> int:
    path = SITE / unquote(urlparse(url).path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path.stat().st_size if path.exists() else 0


def test_pages_are_light_and_heavy_scripts_load_only_where_used(crawl):
    _base, results = crawl
    # The root index.html only redirects to the first chapter; it loads no theme and is not a page to weigh.
    redirects = {p for p in results if 'http-equiv="refresh"' in (SITE / p).read_text(encoding="utf-8").lower()}
    resources = {p: {urlparse(u)._replace(query="", fragment="").geturl() for u in r["urls"] if u.startswith("http")}
                 for p, r in results.items() if p not in redirects}
    shared = set.intersection(*resources.values())
    weights = {p: sum(_local_size(u) for u in urls - shared) for p, urls in resources.items()}
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "page-weight.json").write_text(json.dumps(
        {"shared_theme_bytes": sum(_local_size(u) for u in shared), "pages": weights}, indent=1))
    median = statistics.median(weights.values())
    largest = max(weights, key=weights.get)
    print(f"\npage weight without shared theme assets: median {median / 1000:.0f} KB, "
          f"largest {largest} {weights[largest] / 1000:.0f} KB; shared assets "
          f"{sum(_local_size(u) for u in shared) / 1000:.0f} KB")
    assert median < MEDIAN_LIMIT
    for page, urls in resources.items():
        widget_page = "application/vnd.jupyter.widget-view+json" in (SITE / page).read_text(encoding="utf-8")
        loads_manager = any("html-manager" in u for u in urls)
        assert loads_manager == widget_page, f"{page}: widget manager loaded={loads_manager}, has widgets={widget_page}"


def test_next_and_previous_links_follow_the_table_of_contents(crawl):
    from selenium.webdriver.common.by import By

    base, _results = crawl
    with chromium() as driver:
        driver.get(f"{base}/book/intro.html")
        driver.find_element(By.CSS_SELECTOR, "a.right-next").click()
        assert driver.current_url.endswith("/book/revenue-cycle.html")
        driver.find_element(By.CSS_SELECTOR, "a.left-prev").click()
        assert driver.current_url.endswith("/book/intro.html")
        links = driver.find_elements(By.CSS_SELECTOR, "nav.bd-links a")
        sidebar = {a.get_attribute("href").split("/")[-1] for a in links}
        assert {"revenue-cycle.html", "glossary.html", "references.html"} <= sidebar


def test_search_finds_a_term(crawl):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base, _results = crawl
    with chromium() as driver:
        driver.get(f"{base}/search.html?q=coinsurance")
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li"))
        hits = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#search-results li a")]
        assert any("revenue-cycle" in h for h in hits)


def test_launch_buttons_point_where_configured(crawl):
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    repo = urlparse(config["repository"]["url"]).path.strip("/")
    page = (SITE / "notebooks" / "revenue-cycle-encounter.html").read_text(encoding="utf-8")
    binder = config["launch_buttons"]["binderhub_url"].rstrip("/")
    assert f"{binder}/v2/gh/{repo}/{config['repository']['branch']}?urlpath=" in page
    assert f"{config['launch_buttons']['colab_url'].rstrip('/')}/github/{repo}/blob/" in page
    assert config["launch_buttons"]["jupyterhub_url"].rstrip("/") + "/hub/user-redirect/git-pull?" in page
    assert 'href="../_sources/notebooks/revenue-cycle-encounter.ipynb"' in page  # the .ipynb download


def test_screenshots_for_the_readme(crawl):
    for name in ("chapter", "exercise"):
        data = (SCREENSHOTS / f"{name}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
