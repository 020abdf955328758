"""A second annealing of one session's agendas, in a child process, beside the one the solver runs itself.

The annealing is single-threaded Python, so a second core can only help from another process. The child starts
from the same plan with another seed, anneals until the parent's end time and sends back its best placements;
the parent keeps the better of the two. Its results vary by a quarter from one seed to the next on the B2B
instances, so the better of two is worth the start-up (a tenth of a second: the child imports this package's
pure-Python parts only, no OR-Tools).

Run by the parent as ``python -m events.scheduling.annealing_process``: a pickled job on stdin, the pickled
placements on stdout.
"""

from __future__ import annotations

import contextlib
import pickle
import subprocess
import sys
import threading
import time
from typing import Any

from events.scheduling.assignment import Assignment, agenda_figures
from events.scheduling.slot_swaps import SessionPlan, anneal
from events.scheduling.timing import Deadline

Places = dict[int, tuple[int, int]]


class AnnealingProcess:
    """Anneal a copy of ``plan`` in a child process until ``seconds`` from now."""

    def __init__(self, plan: SessionPlan, *, seconds: float, seed: int, breaks: bool = True) -> None:
        self.plan = plan
        self.result: Places | None = None
        job = {
            "instance": plan.instance,
            "base": dict(plan.base.placed),
            "mask": plan.mask,
            "start": plan.placements(),
            "pinned": sorted(plan.pinned),
            "seed": seed,
            "breaks": breaks,
            "end": time.time() + seconds,
        }
        self.process = subprocess.Popen(  # noqa: S603 - this package's own module, run by our own interpreter
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._reader = threading.Thread(target=self._read, name="annealing-process", daemon=True)
        self._reader.start()
        assert self.process.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            pickle.dump(job, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.process.stdin.close()

    def _read(self) -> None:
        assert self.process.stdout is not None
        data = self.process.stdout.read()
        with contextlib.suppress(pickle.UnpicklingError, EOFError):
            self.result = pickle.loads(data)  # noqa: S301 - our own child's answer, over a pipe

    def finish(self, *, grace: float = 1.0) -> Places | None:
        """Wait up to ``grace`` seconds for the child's placements (``None`` if it had none in time)."""
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=grace)
        return self.result

    def take_if_better(self, *, grace: float = 1.0) -> bool:
        """Put the child's placements into the plan when their (idle slots, breaks) are fewer."""
        places = self.finish(grace=grace)
        if places is None:
            return False
        plan = self.plan
        ours = agenda_figures(plan.instance, plan.base, [(r, *p) for r, p in plan.placements().items()], plan.mask)
        theirs = agenda_figures(plan.instance, plan.base, [(r, *p) for r, p in places.items()], plan.mask)
        if theirs >= ours or set(places) != set(plan.placements()):
            return False
        plan.replace(places)
        return True


def run(job: dict[str, Any]) -> Places:
    """The child's work: rebuild the plan, anneal it until the job's end, return its placements."""
    instance = job["instance"]
    base = Assignment(instance)
    for r, (s, t) in job["base"].items():
        base.place(r, s, t)
    plan = SessionPlan(instance, base, slots=job["mask"], pinned=job["pinned"], seed=job["seed"])
    for r, (s, t) in job["start"].items():
        plan.place(r, s, t)
    plan.commit()
    seconds = max(0.0, job["end"] - time.time())
    anneal(plan, Deadline(seconds), budget=seconds, breaks=job["breaks"])
    return plan.placements()


def main() -> None:
    job = pickle.load(sys.stdin.buffer)  # noqa: S301 - our parent's own job, over a pipe
    places = run(job)
    sys.stdout.buffer.write(pickle.dumps(places, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
