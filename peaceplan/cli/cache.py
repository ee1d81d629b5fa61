"""``peaceplan cache``: where the disk cache is and what it holds, or empty it."""

from __future__ import annotations

import click

from ._common import examples, say

__all__ = ["cache"]

_EPILOG = examples("peaceplan cache info", "peaceplan cache clear", "peaceplan --no-cache blame 20-point") + (
    "\n\nThe cache keeps parsed version files and edge alignments, keyed by the sha256 of their\n"
    "content, the options and the peaceplan code, so an entry is never stale; a damaged or\n"
    "foreign entry is ignored and rebuilt. The folder is $PEACEPLAN_CACHE_DIR, else\n"
    "$XDG_CACHE_HOME/peaceplan, else the platform's user cache folder; PEACEPLAN_NO_CACHE=1\n"
    "or --no-cache turns it off."
)


@click.group(epilog=_EPILOG)
def cache() -> None:
    """Where the disk cache is and what it holds (info), or empty it (clear)."""


@cache.command(epilog=examples("peaceplan cache info"))
def info() -> None:
    """Print the cache folder, its entries of each kind and their size."""
    from .. import cache as disk

    say(str(disk.info()))


@cache.command(epilog=examples("peaceplan cache clear"))
def clear() -> None:
    """Remove every entry of the cache (it is rebuilt as commands run)."""
    from .. import cache as disk

    removed = disk.clear()
    say(f"removed {removed} entr{'y' if removed == 1 else 'ies'} from {disk.cache_dir()}")
