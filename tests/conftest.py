"""Shared test set-up: tests never write into the user's own cache or progress folders."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
# The code-set databases (~10 s to build) live in .pytest_cache, kept between runs, not in ~/.cache.
os.environ.setdefault("REVCYCLE_CACHE_DIR", str(Path(__file__).resolve().parent.parent / ".pytest_cache" / "revcycle"))
# A learner's progress file is never touched by the tests.
os.environ.setdefault("WORKBOOK_PROGRESS_DIR", tempfile.mkdtemp(prefix="workbook-progress-"))
