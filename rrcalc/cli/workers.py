"""Forked worker processes for a parallel batch, which no signal can hang and none outlives.

A CSV batch of many events files is priced by one worker per core (:func:`rrcalc.cli.commands._parallel_csv`).
The workers are plain ``os.fork()`` children, each with one pipe for its tasks (item numbers) and one for its
results. There are no threads and no lock shared between processes: a worker killed while it holds a lock of a
``multiprocessing.Pool`` queue leaves its parent waiting on that lock forever, and a signal handler raising
inside the pool's bookkeeping leaves workers nobody stops. Here the parent can be stopped at any point:

- the parent keeps rrcalc's signal handlers (:mod:`rrcalc.cli.process`); whatever ends its loop (a signal, an
  error, the end of the batch) leaves :func:`forked_map`'s block through :func:`_stop`, which kills the workers
  that remain and reaps every one, signals held meanwhile: none outlives the run, none is left a zombie;
- a worker ignores SIGINT (the parent speaks for the run) and dies by the default action of SIGTERM, SIGHUP,
  SIGQUIT, SIGUSR1 and SIGUSR2 (without a core file); signals are held from before the fork until it has set
  this up, so it never runs the parent's handlers; it leaves by ``os._exit`` and never unwinds into the
  parent's code;
- a worker dies with its parent even when the parent is killed outright: on Linux the kernel sends it SIGKILL
  (``PR_SET_PDEATHSIG``); everywhere, its task pipe reaches end of file when the parent is gone.

A worker that dies before returning its results stops the run: by a signal rrcalc handles, as if the signal had
been sent to rrcalc (:class:`~rrcalc.cli.process.Terminated`); otherwise (SIGKILL from the out-of-memory killer,
a crash) with :class:`WorkerLost`, one line, exit 1. Results come back in the order of the items; an exception
raised by ``fn`` in a worker is raised in the parent at that item's place, as one process would raise it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import selectors
import signal
import struct
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rrcalc.errors import RRCalcError

T = TypeVar("T")
R = TypeVar("R")

_TASK = struct.Struct("!I")  # the number of the item to work on
_HEAD = struct.Struct("!QB")  # a result's length, and 0 (a result) or 1 (an exception)
#: Tasks a worker holds ahead of its results, so that it never waits for the parent between two.
_AHEAD = 2
_PR_SET_PDEATHSIG = 1


class WorkerLost(RRCalcError):
    """A worker died before returning its results, not by a signal rrcalc handles (exit code 1)."""

    exit_code = 1


@dataclass
class _Worker:
    pid: int
    tasks: int  # the parent's end of the task pipe (-1 once closed: no more tasks)
    results: int  # the parent's end of the result pipe
    pending: deque[int] = field(default_factory=deque)
    received: bytearray = field(default_factory=bytearray)
    reaped: bool = False


def _held() -> tuple[int, ...]:
    from rrcalc.cli.process import HANDLED

    return HANDLED


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _held())
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def available() -> bool:
    """Whether this platform can fork workers."""
    return hasattr(os, "fork") and hasattr(signal, "pthread_sigmask")


@contextlib.contextmanager
def forked_map(fn: Callable[[T], R], items: Sequence[T], workers: int) -> Iterator[Iterator[R]]:
    """``fn`` applied to every item by ``workers`` forked processes: within the block, an iterator over the
    results in the items' order. Leaving the block, however it is left, stops and reaps every worker."""
    if sys.platform.startswith("linux"):
        import ctypes  # before forking: every worker needs it at once

        libc: Any = ctypes.CDLL(None, use_errno=True)
    else:  # pragma: no cover - no parent-death signal: the task pipe's end of file stops the worker
        libc = None
    pool: list[_Worker] = []
    try:
        for _ in range(max(1, min(workers, len(items)))):
            _fork(fn, items, pool, libc)
        yield _results(pool, len(items))
    finally:
        _stop(pool)


def _fork(fn: Callable[[T], R], items: Sequence[T], pool: list[_Worker], libc: Any) -> None:
    parent = os.getpid()
    with _signals_held():  # the pid is recorded before any handler of the parent can run
        task_r, task_w = os.pipe()
        result_r, result_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            code = 1
            try:
                for fd in [task_w, result_r, *(w.tasks for w in pool), *(w.results for w in pool)]:
                    if fd >= 0:
                        os.close(fd)
                _become_worker(parent, libc)
                code = _serve(fn, items, task_r, result_w)
            finally:
                os._exit(code)
        os.close(task_r)
        os.close(result_w)
        pool.append(_Worker(pid, task_w, result_r))


