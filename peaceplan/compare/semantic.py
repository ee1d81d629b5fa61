"""Semantic similarity for the aligner: any function that turns texts into vectors.

Word overlap and the commitment vocabulary (:mod:`peaceplan.compare.paraphrase`) see
through many restatements, not all. An embedding model sees more: give
:class:`~peaceplan.compare.align.AlignOptions` an :data:`Embedder` (``similarity=``) and
the aligner blends the cosine of two provisions' vectors into their text
similarity, and proposes each provision's nearest neighbours as candidates.

An embedder is any callable from a sequence of texts to one vector (a sequence of
floats) per text, in order: a sentence-transformers model's ``encode``, a call to
an embedding service, or a small function of your own.
:func:`sentence_transformer` builds one from a sentence-transformers model
(optional extra ``semantic``). No model ships with peaceplan, and nothing is
downloaded unless you ask for it.

>>> from peaceplan.compare.align import AlignOptions
>>> def by_length(texts):  # a toy embedder: one dimension, the text's length
...     return [[float(len(t))] for t in texts]
>>> AlignOptions(similarity=by_length).semantic_weight
0.5
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Sequence

from ..errors import MissingExtraError, PeaceplanError

__all__ = ["Embedder", "cosine", "embed", "sentence_transformer"]

Embedder = Callable[[Sequence[str]], Sequence[Sequence[float]]]
"""Texts in, one vector per text out (in the same order)."""


def embed(embedder: Embedder, texts: Sequence[str]) -> list[tuple[float, ...]]:
    """Unit vectors of ``texts`` by ``embedder``, checked: one vector per text, all of one length, finite.

    A vector of zeros stays zeros (its cosine with anything is 0).

    >>> embed(lambda ts: [[3.0, 4.0] for _ in ts], ["a"])
    [(0.6, 0.8)]
    """
    vectors = list(embedder(list(texts)))
    if len(vectors) != len(texts):
        raise PeaceplanError(f"the embedder returned {len(vectors)} vectors for {len(texts)} texts")
    out: list[tuple[float, ...]] = []
    size: int | None = None
    for k, vector in enumerate(vectors):
        values = tuple(float(x) for x in vector)
        if size is None:
            size = len(values)
        if len(values) != size or not values:
            raise PeaceplanError(f"the embedder's vector {k} has {len(values)} dimensions, expected {size}")
        if not all(math.isfinite(x) for x in values):
            raise PeaceplanError(f"the embedder's vector {k} holds a value that is not a finite number")
        norm = math.sqrt(sum(x * x for x in values))
        out.append(tuple(x / norm for x in values) if norm else values)
    return out


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """The cosine of two unit vectors (as :func:`embed` returns them), clipped to [0, 1].

    >>> cosine((1.0, 0.0), (0.0, 1.0)), cosine((0.6, 0.8), (0.6, 0.8))
    (0.0, 1.0)
    """
    return min(1.0, max(0.0, sum(x * y for x, y in zip(a, b, strict=True))))


def sentence_transformer(model: str = "sentence-transformers/all-MiniLM-L6-v2") -> Embedder:
    """An embedder from a sentence-transformers model (extra ``semantic``): name or local path.

    The model is loaded once, when this is called (the library downloads it on first use unless
    it is already on disk, or is a folder you give); the embedder encodes a batch of texts per call.
    """
    try:
        library = importlib.import_module("sentence_transformers")
    except ImportError:
        raise MissingExtraError("sentence_transformer()", "semantic") from None
    loaded = library.SentenceTransformer(model)

    def encode(texts: Sequence[str]) -> Sequence[Sequence[float]]:
        return [list(map(float, row)) for row in loaded.encode(list(texts))]

    return encode
