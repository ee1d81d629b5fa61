"""A disk cache for what is slow to recompute and quick to reread.

Two kinds of entry are kept: a version file as read (its plain data and line
map, so the YAML need not be parsed again) and an edge alignment (which
provision became which between two versions). Each entry is keyed by the sha256
of what it was computed from (the file's bytes; the two versions' canonical
JSON), the options used, and a stamp of the peaceplan code (its version and its
modules' sizes and modification times), so an entry can never belong to other
content or to other code.

An entry is plain JSON, never pickle, and never trusted: it names its kind, its
key, the stamp and a sha256 of its value, and anything that does not match
(a truncated file, another version's entry, a file someone edited, a foreign
file) is ignored and recomputed. Cached data then goes through the same checks
as freshly read data. Entries are written to a temporary file and renamed into
place, so a reader never sees half an entry; a folder that cannot be written
only means no caching.

The folder is ``$PEACEPLAN_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/peaceplan``,
else the platform's user cache folder (``~/.cache/peaceplan``,
``~/Library/Caches/peaceplan``, ``%LOCALAPPDATA%\\peaceplan\\Cache``).
``PEACEPLAN_NO_CACHE=1`` (or ``peaceplan --no-cache``) turns it off.

>>> store("example", {"input": "abc"}, [1, 2, 3])
>>> fetch("example", {"input": "abc"})
[1, 2, 3]
>>> fetch("example", {"input": "abd"}) is None
True
>>> info().entries["example"]
1
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import sys
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ._version import __version__

__all__ = [
    "CacheInfo",
    "cache_dir",
    "clear",
    "content_of",
    "enabled",
    "fetch",
    "info",
    "remember_content",
    "set_enabled",
    "stamp",
    "store",
    "stored",
]

ENV_DIR = "PEACEPLAN_CACHE_DIR"
ENV_OFF = "PEACEPLAN_NO_CACHE"
FORMAT = 2
"""The layout of an entry; raised when it changes, so older entries are ignored."""

_switch: list[bool] = []  # set_enabled's choice, which outranks the environment
_stamp: list[str] = []  # the stamp, then its JSON text
_made: set[str] = set()  # the entry folders this process made or found
_contents: dict[int, str] = {}  # id of a live object -> what identifies its content


def remember_content(obj: object, key: str) -> None:
    """Record what identifies the content of the immutable ``obj`` (the loader: the sha256 of its file).

    Kept while ``obj`` lives; keys of entries computed from it (an alignment) then cost no hashing.
    """
    if id(obj) not in _contents:
        _contents[id(obj)] = key
        weakref.finalize(obj, _contents.pop, id(obj), None)


def content_of(obj: object) -> str | None:
    """The content key :func:`remember_content` recorded for ``obj``, if any."""
    return _contents.get(id(obj))


def cache_dir() -> Path:
    """The folder the cache lives in (it need not exist yet)."""
    chosen = os.environ.get(ENV_DIR)
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "peaceplan"
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "peaceplan"
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else home / "AppData" / "Local") / "peaceplan" / "Cache"
    return home / ".cache" / "peaceplan"


def enabled() -> bool:
    """Whether entries are read and written: :func:`set_enabled`'s choice, else not ``PEACEPLAN_NO_CACHE``."""
    if _switch:
        return _switch[-1]
    return os.environ.get(ENV_OFF, "").strip().lower() in ("", "0", "false", "no")


def set_enabled(flag: bool | None) -> None:
    """Turn the cache on or off for this process (``None``: follow ``PEACEPLAN_NO_CACHE`` again)."""
    _switch.clear()
    if flag is not None:
        _switch.append(flag)


def stamp() -> str:
    """The peaceplan code this process runs: its version and each module's size and modification time.

    Editing any module changes the stamp, so no entry computed by other code is ever read.
    """
    if not _stamp:
        h = hashlib.sha256(__version__.encode())
        package = Path(__file__).parent
        for folder in (package, *sorted(p.parent for p in package.glob("*/__init__.py"))):
            try:
                found = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:  # pragma: no cover - a zip import: the version alone
                continue
            for entry in found:
                if entry.name.endswith(".py"):
                    st = entry.stat()
                    h.update(f"{folder.name}/{entry.name}:{st.st_size}:{st.st_mtime_ns};".encode())
        _stamp.append(f"{__version__}+{h.hexdigest()[:16]}")
    return _stamp[0]


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


