"""The one output writer: stdout, devices and FIFOs directly; regular files whole or not at all.

Rules:

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
- The outputs of one run are committed together (:func:`together`): every file is written to its temporary
  file first and all are renamed at the end, so a run that fails writes none of them.
- Before anything runs, :func:`target` checks a path as the writer would, and tells which file it names.
- Temporary files are registered while they exist, so that :func:`remove_temporaries` (called by the
  signal handlers of :mod:`rrcalc.cli.process`: SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2) and any error (Ctrl-C
  included) remove them.

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

#: Inside :func:`together`: the temporary files written and waiting to be renamed (temporary, target, folder).
_PENDING: list[tuple[str, str, str]] | None = None

#: The signals whose handlers remove temporary files (rrcalc.cli.process.HANDLED), held meanwhile.
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT", "SIGQUIT", "SIGUSR1", "SIGUSR2")
                 if hasattr(signal, name))


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
    """Hold the signals rrcalc handles for a moment (creating and registering, renaming and forgetting)."""
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
        # a lone surrogate (a file name that is not UTF-8) is written as its escape, as messages show it
        pieces: Iterable[bytes] = (piece.encode("utf-8", "backslashreplace") for piece in data)
    else:
        pieces = [data.encode("utf-8", "backslashreplace") if isinstance(data, str) else data]
    if path is None:
        write_stdout(data)  # type: ignore[arg-type]
        return
    name = os.fspath(path)
    st, real, special = _examine(name, inputs)
    if st is not None and (not stat.S_ISREG(st.st_mode) or special):
        _write_direct(name, pieces)
        return
    _write_atomic(name, real, pieces, st)


def _examine(name: str, inputs: Iterable[str | Path]) -> tuple[os.stat_result | None, str, bool]:
    """Everything that can be known about writing ``name`` before writing it: the file there (None: a new one),
    its resolved path, and whether it is a device or /proc path (written directly). An InputError naming it
    when it cannot take an output."""
    if name in ("", ".") or os.path.basename(name) in ("", ".", ".."):
        raise InputError("cannot write output: no file name given (an empty --output?)" if name in ("", ".") else
                         "cannot write output: it names a folder, not a file", Location(name or "--output"))
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
    try:
        real = os.path.realpath(name)
        special = any(p.startswith(("/dev/", "/proc/")) for p in (os.path.abspath(name), real))
    except FileNotFoundError:  # a relative name in a working folder that was removed
        raise _fail(name, "the current folder no longer exists (was it removed?); give a full path") from None
    except OSError as exc:
        raise _fail(name, exc.strerror or str(exc)) from None
    if st is not None and (not stat.S_ISREG(st.st_mode) or special):
        return st, real, special
    if special:  # a /dev or /proc path that does not exist: do not create files there
        raise _fail(name, "no such device")
    if st is not None and not st.st_mode & 0o222:
        raise _fail(name, f"the file is read-only (mode {stat.S_IMODE(st.st_mode):04o}); it was left as it was")
    folder = os.path.dirname(real) or "."
    if not os.path.isdir(folder):
        raise _fail(name, "the folder does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _fail(name, "the folder is not writable")
    return st, real, special


def target(path: Path | str, inputs: Iterable[str | Path] = ()) -> tuple[object, ...]:
    """Check, without writing, that ``path`` can take an output (as :func:`write_output` would; an InputError naming
    it if not), and return what identifies the file it would write: two names for one file (``./``, a symbolic
    link, a hard link, a linked folder) give the same identity."""
    name = os.fspath(path)
    st, real, _special = _examine(name, inputs)
    return ("file", st.st_dev, st.st_ino) if st is not None else ("new", real)


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
    if _PENDING is not None and any(real == r for _tmp, r, _f in _PENDING):
        raise _fail(name, "another output of this run goes to the same file")
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
        if _PENDING is not None:  # renamed with the run's other outputs (together())
            _PENDING.append((tmp, real, folder))
            return
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


@contextlib.contextmanager
def together() -> Iterator[None]:
    """The outputs of one run, committed together: inside the block every regular file is written whole to its
    temporary file as it comes, and all are renamed over their targets when the block ends without an error; an
    error (or a signal) leaves every target as it was and no temporary file. Standard output and devices are
    written at once, so a command writes its files before its standard output."""
    global _PENDING
    if _PENDING is not None:  # an inner block: the outer one commits
        yield
        return
    pending: list[tuple[str, str, str]] = []
    _PENDING = pending
    try:
        yield
    except BaseException:
        _PENDING = None
        _discard(pending)
        raise
    _PENDING = None
    with _signals_blocked():
        for k, (tmp, real, _folder) in enumerate(pending):
            try:
                os.replace(tmp, real)
            except OSError as exc:
                _discard(pending[k:])
                raise _fail(real, exc.strerror or str(exc)) from None
            _TEMPORARIES.pop(tmp, None)
    for folder in dict.fromkeys(folder for _tmp, _real, folder in pending):
        _sync_folder(folder)


def _discard(pending: list[tuple[str, str, str]]) -> None:
    for tmp, _real, _folder in pending:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _TEMPORARIES.pop(tmp, None)


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
    if isinstance(data, str):
        from rrcalc.output.hygiene import unpaired

        data = unpaired(data)  # a file name that is not UTF-8 is shown as its escape, as messages show it
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
        sys.stdout.flush()
