"""Reading an input file's bytes, with limits on what may be read (issue 10, "hostile input").

The one place rrcalc opens an input (agreement and events files, ``--prices``):

- a regular file may hold at most :data:`MAX_FILE_BYTES` (100 MiB: a 50 MB portfolio file is fine);
- anything else (a FIFO, ``/dev/stdin``, a character device such as ``/dev/zero``) is read up to
  :data:`MAX_STREAM_BYTES` (10 MiB) and refused beyond, so an endless source cannot exhaust memory;
- a directory, a missing file, a symbolic-link loop or any other OS error is one line naming the file.

Every file read is remembered by (device, inode), so that the output writer
(:mod:`rrcalc.output.files`) can refuse to write a report over one of its own inputs.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from rrcalc.errors import InputError, Location

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_STREAM_BYTES = 10 * 1024 * 1024

#: (device, inode) of every file read in this process.
READ: set[tuple[int, int]] = set()


def _mib(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB"


def read_input(path: str | Path, what: str = "an input file") -> bytes:
    """The bytes of ``path``, within the limits above; an InputError naming the file otherwise."""
    name = str(path)
    if name == "":
        raise InputError("no file name given", Location("''"))
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError("no such file", Location(name)) from None
    except IsADirectoryError:
        raise InputError(f"is a directory, not {what}", Location(name)) from None
    except OSError as exc:  # permission denied, a symbolic-link loop (ELOOP), a name too long, ...
        raise InputError(f"cannot read: {exc.strerror or exc}", Location(name)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"is a directory, not {what}", Location(name))
        regular = stat.S_ISREG(st.st_mode)
        limit = MAX_FILE_BYTES if regular else MAX_STREAM_BYTES
        if regular and st.st_size > limit:
            raise InputError(f"is {st.st_size:,} bytes; {what} may be at most {_mib(limit)}", Location(name))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1024 * 1024, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            kind = "file" if regular else "non-regular file (a device, FIFO or pipe)"
            raise InputError(f"more than {_mib(limit)} read from this {kind}; {what} may be at most "
                             f"{_mib(limit)}", Location(name))
        READ.add((st.st_dev, st.st_ino))
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", Location(name)) from None
    finally:
        os.close(fd)