_orjson: Any
try:  # a compiled JSON writer and reader, several times faster on the large entries (alignments, details)
    import orjson as _orjson
except ImportError:  # pragma: no cover - a platform without its wheels: the standard library alone
    _orjson = None

# A subclass of plain data (an IntEnum, a str Enum), a dataclass or a date goes to orjson's ``default``,
# which there is none of: it is refused and left to the standard library, which refuses what it refuses.
# orjson writes a plain Enum by its value and a UUID as its text, which the standard library would refuse
# and which read back as that value or text: store is given plain data only (its callers build it).
_STRICT = (
    0
    if _orjson is None
    else _orjson.OPT_SORT_KEYS
    | _orjson.OPT_PASSTHROUGH_DATETIME
    | _orjson.OPT_PASSTHROUGH_DATACLASS
    | _orjson.OPT_PASSTHROUGH_SUBCLASS
)


def _encoded(value: Any) -> bytes:
    """The text of an entry's value in UTF-8: JSON with sorted keys, as :func:`_canonical` writes it.

    Through orjson where it takes the value and writes no ``null`` (it writes NaN and
    infinities as ``null``, which would read back as another value); anything else (a
    ``None``, a NaN, a key that is not text, an integer past 64 bits) through the standard
    library, whose refusals (ValueError, TypeError) are the caller's to handle. Either text
    reads back as the value (with ``json.loads``); the entry's digest is of the text as written.
    """
    if _orjson is not None:
        try:
            fast: bytes = _orjson.dumps(value, option=_STRICT)
        except TypeError:
            pass
        else:
            if b"null" not in fast:
                return fast
    return _canonical(value).encode("utf-8")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _entry_path(kind: str, key: Mapping[str, Any]) -> tuple[str, str]:
    """Where the entry of ``kind`` and ``key`` lives, and its canonical key.

    The key is ``_canonical({"kind": kind, "key": key, "stamp": stamp(), "format": FORMAT})``,
    put together from its parts (the keys in sorted order) with only ``key`` written
    out each time; the path is joined as text (a ``Path`` costs more than the rest).
    """
    canonical_key = f'{{"format":{FORMAT},"key":{_canonical(key)},"kind":{_canonical(kind)},"stamp":{_stamp_text()}}}'
    return os.path.join(_folder(), kind, _digest(canonical_key) + ".json"), canonical_key


def _stamp_text() -> str:
    if len(_stamp) < 2:
        _stamp.append(_canonical(stamp()))
    return _stamp[1]


def _folder() -> str:
    """:func:`cache_dir` as text, read from ``$PEACEPLAN_CACHE_DIR`` directly when it is set (the common case)."""
    return os.environ.get(ENV_DIR) or os.fspath(cache_dir())


def _head(canonical_key: str) -> str:
    """What an entry's text starts with: its key, then the digest of its value (see :func:`store`)."""
    return '{"key":' + json.dumps(canonical_key, ensure_ascii=False) + ',"sha256":"'


_VALUE = '","value":'


def fetch(kind: str, key: Mapping[str, Any]) -> Any | None:
    """The value stored under ``kind`` and ``key``, or ``None`` (absent, off, or an entry not to be trusted)."""
    if not enabled():
        return None
    path, canonical_key = _entry_path(kind, key)
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, ValueError):
        return None
    head = _head(canonical_key)
    start = len(head) + 64 + len(_VALUE)
    if not (text.startswith(head) and text.startswith(_VALUE, start - len(_VALUE)) and text.endswith("}")):
        return None  # another entry's key, a foreign or truncated file
    value_text = text[start:-1]
    if _digest(value_text) != text[len(head) : len(head) + 64]:
        return None  # the value was changed after it was written
    try:
        return json.loads(value_text)  # not orjson's: it reads an integer past 64 bits as a float
    except (ValueError, RecursionError):  # pragma: no cover - a value whose digest matches was written by store
        return None


def stored(kind: str, key: Mapping[str, Any]) -> bool:
    """Whether an entry is kept under ``kind`` and ``key`` (not read: :func:`fetch` may still find it unsound).

    False when the cache is off, or when its folder cannot be looked into (as :func:`fetch` finds nothing there).
    """
    if not enabled():
        return False
    return os.path.isfile(_entry_path(kind, key)[0])  # (False, too, in a folder that may not be searched)


