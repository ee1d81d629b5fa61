"""Plugins: corpora, topics and document kinds that other installed packages provide.

A package shares a corpus (another peace process, a treaty's negotiating
history) by declaring an entry point; once it is installed,
``peaceplan.load_corpus("its-name")`` and ``peaceplan list --corpora`` find it.
Discovery goes through :mod:`importlib.metadata`, so nothing is imported until
asked for, and a broken plugin raises a :class:`PluginError` naming its
distribution and entry point instead of a bare traceback.

Three entry-point groups, each entry point loading to an object (or to a
function of no arguments returning one):

``peaceplan.corpora``
    The entry point's *name* is the corpus name. The object is the corpus
    folder (a :class:`pathlib.Path`, a path string, or an
    :mod:`importlib.resources` ``Traversable`` such as
    ``files("my_pkg") / "corpus"``), or a package whose own folder holds
    ``corpus.yaml``. The folder has the layout of ``docs/file-format.md``.
``peaceplan.topics``
    A :class:`~peaceplan.model.topics.Topic`, a list of them, or a mapping slug → Topic,
    extending the topic vocabulary.
``peaceplan.kinds``
    A mapping of document-kind slug → one-line description.

In ``pyproject.toml``::

    [project.entry-points."peaceplan.corpora"]
    river-treaty = "river_treaty:corpus_folder"

>>> "ukraine-2025" in available_corpora()
True
>>> document_kinds()["peace-plan"]
'A plan to end a war: ceasefire, territory, guarantees and the rest.'
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterable, Mapping
from importlib.resources import files as _package_files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PeaceplanError, UnknownCorpusError, docs_url
from ..model.fields import TOPIC_PATTERN
from ..model.topics import TOPICS, Topic

if TYPE_CHECKING:
    from importlib import metadata

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover
    from importlib.abc import Traversable

__all__ = [
    "BUILTIN_KINDS",
    "CORPORA_GROUP",
    "KINDS_GROUP",
    "TOPICS_GROUP",
    "PluginError",
    "available_corpora",
    "corpus_location",
    "document_kinds",
    "extra_topics",
    "plugin_corpora",
]

CORPORA_GROUP = "peaceplan.corpora"
TOPICS_GROUP = "peaceplan.topics"
KINDS_GROUP = "peaceplan.kinds"

BUILTIN_KINDS: Mapping[str, str] = types.MappingProxyType(
    {
        "peace-plan": "A plan to end a war: ceasefire, territory, guarantees and the rest.",
        "security-guarantee": "Commitments by other states to defend or support a party after a deal.",
        "force-deployment": "Terms for stationing foreign forces on a party's territory.",
        "prosperity-plan": "A reconstruction, investment or economic package tied to a deal.",
        "declaration": "A joint statement of leaders or states, not itself an agreement.",
        "treaty": "A binding agreement between states, or the negotiating text of one.",
    }
)
"""The document kinds peaceplan knows without plugins (``Document.kind`` accepts any slug)."""

_FOLDER_HINT = f"a folder holding corpus.yaml, actors.yaml and versions/ (see {docs_url('file-format.md')})"


class PluginError(PeaceplanError):
    """An installed plugin is broken: its entry point fails to load or gives the wrong kind of object.

    ``distribution`` and ``entry_point`` name the culprit, ``group`` the entry-point group.
    """

    def __init__(self, message: str, *, distribution: str, entry_point: str, group: str) -> None:
        self.distribution = distribution
        self.entry_point = entry_point
        self.group = group
        super().__init__(message)


# --- entry points -----------------------------------------------------------------


def _entry_points(group: str) -> list[metadata.EntryPoint]:
    # Imported here: importlib.metadata (and the email package it loads) is needed only
    # when a plugin is looked for, which loading the built-in corpus never does.
    from importlib import metadata

    return sorted(metadata.entry_points(group=group), key=lambda ep: (ep.name, _dist_name(ep)))


def _dist_name(ep: metadata.EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return str(dist.metadata["Name"]) if dist is not None else "an unknown distribution"


def _dist(ep: metadata.EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return f"{dist.metadata['Name']} {dist.version}" if dist is not None else "an unknown distribution"


def _where(ep: metadata.EntryPoint) -> str:
    return f"entry point '{ep.name} = {ep.value}' (group {ep.group}) of the package {_dist(ep)}"


def _fail(ep: metadata.EntryPoint, message: str) -> PluginError:
    return PluginError(
        f"{_where(ep)}: {message}. Fix the plugin, or uninstall it (pip uninstall {_dist_name(ep)})",
        distribution=_dist_name(ep),
        entry_point=f"{ep.name} = {ep.value}",
        group=ep.group,
    )


def _resolve(ep: metadata.EntryPoint) -> Any:
    """Load an entry point and, if it is a function, call it; any failure becomes a PluginError."""
    try:
        value = ep.load()
    except Exception as exc:
        raise _fail(ep, f"cannot be imported ({type(exc).__name__}: {exc})") from exc
    if callable(value) and not isinstance(value, (type, types.ModuleType)):
        try:
            value = value()
        except Exception as exc:
            raise _fail(ep, f"raised {type(exc).__name__}: {exc}") from exc
    return value


# --- corpora ----------------------------------------------------------------------


def _manifest(folder: Traversable) -> Traversable | None:
    """The folder's ``corpus.yaml`` (or ``.yml``, ``.json``), None without one."""
    for suffix in (".yaml", ".yml", ".json"):
        manifest = folder / f"corpus{suffix}"
        if manifest.is_file():
            return manifest
    return None


