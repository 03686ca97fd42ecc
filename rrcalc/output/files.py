"""The one output writer: stdout, devices and FIFOs directly; regular files whole or not at all.

Rules (issue 10, "output files"):

- A regular file, or a path that does not exist yet, is written to a temporary file in the same folder
  (a short name, ``.rrcalc-XXXXXXXX.tmp``, so a 250-character file name still works), flushed, fsync'ed
  and renamed over the target: a reader never sees half a report, and a failed run leaves the old file.
- The new file keeps the existing target's permission bits (and, for root, its owner); a new file gets
  ``0666`` less the umask, as the shell's ``>`` would.
- A symbolic link is written through: its target is replaced, the link stays.
- A read-only target (no write bit, whoever runs rrcalc, root included) is refused, never replaced;
  so is any path that is the same file (device and inode) as one of the inputs, and a directory.
- Character devices, FIFOs, sockets, ``/dev/stdout``, ``/dev/fd/N`` and ``/proc/...`` paths are opened
  and written directly (no rename: renaming over ``/dev/null`` would replace the device with a file).
- Temporary files are registered while they exist, so that :func:`remove_temporaries` (called by the
  SIGTERM/SIGHUP handler of :mod:`rrcalc.cli.process`) and any error remove them.

Every failure is an :class:`rrcalc.errors.InputError` naming the output path (exit code 2).
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from rrcalc.errors import InputError, Location

#: Temporary files being written, with the id of the process that created each (a forked worker must never
#: remove its parent's).
_TEMPORARIES: dict[str, int] = {}

_SIGNALS = tuple(s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None),
                             getattr(signal, "SIGINT", None)) if s is not None)


def _identities(paths: Iterable[str | Path]) -> set[tuple[int, int]]:
    """(device, inode) of every file read in this process (:mod:`rrcalc.model.inputs`) and of ``paths``."""
    from rrcalc.model.inputs import READ

    out = set(READ)
    for p in paths:
        with contextlib.suppress(OSError):
            st = os.stat(p)
            out.add((st.st_dev, st.st_ino))
    return out


def remove_temporaries() -> None:
    """Remove every temporary output file this process is writing (signal handlers call this)."""
    me = os.getpid()
    for tmp, pid in list(_TEMPORARIES.items()):
        if pid == me:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            _TEMPORARIES.pop(tmp, None)


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold SIGTERM, SIGHUP and SIGINT for a moment (creating and registering, renaming and forgetting)."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:  # pragma: no cover - not POSIX
        yield
        return
    old = mask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, old)


def _fail(path: str, message: str) -> InputError:
    return InputError(f"cannot write output: {message}", Location(path))


def write_output(data: str | bytes | Iterable[str], path: Path | str | None, inputs: Iterable[str | Path] = ()
                 ) -> None:
    """Write ``data`` (text is UTF-8) to stdout (``path`` None) or to ``path`` as described above.

    ``data`` may also be text in pieces (a large CSV): a file then receives them one at a time, so the whole text
    is never held at once; stdout receives them joined (encoded before anything is written)."""
    if not isinstance(data, str | bytes):
        if path is None:
            write_stdout("".join(data))
            return
        pieces: Iterable[bytes] = (piece.encode("utf-8") for piece in data)
    else:
        pieces = [data.encode("utf-8") if isinstance(data, str) else data]
    if path is None:
        write_stdout(data)  # type: ignore[arg-type]
        return
    name = os.fspath(path)
    if name in ("", "."):
        raise InputError("cannot write output: no file name given (an empty --output?)", Location("--output"))
    try:
        st: os.stat_result | None = os.stat(name)  # follows symbolic links: the file that would be written
    except FileNotFoundError:
        st = None
    except OSError as exc:  # a symlink loop, a path through a file, a name too long...
        raise _fail(name, exc.strerror or str(exc)) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise _fail(name, "it is a directory")
    if st is not None and (st.st_dev, st.st_ino) in _identities(inputs):
        raise _fail(name, "it is one of the input files; choose another output file")
    real = os.path.realpath(name)
    special = any(p.startswith(("/dev/", "/proc/")) for p in (os.path.abspath(name), real))
    if st is not None and (not stat.S_ISREG(st.st_mode) or special):
        _write_direct(name, pieces)
        return
    if special:  # a /dev or /proc path that does not exist: do not create files there
        raise _fail(name, "no such device")
    if st is not None and not st.st_mode & 0o222:
        raise _fail(name, f"the file is read-only (mode {stat.S_IMODE(st.st_mode):04o}); it was left as it was")
    _write_atomic(name, real, pieces, st)


def _write_direct(name: str, pieces: Iterable[bytes]) -> None:
    """A device, FIFO or descriptor: open it as ``>`` does and write; nothing to rename."""
    try:
        fd = os.open(name, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _fail(name, exc.strerror or str(exc)) from None
    try:
        for raw in pieces:
            view = memoryview(raw)
            while view:
                n = os.write(fd, view)
                view = view[n:]
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _fail(name, exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def _write_atomic(name: str, real: str, pieces: Iterable[bytes], st: os.stat_result | None) -> None:
    folder = os.path.dirname(real) or "."
    if not os.path.isdir(folder):
        raise _fail(name, "the folder does not exist")
    with _signals_blocked():
        try:
            fd, tmp = tempfile.mkstemp(prefix=".rrcalc-", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise _fail(name, exc.strerror or str(exc)) from None
        _TEMPORARIES[tmp] = os.getpid()
    try:
        if st is not None:
            os.fchmod(fd, stat.S_IMODE(st.st_mode))
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                with contextlib.suppress(OSError):
                    os.fchown(fd, st.st_uid, st.st_gid)
        else:
            os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            for raw in pieces:
                fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        with _signals_blocked():
            os.replace(tmp, real)
            _TEMPORARIES.pop(tmp, None)
        _sync_folder(folder)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _TEMPORARIES.pop(tmp, None)
        if isinstance(exc, OSError):
            raise _fail(name, exc.strerror or str(exc)) from None
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync_folder(folder: str) -> None:
    """Make the rename durable too (best effort: not every file system can fsync a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_stdout(data: str | bytes) -> None:
    """Write ``data`` to standard output whole: encoded first, so that nothing is written if it cannot be.

    A broken pipe propagates (the caller exits quietly); any other failure (stdout closed, ``/dev/full``,
    an encoding that cannot show the text) is an InputError on ``<stdout>``.
    """
    stream = sys.stdout
    where = None
    if stream is None:
        raise InputError("cannot write the report: standard output is closed (use --output FILE)", where)
    buffer = getattr(stream, "buffer", None)
    try:
        if isinstance(data, str) and buffer is not None:
            encoding = getattr(stream, "encoding", None) or "utf-8"
            errors = getattr(stream, "errors", None) or "strict"
            try:
                raw = data.encode(encoding, errors)
            except UnicodeEncodeError as exc:
                ch = exc.object[exc.start]
                raise InputError(f"standard output's encoding ({encoding}) cannot show {ch!r} (U+{ord(ch):04X}); "
                                 "set PYTHONIOENCODING=utf-8 or use --output FILE", where) from None
            except LookupError:
                raw = data.encode("utf-8")
            stream.flush()
            buffer.write(raw)
            buffer.flush()
        elif isinstance(data, bytes) and buffer is not None:
            stream.flush()
            buffer.write(data)
            buffer.flush()
        else:
            stream.write(data if isinstance(data, str) else data.decode("utf-8"))
            stream.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:  # ValueError: I/O on a closed file
        discard_stdout()
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InputError(f"cannot write to standard output: {reason}", where) from None


def discard_stdout() -> None:
    """Point file descriptor 1 at /dev/null, so that the interpreter's last flush cannot fail again."""
    try:
        fd = sys.stdout.fileno() if sys.stdout is not None else 1
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()  # type: ignore[union-attr]
