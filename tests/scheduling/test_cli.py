"""``schedule solve``: a schedule file for good input, exit 2 and no file for bad input, exit 1 when infeasible."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from events.scheduling import Meeting, Progress, Request, parse_problem, problem_to_json, schedule_from_json
from events.scheduling.cli import ProgressLine, process_age, schedule
from tests.scheduling.fairs import document, problem

FAIR = problem(sessions=(2,), requests=(Request("r1", ("a", "b"), 2), Request("r2", ("a", "c"))))


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(schedule, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_solve_writes_the_schedule_and_reports_progress(tmp_path: Path) -> None:
    source = tmp_path / "problem.json"
    source.write_text(problem_to_json(FAIR))
    target = tmp_path / "schedule.json"
    code, out, err = _run("solve", str(source), "-o", str(target), "--time-limit", "2", "--workers", "2")
    assert code == 0
    assert out == ""
    written = schedule_from_json(target.read_text())
    assert written.status.value == "optimal"
    assert {m.request for m in written.meetings} == {"r1", "r2"}
    lines = err.splitlines()
    assert lines[0].startswith("weight 0 of bound 0")
    seconds = written.stats.solve_seconds
    assert lines[-1] == f"optimal: 2 of 2 requests scheduled, weight 3 of bound 3, {seconds:.1f} s; written to {target}"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["problem.json", "schedule.json"]


def test_dash_writes_to_standard_output_and_reads_standard_input(tmp_path: Path) -> None:
    code, out, err = _run("solve", "-", "-o", "-", "--time-limit", "2", stdin=problem_to_json(FAIR))
    assert code == 0
    assert json.loads(out)["stats"]["weight"] == 3
    assert err.splitlines()[-1].endswith("written to standard output")


def test_bad_input_exits_2_names_the_problem_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "problem.json"
    bad = document()
    bad["requests"][0]["participants"] = ["ent-001", "ent-999"]
    source.write_text(json.dumps(bad))
    target = tmp_path / "schedule.json"
    code, _out, err = _run("solve", str(source), "-o", str(target))
    assert code == 2
    assert err == "error: request 'r1' names unknown participant 'ent-999'\n"
    assert not target.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["problem.json"]


def test_a_missing_problem_file_or_output_folder_exits_2(tmp_path: Path) -> None:
    code, _out, err = _run("solve", str(tmp_path / "nope.json"), "-o", str(tmp_path / "s.json"))
    assert (code, err) == (2, f"error: cannot read {tmp_path / 'nope.json'}: No such file or directory\n")
    source = tmp_path / "problem.json"
    source.write_text(problem_to_json(FAIR))
    code, _out, err = _run("solve", str(source), "-o", str(tmp_path / "missing" / "s.json"))
    assert (code, err) == (2, f"error: cannot write {tmp_path / 'missing' / 's.json'}: its folder does not exist\n")


def test_a_bad_option_exits_2() -> None:
    code, _out, err = _run("solve", "p.json", "-o", "s.json", "--time-limit", "0")
    assert code == 2
    assert "Invalid value for '--time-limit'" in err


def test_an_infeasible_problem_exits_1_with_the_schedule_written(tmp_path: Path) -> None:
    fair = problem(
        requests=(Request("r1", ("a", "b")), Request("r2", ("a", "c"))),
        locked=(Meeting("r1", "s1", "T1"), Meeting("r2", "s1", "T2")),
    )
    source = tmp_path / "problem.json"
    source.write_text(problem_to_json(fair))
    target = tmp_path / "schedule.json"
    code, _out, err = _run("solve", str(source), "-o", str(target), "--time-limit", "2")
    assert code == 1
    written = schedule_from_json(target.read_text())
    assert (written.status.value, written.meetings) == ("infeasible", ())
    assert [item.request for item in written.unscheduled] == ["r1", "r2"]
    conflict = "infeasible: these locked or required meetings conflict: r1, r2"
    assert err.splitlines()[-1] == f"{conflict}; written to {target}"


def test_the_progress_line_rewrites_itself_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    line = ProgressLine(stream)
    line(Progress(weight=5, bound=10, elapsed=0.5, phase="compactness"))
    line(Progress(weight=10, bound=10, elapsed=1.25, phase="done"))
    line.finish()
    first = "weight 5 of bound 10 (50.0%)  0.5 s  compactness"
    second = "weight 10 of bound 10 (100.0%)  1.2 s  done"
    assert stream.getvalue() == f"\r{first}\r{second.ljust(len(first))}\n"


def test_the_module_runs_as_a_command(tmp_path: Path) -> None:
    source = tmp_path / "problem.json"
    source.write_text(problem_to_json(FAIR))
    target = tmp_path / "schedule.json"
    completed = subprocess.run(
        [sys.executable, "-m", "events.scheduling.cli", "solve", str(source), "-o", str(target), "--time-limit", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert schedule_from_json(target.read_text()).stats.weight == 3
    assert parse_problem(source.read_text()) == FAIR


def test_the_process_age_is_read_from_the_system() -> None:
    assert 0.0 < process_age() < 24 * 3600


def test_transferfair_schedule_solve_runs_the_command(tmp_path: Path) -> None:
    source = tmp_path / "problem.json"
    source.write_text(problem_to_json(FAIR))
    target = tmp_path / "schedule.json"
    command = Path(sys.executable).parent / "transferfair"
    completed = subprocess.run(
        [str(command), "schedule", "solve", str(source), "-o", str(target), "--time-limit", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert schedule_from_json(target.read_text()).stats.weight == 3
    bad = subprocess.run(
        [str(command), "schedule", "solve", str(tmp_path / "none.json"), "-o", str(tmp_path / "x.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert not (tmp_path / "x.json").exists()
