"""The run manifest: what each input's outputs were made from, so a re-run redoes only what changed.

One SQLite file in the output folder (``.cleaner-manifest.sqlite``) maps each input, by its path
relative to the input root, to the SHA-256 of its bytes, the digest of the settings it was cleaned
with (rule set, target language, foreign policy, output format, profile), cleaner's version, the
output files written for it, and — for ``--format jsonl``, where every page goes into one
``articles.jsonl`` — the JSON record line itself.

A re-run skips an input only when all of these still match, it did not fail last time, and its
outputs still exist. The row for an input is written only after its outputs are on disk (each
written atomically), so a run killed at any point leaves a manifest that never claims work that
was not done; work that was done but not yet recorded is simply redone, giving the same bytes.
"""
from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

NAME = ".cleaner-manifest.sqlite"
#: Commit after this many rows or seconds, whichever comes first. Rows lost to a crash are redone.
COMMIT_ROWS = 200
COMMIT_SECONDS = 1.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS inputs (
    key      TEXT PRIMARY KEY,   -- input path relative to the input root
    sha256   TEXT NOT NULL,      -- of the input's bytes
    settings TEXT NOT NULL,      -- digest of rules + options that shape the output
    version  TEXT NOT NULL,      -- cleaner.__version__
    outputs  TEXT NOT NULL,      -- JSON list of output paths relative to the output folder
    status   TEXT NOT NULL,      -- 'ok' or 'failed'
    pages    INTEGER NOT NULL,   -- pages written for it
    foreign_pages INTEGER NOT NULL,
    records  TEXT                -- for --format jsonl: the JSON lines this input contributed
)
"""


@dataclass(frozen=True, slots=True)
class Entry:
    """What the manifest knows about one input."""

    sha256: str
    settings: str
    version: str
    outputs: tuple[str, ...]
    status: str
    pages: int
    foreign_pages: int
    records: str | None


class Manifest:
    """The manifest of one output folder. Use as a context manager; rows are committed in batches
    and on close."""

    def __init__(self, out_dir: Path):
        out_dir.mkdir(parents=True, exist_ok=True)
        self.path = out_dir / NAME
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(SCHEMA)
        self.db.commit()
        self._pending = 0
        self._last_commit = time.monotonic()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, key: str) -> Entry | None:
        row = self.db.execute("SELECT sha256, settings, version, outputs, status, pages, foreign_pages, "
                              "records FROM inputs WHERE key = ?", (db_key(key),)).fetchone()
        if row is None:
            return None
        return Entry(row[0], row[1], row[2], tuple(json.loads(row[3])), row[4], row[5], row[6], row[7])

    def put(self, key: str, entry: Entry) -> None:
        """Record an input whose outputs are already written."""
        self.db.execute("INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (db_key(key), entry.sha256, entry.settings, entry.version, json.dumps(list(entry.outputs)),
                         entry.status, entry.pages, entry.foreign_pages, entry.records))
        self._pending += 1
        if self._pending >= COMMIT_ROWS or time.monotonic() - self._last_commit > COMMIT_SECONDS:
            self.commit()

    def commit(self) -> None:
        self.db.commit()
        self._pending = 0
        self._last_commit = time.monotonic()

    def close(self) -> None:
        self.commit()
        self.db.close()


def db_key(key: str) -> str | bytes:
    """The key as stored: the text itself, or — for a path that is not valid UTF-8 (a file name
    ``bad\\xff.txt``, read by Python as ``bad\\udcff.txt``) — its bytes, a BLOB that SQLite
    never confuses with a text key."""
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        return key.encode("utf-8", "surrogatepass")
    return key


def is_current(entry: Entry | None, sha256: str, settings: str, version: str, out_dir: Path) -> bool:
    """Whether an input's recorded outputs can be reused: same bytes, same settings, same version,
    cleaned without failure, and every output still there."""
    return (entry is not None and entry.status == "ok" and entry.sha256 == sha256
            and entry.settings == settings and entry.version == version
            and all((out_dir / rel).is_file() for rel in entry.outputs))
