"""Running the installed ``rrcalc`` on a pseudo-terminal, as a person's shell would: the one helper the table,
colour and progress-bar tests share."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import tempfile
import termios
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RRCALC = str(Path(sys.executable).parent / "rrcalc")


@dataclass
class OnTerminal:
    code: int
    terminal: str  # what the terminal received (the stream given to it)
    other: str  # the other stream (stderr when stdout is on the terminal, and the other way round)


def on_terminal(args: list[str], columns: int = 100, lines: int = 50, env: dict[str, str] | None = None,
                stream: str = "stdout", timeout: float = 120) -> OnTerminal:
    """Run ``rrcalc ARGS`` with ``stream`` ("stdout" or "stderr") on a pseudo-terminal ``columns`` wide; ``env``
    is the whole environment (default: this process's), to which the terminal's size is added."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    environment = {**(os.environ if env is None else env), "COLUMNS": str(columns), "LINES": str(lines)}
    other = tempfile.TemporaryFile()  # a file, never a pipe: a child writing much to it must not block
    streams = {"stdout": follower, "stderr": other} if stream == "stdout" else {"stdout": other, "stderr": follower}
    proc = subprocess.Popen([RRCALC, *args], stdin=subprocess.DEVNULL, env=environment, cwd=ROOT, **streams)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=timeout)
    os.close(leader)
    other.seek(0)
    rest = other.read()
    other.close()
    return OnTerminal(proc.returncode, b"".join(chunks).decode("utf-8", errors="replace").replace("\r\n", "\n"),
                      rest.decode("utf-8", errors="replace"))
