"""What changed in a version's header (title, status, dates, proposers, sources, notes).

The comparison itself is deepdiff's; this module is the one boundary where its
report (string-keyed dicts with ``root[...]`` paths) becomes typed records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .model import Version

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
    added``), for fields that are lists.
    """

    field: str
    old: Any
    new: Any
    details: tuple[str, ...] = ()

    @property
    def action(self) -> str:
        if self.old is None:
            return "added"
        return "removed" if self.new is None else "changed"

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new, "details": list(self.details)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MetadataChange:
        return cls(field=data["field"], old=data["old"], new=data["new"], details=tuple(data.get("details", ())))

    def __str__(self) -> str:
        return f"{self.field}: {_short(self.old)} → {_short(self.new)}"


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


def metadata_changes(old: Version, new: Version) -> tuple[MetadataChange, ...]:
    """The header fields that differ between two versions, in a fixed field order.

    >>> from peaceplan.model import Version
    >>> a = Version(id="a", document="d", title="Draft", status="draft")
    >>> b = Version(id="b", document="d", title="Draft", status="agreed")
    >>> [str(c) for c in metadata_changes(a, b)]
    ['status: draft → agreed']
    """
    # Imported here: deepdiff imports pandas, numpy and pydantic when they are installed
    # (about 0.2 s), which commands that never compare two headers need not pay.
    from deepdiff import DeepDiff

    before, after = _header(old), _header(new)
    tree = DeepDiff(before, after, view="tree", ignore_order=False)
    # DeepDiff's tree view holds its levels in sets, whose order changes from run to run:
    # sorted by path (indices as numbers), the details and so the diff's JSON stay put.
    found: dict[str, list[tuple[tuple[tuple[int, int | str], ...], str]]] = {}
    for report, levels in tree.items():
        for level in levels:
            path = level.path(output_format="list")
            if not path:
                continue
            field = str(path[0])
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path[1:])
            key = tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in path[1:])
            found.setdefault(field, []).append(
                (key, f"{field}{where} {_ACTIONS.get(report, report.replace('_', ' '))}")
            )
    return tuple(
        MetadataChange(field=f, old=before[f], new=after[f], details=tuple(text for _, text in sorted(found[f])))
        for f in COMPARED
        if f in found
    )
