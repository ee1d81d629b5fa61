"""Synopsis: several drafts side by side, one row per lineage of points.

The table an analyst otherwise builds by hand in a spreadsheet: one column per
draft (competing branches included: the 28-point plan, the E3 counter-proposal,
the Geneva revision, the 20-point plan), one row per lineage of points, and in
each cell the point's label there and what became of it: kept, modified,
merged, split, dropped or new. Rows follow the provision-level descent
(:mod:`peaceplan.history.descent`), so renumbered and moved points stay on their row.

There is a row for each lineage that has a point in at least one of the drafts
shown, keyed by the point it starts from (its origin); a point drawn
from several lineages (a merge) appears on each of their rows. A point's
status compares it with the same row in the nearest earlier column it descends
from, or with the row's origin when no column is an ancestor. A row is
*dropped* in a draft that descends from the row's origin but no longer has it;
the cell is empty where the draft is on another branch.

>>> import peaceplan
>>> s = synopsis(peaceplan.load_corpus(), ["28-point", "e3-counter", "geneva-19", "20-point"])
>>> [str(cell) for cell in s.row("28-point#6").cells]
['6 new', '6 modified', '4 modified', '4 modified']
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from .._gcpause import paused_gc
from ..compare.diff import is_rewording
from ..compare.findings import text_findings
from ..compare.matches import Match, MatchKind
from ..compare.redline import redline
from ..compare.similarity import exact_key
from ..errors import UnknownProvisionError, UnknownVersionError, ValidationError
from ..model.records import ProvisionRef, Version
from .descent import Descent, HistoryOptions, Link, Node

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..model.collection import CorpusData

__all__ = ["Cell", "CellStatus", "Synopsis", "SynopsisRow", "synopsis"]


class CellStatus(str, enum.Enum):
    """What became of a row's point in one draft."""

    NEW = "new"
    KEPT = "kept"
    REWORDED = "reworded"
    MODIFIED = "modified"
    MERGED = "merged"
    SPLIT = "split"
    DROPPED = "dropped"

    def __str__(self) -> str:
        return str(self.value)


@attrs.frozen(kw_only=True)
class Cell:
    """A row's point(s) in one draft and their status; empty (no labels, no status) off the row's branch."""

    labels: tuple[str, ...] = ()
    status: CellStatus | None = None

    def __str__(self) -> str:
        if self.status is None:
            return ""
        if not self.labels:
            return str(self.status)
        return f"{', '.join(self.labels)} {self.status}"


@attrs.frozen(kw_only=True)
class SynopsisRow:
    """One lineage of points across the drafts, keyed by the point it starts from."""

    origin: ProvisionRef
    title: str | None
    cells: tuple[Cell, ...]

    def to_record(self, columns: Sequence[str]) -> dict[str, Any]:
        record: dict[str, Any] = {"origin": str(self.origin), "title": self.title}
        for column, cell in zip(columns, self.cells, strict=True):
            record[column] = ", ".join(cell.labels) or None
            record[f"{column} status"] = cell.status.value if cell.status is not None else None
        return record

    def _repr_html_(self) -> str:
        """The notebook display: its text under a title (IPython calls it; no IPython import needed)."""
        from ..render.notebook import text_html

        cells = " | ".join(
            f"{', '.join(c.labels)} {c.status.value}" if c.status is not None else "—" for c in self.cells
        )
        title = f" {self.title}" if self.title else ""
        return text_html(f"Synopsis row {self.origin}{title}", cells)


