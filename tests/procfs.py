"""What Linux's /proc shows of a running process, for tests that must act at a given moment of a subprocess (send a
signal once its workers are pricing, once its handlers are installed) by observing it instead of sleeping.

Every reader returns an empty answer for a process that has already exited.
"""

from __future__ import annotations

from pathlib import Path


def status(pid: int) -> dict[str, str]:
    """/proc/PID/status as a mapping (State, SigIgn, SigCgt, ...)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)


def _in_mask(pid: int, field: str, signum: int) -> bool:
    mask = status(pid).get(field)
    return mask is not None and bool(int(mask, 16) >> (signum - 1) & 1)


def ignores(pid: int, signum: int) -> bool:
    """The process ignores ``signum`` (SIG_IGN), e.g. a pool worker after its initializer ran."""
    return _in_mask(pid, "SigIgn", signum)


def catches(pid: int, signum: int) -> bool:
    """The process has a handler installed for ``signum``."""
    return _in_mask(pid, "SigCgt", signum)


def cpu_ticks(pid: int) -> int:
    """Clock ticks of CPU the process has used (user + system), its own time whatever the machine's load."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    return int(fields[11]) + int(fields[12])  # fields 14 (utime) and 15 (stime); the list starts at field 3


def children(pid: int) -> list[int]:
    """The process ids of the children of ``pid``'s main thread."""
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
