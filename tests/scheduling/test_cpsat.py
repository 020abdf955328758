"""CP-SAT plumbing: the search that runs in a thread beside the caller's own."""

from __future__ import annotations

import itertools
import random

from ortools.sat.python import cp_model

from events.scheduling.cpsat import BackgroundSearch, CpBuilder, Level, negated


def pigeons(pigeons: int, holes: int) -> CpBuilder:
    """Each pigeon in exactly one hole, at most one pigeon per hole."""
    builder = CpBuilder()
    places = [list(builder.new_bools(holes)) for _ in range(pigeons)]
    for row in places:
        builder.exactly_one(row)
    for hole in range(holes):
        builder.at_most_one([row[hole] for row in places])
    return builder


def test_the_search_finds_a_solution_in_its_thread() -> None:
    search = BackgroundSearch(pigeons(4, 4), seconds=30.0)
    search.wait()
    assert search.found
    assert search.solution is not None
    rows = [search.solution[4 * p : 4 * p + 4] for p in range(4)]
    assert [sum(row) for row in rows] == [1, 1, 1, 1]
    assert [sum(column) for column in zip(*rows, strict=True)] == [1, 1, 1, 1]
    assert not search.infeasible


def test_an_impossible_model_is_proved_so() -> None:
    search = BackgroundSearch(pigeons(3, 2), seconds=30.0)
    search.wait()
    assert search.done
    assert search.infeasible
    assert not search.found


def random_three_sat(variables: int, clauses: int, seed: int) -> CpBuilder:
    """Random 3-SAT at the hard ratio (4.26 clauses per variable)."""
    builder = CpBuilder()
    literals = list(builder.new_bools(variables))
    rng = random.Random(seed)
    for _ in range(clauses):
        clause = builder.proto.constraints.add().bool_or
        clause.literals.extend(x if rng.random() < 0.5 else -x - 1 for x in rng.sample(literals, 3))
    return builder


def test_stop_ends_a_search_that_would_run_long() -> None:
    # 400 variables, 1,704 clauses, seed 1: one CP-SAT worker neither solves nor refutes it in 40 s.
    search = BackgroundSearch(random_three_sat(400, 1704, seed=1), seconds=600.0)
    search.stop()
    assert search.done
    assert not search.found
    assert not search.infeasible
    assert search.solution is None


def test_a_search_that_branches_first_on_given_booleans_leaves_the_builders_model_as_it_was() -> None:
    builder = pigeons(5, 5)
    builder.set_objective([0], [1], maximize=True)
    search = BackgroundSearch(builder, seconds=30.0, first=list(range(builder.size)))
    search.wait()
    assert search.solution is not None
    rows = [search.solution[5 * p : 5 * p + 5] for p in range(5)]
    assert [sum(row) for row in rows] == [1] * 5
    assert list(builder.proto.objective.vars) == [0]
    assert len(builder.proto.search_strategy) == 0


def _true_sets_of(builder: CpBuilder, literals: list[int]) -> set[tuple[int, ...]]:
    """Every assignment of ``literals`` the model allows (its helper variables projected away)."""
    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    solver.parameters.num_workers = 1
    found: set[tuple[int, ...]] = set()

    class Collect(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            found.add(tuple(self.value(builder.model.get_bool_var_from_proto_index(v)) for v in literals))

    assert solver.solve(builder.model, Collect()) == cp_model.OPTIMAL
    return found


def test_the_sequential_counter_allows_exactly_the_sets_within_its_bound() -> None:
    for bound in range(7):
        builder = CpBuilder()
        literals = list(builder.new_bools(6))
        builder.at_most_by_counter(literals, bound)
        allowed = _true_sets_of(builder, literals)
        assert allowed == {values for values in itertools.product((0, 1), repeat=6) if sum(values) <= bound}


def test_a_clause_holds_a_negated_literal() -> None:
    builder = CpBuilder()
    a, b = builder.new_bools(2)
    builder.clause([negated(a), b])
    assert _true_sets_of(builder, [a, b]) == {(0, 0), (0, 1), (1, 1)}


def test_the_core_based_search_proves_the_least_value() -> None:
    # Five pigeons, five holes, each pigeon costs its hole's number: the least total is 0+1+2+3+4 = 10.
    builder = pigeons(5, 5)
    level = Level("cost", list(range(25)), [v % 5 for v in range(25)], maximize=False)
    search = BackgroundSearch(builder, seconds=30.0, minimise=level)
    search.wait()
    assert search.optimal
    assert search.solution is not None
    assert level.value(search.solution) == 10


def test_the_core_based_search_reports_the_lower_bound_it_proved() -> None:
    builder = pigeons(5, 5)
    level = Level("cost", list(range(25)), [v % 5 for v in range(25)], maximize=False, offset=7)
    search = BackgroundSearch(builder, seconds=30.0, minimise=level)
    search.wait()
    assert search.optimal
    assert search.lower_bound == 17


def test_nothing_below_the_least_value_is_proved_impossible() -> None:
    builder = pigeons(5, 5)
    level = Level("cost", list(range(25)), [v % 5 for v in range(25)], maximize=False)
    search = BackgroundSearch(builder, seconds=30.0, minimise=level, below=10)
    search.wait()
    assert search.solution is None
    assert search.infeasible
    assert search.optimal


def test_the_core_based_search_hands_over_its_best_solution_and_value_as_it_goes() -> None:
    builder = pigeons(5, 5)
    level = Level("cost", list(range(25)), [v % 5 for v in range(25)], maximize=False, offset=7)
    search = BackgroundSearch(builder, seconds=30.0, minimise=level)
    search.wait()
    assert search.latest is not None
    assert search.latest == search.solution
    assert search.latest_value == level.value(search.latest) == 17


def test_a_search_without_an_objective_hands_over_nothing_as_it_goes() -> None:
    search = BackgroundSearch(pigeons(4, 4), seconds=30.0)
    search.wait()
    assert search.found
    assert search.latest is None
    assert search.latest_value is None
