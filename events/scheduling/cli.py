"""``transferfair schedule solve PROBLEM.json -o SCHEDULE.json [--time-limit SECONDS] [--workers N]``.

Reads a problem in the exchange format, solves it and writes the schedule, with a progress line on standard error
(best weight, proved bound, elapsed seconds, phase): rewritten in place on a terminal, one line per update
(at most one a second) otherwise. Exit status: 0 for a schedule, 1 for an ``infeasible`` one (written all the
same: it names the conflicting meetings), 2 for bad input (the message names the problem; nothing is written).
The output file is written to a temporary file first and renamed, so a failed run never leaves half a file.
``--time-limit`` is the search's; the whole command stays within about that plus :data:`STARTUP_ALLOWANCE` plus
the writing: when starting up (imports, reading the problem) took longer than the allowance, as on a loaded
machine, the search gets that much less time.

Standalone: ``uv run python -m events.scheduling.cli solve PROBLEM.json -o SCHEDULE.json``. The main
``transferfair`` group adds :data:`solve_command` to its ``schedule`` group (or adds :data:`schedule`).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import NoReturn, TextIO

import click

from events.scheduling.errors import SchedulingError
from events.scheduling.jsonformat import parse_problem, schedule_to_json
from events.scheduling.problem import Schedule, Status
from events.scheduling.progress import Progress

BAD_INPUT = 2
INFEASIBLE = 1
STARTUP_ALLOWANCE = 3.0
"""Seconds of start-up (interpreter, imports, reading) that do not count against the search's time limit."""


class ProgressLine:
    """Prints progress to a stream: rewritten with ``\\r`` on a terminal, else one line per second or phase."""

    def __init__(self, stream: TextIO, *, interval: float = 1.0) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.interval = interval
        self._phase = ""
        self._last = -1.0
        self._width = 0

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        if not self.tty and progress.phase == self._phase and now - self._last < self.interval:
            return
        self._phase, self._last = progress.phase, now
        text = describe(progress)
        if self.tty:
            self.stream.write("\r" + text.ljust(self._width))
            self._width = len(text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.tty and self._width:
            self.stream.write("\n")
            self.stream.flush()


def describe(progress: Progress) -> str:
    share = f" ({100 * progress.weight / progress.bound:.1f}%)" if progress.bound else ""
    return f"weight {progress.weight} of bound {progress.bound}{share}  {progress.elapsed:.1f} s  {progress.phase}"


@click.group(name="schedule")
def schedule() -> None:
    """The matchmaking scheduler (exchange format in, schedule out)."""


@schedule.command("solve")
@click.argument("problem_file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Where to write the schedule; - for standard output.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds the solver may take.",
)
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True, help="CP-SAT threads.")
@click.pass_context
def solve_command(ctx: click.Context, problem_file: Path, output: Path, time_limit: float, workers: int) -> None:
    """Solve PROBLEM_FILE (- for standard input) and write the schedule to OUTPUT.

    Exit status 0: a schedule; 1: infeasible (the schedule names the conflicting meetings); 2: bad input.
    """
    try:
        text = sys.stdin.buffer.read() if str(problem_file) == "-" else problem_file.read_bytes()
    except OSError as error:
        _refuse(ctx, f"cannot read {problem_file}: {error.strerror or error}")
    if str(output) != "-" and not output.resolve().parent.is_dir():
        _refuse(ctx, f"cannot write {output}: its folder does not exist")
    try:
        problem = parse_problem(text)
    except SchedulingError as error:
        _refuse(ctx, error.message)
    from events.scheduling.solver import solve  # OR-Tools and pandas (0.7 s) only for this command

    line = ProgressLine(sys.stderr)
    late = max(0.0, process_age() - STARTUP_ALLOWANCE)
    result = solve(problem, time_limit=max(0.1, time_limit - late), on_progress=line, workers=workers)
    line.finish()
    document = schedule_to_json(result, indent=2) + "\n"
    if str(output) == "-":
        click.echo(document, nl=False)
    else:
        try:
            _write_atomically(output, document)
        except OSError as error:
            _refuse(ctx, f"cannot write {output}: {error.strerror or error}")
    click.echo(summary(result, output), err=True)
    if result.status == Status.INFEASIBLE:
        ctx.exit(INFEASIBLE)


def process_age() -> float:
    """Seconds since this process started (Linux ``/proc``; 0 where that is not available)."""
    try:
        stat = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(0.0, uptime - int(stat[19]) / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return 0.0


def summary(result: Schedule, output: Path) -> str:
    stats = result.stats
    where = "standard output" if str(output) == "-" else str(output)
    if result.status == Status.INFEASIBLE:
        names = ", ".join(item.request for item in result.unscheduled)
        return f"infeasible: these locked or required meetings conflict: {names}; written to {where}"
    return (
        f"{result.status.value}: {stats.scheduled} of {stats.requested} requests scheduled, weight {stats.weight} "
        f"of bound {stats.upper_bound}, {stats.solve_seconds:.1f} s; written to {where}"
    )


def _refuse(ctx: click.Context, message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    ctx.exit(BAD_INPUT)


def _write_atomically(path: Path, text: str) -> None:
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed or removed
        "w", encoding="utf-8", dir=path.resolve().parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
        Path(handle.name).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(handle.name).unlink()
        raise


if __name__ == "__main__":
    schedule()
