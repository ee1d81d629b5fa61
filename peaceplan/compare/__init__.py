"""Compare two versions: which point became which, the words inside, what it means, who proposed it.

What belongs here: the aligner (:mod:`~peaceplan.compare.align`) and its evidence
(similarity, paraphrase, the optional embeddings), the redline
(:mod:`~peaceplan.compare.redline`), findings (:mod:`~peaceplan.compare.findings`),
the diff with apply, invert and JSON (:mod:`~peaceplan.compare.diff`), the vocabulary
the renderers share (:mod:`~peaceplan.compare.matches`, :mod:`~peaceplan.compare.findingkinds`),
and curating inferred links. It may import the
model, files, text, authoring and the base modules, never the history, the
renderers or the facade (a result's ``_repr_html_``/``to_frame``/``to_docx`` may
import its renderer when called).
"""
