"""The instructor's cohort view: one HTML page over one or more grading runs (``python -m workbook report``).

It reads what ``grade`` wrote (``summary.json`` and ``gradebook.csv`` in each ``--out`` folder) and shows, per
assignment, the score distribution and every exercise's difficulty (share right), discrimination and most common
wrong answer, then each student's scores across the assignments. Charts are inline SVG, so the page is one
self-contained file that opens offline and prints.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from workbook.course.submissions import printable
from workbook.errors import WorkbookError


@dataclass
class Run:
    """One grading run: its summary and its gradebook rows."""

    folder: Path
    summary: dict[str, Any]
    rows: list[dict[str, str]]

    @property
    def title(self) -> str:
        return f"{self.summary.get('title', '?')} ({self.summary.get('assignment', '?')})"


def read_run(folder: Path) -> Run:
    """A grading run's outputs; a clear error when the folder is not one."""
    folder = Path(folder)
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        with (folder / "gradebook.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        raise WorkbookError(f"{folder}: holds no summary.json and gradebook.csv; give the --out folder of a "
                            "`python -m workbook grade` run.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, csv.Error) as exc:
        raise WorkbookError(f"{folder}: its grading outputs cannot be read ({exc}); grade again.") from None
    if not isinstance(summary, dict) or not isinstance(summary.get("exercises"), list):
        raise WorkbookError(f"{folder}/summary.json is not a grading summary; grade again.")
    return Run(folder, summary, rows)


def _bar(value: float | None, width: int = 160, colour: str = "#1d4ed8") -> str:
    """A horizontal bar for a percentage, as inline SVG with its number as text."""
    if value is None:
        return "-"
    w = max(0.0, min(100.0, value)) * width / 100
    return (f'<svg class="bar" width="{width + 46}" height="16" role="img" aria-label="{value:.0f}%">'
            f'<rect x="0" y="2" width="{width}" height="12" fill="#e5e7eb"/>'
            f'<rect x="0" y="2" width="{w:.1f}" height="12" fill="{colour}"/>'
            f'<text x="{width + 4}" y="13" font-size="11">{value:.0f}%</text></svg>')


def _histogram(percents: list[float]) -> str:
    """Scores in ten-point bands as an SVG column chart."""
    bands = [0] * 10
    for p in percents:
        bands[min(9, max(0, int(p // 10)))] += 1
    top = max(bands) or 1
    cols = "".join(
        f'<rect x="{10 + i * 28}" y="{110 - 90 * n / top:.1f}" width="22" height="{90 * n / top:.1f}" fill="#1d4ed8">'
        f"<title>{i * 10}-{i * 10 + 9 if i < 9 else 100}%: {n}</title></rect>"
        f'<text x="{21 + i * 28}" y="124" font-size="9" text-anchor="middle">{i * 10}</text>'
        + (f'<text x="{21 + i * 28}" y="{106 - 90 * n / top:.1f}" font-size="9" text-anchor="middle">{n}</text>'
           if n else "")
        for i, n in enumerate(bands))
    return (f'<svg width="300" height="130" role="img" aria-label="score distribution: '
            f'{", ".join(map(str, bands))} students per ten-point band">{cols}</svg>')


def _percent(row: dict[str, str]) -> float | None:
    try:
        return float(row.get("percent") or "")
    except ValueError:
        return None


def _difficulty_table(run: Run) -> str:
    lines = ["<table><thead><tr><th scope='col'>exercise</th><th scope='col'>type</th><th scope='col'>answered</th>"
             "<th scope='col'>right</th><th scope='col'>discrimination</th>"
             "<th scope='col'>most common wrong answer</th></tr></thead><tbody>"]
    rows = sorted(run.summary["exercises"], key=lambda e: (e.get("percent_right") is None, e.get("percent_right") or 0))
    for e in rows:
        disc = e.get("discrimination")
        flag = " class='weak'" if disc is not None and disc < 0.2 else ""
        lines.append(
            f"<tr><th scope='row'>{escape(str(e.get('exercise')))}</th><td>{escape(str(e.get('type')))}</td>"
            f"<td>{e.get('answered')} of {e.get('graded')}</td><td>{_bar(e.get('percent_right'))}</td>"
            f"<td{flag}>{'-' if disc is None else f'{disc:.2f}'}</td>"
            f"<td>{escape(printable(str(e.get('common_wrong_answer') or ''), 80))}</td></tr>")
    lines.append("</tbody></table>")
    return "".join(lines)


def _students_table(runs: list[Run]) -> str:
    """Each student's percent per assignment (a blank where they have none), with their mean."""
    students: dict[str, dict[int, float | None]] = {}
    for i, run in enumerate(runs):
        for row in run.rows:
            sid = row.get("student_id") or ""
            if sid:
                students.setdefault(sid, {})[i] = _percent(row)
    head = "".join(f"<th scope='col'>{escape(r.title)}</th>" for r in runs)
    lines = [f"<table><thead><tr><th scope='col'>student</th>{head}<th scope='col'>mean</th></tr></thead><tbody>"]
    for sid in sorted(students, key=str.lower):
        got = students[sid]
        values = [got.get(i) for i in range(len(runs))]
        known = [v for v in values if v is not None]
        mean = sum(known) / len(known) if known else None
        cells = "".join(f"<td>{_bar(v, 90) if v is not None else '-'}</td>" for v in values)
        lines.append(f"<tr><th scope='row'>{escape(sid)}</th>{cells}<td>{_bar(mean, 90, '#15803d')}</td></tr>")
    lines.append("</tbody></table>")
    return "".join(lines)


STYLE = ("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#111}"
         "table{border-collapse:collapse;margin:1em 0}th,td{padding:3px 8px;border-bottom:1px solid #e5e7eb;"
         "text-align:left;vertical-align:middle}td.weak{color:#b91c1c;font-weight:600}"
         "@media print{svg.bar rect{print-color-adjust:exact}}")


def render(runs: list[Run]) -> str:
    """The whole report page."""
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Cohort report</title>"
             f"<style>{STYLE}</style></head><body><h1>Cohort report</h1>"
             f"<p>{len(runs)} assignment(s). Difficulty is the share of graded students who got an exercise right "
             "(partial credit counts as not right); discrimination is the correlation between getting it right and "
             "the rest of the score: below 0.2 (in red) it does not separate stronger from weaker students, and a "
             "negative value means check the key.</p>"]
    for run in runs:
        s = run.summary
        percents = [p for p in (_percent(r) for r in run.rows) if p is not None]
        counts = s.get("counts", {})
        parts.append(
            f"<h2>{escape(run.title)}</h2><p>Graded {escape(str(s.get('graded_at', '')))}; "
            f"{len(percents)} scored, {counts.get('missing', 0)} without a submission, "
            f"{len(s.get('needs_attention') or [])} needing attention. Mean "
            f"{s.get('mean_percent') if s.get('mean_percent') is not None else '-'}%, median "
            f"{s.get('median_percent') if s.get('median_percent') is not None else '-'}%.</p>"
            f"<h3>Scores</h3>{_histogram(percents)}<h3>Exercises, hardest first</h3>{_difficulty_table(run)}")
    parts.append(f"<h2>Students across assignments</h2>{_students_table(runs)}</body></html>")
    return "".join(parts)


def write_report(folders: list[Path], out: Path) -> Path:
    """Read each grading run and write the report page to ``out`` (atomically)."""
    if not folders:
        raise WorkbookError("Give at least one grading output folder (the --out of `python -m workbook grade`).")
    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise WorkbookError(f"{out}: the report is an HTML page; name it e.g. report.html.")
    runs = [read_run(f) for f in folders]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(render(runs), encoding="utf-8")
    tmp.replace(out)
    return out
