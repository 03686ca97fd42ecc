"""A cache of parsed agreement files, so that a run does not pay for the YAML builder on every bundled agreement.

An agreement file, once it has been parsed and built into an agreement without error, is stored as its plain
values and line/column marks (:class:`rrcalc.model.yamlsrc.Source`), keyed by the content hash of the file and the
version of rrcalc's reading code, in ``$XDG_CACHE_HOME/rrcalc`` (else ``~/.cache/rrcalc``). A later run reading
the same bytes takes the values from there and builds and checks the agreement from them exactly as from the YAML:
every result and every message is the same, hit or miss.

Safety: entries are :mod:`marshal` data of plain values only (dicts, lists, tuples, strings, numbers; a Decimal or a
date is a tagged tuple), never pickle, and every value read is checked to be one of these before it is used. An entry
is written to a temporary file and renamed into place (a reader never sees half a file). An entry is ignored (and
the file parsed again) when it cannot be read, is corrupt, or when it or its folder is not owned by the user or is
writable by others. ``RRCALC_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import marshal
import os
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from rrcalc.model.yamlsrc import Path_, Source

#: Set to anything but empty or ``0`` to turn the cache off.
NO_CACHE_ENV = "RRCALC_NO_CACHE"
#: The layout of an entry; a change of it (or of rrcalc's version) makes every older entry a miss.
_FORMAT = 1
_DECIMAL, _DATE = "D", "d"
_ids_from_cache: set[int] = set()  # sources this run took from the cache: not stored again


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def folder() -> Path:
    """``$XDG_CACHE_HOME/rrcalc``, else ``~/.cache/rrcalc``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "rrcalc"


def _version() -> str:
    """The version of the code that reads agreement files: the size and time stamp of each module of it. Every
    install or upgrade of rrcalc (and every edit while developing) rewrites them; asking for ``rrcalc.__version__``
    would cost more start-up time (importlib.metadata) than the cache saves."""
    from rrcalc.model import yamlsrc

    stamps = []
    for module in (yamlsrc.__file__, __file__):
        st = os.stat(module or "")
        stamps.append(f"{st.st_size}:{st.st_mtime_ns}")
    return ";".join(stamps)


def _entry(raw: bytes) -> Path:
    try:  # the built-in BLAKE2 alone: hashlib would load OpenSSL, a few milliseconds of start-up
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b
    digest = blake2b(raw, digest_size=20, person=f"rrcalc{_FORMAT}".encode()[:16])
    digest.update(_version().encode())
    return folder() / f"{digest.hexdigest()}.agreement"


def _trusted(st: os.stat_result, getuid: Any = None) -> bool:
    """Owned by this user and writable by no one else (``st``: of the entry, or of its folder)."""
    uid = (getuid or os.getuid)()
    return st.st_uid == uid and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _encode(value: Any) -> Any:
    t = type(value)
    if t is dict:
        return {k: _encode(v) for k, v in value.items()}
    if t is list:
        return [_encode(v) for v in value]
    if t is Decimal:
        return (_DECIMAL, str(value))
    if t is date:
        return (_DATE, value.toordinal())
    if t in (str, int, bool) or value is None:
        return value
    raise TypeError(f"not a plain value: {t.__name__}")


def _decode(value: Any) -> Any:
    t = type(value)
    if t is str or t is int or t is bool or value is None:
        return value
    if t is dict:
        return {_key(k): _decode(v) for k, v in value.items()}
    if t is list:
        return [_decode(v) for v in value]
    if t is tuple and len(value) == 2:
        tag, body = value
        if tag == _DECIMAL and type(body) is str:
            return Decimal(body)
        if tag == _DATE and type(body) is int:
            return date.fromordinal(body)
    raise ValueError("corrupt cache entry")


def _key(key: Any) -> str:
    if type(key) is not str:
        raise ValueError("corrupt cache entry")
    return key


def _marks(value: Any) -> dict[Path_, tuple[int, int]]:
    if type(value) is not dict:
        raise ValueError("corrupt cache entry")
    for path, mark in value.items():
        if (type(path) is not tuple or any(type(p) not in (str, int) for p in path) or type(mark) is not tuple
                or len(mark) != 2 or type(mark[0]) is not int or type(mark[1]) is not int):
            raise ValueError("corrupt cache entry")
    return value


def lookup(raw: bytes, name: str) -> Source | None:
    """The parsed file of these bytes, from the cache (named ``name``), or None: a miss, or an entry not to trust."""
    if not enabled():
        return None
    try:
        path = _entry(raw)
        if not _trusted(os.stat(path.parent)):
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or not _trusted(st):
                return None
            with os.fdopen(fd, "rb", closefd=False) as f:
                blob = f.read()
        finally:
            os.close(fd)
        entry = marshal.loads(blob)
        if type(entry) is not tuple or len(entry) != 3 or entry[0] != _FORMAT:
            return None
        data, marks = _decode(entry[1]), _marks(entry[2])
    except (OSError, ValueError, EOFError, TypeError, RecursionError):
        return None
    src = Source(name, data, marks, None, raw)
    _ids_from_cache.add(id(src))
    return src


def store(src: Source) -> None:
    """Keep ``src`` (a small file parsed from its bytes, built into an agreement without error) for later runs.
    Best effort: a cache that cannot be written is no error."""
    raw = src.raw
    if not enabled() or not isinstance(raw, bytes) or src.text is not None or id(src) in _ids_from_cache:
        return
    tmp: Path | None = None
    try:
        blob = marshal.dumps((_FORMAT, _encode(src.data), src.marks))
        path = _entry(raw)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(os.stat(path.parent)):
            return
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            with os.fdopen(fd, "wb", closefd=False) as f:
                f.write(blob)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except (OSError, ValueError, TypeError, RecursionError):
        if tmp is not None:
            try:
                tmp.unlink()
            except OSError:
                pass
