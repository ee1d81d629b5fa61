"""Pause the cyclic garbage collector around work that allocates many small acyclic objects.

A diff of a long text builds tens of thousands of nodes, matches, segments and
change records in one burst. Each burst would trigger collection passes that
walk those live objects and free nothing; pausing the collector for the
duration saves that time (about 4% of a 5,000-point diff). Reference counting
still frees almost everything at once; the few cycles (the alignment's working
tree links each node to its parent) are collected on the next pass after the
collector is re-enabled.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector inside the block; restore its previous state after, even on error.

    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
