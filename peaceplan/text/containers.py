"""Open Word and PDF files safely: check them first, and turn every library failure into a clear error.

python-docx and pypdf raise their own exceptions on a damaged file (a zip
that is not one, XML that does not parse, a PDF that is encrypted), and a
hostile file can make them unpack gigabytes. Before handing a file to them,
the functions here

* read it as a regular file within ``Limits.max_file_bytes``
  (:func:`peaceplan.limits.read_file_bytes`), or read at most that much from a stream;
* for Word, check the zip directory: every part's uncompressed size within
  ``Limits.max_part_bytes`` and all of them within ``Limits.max_unzipped_bytes``,
  before anything is unpacked;
* for PDF, refuse an encrypted file and more than ``Limits.max_pages`` pages;

and wrap whatever the library raises in :class:`~peaceplan.ValidationError`
naming the file and what is wrong ("not a Word file", "encrypted PDF").
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any, TypeVar

from ..errors import PeaceplanError, Problem, ValidationError
from ..limits import current_limits, read_file_bytes

__all__ = ["docx_bytes", "guarded", "iter_guarded", "pdf_bytes", "quiet", "source_bytes", "source_name"]

T = TypeVar("T")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .doc file, or an encrypted (password-protected) .docx


def source_name(source: str | os.PathLike[str] | IO[bytes], default: str) -> str:
    """How to name ``source`` in a message: its path, a stream's ``name``, else ``default``."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else default


def _refuse(file: str, message: str) -> ValidationError:
    return ValidationError([Problem(message=message, file=file)])


def source_bytes(source: str | os.PathLike[str] | IO[bytes], file: str) -> bytes:
    """The bytes of a path (a regular file) or a binary stream, within ``Limits.max_file_bytes``."""
    if isinstance(source, (str, os.PathLike)):
        return read_file_bytes(source, file=file)
    limit = current_limits().max_file_bytes
    try:
        data = source.read(limit + 1)
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        raise _refuse(file, f"cannot read the stream: {exc}") from None
    if not isinstance(data, bytes):
        raise _refuse(file, f"expected a binary stream (opened with 'rb'), got {type(data).__name__} from read()")
    if len(data) > limit:
        raise _refuse(
            file,
            f"the file is larger than {limit:,} bytes "
            "(Limits.max_file_bytes, set with peaceplan.using_limits or PEACEPLAN_LIMITS)",
        )
    return data


def docx_bytes(data: bytes, file: str) -> None:
    """Refuse ``data`` unless it is a zip archive whose parts stay within the limits once unpacked."""
    if data.startswith(_OLE):
        raise _refuse(
            file,
            "not a Word .docx file: an encrypted (password-protected) document or an old .doc file; "
            "remove the password or save it as .docx",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse(file, f"not a Word file: not a valid zip archive ({exc})") from None
    limits = current_limits()
    total = 0
    with archive:
        for info in archive.infolist():
            if info.file_size > limits.max_part_bytes:
                raise _refuse(
                    file,
                    f"part too large: {info.filename!r} unpacks to {info.file_size:,} bytes; the limit is "
                    f"{limits.max_part_bytes:,} "
                    "(Limits.max_part_bytes, set with peaceplan.using_limits or PEACEPLAN_LIMITS)",
                )
            total += info.file_size
        if total > limits.max_unzipped_bytes:
            raise _refuse(
                file,
                f"the Word file unpacks to {total:,} bytes; the limit is {limits.max_unzipped_bytes:,} "
                "(Limits.max_unzipped_bytes, set with peaceplan.using_limits or PEACEPLAN_LIMITS)",
            )
        if "[Content_Types].xml" not in archive.namelist():
            raise _refuse(file, "not a Word file: a zip archive without [Content_Types].xml")


def pdf_bytes(data: bytes, file: str) -> None:
    """Refuse ``data`` at once unless it starts like a PDF."""
    if b"%PDF-" not in data[:1024]:
        raise _refuse(file, "not a PDF file: no '%PDF-' header in its first 1,024 bytes")


def guarded(file: str, what: str, work: Callable[[], T]) -> T:
    """``work()``, with anything the third-party reader raises turned into a ValidationError naming ``file``.

    Our own :class:`~peaceplan.PeaceplanError` passes through unchanged. A
    library failing on a damaged file is what this guards against, so every
    other exception is a fault of the file, reported with its type and text.
    """
    try:
        return work()
    except PeaceplanError:
        raise
    except RecursionError:
        raise _refuse(file, f"{what}: the file nests too deeply to read") from None
    except MemoryError:
        raise _refuse(file, f"{what}: the file needs more memory than there is to read") from None
    except Exception as exc:  # the one boundary where a library's failures become ours
        detail = " ".join(str(exc).split())[:300] or "no details"
        raise _refuse(file, f"{what}: {_kind_of_failure(exc)} ({type(exc).__name__}: {detail})") from None


def _kind_of_failure(exc: BaseException) -> str:
    name = type(exc).__name__
    if name == "PackageNotFoundError":
        return "not a Word file"
    if name in ("FileNotDecryptedError", "DependencyError") or "decrypt" in str(exc).lower():
        return "encrypted PDF"
    if name in ("BadZipFile", "XMLSyntaxError", "ParseError"):
        return "damaged file"
    if name in ("PdfReadError", "PdfStreamError", "EmptyFileError"):
        return "damaged PDF"
    return "the file is damaged or not what its name says"


def iter_guarded(file: str, what: str, items: Iterator[T]) -> Iterator[T]:
    """Each item of ``items``, with library failures while producing it wrapped as in :func:`guarded`."""
    done = object()
    while True:
        item: Any = guarded(file, what, lambda: next(items, done))
        if item is done:
            return
        yield item


@contextlib.contextmanager
def quiet(logger: str) -> Iterator[None]:
    """Silence a library's logger in the block: its warnings about a damaged file would print raw file bytes.

    What matters about a damaged file reaches the user as a ValidationError, or not at all.
    """
    log = logging.getLogger(logger)
    previous = log.disabled
    log.disabled = True
    try:
        yield
    finally:
        log.disabled = previous
