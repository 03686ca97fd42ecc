"""The rrcalc process and its environment: signals, standard streams, exit codes.

- Ctrl-C (SIGINT) prints one line, ``rrcalc: interrupted``, and exits 130, from any point of a run. Forked
  workers of a parallel batch ignore SIGINT (the parent speaks for the run and stops them), so no process
  prints a traceback.
- SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 remove the temporary file of an ``--output`` being written
  (:func:`rrcalc.output.files.remove_temporaries`), unwind (stopping any workers) and exit 128 + the signal
  number (143, 129, 131, 138, 140 on Linux) with one line, ``rrcalc: terminated by SIGTERM``; a worker simply
  dies as it would by default (:mod:`rrcalc.cli.workers`). SIGPIPE keeps Python's handling: a broken pipe ends
  the run quietly.
- A signal is handled once: the first one unwinds the run, any later one (a second Ctrl-C, the SIGTERM a shell
  sends after SIGHUP) is ignored, so that cleaning up is never cut short and never raises a second time.
- Standard streams: a closed stdout (``>&-``) makes writing the report an error (exit 2, one line); a closed
  stdin or stderr is replaced by ``/dev/null`` (so no file opened later lands on descriptors 0-2); stderr never
  fails on a character its encoding cannot show (backslash escapes). An OSError on a stream (``/dev/full``,
  EIO) is an I/O condition: one line, exit 2; a broken pipe ends the run quietly. None is an internal error.

Two entry points: :func:`guard` wraps the console script's ``main`` (fast path and typer alike), and
:func:`io_condition` lets :func:`rrcalc.cli.commands.guarded` classify an unexpected exception before calling
it a bug.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import FrameType

INTERRUPTED_EXIT = 130


class Interrupted(BaseException):
    """Ctrl-C. Not a KeyboardInterrupt, so that click does not turn it into "Aborted!" and exit 1."""


class Terminated(BaseException):
    """SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 or SIGUSR2: unwind, then exit 128 + ``signum``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_MAIN_PID: int | None = None
_STOPPING = False  # a signal (or a worker's death by one) is unwinding the run: later signals are ignored

#: The signals that end a run with exit 128 + their number, after removing temporary files.
TERMINATING: tuple[int, ...] = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1",
                                                                       "SIGUSR2") if hasattr(signal, name))
#: Every signal rrcalc handles (Ctrl-C too): held while temporary files and workers are created and removed.
HANDLED: tuple[int, ...] = (signal.SIGINT, *TERMINATING)


def stopping() -> None:
    """Note that the run is being stopped (by a signal): any signal from now on is ignored."""
    global _STOPPING
    _STOPPING = True


def _signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def _on_interrupt(signum: int, frame: FrameType | None) -> None:
    if os.getpid() != _MAIN_PID or _STOPPING:
        return  # a forked worker ignores Ctrl-C (the parent stops it); so does a run already stopping
    stopping()
    raise Interrupted


def _on_terminate(signum: int, frame: FrameType | None) -> None:
    if os.getpid() != _MAIN_PID:  # a forked process: die as by default, quietly, before anything else
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    from rrcalc.output.files import remove_temporaries

    remove_temporaries()
    if _STOPPING:
        return
    stopping()
    raise Terminated(signum)


def worker_init() -> None:
    """In a forked worker: ignore Ctrl-C (the parent speaks for the run and stops it), and die by the default
    action of every other signal rrcalc handles."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in TERMINATING:
        signal.signal(signum, signal.SIG_DFL)


class _ClosedStdout:
    """Stands in for a closed standard output: writing the report to it is an error, asking is not."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed (use --output FILE)")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _reserve(fd: int) -> None:
    """Hold descriptor ``fd`` with /dev/null, so that no input or output file is opened on it."""
    try:
        os.fstat(fd)
    except OSError:
        with contextlib.suppress(OSError):
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)


def install() -> None:
    """Set up the signal handlers and standard streams for a run of the command (idempotent)."""
    global _MAIN_PID, _STOPPING
    _MAIN_PID = os.getpid()
    _STOPPING = False
    stdout_closed = sys.stdout is None
    for fd in (0, 1, 2):
        _reserve(fd)
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")
    if stdout_closed:
        sys.stdout = _ClosedStdout()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    with contextlib.suppress(AttributeError, ValueError, OSError):
        sys.stderr.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    with contextlib.suppress(ValueError, OSError):  # not the main thread (a test harness): leave signals alone
        signal.signal(signal.SIGINT, _on_interrupt)
        for signum in TERMINATING:
            signal.signal(signum, _on_terminate)


def tell(message: str) -> None:
    """One line on stderr; never fails (stderr may be closed, full or a broken pipe)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(message + "\n")
        sys.stderr.flush()


def io_condition(exc: BaseException) -> int | None:
    """The exit code for an exception that is an I/O condition of the environment (after saying so), or None
    when it is not one (then it is a bug)."""
    from rrcalc.output.files import discard_stdout

    if isinstance(exc, BrokenPipeError):
        discard_stdout()
        return 0
    if isinstance(exc, UnicodeEncodeError):
        ch = exc.object[exc.start] if isinstance(exc.object, str) else "?"
        tell(f"rrcalc: error: the output's encoding ({exc.encoding}) cannot show {ch!r} (U+{ord(ch):04X}); "
             "set PYTHONIOENCODING=utf-8 or use --output FILE")
        return 2
    if isinstance(exc, OSError):
        discard_stdout()
        tell(f"rrcalc: error: I/O error: {exc.strerror or exc}")
        return 2
    return None


def out_of_memory() -> int:
    """After a MemoryError (once the failed work's frames are gone): the machine's or ulimit's memory, not a bug;
    one line, exit 2 (the writer has already removed any temporary file)."""
    from rrcalc.output.files import discard_stdout

    discard_stdout()
    tell("rrcalc: error: out of memory; --format csv writes the Periodic Amounts row by row and needs the least, "
         "or split the events file")
    return 2


def _finish_stdout() -> int | None:
    """Flush stdout; the exit code when that fails (None when it does not)."""
    from rrcalc.output.files import discard_stdout

    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        discard_stdout()
    except (OSError, ValueError) as exc:
        discard_stdout()
        tell(f"rrcalc: error: cannot write to standard output: {getattr(exc, 'strerror', None) or exc}")
        return 2
    return None


def _code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    tell(str(exc.code))
    return 1


@contextlib.contextmanager
def guard() -> Iterator[None]:
    """Run the command: install the handlers, and turn interrupts, signals and stream failures into exit codes.

    Always ends by raising SystemExit with the code to exit with.
    """
    install()
    code = 0
    try:
        yield
    except SystemExit as exc:
        code = _code(exc)
    except (Interrupted, KeyboardInterrupt):
        tell("rrcalc: interrupted")
        code = INTERRUPTED_EXIT
    except Terminated as exc:
        tell(f"rrcalc: terminated by {_signal_name(exc.signum)}")
        code = 128 + exc.signum
    except OSError as exc:  # a failing stderr inside an error report, a failing stream outside guarded()
        found = io_condition(exc)
        code = 2 if found is None else found
    failed = _finish_stdout()
    if failed is not None and code == 0:
        code = failed
    # from here on the signal handlers must not raise into the interpreter's shutdown
    with contextlib.suppress(ValueError, OSError):
        for signum in HANDLED:
            signal.signal(signum, signal.SIG_IGN)
    raise SystemExit(code)
