"""Files: version files and corpus folders read and written, and what checks them.

What belongs here: loading and dumping versions, corpus folders and their digests
(:mod:`~peaceplan.files.io`), the shipped JSON Schemas (:mod:`~peaceplan.files.schemata`),
YAML with line numbers, Akoma Ntoso, and the plugins that bring corpora, topics
and kinds. Beside :mod:`peaceplan.model`: it may import the model, the base
modules and itself, never the engine, the history, the renderers or the facade.

Until 0.2 this package also answers the names the old module ``peaceplan.files``
had (``from peaceplan.files import load_version``), with a ``DeprecationWarning``;
``load_corpus`` is :func:`peaceplan.load_corpus`.
"""

import importlib

from .._moved import forward, warn_moved


def __getattr__(name: str) -> object:
    if name == "load_corpus":  # the facade's now; the old path keeps it for one release
        warn_moved("peaceplan.files.load_corpus", "peaceplan.load_corpus", stacklevel=3)
        return importlib.import_module("peaceplan.corpus").load_corpus
    return forward(__name__, "peaceplan.files", "peaceplan.files.io", name)
