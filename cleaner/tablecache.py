"""A disk cache for tables built from installed packages (the language module's lexicon).

Building the lexicon reads 35 wordfreq lists and fingerprints 1.5 million words: about 2.5 CPU
seconds in every process that cleans a page. The result is the same every time for the same
installed packages and the same code, so the first process writes it to a file and the others
read it back in a few milliseconds. Nothing is downloaded: the file holds only what this
machine's packages gave.

The file name carries a digest of everything the table depends on (cleaner's version, the source
of the modules that build it, the versions of the packages it is built from, the byte order), so
a stale table is never read: another digest is another file. Writes go through a temporary file
and a rename (a reader never sees half a table); a file that cannot be read or written is
ignored and the table is built as if there were no cache. ``CLEANER_CACHE_DIR`` names the
folder (default ``$XDG_CACHE_HOME/cleaner``, else ``~/.cache/cleaner``); set it to an empty string
to turn the cache off.
"""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path

#: First bytes of every cache file: a file of another format is not read.
MAGIC = b"cleaner-table-1\n"


def cache_dir() -> Path | None:
    """The cache folder, or None when ``CLEANER_CACHE_DIR`` is set empty (cache off)."""
    configured = os.environ.get("CLEANER_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cleaner"


def digest(name: str, sources: list[Path], packages: list[str]) -> str | None:
    """What the table ``name`` depends on, as a short hex digest; None when a source file cannot
    be read (an install without sources): then nothing is cached, since a change could not be
    seen."""
    from . import __version__

    h = hashlib.sha256(f"{name}\0{__version__}\0{sys.byteorder}\0".encode())
    for source in sources:
        try:
            h.update(source.read_bytes())
        except OSError:
            return None
    for package in packages:
        try:
            h.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{package}=?\0".encode())
    return h.hexdigest()[:24]


def load(name: str, key: str | None) -> bytes | None:
    """The cached payload of table ``name`` for ``key``, or None (no cache, no key, no file,
    unreadable)."""
    folder = cache_dir()
    if folder is None or key is None:
        return None
    try:
        data = (folder / f"{name}-{key}.bin").read_bytes()
    except OSError:
        return None
    return data[len(MAGIC):] if data.startswith(MAGIC) else None


def store(name: str, key: str | None, payload: bytes) -> bool:
    """Write the payload of table ``name`` for ``key`` atomically, and remove that table's files
    for other keys; False when the cache is off, there is no key, or it cannot be written (never
    raises)."""
    folder = cache_dir()
    if folder is None or key is None:
        return False
    target = folder / f"{name}-{key}.bin"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(MAGIC + payload)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{name}-*.bin"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:
        return False
    return True


def cached(name: str, sources: list[Path], packages: list[str], build, read):
    """Table ``name`` read back with ``read`` (bytes -> table) when the cache holds it for these
    ``sources`` and ``packages`` (see :func:`digest`), else made with ``build`` and stored (its
    ``to_bytes``). A file ``read`` rejects (ValueError, KeyError, TypeError, UnicodeDecodeError)
    is not this code's table: it is built again and replaced."""
    key = digest(name, sources, packages)
    data = load(name, key)
    if data is not None:
        try:
            return read(data)
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            pass
    table = build()
    store(name, key, table.to_bytes())
    return table
