"""Readers: one function per file format, registered by extension.

A reader takes a path and its stable key and returns a :class:`Document`.
Adding a format is one decorated function in a new module.

>>> sorted(s for s in READERS if s in {".md", ".csv"})
['.csv', '.md']
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import InputError, UnsupportedFormatError
from ..model import Document, Problem

Reader = Callable[[Path, str, bytes], Document]
READERS: dict[str, Reader] = {}

# Files that describe a corpus rather than belong to it.
IGNORED_NAMES = {"readme", "license", "licence", "changelog"}


def reader(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register ``func`` as the reader for each of ``suffixes``."""

    def register(func: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix.lower()] = func
        return func

    return register


def decode(path: Path, raw: bytes) -> str:
    """Bytes → text with Unix newlines; UTF-8 (with or without BOM) first."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise InputError(path, "cannot decode the file; save it as UTF-8 and rebuild")
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    return sorted(unique.items(), key=lambda pk: pk[1]), problems


def read_document(path: Path, key: str) -> Document:
    """Read one file with the reader registered for its extension."""
    _load_readers()
    func = READERS.get(path.suffix.lower())
    if func is None:
        raise UnsupportedFormatError(path, f"no reader for '{path.suffix}' files")
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot read the file ({err.strerror}); check its permissions") from err
    return func(path, key, raw)


def _load_readers() -> None:
    # Importing the modules registers their readers.
    from . import tables, text  # noqa: F401
