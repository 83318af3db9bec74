"""Readers: one function per file format, registered by extension.

A reader takes a path, its stable key and the file's bytes and returns a
:class:`Document`.  Adding a format is one decorated function in a new
module (imported in :func:`_load_readers`):

    @reader(".odt")
    def read_odt(path: Path, key: str, raw: bytes) -> Document: ...

A file that holds several documents (the text sources of a REFI-QDA
project, the table sheets of a workbook) also registers a :func:`parts`
lister; :func:`discover` then yields one key per part, ``<file key>#<part>``,
and the reader is called once per key.

Checks made here for every format: a file over the size cap
(:data:`MAX_FILE_MB`, or ``CHANGEMAP_MAX_FILE_MB``) or of 0 bytes is an
:class:`InputError`; :func:`decode` reads UTF-8 (with or without BOM),
UTF-16 (with BOM, or without when the NUL pattern shows it) and falls back to
Windows-1252 for legacy 8-bit files (recorded as a warning), and rejects
binary data given a text extension.

>>> sorted(s for s in READERS if s in {".md", ".csv"})
['.csv', '.md']
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import ChangemapError, InputError, UnsupportedFormatError
from ..model import Document, Problem

Reader = Callable[[Path, str, bytes], Document]
Lister = Callable[[Path, str, bytes], list[str]]
READERS: dict[str, Reader] = {}
PARTS: dict[str, Lister] = {}

#: Largest input file read, in megabytes; ``CHANGEMAP_MAX_FILE_MB`` overrides it.
MAX_FILE_MB = 50.0
MAX_FILE_ENV = "CHANGEMAP_MAX_FILE_MB"
#: Key in ``Document.metadata`` for notes about reading a file that did not stop it.
WARNINGS = "read_warnings"

# Files that describe a corpus rather than belong to it.
IGNORED_NAMES = {"readme", "license", "licence", "changelog"}


def reader(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register ``func`` as the reader for each of ``suffixes``."""

    def register(func: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix.lower()] = func
        return func

    return register


def parts(*suffixes: str) -> Callable[[Lister], Lister]:
    """Register ``func`` as the lister of the documents inside a file.

    It returns the part names (``[]`` when the file is read as one
    document); the reader then gets ``<key>#<name>`` for each.
    """

    def register(func: Lister) -> Lister:
        for suffix in suffixes:
            PARTS[suffix.lower()] = func
        return func

    return register


def split_key(path: Path, key: str) -> tuple[str, str | None]:
    """``('corpus/p.qdpx', 'Interview 1')`` for the key ``corpus/p.qdpx#Interview 1``.

    >>> split_key(Path("p.qdpx"), "corpus/p.qdpx#A#1")
    ('corpus/p.qdpx', 'A#1')
    >>> split_key(Path("p.qdpx"), "corpus/p.qdpx")
    ('corpus/p.qdpx', None)
    """
    if key.endswith(path.name):
        return key, None
    at = key.find(path.name + "#")
    if at < 0:
        return key, None
    cut = at + len(path.name)
    return key[:cut], key[cut + 1:]


def max_file_bytes() -> int:
    """The size cap in bytes: :data:`MAX_FILE_MB` unless ``CHANGEMAP_MAX_FILE_MB`` is set."""
    raw = os.environ.get(MAX_FILE_ENV, "").strip()
    if not raw:
        return int(MAX_FILE_MB * 1024 * 1024)
    try:
        mb = float(raw)
    except ValueError:
        mb = -1.0
    if not mb > 0:
        raise ChangemapError(f"{MAX_FILE_ENV}={raw!r} is not a size; set it to a number of megabytes, "
                             f"for example {MAX_FILE_ENV}=200")
    return int(mb * 1024 * 1024)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, after the size cap and empty-file checks."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise InputError(path, f"cannot read the file ({err.strerror}); check the path and its permissions") from err
    limit = max_file_bytes()
    if size > limit:
        raise InputError(path, f"the file is {megabytes(size)} MB, over the {megabytes(limit)} MB limit for one input; "
                               f"split it, or raise the limit with {MAX_FILE_ENV}=<megabytes>")
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot read the file ({err.strerror}); check its permissions") from err
    if not raw:
        raise InputError(path, "the file is empty (0 bytes); add its content or leave it out of the corpus")
    return raw


def megabytes(n: int) -> str:
    """Bytes as megabytes for a message: '0.3', '50'."""
    return f"{n / (1024 * 1024):.1f}".removesuffix(".0")


# What a binary file given a text extension most likely is, by its first bytes.
_MAGIC = [
    (b"%PDF", "a PDF; give it the extension .pdf"),
    (b"PK\x03\x04", "a zip archive (a .docx, .xlsx or .qdpx file?); give it its proper extension"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc/.xls); save it as .docx or .xlsx"),
    (b"{\\rtf", "an RTF document; save it as .docx or plain text"),
    (b"\x89PNG", "a PNG image; only text can be read"),
    (b"\xff\xd8\xff", "a JPEG image; only text can be read"),
]

_CONTROL_BYTES = [c for c in range(32) if chr(c) not in "\t\n\r\f\v\x1b"] + [0x7F]

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]


