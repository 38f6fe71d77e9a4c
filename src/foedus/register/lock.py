"""One writer at a time in a folder: the lock every register edit and review decision takes.

A review (``foedus review accept``) reads a register file, changes it and
writes it back. Two reviews of the same file at once would each read the old
text and the second write would drop the first one's change. So every writer
takes :func:`folder_lock` on the folder it edits, re-reads the file under the
lock, and writes atomically before letting go.

On POSIX the lock is an ``flock`` on the folder itself, so no lock file is
left in the register (a git checkout stays clean); elsewhere it is a hidden
``.foedus.lock`` file in the folder. The kernel drops an ``flock`` when its
holder dies, so a killed writer never leaves the folder locked.

>>> import tempfile
>>> with folder_lock(tempfile.mkdtemp()):
...     pass
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from foedus.errors import RegisterError

__all__ = ["LOCK_TIMEOUT", "folder_lock"]

LOCK_TIMEOUT = 120.0  # seconds a writer waits for the one before it


@contextmanager
def folder_lock(folder: str | Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the write lock of ``folder`` (created if missing) for the ``with`` block.

    Raises :class:`~foedus.errors.RegisterError` when another writer holds it for
    longer than ``timeout`` seconds, or when the folder cannot be locked.
    """
    path = Path(folder)
    if not path.is_dir():
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RegisterError(f"cannot create the folder ({exc.strerror})", path=path) from exc
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield from _file_lock(path, timeout)
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        raise RegisterError(f"cannot open the folder ({exc.strerror})", path=path) from exc
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RegisterError(
                        f"another foedus process has been writing this folder for over "
                        f"{timeout:.0f} s; try again when it has finished",
                        path=path,
                    ) from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _file_lock(path: Path, timeout: float) -> Iterator[None]:  # pragma: no cover - Windows
    from filelock import FileLock, Timeout

    lock = FileLock(str(path / ".foedus.lock"), timeout=timeout)
    try:
        with lock:
            yield
    except Timeout:
        raise RegisterError(
            f"another foedus process has been writing this folder for over {timeout:.0f} s; "
            "try again when it has finished",
            path=path,
        ) from None
