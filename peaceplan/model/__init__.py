"""The data model: actors, documents, versions, provisions, and the vocabularies they use.

What belongs here: frozen attrs records and what checks them on construction
(:mod:`~peaceplan.model.records`, :mod:`~peaceplan.model.fields`), fuzzy dates,
version headers, events, topics, who gets credit (:mod:`~peaceplan.model.credit`), and a
corpus's data checked as a whole
(:mod:`~peaceplan.model.collection`). It may import :mod:`peaceplan.errors`,
:mod:`peaceplan.limits` and itself, nothing else of peaceplan; every other layer
builds on it. The contract is ``tests/test_architecture.py``.

Until 0.2 this package also answers the names the old module ``peaceplan.model``
had (``from peaceplan.model import Version``), with a ``DeprecationWarning``.
"""

from .._moved import forward


def __getattr__(name: str) -> object:
    return forward(__name__, "peaceplan.model", "peaceplan.model.records", name)
