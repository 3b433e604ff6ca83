"""Worker processes that speak to the user as this process does.

A spawned worker starts a fresh interpreter: it has none of this process's logging handlers (only
netwerk's ``NullHandler``) and none of its language. Without help, a warning logged in a worker
(a PageRank that did not converge in a stability replicate, a screening task that skipped rows)
is lost in silence, and an error raised there is worded in Dutch whatever ``--lang`` said.
:func:`process_pool` gives every worker the caller's language and log level, and sends every log
record a worker makes back through a queue to this process, where it is handled by the same
loggers and handlers as a record made here: the command line shows it with its ``waarschuwing:``
prefix on its masked error stream, a notebook shows it the way the user configured logging.

Principle served: *nothing is lost in silence* (issue 9) and *room for the good conversation*
(what a run warned about is seen by the analyst who reads the result).

Source: the standard library's logging cookbook, "Logging to a single file from multiple
processes" (``logging.handlers.QueueHandler`` in the workers, ``QueueListener`` here).
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

__all__ = ["process_pool"]


class _Dispatch(logging.Handler):
    """Hand a record that came from a worker to this process's logger of the same name."""

    def emit(self, record: logging.LogRecord) -> None:
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)


def _start_worker(queue: Any, levels: dict[str, int], lang: str,
                  initializer: Callable[..., object] | None, initargs: Sequence[Any]) -> None:
    """Runs first in every worker: its records go to ``queue``, at the caller's levels and in the
    caller's language; then the caller's own initializer."""
    from .i18n import set_language

    set_language(lang)
    root = logging.getLogger()
    for h in list(root.handlers):  # a forked worker inherits the caller's handlers: not used
        root.removeHandler(h)
    root.addHandler(logging.handlers.QueueHandler(queue))
    for name, level in levels.items():
        logging.getLogger(name or None).setLevel(level)
    own = logging.getLogger("netwerk")
    for h in list(own.handlers):
        if not isinstance(h, logging.NullHandler):
            own.removeHandler(h)
    own.propagate = True
    if initializer is not None:
        initializer(*initargs)


@contextlib.contextmanager
def process_pool(max_workers: int, *, start_method: str = "spawn",
                 initializer: Callable[..., object] | None = None,
                 initargs: Sequence[Any] = ()) -> Iterator[ProcessPoolExecutor]:
    """A :class:`~concurrent.futures.ProcessPoolExecutor` whose workers log through this process
    and speak its language.

    Parameters
    ----------
    max_workers : int
        Worker processes, at least 1.
    start_method : str
        ``"spawn"`` (default: no fork of a process that runs threads, such as DuckDB's or
        Jupyter's), ``"forkserver"`` or ``"fork"``.
    initializer, initargs
        Run in every worker after its logging and language are set, as for the executor.

    Yields
    ------
    concurrent.futures.ProcessPoolExecutor
        Shut down (waiting for its work) when the block ends; every record the workers logged has
        then been handled here, in the order each worker logged them.

    Raises
    ------
    ValueError
        ``max_workers`` below 1 or an unknown start method (from :mod:`multiprocessing`).

    Examples
    --------
    A record logged in a worker reaches this process's handlers, in this process's language:

    >>> import logging
    >>> from netwerk.i18n import gettext, using
    >>> seen = []
    >>> class Keep(logging.Handler):
    ...     def emit(self, record):
    ...         seen.append((record.name, record.levelname, record.getMessage()))
    >>> keep = Keep()
    >>> logging.getLogger("netwerk").addHandler(keep)
    >>> with using("en"), process_pool(1) as pool:
    ...     _ = pool.submit(logging.getLogger("netwerk.x").warning, "%s rows", 3).result()
    ...     pool.submit(gettext, "Actieplan").result()
    'Action plan'
    >>> logging.getLogger("netwerk").removeHandler(keep)
    >>> seen
    [('netwerk.x', 'WARNING', '3 rows')]
    """
    from .i18n import language

    ctx = multiprocessing.get_context(start_method)
    queue = ctx.Queue()
    levels = {"": logging.getLogger().getEffectiveLevel(),
              "netwerk": logging.getLogger("netwerk").getEffectiveLevel()}
    listener = logging.handlers.QueueListener(queue, _Dispatch())
    listener.start()
    try:
        with ProcessPoolExecutor(max_workers=max_workers, mp_context=ctx,
                                 initializer=_start_worker,
                                 initargs=(queue, levels, language(), initializer,
                                           tuple(initargs))) as pool:
            yield pool
    finally:
        listener.stop()  # handles what is still queued, then ends its thread
        queue.close()
        queue.join_thread()
