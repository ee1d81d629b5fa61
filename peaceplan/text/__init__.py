"""Text: drafts as people paste them, and versions written back as text.

What belongs here: reading pasted text, Markdown, Word and PDF into versions
(:mod:`~peaceplan.text.reader`), a document's own numbering scheme
(:mod:`~peaceplan.text.numbering`), decoding bytes, opening containers safely,
and writing a version as text or Markdown (:mod:`~peaceplan.text.writer`).
Beside :mod:`peaceplan.model`: it may import the model, :mod:`peaceplan.files`,
the base modules and itself, never the engine, the history, the renderers or the facade.
"""
