"""Hypothesis strategies for valid peaceplan objects, shared by every test module.

Each strategy builds objects the model accepts, and references stay inside
what they are given: a version's attributions cite only its own sources, a
corpus's versions name only its actors, documents and earlier versions. Pass
the ids to draw from to compose them (``provisions(actor_ids=["us"])``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from hypothesis import strategies as st

from peaceplan import (
    Actor,
    ActorKind,
    Alternative,
    Attribution,
    Confidence,
    Corpus,
    Document,
    Fidelity,
    FuzzyDate,
    Position,
    Provision,
    ProvisionRef,
    Reliability,
    Role,
    Source,
    Stance,
    Status,
    Version,
)
from peaceplan.model.records import Amendment, AmendmentStatus

__all__ = [
    "actors",
    "alternatives",
    "amendments",
    "attributions",
    "corpora",
    "fuzzy_dates",
    "identifiers",
    "labels",
    "positions",
    "provisions",
    "slugs",
    "sources",
    "texts",
    "versions",
]

_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
T = TypeVar("T")

identifiers = st.builds(str.__add__, st.sampled_from(_ALNUM), st.text(alphabet=_ALNUM + "._-", max_size=11))
"""Ids such as ``28-point``: letters, digits, '.', '_' or '-'."""

slugs = st.builds(
    str.__add__,
    st.sampled_from(_ALNUM[:26] + _ALNUM[52:]),
    st.text(alphabet=_ALNUM[:26] + _ALNUM[52:] + "-", max_size=11),
)
"""Topic and document-kind slugs such as ``army-size``."""

texts = st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != "")
"""Non-blank text from all of Unicode: YAML and JSON must carry any of it."""

labels = st.one_of(
    st.integers(1, 40).map(str),
    st.sampled_from("abcdefghijklmnopqrstuvwxyz"),
    st.text(min_size=1, max_size=8).filter(lambda s: s == s.strip() and "\n" not in s and s != ""),
)
"""Printed labels: "7", "b", or any one-line text without surrounding spaces."""


@st.composite
def fuzzy_dates(draw: st.DrawFn) -> FuzzyDate:
    """A day, a month or a year, sometimes qualified ("late 2025-10")."""
    year = draw(st.integers(1900, 2100))
    month = draw(st.none() | st.integers(1, 12))
    day = None if month is None else draw(st.none() | st.integers(1, 28))
    qualifier = draw(st.none() | st.sampled_from(["early", "mid", "late", "about"]))
    return FuzzyDate(year, month, day, qualifier)


def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def _pick(ids: Sequence[str], max_size: int = 2) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(ids), max_size=max_size, unique=True) if ids else st.just([])


def _actor_id(actor_ids: Sequence[str] | None) -> st.SearchStrategy[str]:
    return st.sampled_from(actor_ids) if actor_ids else identifiers


@st.composite
def actors(draw: st.DrawFn, *, actor_id: str | None = None, others: Sequence[str] = ()) -> Actor:
    """An actor; ``members`` and ``affiliation`` are drawn from ``others``."""
    kind = draw(st.sampled_from(ActorKind))
    return Actor(
        id=actor_id if actor_id is not None else draw(identifiers),
        name=draw(texts),
        kind=kind,
        members=draw(_pick(others, 3)) if kind is ActorKind.COALITION else (),
        affiliation=draw(st.none() | st.sampled_from(others)) if kind is ActorKind.PERSON and others else None,
        description=draw(_optional(texts)),
    )


@st.composite
def sources(draw: st.DrawFn, *, source_id: str | None = None, via: Sequence[str] = ()) -> Source:
    """A source; ``via`` (with a derivation) is drawn from the source ids given."""
    relay = draw(st.none() | st.sampled_from(via)) if via else None
    return Source(
        id=source_id if source_id is not None else draw(identifiers),
        publisher=draw(texts),
        title=draw(texts),
        reliability=draw(st.sampled_from(Reliability)),
        url=draw(_optional(texts)),
        date=draw(_optional(fuzzy_dates())),
        language=draw(st.sampled_from(["en", "uk", "ru", "de", "fr"])),
        via=relay,
        derivation=None if relay is None else draw(st.sampled_from(["translation", "transcription", "relay"])),
    )


@st.composite
def attributions(
    draw: st.DrawFn, *, actor_ids: Sequence[str] | None = None, source_ids: Sequence[str] = ()
) -> Attribution:
    """Credit to one actor, citing some of ``source_ids``."""
    return Attribution(
        actor=draw(_actor_id(actor_ids)),
        role=draw(st.sampled_from(Role)),
        confidence=draw(st.sampled_from(Confidence)),
        sources=draw(_pick(source_ids)),
        note=draw(_optional(texts)),
    )


@st.composite
def positions(draw: st.DrawFn, *, actor_ids: Sequence[str] | None = None, source_ids: Sequence[str] = ()) -> Position:
    """A party's stance, citing some of ``source_ids``."""
    return Position(
        actor=draw(_actor_id(actor_ids)),
        stance=draw(st.sampled_from(Stance)),
        sources=draw(_pick(source_ids)),
        date=draw(_optional(fuzzy_dates())),
        note=draw(_optional(texts)),
    )


