"""A folder of SQLite files built once from the code sets and rebuilt when their release changes.

The folder is `$REVCYCLE_CACHE_DIR`, else `$XDG_CACHE_HOME/revcycle`, else `~/.cache/revcycle`; when it is
not writable the system temporary folder is used, and as a last resort the database is built in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from revcycle.core.errors import DataError

ENV_VAR = "REVCYCLE_CACHE_DIR"

_lock = threading.Lock()


def cache_dir() -> Path:
    """The preferred cache folder (it may not exist yet)."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "revcycle"


def _fallback_dir() -> Path:
    return Path(tempfile.gettempdir()) / f"revcycle-cache-{os.getuid() if hasattr(os, 'getuid') else 'user'}"


def db_path(name: str, key: str, folder: Path | None = None) -> Path:
    """Where the database `name` built for release `key` lives."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return (folder or cache_dir()) / f"{name}-{digest}.sqlite"


def _open_ro(path: Path) -> sqlite3.Connection:
    # immutable=1: the file never changes after it is renamed into place, so SQLite may skip locking.
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def _is_complete(conn: sqlite3.Connection, key: str) -> bool:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'release_key'").fetchone()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == key


def _build_file(path: Path, key: str, build: Callable[[sqlite3.Connection], None]) -> None:
    """Build into a private temporary file, then rename it into place (safe if two processes race)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            _build_into(conn, key, build)
            conn.execute("VACUUM")
        finally:
            conn.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _build_into(conn: sqlite3.Connection, key: str, build: Callable[[sqlite3.Connection], None]) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    build(conn)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('release_key', ?)", (key,))
    conn.commit()


def _remove_stale(path: Path, name: str) -> None:
    """Delete databases of `name` built for other releases (best effort)."""
    for other in path.parent.glob(f"{name}-*.sqlite"):
        if other != path:
            with contextlib.suppress(OSError):
                other.unlink()


def open_db(name: str, key: str, build: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """A read-only connection to database `name` for release `key`, building it first when needed."""
    with _lock:
        errors: list[str] = []
        for folder in (cache_dir(), _fallback_dir()):
            path = db_path(name, key, folder)
            if path.exists():
                try:
                    conn = _open_ro(path)
                    if _is_complete(conn, key):
                        return conn
                    conn.close()
                except sqlite3.DatabaseError:
                    pass
            try:
                _build_file(path, key, build)
                _remove_stale(path, name)
                conn = _open_ro(path)
                if _is_complete(conn, key):
                    return conn
                conn.close()
                errors.append(f"{path}: built but unreadable")
            except (OSError, sqlite3.OperationalError) as exc:
                errors.append(f"{folder}: {exc}")
        # No writable folder: keep the database in memory for this process only.
        try:
            conn = sqlite3.connect(":memory:", check_same_thread=False)
            _build_into(conn, key, build)
            return conn
        except sqlite3.DatabaseError as exc:  # pragma: no cover - only on a broken SQLite
            errors.append(f"memory: {exc}")
        raise DataError(
            f"Could not build the {name} search database ({'; '.join(errors)}). "
            f"Set {ENV_VAR} to a writable folder and try again."
        )
