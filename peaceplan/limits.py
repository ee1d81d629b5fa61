"""How much peaceplan reads from one input before refusing it: sizes, depth, counts.

Every reader checks its input against the :class:`Limits` in force and refuses
what exceeds them with a :class:`~peaceplan.ValidationError` that names the
file, the limit and how to raise it, instead of hanging or exhausting memory
on a hostile or broken file. The defaults are far above any real draft (a
2,000-page plan is a few megabytes; points nest a few levels deep).

Change them for a process (the CLI included) with the environment variable
``PEACEPLAN_LIMITS`` (``max_depth=150,max_file_bytes=200000000``), or for a
block of code with :func:`using_limits` (per thread and per asyncio task)::

    >>> import peaceplan
    >>> with peaceplan.using_limits(peaceplan.Limits(max_depth=3)):
    ...     try:
    ...         peaceplan.read_text("1. a\\n  (a) b\\n    (i) c\\n      (A) d", id="v")
    ...     except peaceplan.ValidationError as exc:
    ...         print(exc.problems[0].message[:62])
    read_text(): point 1.a.i.A nests 4 levels deep; the limit is 3
    >>> peaceplan.current_limits().max_depth
    128

Reading a file from a path also checks that it is a regular file (not a FIFO,
a device or a folder) before opening it, so ``/dev/zero`` or a named pipe is
refused at once: see :func:`read_file_bytes`.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import attrs

from .errors import Problem, ValidationError

__all__ = ["ENVIRONMENT", "Limits", "current_limits", "read_file_bytes", "using_limits"]

_MIB = 1024 * 1024


def _positive(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValidationError(f"Limits.{attribute.name}: expected a positive whole number, got {value!r}")


@attrs.frozen(kw_only=True)
class Limits:
    """The most peaceplan reads from one input; every field a positive whole number.

    * ``max_file_bytes`` (64 MiB): the size of a file read from a path (a
      version file, a text, Markdown, Word or PDF file).
    * ``max_part_bytes`` (32 MiB): the uncompressed size of one part inside a
      Word file (a Word file is a zip archive; its directory is checked before
      anything is unpacked, so a small file that unzips to gigabytes is refused).
    * ``max_unzipped_bytes`` (128 MiB): the uncompressed size of all the parts
      of a Word file together.
    * ``max_depth`` (128): how deep points nest in a version, imported,
      loaded or built (a real draft nests 2 to 5 levels). Deeper than about
      150 levels, writing and rendering a version run out of Python's
      recursion limit, so raise it with care.
    * ``max_provisions`` (1,000,000): the number of points in an imported text.
    * ``max_line_chars`` (1,000,000): the length of one line of an imported
      text, in characters (a whole plan pasted as one paragraph is about 20,000).
    * ``max_pages`` (10,000): the number of pages read from a PDF.

    >>> Limits().max_file_bytes == 64 * 1024 * 1024
    True
    >>> Limits(max_depth=0)
    Traceback (most recent call last):
    ...
    peaceplan.errors.ValidationError: Limits.max_depth: expected a positive whole number, got 0
    """

    max_file_bytes: int = attrs.field(default=64 * _MIB, validator=_positive)
    max_part_bytes: int = attrs.field(default=32 * _MIB, validator=_positive)
    max_unzipped_bytes: int = attrs.field(default=128 * _MIB, validator=_positive)
    max_depth: int = attrs.field(default=128, validator=_positive)
    max_provisions: int = attrs.field(default=1_000_000, validator=_positive)
    max_line_chars: int = attrs.field(default=1_000_000, validator=_positive)
    max_pages: int = attrs.field(default=10_000, validator=_positive)


_CURRENT: contextvars.ContextVar[Limits | None] = contextvars.ContextVar("peaceplan_limits", default=None)
ENVIRONMENT = "PEACEPLAN_LIMITS"


def current_limits() -> Limits:
    """The :class:`Limits` in force here: those of :func:`using_limits`, else the environment's, else the defaults.

    The environment variable ``PEACEPLAN_LIMITS`` sets limits for a whole
    process, the CLI included, as comma-separated ``field=value`` pairs:
    ``PEACEPLAN_LIMITS="max_file_bytes=200000000,max_depth=150"``.
    """
    chosen = _CURRENT.get()
    return chosen if chosen is not None else _from_environment(os.environ.get(ENVIRONMENT, ""))


@functools.lru_cache(maxsize=4)
def _from_environment(text: str) -> Limits:
    """The limits ``PEACEPLAN_LIMITS`` sets (the defaults when it is empty or unset).

    >>> _from_environment("max_depth=20, max_pages=5").max_depth
    20
    >>> try:
    ...     _from_environment("max_dept=20")
    ... except ValidationError as exc:
    ...     print(str(exc)[:75])
    PEACEPLAN_LIMITS: unknown limit 'max_dept'; expected field=value pairs of m
    """
    known = sorted(attrs.fields_dict(Limits))
    values: dict[str, int] = {}
    for pair in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or key not in known:
            raise ValidationError(
                f"{ENVIRONMENT}: unknown limit {key!r}; expected field=value pairs of {', '.join(known)}"
            )
        try:
            values[key] = int(value.strip().replace("_", ""))
        except ValueError:
            raise ValidationError(f"{ENVIRONMENT}: {key}={value.strip()!r} is not a whole number") from None
    return Limits(**values)


@contextlib.contextmanager
def using_limits(limits: Limits) -> Iterator[Limits]:
    """Read with ``limits`` inside the ``with`` block; the previous limits come back after it.

    >>> with using_limits(Limits(max_file_bytes=1024)) as limits:
    ...     current_limits().max_file_bytes
    1024
    >>> current_limits().max_file_bytes
    67108864
    """
    if not isinstance(limits, Limits):
        raise ValidationError(f"using_limits(): expected a peaceplan.Limits, got {limits!r}")
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


def _size(n: int) -> str:
    return f"{n / _MIB:.1f} MiB" if n >= _MIB else f"{n:,} bytes"


def read_file_bytes(path: str | os.PathLike[str], *, file: str | None = None) -> bytes:
    """The bytes of a regular file no larger than ``max_file_bytes``, else a clear error.

    The file is checked before it is opened: a folder, a FIFO (which would
    block), a device such as ``/dev/zero`` (which never ends) or a missing
    file raises :class:`~peaceplan.ValidationError` naming ``file`` (the path
    as given, by default). A file that grows past the limit while being read
    is refused too.

    >>> try:
    ...     read_file_bytes("/dev/null")
    ... except ValidationError as exc:
    ...     print(exc)
    /dev/null: not a regular file (a character device); expected a file of text or data
    """
    display = os.fspath(path) if file is None else file
    target = Path(path)

    def refuse(message: str) -> ValidationError:
        return ValidationError([Problem(message=message, file=display)])

    try:
        info = target.stat()
    except FileNotFoundError:
        raise refuse("no such file; check the path") from None
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise refuse(f"not a regular file ({_kind(info.st_mode)}); expected a file of text or data")
    limit = current_limits().max_file_bytes
    if info.st_size > limit:
        raise refuse(_too_large(info.st_size, limit))
    try:
        with open(target, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise refuse(_too_large(len(data), limit))
    return data


def _too_large(size: int, limit: int) -> str:
    return (
        f"the file is too large ({_size(size)}); the limit is {_size(limit)} "
        "(Limits.max_file_bytes, set with peaceplan.using_limits or PEACEPLAN_LIMITS)"
    )


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"
