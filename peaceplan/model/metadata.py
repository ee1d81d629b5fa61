"""What changed in a version's header (title, status, dates, proposers, sources, notes).

Which fields differ is plain equality (strict about types, so ``1`` and ``1.0``
differ), cheap enough for every diff. The finer description of a changed list
(``attributions[1] added``) is deepdiff's, asked for only when someone reads
``MetadataChange.details`` (the JSON export does): deepdiff imports pandas and
numpy whenever they are installed, about half a second that a plain
``peaceplan diff`` need not pay. This module is the one boundary where its
report (string-keyed dicts with ``root[...]`` paths) becomes typed records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .records import Version

__all__ = ["MetadataChange", "metadata_changes"]

# Header fields compared; identity fields (id) are left out on purpose: two
# versions always differ in id, and saying so is noise.
COMPARED = (
    "document",
    "title",
    "status",
    "date",
    "reported",
    "fidelity",
    "language",
    "parents",
    "attributions",
    "sources",
    "notes",
    "amendments",
)


@attrs.frozen(kw_only=True)
class MetadataChange:
    """One header field that differs, with its old and new values as plain data.

    ``details`` lists deepdiff's finer description, one line per item (``attributions[1]
    added``), for fields that are lists; it is derived from ``old`` and ``new`` when read.
    """

    field: str
    old: Any
    new: Any

    @property
    def details(self) -> tuple[str, ...]:
        """The finer description of what differs, sorted by path (computed by deepdiff on demand)."""
        return _details(self.field, self.old, self.new)

    @property
    def action(self) -> str:
        if self.old is None:
            return "added"
        return "removed" if self.new is None else "changed"

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new, "details": list(self.details)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MetadataChange:
        # ``details`` in the data is derived from old and new, so it is not read back.
        return cls(field=data["field"], old=data["old"], new=data["new"])

    def __str__(self) -> str:
        return f"{self.field}: {_short(self.old)} → {_short(self.new)}"

    def _repr_html_(self) -> str:
        """The notebook display: its text under a title (IPython calls it; no IPython import needed)."""
        from ..render.notebook import text_html

        return text_html(f"Metadata change: {self.field}", str(self))


def _short(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    return str(value)


def _header(version: Version) -> dict[str, Any]:
    data = version.to_dict(provisions=False)
    return {k: data.get(k) for k in COMPARED}


_ACTIONS = {
    "values_changed": "changed",
    "type_changes": "changed",
    "dictionary_item_added": "added",
    "dictionary_item_removed": "removed",
    "iterable_item_added": "added",
    "iterable_item_removed": "removed",
}


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types throughout (``==`` alone takes ``1`` for ``1.0`` and ``True``)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def metadata_changes(old: Version, new: Version) -> tuple[MetadataChange, ...]:
    """The header fields that differ between two versions, in a fixed field order.

    >>> from peaceplan.model.records import Version
    >>> a = Version(id="a", document="d", title="Draft", status="draft")
    >>> b = Version(id="b", document="d", title="Draft", status="agreed")
    >>> [str(c) for c in metadata_changes(a, b)]
    ['status: draft → agreed']
    """
    before, after = _header(old), _header(new)
    return tuple(
        MetadataChange(field=f, old=before[f], new=after[f]) for f in COMPARED if not _same(before[f], after[f])
    )


def _details(field: str, old: Any, new: Any) -> tuple[str, ...]:
    """deepdiff's description of how ``old`` became ``new`` under ``field``, sorted by path.

    >>> _details("parents", ["a", "b"], ["a"])
    ('parents[1] removed',)
    """
    # Imported here: deepdiff imports pandas, numpy and pydantic when they are installed
    # (about 0.5 s), which a diff that is only shown never needs.
    from deepdiff import DeepDiff

    tree = DeepDiff({field: old}, {field: new}, view="tree", ignore_order=False)
    # DeepDiff's tree view holds its levels in sets, whose order changes from run to run:
    # sorted by path (indices as numbers), the details and so the diff's JSON stay put.
    found: list[tuple[tuple[tuple[int, int | str], ...], str]] = []
    for report, levels in tree.items():
        for level in levels:
            path = level.path(output_format="list")
            if not path:
                continue
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path[1:])
            key = tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in path[1:])
            found.append((key, f"{field}{where} {_ACTIONS.get(report, report.replace('_', ' '))}"))
    return tuple(text for _, text in sorted(found))
