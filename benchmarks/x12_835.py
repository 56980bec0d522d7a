"""Benchmark: reading a big 835, whole text against streaming, wall time and peak memory, in one run.

    .venv/bin/python benchmarks/x12_835.py [--mb 50] [--seed 2026] [--keep PATH] [--no-baseline] [--no-check]

It builds a valid 835 of about ``--mb`` megabytes from the project's own generator: three synthetic batches of
claims (``revcycle.synthetic.claims`` -> ``revcycle.x12.to_835``, different seeds) whose ST..SE transaction
sets are repeated under one ISA until the file is big enough, each repetition in fresh functional groups
with fresh GS, ST and SE control numbers, and with its claim IDs, payer claim numbers, line control numbers
and check numbers made unique (a suffix per repetition), so no reader gains from repeated values a real file
would not repeat. A small file built the same way is checked with pyx12 first (``validate``): the
construction is a valid 005010X221A1 interchange.

Then each reader runs on the same file in a fresh Python subprocess, which reports its wall time for the read
(imports excluded) and its own peak resident memory (``getrusage(RUSAGE_SELF).ru_maxrss`` taken right after
the read; what the parent's ``RUSAGE_CHILDREN`` would give for that child alone):

* **import**: nothing read, the floor of the memory figures (Python, pandas and revcycle imported);
* **read_835_file(path)**: the streaming reader: the file read in 1 MiB blocks, one transaction at a time,
  rows kept as column lists, the DataFrames built at the end;
* **iter_835(path, transactions=1000)**: the same, handing out a Remittance per 1,000 transactions (counted
  and dropped, as a caller posting in chunks would): memory independent of the file's size;
* **read_835(open(path, 'rb').read())**: the whole file as one bytes object first, then the same reader;
* **BASELINE**: ``read_835`` as it stood at commit BASELINE_COMMIT (the text split into a list of every
  segment, a dict per row), loaded from git history; it is only a yardstick (skip it with --no-baseline).

Every reader must give the same tables (a digest of every table as CSV, its dtypes and the warnings). Ratios
are the other reader over read_835_file, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from revcycle import synthetic
from revcycle.x12 import to_835, validate

ROOT = Path(__file__).resolve().parents[1]
#: Claims per generated batch, and how many differently seeded batches are repeated to reach the size.
BATCH = 2_000
BATCHES = 3


def _groups(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """The functional groups of a to_835() interchange: (GS elements, [transaction segments...]) each."""
    groups: list[tuple[list[str], list[list[str]]]] = []
    transaction: list[str] = []
    for line in text.split("\n"):
        seg = line.rstrip("~")
        if not seg:
            continue
        sid = seg.split("*", 1)[0]
        if sid == "GS":
            groups.append((seg.split("*"), []))
        elif sid == "ST":
            transaction = [seg]
        elif sid == "SE":
            groups[-1][1].append([*transaction, seg])
        elif sid not in ("ISA", "GE", "IEA"):
            transaction.append(seg)
    return groups


def _unique(seg: str, rep: int) -> str:
    """The segment with its claim, line and check identifiers suffixed for repetition ``rep`` (0: unchanged)."""
    if rep == 0 or not seg.startswith(("CLP*", "REF*6R*", "TRN*")):
        return seg
    e = seg.split("*")
    for i in {"CLP": (1, 7), "REF": (2,), "TRN": (2,)}[e[0]]:
        e[i] += f"R{rep}"
    return "*".join(e)


def build_835(mb: float, seed: int, batch: int = BATCH) -> Iterator[str]:
    """A valid 835 of about ``mb`` megabytes, as pieces of text to write one after another."""
    batches = [to_835(synthetic.claims(batch, seed=seed + k), seed=seed + k) for k in range(BATCHES)]
    isa = batches[0].split("\n", 1)[0]
    sources = [g for text in batches for g in _groups(text)]
    yield isa + "\n"
    size, target, groups, gs_control, rep = len(isa) + 1, int(mb * 1_000_000), 0, 0, 0
    while size < target:
        for gs, transactions in sources:
            gs_control += 1
            groups += 1
            head = [*gs[:6], str(gs_control), *gs[7:]]
            piece = ["*".join(head) + "~"]
            for st, segs in enumerate(transactions, 1):
                control = f"{st:04d}"
                st_seg = segs[0].split("*")
                se_seg = segs[-1].split("*")
                piece.append("*".join([*st_seg[:2], control, *st_seg[3:]]) + "~")
                piece += [_unique(s, rep) + "~" for s in segs[1:-1]]
                piece.append("*".join([se_seg[0], se_seg[1], control]) + "~")
            piece.append(f"GE*{len(transactions)}*{gs_control}~")
            chunk = "\n".join(piece) + "\n"
            size += len(chunk)
            yield chunk
            if size >= target:
                break
        rep += 1
    yield f"IEA*{groups}*000000001~\n"


def write_835(path: Path, mb: float, seed: int) -> int:
    with open(path, "w", encoding="ascii", newline="") as out:
        for piece in build_835(mb, seed):
            out.write(piece)
    return path.stat().st_size


#: The last commit with the whole-text 835 reader (a list of every segment, a dict per row), the BASELINE.
BASELINE_COMMIT = "4418453"
BASELINE_PATH = "src/revcycle/x12/reader835.py"

_CHILD = r"""
import hashlib, importlib.util, json, resource, subprocess, sys, time
path, how, root, commit, source_path = sys.argv[1:6]
if how == "baseline":  # the reader as it stood at BASELINE_COMMIT, from git history
    source = subprocess.run(["git", "show", f"{commit}:{source_path}"], cwd=root, check=True, capture_output=True,
                            text=True).stdout
    spec = importlib.util.spec_from_loader("baseline_reader835", loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    exec(compile(source, f"{commit}:{source_path}", "exec"), module.__dict__)
    read_835 = module.read_835
else:
    from revcycle.x12 import read_835
from revcycle.x12.reader835 import iter_835, read_835_file
start = time.perf_counter()
rows = {}
if how in ("baseline", "whole"):
    r = read_835(open(path, "rb").read(), max_bytes=10**12)
elif how == "stream":
    r = read_835_file(path, max_bytes=None)
elif how == "iter":
    r = None
    for part in iter_835(path, transactions=1000, max_bytes=None):
        for name in ("payments", "claims", "lines", "adjustments"):
            rows[name] = rows.get(name, 0) + len(getattr(part, name))
else:
    r = None
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
digest = ""
if r is not None:
    rows = {k: len(getattr(r, k)) for k in ("payments", "claims", "lines", "adjustments")}
    h = hashlib.sha256()
    for name in ("payments", "claims", "lines", "adjustments", "provider_adjustments"):
        frame = getattr(r, name)
        h.update(repr(frame.dtypes.to_dict()).encode())
        for i in range(0, len(frame), 20000):
            h.update(frame.iloc[i:i + 20000].to_csv().encode())
    h.update(repr(r.warnings).encode())
    digest = h.hexdigest()
print(json.dumps({"seconds": seconds, "rows": rows, "peak_kb": peak, "digest": digest}))
"""


def measure(path: Path, how: str) -> dict[str, Any]:
    """One reader in a fresh subprocess: wall seconds (reading only), peak RSS in MB, row counts, table digest.

    The child reports its own ``getrusage(RUSAGE_SELF).ru_maxrss`` (kilobytes on Linux), taken right after
    reading: the same figure the parent's ``RUSAGE_CHILDREN`` gives, but per child rather than the largest
    child so far. The digest (a hash of every table as CSV, their dtypes and the warnings) is computed after.
    """
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), how, str(ROOT), BASELINE_COMMIT, BASELINE_PATH],
                         check=True, capture_output=True, text=True, cwd=ROOT).stdout
    result: dict[str, Any] = json.loads(out)
    result["peak_mb"] = result["peak_kb"] / 1024
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the 835 to read, in megabytes")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", type=Path, help="write the 835 here and keep it (default: a temp file)")
    parser.add_argument("--no-check", action="store_true", help="skip the pyx12 check of the construction")
    parser.add_argument("--no-baseline", action="store_true", help=f"skip the reader of commit {BASELINE_COMMIT}")
    args = parser.parse_args()

    if not args.no_check:
        sample = "".join(build_835(0.1, args.seed, batch=40))  # every batch, repeated: fresh control numbers
        problems = validate(sample)
        print(f"pyx12 on a {len(sample) / 1e3:.0f} KB file built the same way: "
              f"{'valid' if not problems else problems[:3]}")
        if problems:
            return 1

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "big.835"
        start = time.perf_counter()
        size = write_835(path, args.mb, args.seed)
        print(f"built {path}: {size / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s (not counted)")
        sides = ["import", "stream", "iter", "whole"] + ([] if args.no_baseline else ["baseline"])
        got = {how: measure(path, how) for how in sides}
        if args.keep is None:
            os.unlink(path)
    floor = got["import"]["peak_mb"]
    rows = got["stream"]["rows"]
    print(f"  {rows['payments']:,} transactions, {rows['claims']:,} claims, {rows['lines']:,} service lines, "
          f"{rows['adjustments']:,} adjustments")
    labels = {
        "import": "python + revcycle imports, nothing read",
        "baseline": f"BASELINE read_835(bytes) at {BASELINE_COMMIT}",
        "whole": "read_835(open(path, 'rb').read())",
        "stream": "read_835_file(path)",
        "iter": "iter_835(path, transactions=1000)",
    }
    for how in sides:
        r = got[how]
        timing = "" if how == "import" else f"{r['seconds']:7.2f} s, "
        print(f"  {labels[how]:44} {timing:>11}peak RSS {r['peak_mb']:6.0f} MB "
              f"({r['peak_mb'] - floor:5.0f} MB above the imports)")
    stream = got["stream"]
    for how in ("baseline", "whole"):
        if how in got:
            r = got[how]
            above = (r["peak_mb"] - floor) / max(stream["peak_mb"] - floor, 1)
            print(f"  ratio {how}/read_835_file: time {r['seconds'] / stream['seconds']:.1f}x, peak RSS "
                  f"{r['peak_mb'] / stream['peak_mb']:.1f}x ({above:.1f}x above the imports)")
    digests = {got[how]["digest"] for how in sides if got[how]["digest"]}
    same_rows = all(got[how]["rows"] == rows for how in sides if how != "import")
    print(f"  same tables from every reader (digest of every table, dtypes and warnings): "
          f"{'yes' if len(digests) == 1 and same_rows else 'NO'}")
    return 0 if len(digests) == 1 and same_rows else 1


if __name__ == "__main__":
    sys.exit(main())
