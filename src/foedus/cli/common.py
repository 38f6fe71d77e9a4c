"""What every command shares: the global options, JSON output, the one error printer.

Command modules import only typer and this module at load time; each
command imports the library parts it needs when it runs, so a one-shot
question does not load the news pipeline, pydantic or pandas.
"""

from __future__ import annotations

import functools
import json
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

__all__ = [
    "JsonOption",
    "LateProgress",
    "State",
    "console",
    "err_console",
    "fail",
    "guarded",
    "print_json",
    "state",
]


class _LazyConsole:
    """A rich Console made on first use: ``--json`` answers never import rich (about 25 ms)."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)


console: Console = _LazyConsole(highlight=False)  # type: ignore[assignment]
err_console: Console = _LazyConsole(stderr=True, highlight=False)  # type: ignore[assignment]

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class State:
    """Options given before the command (``foedus --db PATH …``)."""

    db: Path | None = None


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()


def print_json(payload: Any) -> None:
    """Machine-readable output: plain JSON on stdout, nothing else."""
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")


def fail(message: str, code: int = 1) -> NoReturn:
    """The one way a command reports an error: one line on stderr, exit code 1."""
    from rich.markup import escape

    err_console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    sys.exit(code)


def guarded(command: F) -> F:
    """Turn the library's errors into :func:`fail` (the command keeps its signature)."""
    from foedus.errors import FoedusError

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except FoedusError as exc:
            fail(str(exc))

    return run  # type: ignore[return-value]


class LateProgress:
    """A progress bar on stderr that appears only once the work has run two seconds.

    Use as a context manager and call it with ``(step, done, total)`` as the work goes on;
    quick commands (and ``--json``, with ``quiet=True``) never show it.
    """

    def __init__(self, after: float = 2.0, *, quiet: bool = False) -> None:
        self._after = after
        self._quiet = quiet
        self._lock = threading.Lock()
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._step: tuple[str, int | None, int | None] = ("Building", None, None)
        self._timer: threading.Timer | None = None

    def __enter__(self) -> LateProgress:
        if not self._quiet:
            self._timer = threading.Timer(self._after, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._bar is not None:
                self._bar.stop()

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        with self._lock:
            self._bar = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                TimeElapsedColumn(), console=Console(stderr=True), transient=True,
            )  # fmt: skip
            self._task = self._bar.add_task(self._step[0], total=self._step[2])
            if self._step[1] is not None:
                self._bar.update(self._task, completed=self._step[1])
            self._bar.start()

    def __call__(self, step: str, done: int | None = None, total: int | None = None) -> None:
        with self._lock:
            self._step = (step, done, total)
            if self._bar is not None and self._task is not None:
                self._bar.update(self._task, description=step, total=total, completed=done or 0)