@attrs.frozen(kw_only=True, repr=False)
class Synopsis:
    """Drafts side by side: ``columns`` are version ids, ``rows`` one per lineage of points."""

    columns: tuple[str, ...]
    rows: tuple[SynopsisRow, ...]

    def __iter__(self) -> Iterator[SynopsisRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, origin: ProvisionRef | str) -> SynopsisRow:
        """The row whose lineage starts at ``origin`` ("28-point#26")."""
        ref = origin if isinstance(origin, ProvisionRef) else ProvisionRef.parse(origin)
        for r in self.rows:
            if r.origin == ref:
                return r
        known = ", ".join(str(r.origin) for r in self.rows)
        raise UnknownProvisionError(f"no row starts at {str(ref)!r}; rows start at {known}")

    def column(self, version_id: str) -> tuple[Cell, ...]:
        """Every row's cell in one draft."""
        try:
            index = self.columns.index(version_id)
        except ValueError:
            raise UnknownVersionError(
                f"{version_id!r} is not a column; the columns are {', '.join(self.columns)}"
            ) from None
        return tuple(r.cells[index] for r in self.rows)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain row per lineage: origin, title, then each draft's label(s) and status."""
        return [r.to_record(self.columns) for r in self.rows]

    def __str__(self) -> str:
        header = ["origin", "title", *self.columns]
        body = [[str(r.origin), (r.title or "")[:28], *(str(c) for c in r.cells)] for r in self.rows]
        widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
        lines = [
            " | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in [header, *body]
        ]
        lines.insert(1, "-+-".join("-" * w for w in widths))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The notebook display (IPython calls it; no IPython import needed)."""
        from ..render.notebook import synopsis_html

        return synopsis_html(self)

    def to_frame(self) -> pd.DataFrame:
        """A pandas DataFrame with typed columns (needs the ``pandas`` extra)."""
        from ..render.frames import synopsis_frame

        return synopsis_frame(self)

    def __repr__(self) -> str:
        return f"<Synopsis: {len(self.rows)} rows × {len(self.columns)} drafts ({', '.join(self.columns)})>"


@paused_gc()  # a record per provision and version, none of them garbage (see peaceplan._gcpause)
def synopsis(
    corpus: CorpusData, versions: str | Version | Iterable[str | Version], *, options: HistoryOptions | None = None
) -> Synopsis:
    """Align the top-level points of several drafts in one table (see the module docstring).

    >>> import peaceplan
    >>> s = synopsis(peaceplan.load_corpus(), ["28-point", "e3-counter", "geneva-19", "20-point"])
    >>> [str(cell) for cell in s.row("28-point#26").cells]
    ['26 new', 'dropped', 'dropped', 'dropped']
    """
    columns = corpus.version_ids(versions)
    if not columns:
        raise ValidationError("synopsis needs at least one version id, such as ['28-point', '20-point']")
    if len(set(columns)) != len(columns):
        raise ValidationError(f"synopsis got a version twice: {list(columns)}; give each draft once")
    return _Table(Descent(corpus, options), columns).build()


RowKey = tuple[str, str]


class _Table:
    def __init__(self, descent: Descent, columns: tuple[str, ...]) -> None:
        self.descent = descent
        self.columns = columns
        graph = descent.graph
        self.rank = graph.rank()
        self.upstream = {c: set(graph.upstream(c)) for c in columns}
        self.upstream_wide = {c: set(graph.upstream(c, derivations=True)) for c in columns}
        self._roots: dict[int, tuple[RowKey, ...]] = {}

    def roots(self, node: Node) -> tuple[RowKey, ...]:
        found = self._roots.get(id(node))
        if found is None:
            tops = self.descent.tops
            found = tuple(dict.fromkeys((n.version, tops(n.version)[n.path]) for n in node.lineage() if not n.prev))
            self._roots[id(node)] = found
        return found

    def build(self) -> Synopsis:
        placed: dict[str, dict[RowKey, list[str]]] = {}
        roots_of: dict[tuple[str, str], tuple[RowKey, ...]] = {}
        keys: dict[RowKey, None] = {}
        for column in self.columns:
            nodes = self.descent.nodes(column)
            here: dict[RowKey, list[str]] = {}
            for p in self.descent.corpus.version(column).provisions:
                roots = self.roots(nodes[p.label])
                roots_of[(column, p.label)] = roots
                for key in roots:
                    here.setdefault(key, []).append(p.label)
                    keys.setdefault(key)
            placed[column] = here
        order = {  # once per version that starts a row, not once per row
            vid: {p.label: i for i, p in enumerate(self.descent.corpus.version(vid).provisions)}
            for vid in dict.fromkeys(vid for vid, _ in keys)
        }
        ordered = sorted(keys, key=lambda k: (self.rank[k[0]], order[k[0]].get(k[1], 0)))
        rows = tuple(self.row(key, placed, roots_of) for key in ordered)
        return Synopsis(columns=self.columns, rows=rows)

    def row(
        self,
        key: RowKey,
        placed: dict[str, dict[RowKey, list[str]]],
        roots_of: dict[tuple[str, str], tuple[RowKey, ...]],
    ) -> SynopsisRow:
        cells = []
        for i, column in enumerate(self.columns):
            labels = placed[column].get(key, [])
            if not labels:
                gone = key[0] in self.upstream[column]
                cells.append(Cell(status=CellStatus.DROPPED) if gone else Cell())
                continue
            if (column, labels[0]) == key and not self.descent.nodes(column)[labels[0]].prev:
                cells.append(Cell(labels=tuple(labels), status=CellStatus.NEW))
                continue
            # Split and merged say what happened since the earlier text, as every other status
            # does: a row already in two pieces there, or a point already drawn from two
            # lineages, is not split or merged again. And they say it as blame and the diff do:
            # a step in between split or merged the points (a node of that kind). A point that
            # only names, through a curated derived_from, one more lineage (a point an earlier
            # draft dropped, taken up again) is still drawn from it, and is on its row.
            before = self.previous(key, i, placed)
            since = self.kinds_since(before, (column, labels))
            if len(labels) > max(1, len(before[1])) and MatchKind.SPLIT in since:
                status = CellStatus.SPLIT
            elif MatchKind.MERGED in since and (
                len(roots_of[(column, labels[0])]) > self.root_count(before) or len(labels) < len(before[1])
            ):  # more lineages in one point, or the row's pieces joined again
                status = CellStatus.MERGED
            else:
                status = self.status(before, (column, labels))
            cells.append(Cell(labels=tuple(labels), status=status))
        return SynopsisRow(origin=ProvisionRef(*key), title=self.title(key, placed), cells=tuple(cells))

    def kinds_since(self, before: tuple[str, Sequence[str]], now: tuple[str, Sequence[str]]) -> set[MatchKind]:
        """The kinds of the steps that lead to the points at ``now`` and not already to those at ``before``.

        Only steps taken after ``before``'s version count: a point taken up again from an older
        draft brings that draft's lineage along, and a merge there happened before this column.
        """
        earlier = self.descent.nodes(before[0])
        seen = {id(n) for label in before[1] if label in earlier for n in earlier[label].lineage()}
        past = {before[0], *self.descent.graph.ancestors(before[0], derivations=True)}
        later = self.descent.nodes(now[0])
        return {
            n.kind for label in now[1] for n in later[label].lineage() if id(n) not in seen and n.version not in past
        }

    def root_count(self, where: tuple[str, Sequence[str]]) -> int:
        """How many lineages the points at ``where`` (``(version id, labels)``) are drawn from, at most."""
        nodes = self.descent.nodes(where[0])
        return max((len(self.roots(nodes[label])) for label in where[1] if label in nodes), default=1)

    def status(self, before: tuple[str, Sequence[str]], now: tuple[str, Sequence[str]]) -> CellStatus:
        """The diff engine's verdict on the points themselves (:func:`~peaceplan.compare.diff.change_of`, as
        diff, thread and blame give it): *kept*, *reworded* or *modified*. When the points are kept
        but a sub-point changed, the whole texts decide: *reworded* when the change carries no
        substantive finding, else *modified*. Each side is ``(version id, labels)``."""
        same = self.text(*before) == self.text(*now)
        own_same = self.own(*before) == self.own(*now)
        match = Match(
            old=tuple(before[1]),
            new=tuple(now[1]),
            kind=MatchKind.UNCHANGED if own_same else MatchKind.MODIFIED,
            score=1.0 if own_same else 0.0,
            curated=False,
        )
        kind = self.descent.kind(Link(parent=before[0], version=now[0], match=match))
        if kind is MatchKind.MODIFIED:
            return CellStatus.MODIFIED
        if kind is MatchKind.REWORDED:
            return CellStatus.REWORDED
        if same:
            return CellStatus.KEPT
        old, new = self.raw(*before), self.raw(*now)
        reworded = is_rewording(redline(old, new), text_findings(old, new))
        return CellStatus.REWORDED if reworded else CellStatus.MODIFIED

    def own(self, version_id: str, labels: Sequence[str]) -> str:
        """The points' own texts, sub-points aside, as the aligner compares them."""
        found = self.descent.provisions(version_id)
        return " ".join(exact_key(found[label].text) for label in labels)

    def previous(
        self, key: RowKey, index: int, placed: dict[str, dict[RowKey, list[str]]]
    ) -> tuple[str, Sequence[str]]:
        """Where the row's earlier text is: ``(version id, labels)`` in the nearest earlier column this one
        descends from, else the row's origin."""
        column = self.columns[index]
        candidates = [c for c in self.columns[:index] if c in self.upstream_wide[column] and placed[c].get(key)]
        if candidates:
            nearest = max(candidates, key=lambda c: self.rank[c])
            return nearest, placed[nearest][key]
        return key[0], [key[1]]

    def raw(self, version_id: str, labels: Sequence[str]) -> str:
        found = self.descent.provisions(version_id)
        return " ".join(found[label].full_text() for label in labels)

    def text(self, version_id: str, labels: Sequence[str]) -> str:
        found = self.descent.provisions(version_id)
        return " ".join(exact_key(found[label].full_text()) for label in labels)

    def title(self, key: RowKey, placed: dict[str, dict[RowKey, list[str]]]) -> str | None:
        origin = self.descent.provisions(key[0]).get(key[1])
        if origin is not None and origin.title:
            return origin.title
        for column in self.columns:
            for label in placed[column].get(key, ()):
                title = self.descent.provisions(column)[label].title
                if title:
                    return title
        return None
