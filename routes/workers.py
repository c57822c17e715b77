"""Analyses in worker processes, each within a time and memory budget.

The page hands every analysis to an :class:`AnalysisPool`: one process per core keeps spaCy,
the gazetteer and the networks loaded, so that an analysis costs what it costs warm; and one
article that is long, hostile or unlucky holds one worker for at most its budget, never the
server. A worker over its time budget is killed and replaced (:mod:`pebble` does this); its
address space is capped (``RLIMIT_AS``), so an analysis that would take more memory fails with
a message instead of taking the machine's. An analysis whose reader has gone (the page's
session ended, or it asked for another article) is cancelled.

Examples
--------
>>> pool = AnalysisPool(workers=1)                              # doctest: +SKIP
>>> pool.analyze(b"Trains took the coal from Kemerovo to Nakhodka.")  # doctest: +SKIP
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import resource
import time
from collections.abc import Callable
from typing import Any

from pebble import ProcessExpired, ProcessPool

from routes import settings
from routes.errors import BudgetError
from routes.model import Analysis


class AnalysisPool:
    """Worker processes that run :func:`routes.analyze` within a budget.

    Parameters
    ----------
    workers
        How many analyses run at once (by default one per core).
    seconds
        Wall-clock budget of one analysis.
    megabytes
        Address-space budget of a worker process.
    """

    def __init__(self, workers: int | None = None, *, seconds: float | None = None,
                 megabytes: int | None = None) -> None:
        self.seconds = settings.analysis_seconds if seconds is None else seconds
        self.megabytes = settings.analysis_megabytes if megabytes is None else megabytes
        # spawn: the page's server has threads, and a forked copy of a threaded process may hang
        self._pool = ProcessPool(max_workers=workers or settings.analysis_workers, initializer=_limit_memory,
                                 initargs=(self.megabytes,), context=multiprocessing.get_context("spawn"))

    def analyze(self, data: bytes | str, *, cancelled: Callable[[], bool] = lambda: False,
                **kwargs: Any) -> Analysis:
        """:func:`routes.analyze` in a worker: its result, or its own error, or :class:`BudgetError`.

        ``cancelled`` is asked four times a second while the analysis runs; when it says True the
        analysis is stopped and :class:`BudgetError` raised. Other keywords go to
        :func:`routes.analyze`.
        """
        started = time.monotonic()
        future = self._pool.schedule(_analyze, args=(data,), kwargs=kwargs, timeout=self.seconds)
        while True:
            try:
                return future.result(timeout=0.25)
            except concurrent.futures.TimeoutError:
                if not future.done():  # still running: only the wait timed out
                    if cancelled():
                        future.cancel()  # pebble stops the worker running it
                        raise BudgetError("The analysis was stopped: its page was closed or moved on.") from None
                    continue
                raise BudgetError(f"The analysis took more than its budget of {self.seconds:.0f} s and was "
                                  "stopped; try a shorter article, or the command line, which has no "
                                  "budget.") from None
            except (MemoryError, ProcessExpired) as err:
                spent = time.monotonic() - started
                raise BudgetError(f"The analysis needed more than its memory budget of {self.megabytes:,} MB "
                                  f"and was stopped after {spent:.0f} s ({type(err).__name__}); try a shorter "
                                  "article, or the command line, which has no budget.") from None

    def close(self) -> None:
        """Stop the workers (running analyses are cancelled)."""
        self._pool.stop()
        self._pool.join()


def _limit_memory(megabytes: int) -> None:
    """In the worker, before any analysis: cap its address space."""
    limit = megabytes * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _analyze(data: bytes | str, **kwargs: Any) -> Analysis:
    from routes.analysis import analyze

    return analyze(data, **kwargs)