def _become_worker(parent: int, libc: Any) -> None:
    """In a new worker (signals still held): its signal dispositions, no core file, death with the parent."""
    from rrcalc.cli.process import worker_init

    worker_init()
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    if libc is not None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _held())


def _serve(fn: Callable[[T], R], items: Sequence[T], tasks: int, results: int) -> int:
    """A worker's loop: read an item number, send back ``fn(item)`` (or its exception); the exit status."""
    while True:
        raw = _read_exactly(tasks, _TASK.size)
        if raw is None:
            return 0  # no more tasks, or the parent is gone
        (i,) = _TASK.unpack(raw)
        try:
            payload, status = pickle.dumps(fn(items[i]), pickle.HIGHEST_PROTOCOL), 0
        except Exception as exc:
            payload, status = _pickled_error(exc), 1
        _write_all(results, _HEAD.pack(len(payload), status))
        _write_all(results, payload)


def _pickled_error(exc: Exception) -> bytes:
    try:
        data = pickle.dumps(exc, pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)
        return data
    except Exception:  # an exception that does not survive pickling: its type and message
        return pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))


def _read_exactly(fd: int, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        chunk = os.read(fd, n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _give(w: _Worker, i: int) -> None:
    w.pending.append(i)
    try:
        _write_all(w.tasks, _TASK.pack(i))
    except BrokenPipeError:  # the worker is already dead (killed while the others were forked): not rrcalc's
        _lost(w)  # own stdout closing, which would end the run quietly with exit 0 and nothing written


def _results(pool: list[_Worker], count: int) -> Iterator[Any]:
    """The parent's loop: hand out item numbers, collect results, yield them in order."""
    upcoming = iter(range(count))
    for w in pool:
        for i in [i for _, i in zip(range(_AHEAD), upcoming, strict=False)]:
            _give(w, i)
    done: dict[int, tuple[int, bytes]] = {}
    wanted = 0
    with selectors.DefaultSelector() as selector:
        for w in pool:
            selector.register(w.results, selectors.EVENT_READ, w)
        while wanted < count:
            while wanted in done:
                status, payload = done.pop(wanted)
                wanted += 1
                value = pickle.loads(payload)
                if status:
                    raise value
                yield value
            if wanted >= count:
                break
            for key, _ in selector.select():
                w = key.data
                chunk = os.read(w.results, 1 << 20)
                if not chunk:
                    selector.unregister(w.results)
                    if w.pending:
                        _lost(w)
                    continue
                w.received += chunk
                while len(w.received) >= _HEAD.size:
                    size, status = _HEAD.unpack_from(w.received)
                    if len(w.received) < _HEAD.size + size:
                        break
                    done[w.pending.popleft()] = (status, bytes(w.received[_HEAD.size:_HEAD.size + size]))
                    del w.received[:_HEAD.size + size]
                    nxt = next(upcoming, None)
                    if nxt is not None:
                        _give(w, nxt)
                    elif not w.pending and w.tasks >= 0:
                        os.close(w.tasks)  # end of file: the worker exits
                        w.tasks = -1


def _lost(w: _Worker) -> None:
    """A worker's results ended before its tasks did: say how it died."""
    from rrcalc.cli.process import HANDLED, Terminated, _signal_name, stopping

    _pid, status = os.waitpid(w.pid, 0)
    w.reaped = True
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in HANDLED and sig != signal.SIGINT:
            stopping()
            raise Terminated(sig)
        how = f"was killed by {_signal_name(sig)}"
    else:
        how = f"exited with status {os.WEXITSTATUS(status)}"
    raise WorkerLost(f"a worker process pricing the batch {how} before it finished; nothing was written")


def _stop(pool: list[_Worker]) -> None:
    """Close the pipes, kill the workers that remain and reap them all, the signals rrcalc handles held
    meanwhile (one arriving now is handled once every worker is gone)."""
    with _signals_held():
        for w in pool:
            for fd in (w.tasks, w.results):
                if fd >= 0:
                    with contextlib.suppress(OSError):
                        os.close(fd)
            w.tasks = w.results = -1
        for w in pool:
            if not w.reaped:
                with contextlib.suppress(OSError):
                    os.kill(w.pid, signal.SIGKILL)
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(w.pid, 0)
                w.reaped = True