def _builtin_corpora() -> dict[str, Traversable]:
    data = _package_files("peaceplan") / "data"
    if not data.is_dir():  # pragma: no cover - a broken install
        return {}
    return {d.name: d for d in sorted(data.iterdir(), key=lambda d: d.name) if d.is_dir() and _manifest(d) is not None}


def _folder(ep: metadata.EntryPoint) -> Traversable:
    value = _resolve(ep)
    folder: Traversable
    if isinstance(value, types.ModuleType):
        folder = _package_files(value)
    elif isinstance(value, (str, os.PathLike)):
        folder = Path(value)
    elif all(hasattr(value, a) for a in ("is_dir", "is_file", "iterdir", "joinpath", "read_text")):
        folder = value
    else:
        raise _fail(ep, f"gave {value!r}; expected {_FOLDER_HINT}, as a path, a Traversable or a package")
    if not folder.is_dir() or _manifest(folder) is None:
        raise _fail(ep, f"gave {folder}, which is not a corpus folder; expected {_FOLDER_HINT}")
    return folder


def _corpus_entry_points() -> dict[str, list[metadata.EntryPoint]]:
    found: dict[str, list[metadata.EntryPoint]] = {}
    for ep in _entry_points(CORPORA_GROUP):
        found.setdefault(ep.name, []).append(ep)
    return found


def _unique(name: str, eps: list[metadata.EntryPoint], builtin: Iterable[str]) -> metadata.EntryPoint:
    if name in builtin:
        raise _fail(eps[0], f"registers the corpus name {name!r}, which is a built-in corpus; choose another name")
    if len(eps) > 1:
        others = ", ".join(_dist(ep) for ep in eps[1:])
        raise _fail(eps[0], f"registers the corpus name {name!r}, which {others} registers too; rename one of them")
    return eps[0]


def plugin_corpora() -> dict[str, Traversable]:
    """Every plugin corpus folder by name (each plugin loaded and checked; a broken one raises).

    >>> plugin_corpora() == {n: corpus_location(n) for n in available_corpora() if n != "ukraine-2025"}
    True
    """
    builtin = _builtin_corpora()
    return {name: _folder(_unique(name, eps, builtin)) for name, eps in _corpus_entry_points().items()}


def corpus_location(name: str) -> Traversable:
    """The folder of the built-in or plugin corpus called ``name``.

    Only the plugin that registers ``name`` is loaded, so one broken plugin
    does not stop the others from loading; a built-in name always means the
    built-in corpus.

    >>> corpus_location("ukraine-2025").name
    'ukraine-2025'
    >>> corpus_location("atlantis")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    peaceplan.errors.UnknownCorpusError: no corpus named 'atlantis'; known corpora: ...ukraine-2025...
    """
    builtin = _builtin_corpora()
    if name in builtin:
        return builtin[name]
    eps = _corpus_entry_points()
    if name not in eps:
        names = ", ".join(sorted({*builtin, *eps})) or "none"
        raise UnknownCorpusError(
            f"no corpus named {name!r}; known corpora: {names}. To load a corpus folder, pass its path (./{name}); "
            f"to add a named corpus, install a package that provides it (see {docs_url('how-to/plugins.md')})"
        )
    return _folder(_unique(name, eps[name], builtin))


