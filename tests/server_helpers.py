"""A real `reports serve` for the tests: a subprocess on 127.0.0.1, a free port, its log.

`running(...)` starts `python -m reports serve --port 0 ...`, waits (bounded) for the
"listening on" line, yields a `Served` with the base URL and the log, and stops the
server (SIGTERM, then SIGKILL) whatever happens.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "sample_data"
START_TIMEOUT = 120.0
_LISTENING = re.compile(r"listening on (http://\S+)")


@dataclass
class Served:
    """A running server: its base URL (no trailing slash) and its log file."""

    url: str
    log_path: Path
    process: subprocess.Popen[bytes]

    def log(self) -> str:
        """Everything the server has written to stderr so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, text: str, timeout: float = 10.0) -> str:
        """The log once it contains `text` (the request lines are written after the
        answer is sent)."""
        deadline = time.monotonic() + timeout
        while True:
            log = self.log()
            if text in log or time.monotonic() > deadline:
                return log
            time.sleep(0.05)


@contextlib.contextmanager
def running(*args: str, data: Path = DATA) -> Iterator[Served]:
    """`reports serve --data DATA --port 0 ARGS...` until the block ends."""
    with tempfile.TemporaryDirectory() as tmp:
        log_path = Path(tmp) / "serve.log"
        with log_path.open("wb") as err:
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            proc = subprocess.Popen(
                [sys.executable, "-m", "reports", "serve", "--data", str(data), "--port", "0",
                 *args], stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL,
                cwd=ROOT, env=env)
        try:
            served = Served(_wait_listening(proc, log_path), log_path, proc)
            yield served
        finally:
            stop(proc)


def _wait_listening(proc: subprocess.Popen[bytes], log_path: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        text = log_path.read_text(encoding="utf-8", errors="replace")
        found = _LISTENING.search(text)
        if found:
            return found.group(1).rstrip("/")
        if proc.poll() is not None:
            raise RuntimeError(f"reports serve ended ({proc.returncode}):\n{text}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"reports serve did not listen in {START_TIMEOUT} s:\n{text}")
        time.sleep(0.05)


def stop(proc: subprocess.Popen[bytes]) -> int:
    """Stop the server: SIGTERM, then SIGKILL after 20 s; its exit code."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
    return proc.returncode