@st.composite
def alternatives(
    draw: st.DrawFn, *, key: str | None = None, actor_ids: Sequence[str] | None = None, source_ids: Sequence[str] = ()
) -> Alternative:
    """A bracketed option with its proposers."""
    return Alternative(
        key=key if key is not None else draw(identifiers),
        text=draw(texts),
        attributions=draw(st.lists(attributions(actor_ids=actor_ids, source_ids=source_ids), max_size=2)),
        note=draw(_optional(texts)),
    )


@st.composite
def amendments(draw: st.DrawFn, *, actor_ids: Sequence[str] | None = None, source_ids: Sequence[str] = ()) -> Amendment:
    """A recorded amendment: action, target and result labels, new texts, proposers and fate."""
    return Amendment(
        action=draw(st.sampled_from(["modify", "add", "remove", "move", "split", "merge", "renumber"])),
        targets=draw(st.lists(labels, max_size=2)),
        results=draw(st.lists(labels, max_size=2)),
        texts=draw(st.lists(texts, max_size=2)),
        attributions=draw(st.lists(attributions(actor_ids=actor_ids, source_ids=source_ids), max_size=2)),
        status=draw(st.sampled_from(AmendmentStatus)),
        rationale=draw(_optional(texts)),
    )


@st.composite
def provisions(
    draw: st.DrawFn,
    *,
    label: str | None = None,
    actor_ids: Sequence[str] | None = None,
    source_ids: Sequence[str] = (),
    refs: Sequence[ProvisionRef] = (),
    depth: int = 2,
    max_children: int = 2,
) -> Provision:
    """A provision with sub-points (to ``depth`` levels), credits, options, positions and lineage."""
    child_labels = draw(st.lists(labels, max_size=max_children if depth > 0 else 0, unique=True))
    children = [
        draw(
            provisions(
                label=child,
                actor_ids=actor_ids,
                source_ids=source_ids,
                refs=refs,
                depth=depth - 1,
                max_children=max_children,
            )
        )
        for child in child_labels
    ]
    keys = draw(st.lists(identifiers, max_size=2, unique=True))
    return Provision(
        label=label if label is not None else draw(labels),
        text=draw(st.just("") | texts) if children else draw(texts),
        title=draw(_optional(texts)),
        topics=draw(st.lists(slugs, max_size=3)),
        sources=draw(st.lists(st.sampled_from(source_ids), max_size=2, unique=True)) if source_ids else (),
        children=children,
        derived_from=draw(st.lists(st.sampled_from(refs), max_size=2, unique=True)) if refs else (),
        attributions=draw(st.lists(attributions(actor_ids=actor_ids, source_ids=source_ids), max_size=2)),
        alternatives=[draw(alternatives(key=k, actor_ids=actor_ids, source_ids=source_ids)) for k in keys],
        positions=draw(st.lists(positions(actor_ids=actor_ids, source_ids=source_ids), max_size=2)),
        notes=draw(_optional(texts)),
    )


