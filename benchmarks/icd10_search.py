"""Benchmark: revcycle.codes.icd10cm.search against a naive scan over simple-icd-10-cm descriptions.

Prints, in one run: the index build time (fresh process, empty cache folder), the cold start (fresh
process, index present, time to the first result), p50/p95 latency of 1,000 queries drawn from real
titles and inclusion terms for both methods and their ratio, and top-1/top-5 hit rates for queries made
from inclusion terms. Targets: p95 < 1 ms, >= 500x faster than the scan, cold start < 0.5 s, build < 15 s,
top-5 hit rate >= 95%.

    .venv/bin/python benchmarks/icd10_search.py [--queries 1000] [--naive 50] [--seed 2026]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

COLD = r"""
import time
t0 = time.perf_counter()
from revcycle.codes import icd10cm
hits = icd10cm.search("type 2 diabetes")
t1 = time.perf_counter()
import json, sys
print(json.dumps({"first_result_s": t1 - t0, "top": hits[0].code,
                  "simple_icd_imported": "simple_icd_10_cm" in sys.modules}))
"""

BUILD = r"""
import time
t0 = time.perf_counter()
from revcycle.codes import icd10cm
info = icd10cm.index_info()
import json
print(json.dumps({"build_s": time.perf_counter() - t0, "rows": info.get("docs_rows")}))
"""


def _run(code: str, env: dict[str, str]) -> tuple[dict, float]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1]), time.perf_counter() - start


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--naive", type=int, default=50, help="queries for the (slow) naive scan")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="revcycle-bench-") as tmp:
        env = {**os.environ, "REVCYCLE_CACHE_DIR": tmp}
        built, build_wall = _run(BUILD, env)
        cold, cold_wall = _run(COLD, env)
        os.environ["REVCYCLE_CACHE_DIR"] = tmp
        from revcycle.codes import icd10cm

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import simple_icd_10_cm as sicd

        rng = random.Random(args.seed)
        all_codes = [  # every code; names listed twice (a block and its only category, e.g. B99) once
            c for c in dict.fromkeys(sicd.get_all_codes())
            if not sicd.is_chapter(c) and (sicd.is_category(c) or not sicd.is_block(c))
        ]
        titles = [sicd.get_description(c) for c in all_codes]
        bearers: dict[str, set[str]] = {}
        for c in all_codes:
            for term in sicd.get_inclusion_term(c):
                bearers.setdefault(term.lower(), set()).add(c)
        inclusion = sorted(bearers)
        half = args.queries // 2
        queries = rng.sample(titles, half) + rng.sample(inclusion, args.queries - half)
        rng.shuffle(queries)

        for q in queries[:20]:  # warm the page cache and the prepared statements
            icd10cm.search(q)
        ours = []
        for q in queries:
            t = time.perf_counter_ns()
            icd10cm.search(q, limit=10)
            ours.append((time.perf_counter_ns() - t) / 1e6)

        def naive(query: str) -> list[str]:
            words = query.lower().split()
            return [c for c in all_codes if all(w in sicd.get_description(c).lower() for w in words)][:10]

        naive_q = queries[: args.naive]
        naive_ms = []
        for q in naive_q:
            t = time.perf_counter_ns()
            naive(q)
            naive_ms.append((time.perf_counter_ns() - t) / 1e6)

        top1 = top5 = 0
        for term, codes in bearers.items():
            hits = [h.code for h in icd10cm.search(term, limit=5)]
            top1 += bool(hits[:1] and hits[0] in codes)
            top5 += bool(codes & set(hits))
        n_terms = len(bearers)

        title_sample = rng.sample(list(zip(all_codes, titles, strict=True)), 1000)
        t1 = t5 = 0
        for code, text in title_sample:
            hits = [h.code for h in icd10cm.search(text, limit=5)]
            # codes sharing the exact title are all right answers
            same = {h for h in hits if icd10cm.title(h).lower() == text.lower()} | {code}
            t1 += bool(hits and hits[0] in same)
            t5 += bool(same & set(hits))

    p50, p95 = statistics.median(ours), _pct(ours, 95)
    n50, n95 = statistics.median(naive_ms), _pct(naive_ms, 95)
    print(f"ICD-10-CM search benchmark ({icd10cm.RELEASE}), seed {args.seed}")
    print(f"queries: {len(queries)} ({half} tabular titles + {len(queries) - half} inclusion terms), limit=10")
    print(f"index build (fresh process, empty cache): {built['build_s']:.2f} s "
          f"(process wall {build_wall:.2f} s), {built['rows']} searchable terms   target < 15 s")
    print(f"cold start (fresh process, index present, import + first result): {cold['first_result_s']:.3f} s "
          f"(process wall {cold_wall:.3f} s; simple_icd_10_cm imported: {cold['simple_icd_imported']})"
          "   target < 0.5 s")
    print(f"revcycle search : p50 {p50:.3f} ms   p95 {p95:.3f} ms   max {max(ours):.3f} ms   target p95 < 1 ms")
    print(f"naive scan      : p50 {n50:.1f} ms   p95 {n95:.1f} ms   (sampled: first {len(naive_q)} of the "
          f"{len(queries)} queries; word-AND substring scan of get_description() over {len(all_codes)} codes)")
    print(f"speed-up        : {n50 / p50:.0f}x at p50, {n95 / p95:.0f}x at p95, "
          f"{statistics.mean(naive_ms) / statistics.mean(ours):.0f}x in mean   target >= 500x")
    print(f"inclusion-term queries ({n_terms} distinct terms): top-1 {top1 / n_terms:.1%}   "
          f"top-5 {top5 / n_terms:.1%}   target top-5 >= 95%")
    print(f"title queries (1000 sampled titles): top-1 {t1 / 1000:.1%}   top-5 {t5 / 1000:.1%}")


if __name__ == "__main__":
    main()
