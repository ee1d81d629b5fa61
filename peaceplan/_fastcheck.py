"""Moved: the compiled schema check is :func:`peaceplan.schemata.accepts` (issue 14).

This private module stays for one release so that code written against it keeps
working; it holds nothing of its own and imports only :mod:`peaceplan.schemata`.
"""

from __future__ import annotations

from .schemata import accepts

__all__ = ["accepts"]
