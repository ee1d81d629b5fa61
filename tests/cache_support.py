"""What the cache tests share: an entry rewritten on disk as ``store()`` writes one (well formed and
checksummed), so that only the checks of its content stand between it and a reader."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["rewrite_entry"]


def rewrite_entry(entry: Path, change: Callable[[Any], Any]) -> None:
    """Replace the value of the cache entry at ``entry`` by ``change(value)``, checksummed anew in store()'s layout."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    text = json.dumps(change(data["value"]), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(text.encode()).hexdigest()
    key = json.dumps(data["key"], ensure_ascii=False)
    entry.write_text(f'{{"key":{key},"sha256":"{digest}","value":{text}}}', encoding="utf-8")