def _title(folder: Traversable) -> str | None:
    manifest = _manifest(folder)
    if manifest is None:
        return None
    import yaml  # here: loading a corpus from the cache never needs a YAML parser

    try:
        data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return None
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) else None


def available_corpora() -> dict[str, str]:
    """Every corpus loadable by name → a line saying what it is and where it comes from.

    Built-in corpora come first, then plugins' in name order. A broken plugin
    raises :class:`PluginError` naming it.

    >>> available_corpora()["ukraine-2025"]
    'Russia–Ukraine peace process, 2025–26 (built in)'
    """
    out = {name: f"{_title(folder) or name} (built in)" for name, folder in _builtin_corpora().items()}
    builtin = set(out)
    for name, eps in _corpus_entry_points().items():
        ep = _unique(name, eps, builtin)
        out[name] = f"{_title(_folder(ep)) or name} (from {_dist(ep)})"
    return out


# --- topics and document kinds ------------------------------------------------------


def _topics_of(ep: metadata.EntryPoint) -> list[Topic]:
    value = _resolve(ep)
    items: Iterable[Any]
    if isinstance(value, Topic):
        items = [value]
    elif isinstance(value, Mapping):
        for slug, t in value.items():
            if not isinstance(t, Topic) or t.slug != slug:
                raise _fail(ep, f"maps {slug!r} to {t!r}; expected a Topic whose slug is {slug!r}")
        items = value.values()
    elif isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        items = list(value)
    else:
        raise _fail(ep, f"gave {value!r}; expected a Topic, a list of Topics, or a mapping slug → Topic")
    for t in items:
        if not isinstance(t, Topic):
            raise _fail(ep, f"gave {t!r} among its topics; expected peaceplan.model.topics.Topic objects")
    return list(items)


def extra_topics() -> dict[str, Topic]:
    """The topics plugins add to the vocabulary, by slug (the built-in ``TOPICS`` not included).

    A plugin may not redefine a built-in topic, and two plugins may not define
    one slug differently.

    >>> all(slug not in extra_topics() for slug in ("army-size", "sanctions"))
    True
    """
    out: dict[str, Topic] = {}
    source: dict[str, str] = {}
    for ep in _entry_points(TOPICS_GROUP):
        for t in _topics_of(ep):
            if t.slug in TOPICS:
                raise _fail(ep, f"redefines the built-in topic {t.slug!r}; give its topic another slug")
            if t.slug in out and out[t.slug] != t:
                raise _fail(ep, f"defines the topic {t.slug!r} differently from {source[t.slug]}; rename one")
            out.setdefault(t.slug, t)
            source.setdefault(t.slug, _dist(ep))
    return out


def _kinds_of(ep: metadata.EntryPoint) -> dict[str, str]:
    value = _resolve(ep)
    if not isinstance(value, Mapping):
        raise _fail(ep, f"gave {value!r}; expected a mapping of kind slug → one-line description")
    for slug, description in value.items():
        if not isinstance(slug, str) or not TOPIC_PATTERN.match(slug):
            raise _fail(ep, f"gave the kind {slug!r}; expected a lower-case slug such as 'peace-plan'")
        if not isinstance(description, str) or not description.strip():
            raise _fail(ep, f"gave {description!r} as the description of {slug!r}; expected a line of text")
    return dict(value)


def document_kinds() -> dict[str, str]:
    """Every known document kind → its description: the built-in ones, then those plugins add.

    >>> list(document_kinds())[:3]
    ['peace-plan', 'security-guarantee', 'force-deployment']
    """
    out = dict(BUILTIN_KINDS)
    for ep in _entry_points(KINDS_GROUP):
        for slug, description in _kinds_of(ep).items():
            if slug in out and out[slug] != description:
                raise _fail(ep, f"describes the kind {slug!r} differently from peaceplan or another plugin; rename it")
            out[slug] = description
    return out