def detect_encoding(path: Path, raw: bytes) -> str:
    """The encoding of ``raw``: a BOM's, UTF-8, BOM-less UTF-16, or cp1252.

    Raises :class:`InputError` when the bytes are not text at all.

    >>> detect_encoding(Path("a.txt"), "Café".encode("utf-16"))
    'utf-16'
    >>> detect_encoding(Path("a.txt"), "Café".encode("cp1252"))
    'cp1252'
    """
    if any(raw.startswith(magic) for magic, _ in _MAGIC):
        raise _binary(path, raw, "")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return encoding
    if b"\x00" in raw:
        guess = _utf16_without_bom(raw[:4096])
        if guess:
            try:
                raw.decode(guess)
                return guess
            except UnicodeDecodeError:
                pass
        raise _binary(path, raw, "it contains NUL bytes")
    # Control characters are the same bytes in UTF-8, cp1252 and latin-1: text has next to none.
    controls = sum(raw.count(bytes([c])) for c in _CONTROL_BYTES)
    if controls > max(2, len(raw) // 100):
        raise _binary(path, raw, "it is mostly control characters")
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    raise _binary(path, raw, "it cannot be decoded")  # pragma: no cover - latin-1 decodes any bytes


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when every other byte is NUL, as in mostly-ASCII UTF-16."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even = sum(1 for i in range(0, 2 * pairs, 2) if head[i] == 0)
    odd = sum(1 for i in range(1, 2 * pairs, 2) if head[i] == 0)
    if odd >= 0.6 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.6 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _binary(path: Path, raw: bytes, why: str) -> InputError:
    what = next((desc for magic, desc in _MAGIC if raw.startswith(magic)), None)
    if what:
        return InputError(path, f"this is not a text file but {what}")
    return InputError(path, f"this is not a text file ({why}); save it as UTF-8 text, "
                            "or give it the extension of its real format")


def decode_text(path: Path, raw: bytes) -> tuple[str, str]:
    """Bytes → (text with Unix newlines, encoding used)."""
    encoding = detect_encoding(path, raw)
    text = raw.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def decode(path: Path, raw: bytes) -> str:
    """Bytes → text with Unix newlines; UTF-8 (with or without BOM) first."""
    return decode_text(path, raw)[0]


def encoding_warnings(encoding: str) -> list[str]:
    """What to tell the user about a file read in a legacy encoding."""
    names = {"cp1252": "Windows-1252 (Western European)", "latin-1": "Latin-1 (ISO-8859-1)"}
    if encoding in names:
        return [f"the file is not UTF-8; it was read as {names[encoding]}. "
                "If accented letters look wrong, save it as UTF-8 and rebuild"]
    return []


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def discover(paths: Iterable[Path | str]) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Expand files and folders into ``(path, key)`` pairs, sorted by key.

    A folder contributes every supported file below it (hidden files and
    README/LICENSE files skipped), keyed by the folder's name plus the
    relative path; a file is keyed by its name.  Missing paths and
    unsupported files that were named explicitly are reported as problems.
    """
    _load_readers()
    found: dict[str, Path] = {}
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append(Problem(str(path), f"{path}: no such file or folder; check the path"))
            continue
        if path.is_dir():
            root = path.resolve()
            for file in sorted(root.rglob("*")):
                rel = file.relative_to(root)
                if not file.is_file() or any(p.startswith((".", "_")) for p in rel.parts):
                    continue
                if file.stem.lower() in IGNORED_NAMES or file.suffix.lower() not in READERS:
                    continue
                found.setdefault(f"{root.name}/{rel.as_posix()}", file)
        elif path.suffix.lower() not in READERS:
            problems.append(
                Problem(
                    str(path),
                    str(UnsupportedFormatError(path, f"no reader for '{path.suffix}' files; "
                                               f"supported: {', '.join(sorted(READERS))}")),
                )
            )
        else:
            key = path.name
            if found.get(key, path.resolve()) != path.resolve():
                key = path.as_posix()  # two different files share a name: keep them apart
            found.setdefault(key, path.resolve())
    # A file named on its own and again inside a named folder is read once,
    # under the first key found for it.
    unique: dict[Path, str] = {}
    for key, p in found.items():
        unique.setdefault(p.resolve(), key)
    # A file holding several documents gives one key per document.
    out = [(path, part) for path, key in unique.items() for part in part_keys(path, key)]
    return sorted(out, key=lambda pk: pk[1]), problems


def part_keys(path: Path, key: str) -> list[str]:
    """``[key]``, or ``key#part`` for each document inside a multi-document file.

    A file that cannot be listed keeps its plain key, so that reading it
    reports the problem once.
    """
    lister = PARTS.get(path.suffix.lower())
    if lister is None:
        return [key]
    try:
        names = lister(path, key, read_bytes(path))
    except ChangemapError:
        return [key]
    return [f"{key}#{name}" for name in names] or [key]


def read_document(path: Path, key: str) -> Document:
    """Read one file (or one part of it, for a ``file#part`` key) with its registered reader."""
    _load_readers()
    func = READERS.get(path.suffix.lower())
    if func is None:
        raise UnsupportedFormatError(path, f"no reader for '{path.suffix}' files")
    return func(path, key, read_bytes(path))


def read_documents(path: Path, key: str) -> list[Document]:
    """Every document in one file: one, or one per part of a multi-document file."""
    _load_readers()
    return [read_document(path, k) for k in part_keys(path, key)]


def _load_readers() -> None:
    # Importing the modules registers their readers.
    from . import docx, pdf, qdpx, spreadsheet, tables, text  # noqa: F401