def store(kind: str, key: Mapping[str, Any], value: Any) -> None:
    """Keep ``value`` (plain JSON data) under ``kind`` and ``key``; a folder that cannot be written is skipped.

    The entry is one JSON object, ``{"key": ..., "sha256": ..., "value": ...}``, written
    in that order with the value's canonical text last, so :func:`fetch` checks the
    digest on the text as read, without writing the value out again.
    """
    if not enabled():
        return
    path, canonical_key = _entry_path(kind, key)
    try:
        text = _encoded(value)
        head = (_head(canonical_key) + hashlib.sha256(text).hexdigest() + _VALUE).encode("utf-8")
        folder, name = os.path.split(path)
        if folder not in _made:
            if not os.path.isdir(folder):
                os.makedirs(folder, exist_ok=True)
                _tag(Path(folder).parent)
            _made.add(folder)
        temporary = os.path.join(folder, f".{name}.{secrets.token_hex(6)}.tmp")
        try:
            try:
                _write_new(temporary, head, text)
            except FileNotFoundError:  # the folder was removed since (a cache clear): made again
                os.makedirs(folder, exist_ok=True)
                _tag(Path(folder).parent)
                _write_new(temporary, head, text)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):  # never there, or already gone
                os.unlink(temporary)
            raise
    except (OSError, ValueError, TypeError, RecursionError):
        return


def _write_new(temporary: str, head: bytes, text: bytes) -> None:
    """Write an entry's text to the new file ``temporary`` (refused if it exists)."""
    with open(temporary, "xb") as handle:
        handle.write(head)
        handle.write(text)
        handle.write(b"}")


@attrs.frozen(kw_only=True)
class CacheInfo:
    """What the cache holds: its folder, the entries of each kind, their total size in bytes."""

    folder: str
    enabled: bool
    entries: dict[str, int]
    size: int

    def __str__(self) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.entries.items())) or "no entries"
        state = "" if self.enabled else " (turned off by PEACEPLAN_NO_CACHE or --no-cache)"
        return f"{self.folder}: {kinds}, {self.size:,} bytes{state}"


_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# peaceplan's cache (https://bford.info/cachedir/)\n"
_ENTRY = re.compile(r"[0-9a-f]{64}\.json|\.[0-9a-f]{64}\.json\.[0-9a-f]{12}\.tmp")


def _tag(folder: Path) -> None:
    """Mark ``folder`` as a cache directory (backup tools skip it; :func:`clear` only empties a tagged one)."""
    tag = folder / "CACHEDIR.TAG"
    if not tag.exists():
        with contextlib.suppress(OSError):
            tag.write_text(_TAG, encoding="utf-8")


def _entries() -> list[Path]:
    """The entry files (and left-over temporary files) of the cache: only names this module writes.

    A ``PEACEPLAN_CACHE_DIR`` pointed at a folder of other files by mistake loses none of them.
    """
    folder = cache_dir()
    if not (folder / "CACHEDIR.TAG").is_file():
        return []
    return [
        f for sub in folder.iterdir() if sub.is_dir() for f in sub.iterdir() if _ENTRY.fullmatch(f.name) and f.is_file()
    ]


def info() -> CacheInfo:
    """The cache's folder, entries per kind and size."""
    entries: dict[str, int] = {}
    size = 0
    for f in _entries():
        if f.suffix == ".json":
            entries[f.parent.name] = entries.get(f.parent.name, 0) + 1
        with contextlib.suppress(OSError):  # removed meanwhile
            size += f.stat().st_size
    return CacheInfo(folder=str(cache_dir()), enabled=enabled(), entries=entries, size=size)


def clear() -> int:
    """Remove every entry (and any left-over temporary file); the number of entries removed."""
    removed = 0
    for f in _entries():
        try:
            f.unlink()
        except OSError:  # pragma: no cover - removed meanwhile, or not ours to remove
            continue
        removed += f.suffix == ".json"
    if (cache_dir() / "CACHEDIR.TAG").is_file():
        for sub in cache_dir().iterdir():
            if sub.is_dir():
                with contextlib.suppress(OSError):  # only empty folders go
                    sub.rmdir()
    return removed
