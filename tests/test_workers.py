"""The page's analyses in worker processes: the result of a plain analysis, and a message, never a
stuck server, when one goes over its budget or its reader leaves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import routes
from routes.errors import BudgetError, RoutesError
from routes.workers import AnalysisPool

TEXT = "Trains carried the coal from Kemerovo to Nakhodka, where it was loaded onto a ship bound for Busan."


@pytest.fixture(scope="module")
def pool() -> Iterator[AnalysisPool]:
    p = AnalysisPool(workers=1)
    yield p
    p.close()


def test_a_worker_gives_what_the_package_gives(pool: AnalysisPool) -> None:
    here = routes.analyze(TEXT)
    there = pool.analyze(TEXT)
    assert [(leg.plan.mode, leg.plan.origin.name, leg.plan.destination.name) for leg in there.legs] == \
           [(leg.plan.mode, leg.plan.origin.name, leg.plan.destination.name) for leg in here.legs]
    assert len(there.legs) == 2


def test_the_package_s_own_errors_come_back_as_they_are(pool: AnalysisPool) -> None:
    with pytest.raises(RoutesError, match="No place names"):
        pool.analyze("Nothing happened here at all, and nobody went anywhere.")


def test_a_reader_who_leaves_stops_the_analysis(pool: AnalysisPool) -> None:
    with pytest.raises(BudgetError, match="stopped"):
        pool.analyze(TEXT * 200, cancelled=lambda: True)
    assert len(pool.analyze(TEXT).legs) == 2  # a fresh worker took the stopped one's place


def test_over_the_time_budget_is_a_message() -> None:
    """A budget of one second: a new worker loads spaCy, the gazetteer and the networks in more."""
    pool = AnalysisPool(workers=1, seconds=1)
    try:
        with pytest.raises(BudgetError, match="budget of 1 s"):
            pool.analyze(TEXT)
    finally:
        pool.close()


def test_over_the_memory_budget_is_a_message() -> None:
    """400 MB of address space: loading the language model alone maps more."""
    pool = AnalysisPool(workers=1, megabytes=400)
    try:
        with pytest.raises(BudgetError, match="memory budget of 400 MB"):
            pool.analyze(TEXT)
    finally:
        pool.close()
