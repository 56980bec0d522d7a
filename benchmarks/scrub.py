"""Benchmark: claims -> findings, the whole path, against the plain per-claim loop a competent user would write.

    .venv/bin/python benchmarks/scrub.py [--n 1000 100000] [--error-rate 0.1] [--seed 2026] [--rounds 3]

It starts from what a user holds: ``Claim`` objects from ``revcycle.synthetic.claims(n, seed, error_rate=...)``
(their generation is timed apart: both sides need the claims). Then, in the same run and on the same claims:

* **vectorized, whole path**: ``scrub_frame(claims_frame(claims))`` (building the frame is timed with it);
* **vectorized, from a CSV-like table**: ``scrub_frame(table)`` where ``table`` is the flat table as a CSV reader
  gives it (plain object text columns, no categoricals; reading the CSV itself is not timed);
* **baseline, plain loop**: ``[f for c in claims for f in baseline.scrub(c)]``, where BASELINE is the one-claim
  scrubber as it stood at commit bb76029 (before the edit registry: straightforward Python over one claim's
  lines), loaded from git history. It is only a yardstick; the library no longer contains it.

And, starting from the generator's arguments (generation timed on both sides):

* **generator straight to findings**: ``scrub_frame(synthetic.claims_frame(n, seed, error_rate=...))`` (the
  table is made column by column, without Claim objects for the clean claims);
* **generator to Claim objects, then the plain loop**: ``synthetic.claims(n, seed, error_rate=...)`` then the
  BASELINE loop over them.

All of them must report exactly the same findings. Each timing is the best of ``--rounds`` alternating rounds after
a warm-up that loads the code sets, so every side pays the same one-off costs and sees the same machine load.
Ratios are baseline time / vectorized time, measured in the same run.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

from revcycle import synthetic
from revcycle.claims import claims_frame, scrub_frame
from revcycle.claims.frame import CATEGORICAL

ROOT = Path(__file__).resolve().parents[1]
#: The last commit with the per-claim scrubber (before the registry), used as the BASELINE.
BASELINE_COMMIT = "bb76029"
BASELINE_PATH = "src/revcycle/claims/scrubber.py"


def load_baseline() -> ModuleType:
    """BASELINE: the pre-registry one-claim scrubber, from git history (not part of the library)."""
    source = subprocess.run(["git", "show", f"{BASELINE_COMMIT}:{BASELINE_PATH}"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader("baseline_scrubber", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    exec(compile(source, f"{BASELINE_COMMIT}:{BASELINE_PATH}", "exec"), module.__dict__)
    return module


def best_of_interleaved(runs: int, fns: list[Callable[[], Any]]) -> tuple[list[float], list[Any]]:
    """Best time of each function over ``runs`` alternating rounds (fairer on a machine whose load varies)."""
    best = [float("inf")] * len(fns)
    results: list[Any] = [None] * len(fns)
    for _ in range(runs):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            results[i] = fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best, results


def csv_like(frame: pd.DataFrame) -> pd.DataFrame:
    """The flat table as read back from a CSV: text columns as plain object columns, no categoricals."""
    return frame.astype({c: object for c in CATEGORICAL})


def rows(found: pd.DataFrame) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in found.astype(object).where(found.notna(), None).itertuples(index=False)]


def run(n: int, seed: int, error_rate: float, rounds: int, baseline: ModuleType) -> bool:
    start = time.perf_counter()
    claims = synthetic.claims(n, seed=seed, error_rate=error_rate)
    made = time.perf_counter() - start
    table = csv_like(claims_frame(claims))

    warm = claims[:200]  # code sets, fee schedule and MUE table load once for every side
    scrub_frame(claims_frame(warm))
    for c in warm:
        baseline.scrub(c)

    (t_whole, t_csv, t_loop, t_frame, t_gen, t_gen_loop), (found, found_csv, loop, _, found_gen, gen_loop) = \
        best_of_interleaved(rounds, [
            lambda: scrub_frame(claims_frame(claims)),
            lambda: scrub_frame(table),
            lambda: [f for c in claims for f in baseline.scrub(c)],
            lambda: claims_frame(claims),
            lambda: scrub_frame(synthetic.claims_frame(n, seed, error_rate=error_rate)),
            lambda: [f for c in synthetic.claims(n, seed, error_rate=error_rate) for f in baseline.scrub(c)],
        ])
    expected = [(f.claim_id, f.line, f.edit_id, f.severity, f.item, f.message, f.source) for f in loop]
    same = (rows(found) == expected and rows(found_csv) == expected and rows(found_gen) == expected
            and [(f.claim_id, f.line, f.edit_id, f.severity, f.item, f.message, f.source) for f in gen_loop]
            == expected)

    print(f"n = {n:,} claims ({len(table):,} lines), error rate {error_rate:.0%}: {len(expected):,} findings; "
          f"generating the claims took {made:.2f} s (not counted)")
    print(f"  vectorized, claims -> findings (frame build + scrub_frame): {t_whole:8.3f} s "
          f"(frame alone {t_frame:.3f} s) = {n / t_whole:>10,.0f} claims/s")
    print(f"  vectorized, CSV-like table -> findings (scrub_frame):       {t_csv:8.3f} s"
          f"{'':20} = {n / t_csv:>10,.0f} claims/s")
    print(f"  BASELINE plain loop, claims -> findings (per-claim scrub):  {t_loop:8.3f} s"
          f"{'':20} = {n / t_loop:>10,.0f} claims/s")
    print(f"  generator straight to findings (synthetic.claims_frame + scrub_frame): {t_gen:8.3f} s "
          f"= {n / t_gen:>10,.0f} claims/s")
    print(f"  BASELINE generator to Claim objects, then the plain loop:              {t_gen_loop:8.3f} s "
          f"= {n / t_gen_loop:>10,.0f} claims/s")
    print(f"  ratio baseline/vectorized: whole path from Claim objects {t_loop / t_whole:.1f}x, from the CSV-like "
          f"table {t_loop / t_csv:.1f}x, from the generator {t_gen_loop / t_gen:.1f}x; "
          f"same findings: {'yes' if same else 'NO'}")
    return same


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--error-rate", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    baseline = load_baseline()
    ok = all([run(n, args.seed, args.error_rate, args.rounds, baseline) for n in args.n])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
