"""Reading an input file's bytes, with limits on what may be read (a hostile input).

The one place rrcalc opens an input (agreement and events files, ``--prices``):

- a regular file may hold at most :data:`MAX_FILE_BYTES` (100 MiB: a 50 MB portfolio file is fine);
- anything else (a FIFO, ``/dev/stdin``, a character device such as ``/dev/zero``) is read up to
  :data:`MAX_STREAM_BYTES` (10 MiB) and refused beyond, so an endless source cannot exhaust memory;
- a directory, a missing file, a symbolic-link loop or any other OS error is one line naming the file;
- a file the user did not name (an events file a file of cases names, the files of an agreements folder or of a
  folder given to ``check``) must lie inside that folder, symbolic links followed, and be a regular file (a FIFO
  is refused, never waited on).

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


def _kind(mode: int) -> str:
    for test, word in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return word
    return "not a file"


def _inside(name: str, folder: Path) -> str:
    """The real path of ``name`` (symbolic links followed), which must lie inside ``folder``."""
    real, root = os.path.realpath(name), os.path.realpath(folder)
    if os.path.commonpath([real, root]) != root:
        how = "is a symbolic link to a file" if os.path.islink(name) else "lies"
        raise InputError(f"{how} outside the folder {folder}; a file reached through another file or a folder "
                         "must lie inside that folder", Location(name))
    return real


def read_input(path: str | Path, what: str = "an input file", *, within: Path | None = None,
               regular: bool = False) -> bytes:
    """The bytes of ``path``, within the limits above; an InputError naming the file otherwise.

    A file the user did not name (an events file named by a file of cases, the files of an agreements folder) is
    read with ``within`` (its real path, symbolic links followed, must lie inside that folder) and ``regular``
    (only a regular file: a FIFO, a device or a socket is refused without waiting on it)."""
    name = str(path)
    if name == "":
        raise InputError("no file name given", Location("''"))
    target = _inside(name, within) if within is not None else name
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
    if regular:  # a FIFO opened without O_NONBLOCK waits for a writer: forever
        flags |= os.O_NONBLOCK | (getattr(os, "O_NOFOLLOW", 0) if within is not None else 0)
    try:
        fd = os.open(target, flags)
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
        if regular and not stat.S_ISREG(st.st_mode):
            raise InputError(f"is not a regular file ({_kind(st.st_mode)}); only regular files are read from a "
                             "folder or through another file", Location(name))
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


#: What a YAML file's name ends with, in any case.
YAML_SUFFIXES = (".yaml", ".yml")


def yaml_files(folder: Path, origin: str) -> list[Path]:
    """The YAML files directly in ``folder`` (names ending ``.yaml`` or ``.yml``, in any case, not hidden: what the
    shell's ``folder/*.yaml`` gives), sorted by name. ``origin`` says where the folder came from (``--agreements-dir``,
    ``RRCALC_AGREEMENTS``, an argument): a folder that is missing or cannot be listed is one line naming both.
    Each file is then read with :func:`read_input` ``(within=folder, regular=True)``."""
    from rrcalc.errors import UsageError, excerpt

    shown = excerpt(str(folder), 200)
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if not e.name.startswith(".") and e.name.lower().endswith(YAML_SUFFIXES)]
    except (FileNotFoundError, NotADirectoryError):
        raise UsageError(f"{origin}: '{shown}' is not a folder") from None
    except OSError as exc:  # permission denied, ...
        raise UsageError(f"{origin}: '{shown}' cannot be read: {exc.strerror or exc}") from None
    return [folder / n for n in sorted(names)]
