"""Clean build versus rebuilds from the execution cache, measured in one run into a scratch folder.

    .venv/bin/python benchmarks/build.py

Prints the clean-build time (every notebook executed), the time of a full rebuild that re-reads every
page but takes notebook outputs from jupyter-cache, a no-change rebuild, and the ratios to the clean build.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JB = Path(sys.executable).with_name("jupyter-book")


def build(out: Path, *extra: str) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([str(JB), "build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going",
                           *extra], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return elapsed, proc.stdout + proc.stderr


def executed(log: str) -> int:
    return len(re.findall(r"Executing notebook", log))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="jb-bench-") as tmp:
        out = Path(tmp)
        clean, log1 = build(out)
        full, log2 = build(out, "--all")
        nochange, log3 = build(out)
    print(f"clean build (executes {executed(log1)} notebooks): {clean:6.1f} s")
    print(f"full rebuild, outputs from the cache (executes {executed(log2)}): {full:6.1f} s   "
          f"ratio {full / clean:.0%} of clean")
    print(f"no-change rebuild (executes {executed(log3)}):              {nochange:6.1f} s   "
          f"ratio {nochange / clean:.0%} of clean")
    if executed(log2) or executed(log3):
        sys.exit("a rebuild executed notebooks: the execution cache did not serve them")


if __name__ == "__main__":
    main()