@st.composite
def versions(
    draw: st.DrawFn,
    *,
    version_id: str | None = None,
    document: str | None = None,
    parents: Sequence[str] = (),
    actor_ids: Sequence[str] | None = None,
    refs: Sequence[ProvisionRef] = (),
    min_provisions: int = 0,
    max_provisions: int = 3,
    depth: int = 2,
) -> Version:
    """A valid version whose credits and positions cite only its own sources.

    ``parents`` are drawn from (a subset, in order); ``refs`` feed ``derived_from``.
    """
    source_ids = draw(st.lists(identifiers, max_size=3, unique=True))
    built_sources = []
    for i, sid in enumerate(source_ids):
        built_sources.append(draw(sources(source_id=sid, via=source_ids[:i])))
    top_labels = draw(st.lists(labels, min_size=min_provisions, max_size=max_provisions, unique=True))
    kwargs = {"actor_ids": actor_ids, "source_ids": source_ids, "refs": refs, "depth": depth}
    vid = version_id if version_id is not None else draw(identifiers)
    return Version(
        id=vid,
        document=document if document is not None else draw(identifiers),
        title=draw(texts),
        status=draw(st.sampled_from(Status)),
        date=draw(_optional(fuzzy_dates())),
        reported=draw(_optional(fuzzy_dates())),
        fidelity=draw(st.sampled_from(Fidelity)),
        language=draw(st.sampled_from(["en", "uk"])),
        attributions=draw(st.lists(attributions(actor_ids=actor_ids, source_ids=source_ids), max_size=3)),
        parents=draw(_pick([p for p in parents if p != vid], 2)),
        sources=built_sources,
        amendments=draw(st.lists(amendments(actor_ids=actor_ids, source_ids=source_ids), max_size=2)),
        provisions=[draw(provisions(label=label, **kwargs)) for label in top_labels],  # type: ignore[arg-type]
        notes=draw(_optional(texts)),
    )


@st.composite
def corpora(draw: st.DrawFn, *, min_versions: int = 1, max_versions: int = 4, max_provisions: int = 3) -> Corpus:
    """A small valid corpus: parents and ``derived_from`` point only at earlier versions."""
    actor_ids = draw(st.lists(identifiers, min_size=1, max_size=5, unique=True))
    actor_list = [draw(actors(actor_id=a, others=[o for o in actor_ids if o != a])) for a in actor_ids]
    document_ids = draw(st.lists(identifiers, min_size=1, max_size=2, unique=True))
    documents = [Document(id=d, title=draw(texts), kind=draw(slugs)) for d in document_ids]
    version_ids = draw(st.lists(identifiers, min_size=min_versions, max_size=max_versions, unique=True))
    built: list[Version] = []
    for vid in version_ids:
        refs = [ProvisionRef(v.id, path) for v in built for path, _ in v.walk()]
        built.append(
            draw(
                versions(
                    version_id=vid,
                    document=draw(st.sampled_from(document_ids)),
                    parents=[v.id for v in built],
                    actor_ids=actor_ids,
                    refs=refs,
                    max_provisions=max_provisions,
                    depth=1,
                )
            )
        )
    return Corpus(
        name=draw(identifiers),
        title=draw(texts),
        description=draw(st.none() | texts),
        actors=actor_list,
        documents=documents,
        versions=built,
    )


def every_path(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every node of plain JSON-like ``data`` (dict keys and list indexes), the root first."""
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(every_path(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.extend(every_path(value, (*prefix, index)))
    return out
