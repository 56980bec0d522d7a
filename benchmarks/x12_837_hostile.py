"""Benchmark: hostile claims through the 837P writer, every file it writes checked with pyx12, in one run.

    .venv/bin/python benchmarks/x12_837_hostile.py [--n 1000] [--no-baseline]

Claims come from the property test's strategy (``tests/test_x12_837_elements.py``: the clean test claim
with one to four fields set to hostile text: delimiters, control characters, accents, CJK, empty, too long,
out-of-list codes), ``--n`` of them, derandomized so every run draws the same ones. Each goes through
``to_837p``: it is refused with the project's error (InputError or RuleError), or written; **every** written
file is checked with pyx12 (the test checks a sample). The BASELINE writer is ``writer837.py`` as it stood at
BASELINE_COMMIT (values cleaned by ``clean()`` only, no element rules), loaded from git history and run on
the same claims: its count of written files pyx12 rejects is the figure this work removes.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from hypothesis import HealthCheck, given, settings  # noqa: E402

from revcycle.core.errors import InputError, RuleError  # noqa: E402
from revcycle.x12 import to_837p, validate  # noqa: E402
from tests.test_x12_837_elements import HOSTILE, hostile_claim  # noqa: E402

BASELINE_COMMIT = "380a585"


def baseline_writer() -> ModuleType:
    """writer837 at BASELINE_COMMIT, imported under another name (it uses only names common still has)."""
    text = subprocess.run(["git", "show", f"{BASELINE_COMMIT}:src/revcycle/x12/writer837.py"], cwd=ROOT,
                          check=True, capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader("baseline_writer837", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    exec(compile(text, "baseline_writer837.py", "exec"), module.__dict__)  # noqa: S102 - our own history
    return module


def draw(n: int) -> list[tuple[list[tuple[str, str]], bool]]:
    cases: list[tuple[list[tuple[str, str]], bool]] = []

    @settings(max_examples=n, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(HOSTILE)
    def collect(case: tuple[list[tuple[str, str]], bool]) -> None:
        cases.append(case)

    collect()
    return cases


def run(write, cases) -> tuple[Counter[str], float, float]:  # type: ignore[no-untyped-def]
    """Outcomes (written clean / written but pyx12 rejects / refused / crashed), write time, pyx12 time."""
    outcome: Counter[str] = Counter()
    writing = checking = 0.0
    for case in cases:
        try:
            claim = hostile_claim(*case)
        except (InputError, RuleError):
            outcome["refused by the claim model"] += 1
            continue
        start = time.perf_counter()
        try:
            text = write(claim)
        except (InputError, RuleError):
            outcome["refused by name"] += 1
            continue
        except Exception as exc:  # noqa: BLE001 - a crash is a finding
            outcome[f"crashed ({type(exc).__name__})"] += 1
            continue
        finally:
            writing += time.perf_counter() - start
        start = time.perf_counter()
        problems = validate(text)
        checking += time.perf_counter() - start
        outcome["written, pyx12 finds nothing" if not problems else "written, pyx12 REJECTS"] += 1
    return outcome, writing, checking


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="hostile claims to try (default 1000)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the writer from BASELINE_COMMIT")
    args = parser.parse_args()
    cases = draw(args.n)
    print(f"{len(cases)} hostile claims (1-4 fields each), every written file checked with pyx12\n")
    writers = [("to_837p", lambda c: to_837p([c], changes=[]))]
    if not args.no_baseline:
        old = baseline_writer()
        writers.append((f"BASELINE ({BASELINE_COMMIT})", lambda c: old.to_837p([c])))
    for name, write in writers:
        outcome, writing, checking = run(write, cases)
        print(f"{name}: write {writing:.1f} s, pyx12 {checking:.1f} s")
        for what, count in sorted(outcome.items()):
            print(f"  {what:32} {count:6,}")
        print()


if __name__ == "__main__":
    main()
