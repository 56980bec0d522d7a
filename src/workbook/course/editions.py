"""The instructor edition: the student book plus the answer keys, built from generated config and toc files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from workbook.errors import WorkbookError
from workbook.paths import project_root

KEYS_CAPTION = "Instructor edition: answer keys"


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise WorkbookError(f"{path} cannot be read: {exc}") from None


def instructor_toc(toc: dict[str, Any], root: Path) -> dict[str, Any]:
    """The student toc with a last part listing every answer-key notebook in solutions/."""
    keys = sorted(p.stem for p in (root / "solutions").glob("*.ipynb"))
    if not keys:
        raise WorkbookError("There are no answer-key notebooks in solutions/; run: make notebooks")
    parts = [p for p in toc.get("parts", []) if p.get("caption") != KEYS_CAPTION]
    parts.append({"caption": KEYS_CAPTION, "chapters": [{"file": f"solutions/{k}"} for k in keys]})
    return {**toc, "parts": parts}


def instructor_config(config: dict[str, Any]) -> dict[str, Any]:
    """The student config, with solutions/ let in and labelled as the instructor edition."""
    config = dict(config)
    config["title"] = f"{config.get('title', 'Book')} (instructor edition)"
    config["exclude_patterns"] = [p for p in config.get("exclude_patterns", []) if p != "solutions"]
    execute = dict(config.get("execute", {}))
    execute["exclude_patterns"] = [*execute.get("exclude_patterns", []), "solutions/*"]
    config["execute"] = execute
    return config


def write_instructor_files(out: Path, root: Path | None = None) -> tuple[Path, Path]:
    """Write the instructor edition's _config.yml and _toc.yml into ``out``; return their paths."""
    root = root or project_root()
    out.mkdir(parents=True, exist_ok=True)
    config_path, toc_path = out / "_config.yml", out / "_toc.yml"
    config_path.write_text(yaml.safe_dump(instructor_config(_read(root / "_config.yml")), sort_keys=False))
    toc_path.write_text(yaml.safe_dump(instructor_toc(_read(root / "_toc.yml"), root), sort_keys=False))
    return config_path, toc_path
