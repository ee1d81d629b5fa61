"""The exceptions peaceplan raises, all under one base.

Every error a user can cause is a :class:`PeaceplanError`. Each subclass is also
the builtin a caller would naturally catch (``ValueError``, ``KeyError``,
``ImportError``), and carries structured fields as well as its text, so a
notebook can show the message and a program can read the location.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "DOCS_SITE",
    "AmbiguousLabelError",
    "IntegrityError",
    "IntegrityWarning",
    "MissingExtraError",
    "PatchError",
    "PeaceplanError",
    "Problem",
    "UnknownActorError",
    "UnknownCorpusError",
    "UnknownDocumentError",
    "UnknownEventError",
    "UnknownProvisionError",
    "UnknownSourceError",
    "UnknownVersionError",
    "ValidationError",
    "docs_url",
]

DOCS_SITE = "https://peaceplan.readthedocs.io/en/latest/"
"""Where the documentation is published (``site_url`` in ``mkdocs.yml``; a test keeps them equal).

Messages link there rather than to ``docs/*.md``: a user who installed the wheel has no
``docs/`` folder.
"""


def docs_url(page: str) -> str:
    """The published address of a page of ``docs/``, with an optional ``#anchor``.

    >>> docs_url("file-format.md")
    'https://peaceplan.readthedocs.io/en/latest/file-format/'
    >>> docs_url("how-to/plugins.md#make-a-plugin-package")
    'https://peaceplan.readthedocs.io/en/latest/how-to/plugins/#make-a-plugin-package'
    """
    path, _, anchor = page.partition("#")
    stem = path.removesuffix(".md")
    stem = "" if stem == "index" else stem.removesuffix("/index") + "/"
    return DOCS_SITE + stem + (f"#{anchor}" if anchor else "")


class PeaceplanError(Exception):
    """Base class of every error peaceplan raises on purpose."""


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with an input: where it is and what was expected.

    ``pointer`` is a JSON pointer into the document (``/provisions/3/label``);
    ``line`` is the 1-based line in the file when the reader knows it.

    >>> str(Problem(message="expected a string", pointer="/title", file="v.yaml", line=3))
    'v.yaml, line 3, at /title: expected a string'
    """

    message: str
    pointer: str = ""
    file: str | None = None
    line: int | None = None

    def located(self, *, file: str | None = None, line: int | None = None) -> Problem:
        """Return a copy with the file (and line) filled in where unknown."""
        return attrs.evolve(
            self,
            file=self.file if self.file is not None else file,
            line=self.line if self.line is not None else line,
        )

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.pointer:
            where.append(f"at {self.pointer}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class ValidationError(PeaceplanError, ValueError):
    """An input (a file, a value, a corpus) is not what peaceplan expects.

    Holds every problem found, not only the first, in ``problems``. The
    ``file``, ``pointer`` and ``line`` attributes are those of the first one.
    """

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(message=problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("ValidationError needs at least one problem")
        first = self.problems[0]
        self.file: str | None = first.file
        self.pointer: str = first.pointer
        self.line: int | None = first.line
        super().__init__(self._text())

    def _text(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"]
        lines.extend(f"  - {p}" for p in self.problems)
        return "\n".join(lines)

    def located(self, *, file: str | None = None) -> ValidationError:
        """Return the same error with ``file`` filled in on every problem."""
        return ValidationError(p.located(file=file) for p in self.problems)

    def __str__(self) -> str:
        return self._text()


class IntegrityError(ValidationError):
    """A file's content does not match the digest written for it: it changed after it was written.

    Raised by :func:`~peaceplan.load_version`, :func:`~peaceplan.load_corpus` and
    :meth:`Diff.from_json <peaceplan.Diff.from_json>`; ``verify=False`` loads the file
    anyway, with an :class:`IntegrityWarning`.
    """


class IntegrityWarning(UserWarning):
    """A file whose content does not match its digest was loaded anyway (``verify=False``, ``--no-verify``)."""


class _LookupError(PeaceplanError, KeyError):
    # KeyError's str() wraps the message in quotes; show it as written.
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownVersionError(_LookupError):
    """No version with that id exists in the corpus."""


class UnknownDocumentError(_LookupError):
    """No document with that id exists in the corpus."""


class UnknownProvisionError(_LookupError):
    """No provision with that label exists in the version."""


class UnknownSourceError(_LookupError):
    """No source with that id is cited by the version."""


class AmbiguousLabelError(_LookupError):
    """A bare label names different provisions in the two versions compared; say which side."""


class UnknownActorError(_LookupError):
    """No actor with that id exists in the corpus."""


class UnknownEventError(_LookupError):
    """No event with that id exists in the corpus."""


class UnknownCorpusError(_LookupError):
    """No built-in, plugin or folder corpus has that name."""


class PatchError(PeaceplanError, ValueError):
    """A diff was applied to a version it was not computed from."""


class MissingExtraError(PeaceplanError, ImportError):
    """A feature needs an optional dependency that is not installed.

    >>> str(MissingExtraError("to_frame()", "pandas"))
    "to_frame() needs the optional dependency group 'pandas': pip install 'peaceplan[pandas]'"
    """

    def __init__(self, feature: str, extra: str) -> None:
        self.feature = feature
        self.extra = extra
        super().__init__(f"{feature} needs the optional dependency group {extra!r}: pip install 'peaceplan[{extra}]'")
