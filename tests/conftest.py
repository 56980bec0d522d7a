"""Shared test set-up: tests never write into the user's real cache or progress folders."""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")
