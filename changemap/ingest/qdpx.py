"""Reader for REFI-QDA projects (.qdpx), the exchange format of NVivo, ATLAS.ti and MAXQDA.

A .qdpx file is a zip archive holding ``project.qde`` (XML in the namespace
``urn:QDA-XML:project:1.0``) and a ``sources/`` folder.  What is read:

- the code book (``CodeBook/Codes/Code``, nested): each code is known by its
  path, the names from the top joined by "/" (``Engagement/Training``);
- each ``TextSource`` becomes one Document keyed ``<qdpx key>#<source
  name>``; its text is the source's plain text (``PlainTextContent``, or the
  file that ``plainTextPath="internal://…"`` names in ``sources/``), with
  Windows line ends made Unix ones (offsets adjusted to match);
- each ``PlainTextSelection`` (``startPosition``/``endPosition``, character
  offsets) with at least one ``Coding``/``CodeRef`` becomes a Block of kind
  ``coded`` spanning the selected text, with ``row={"codes": "path;path"}``,
  the speaker of the turn it falls in and the headings above it;
- headings, bullets and speaker turns of the text are found as in a .txt;
- the source's variables (``VariableValue``) go to
  ``metadata["variables"]``, and those named like a front matter field
  (pseudonym, organisation, consent, …) also to the metadata itself;
  codes applied to a whole source go to ``metadata["source_codes"]``.

PDF, picture, audio and video sources are not read; neither are sources
whose text lies outside the archive (``relative://``, ``absolute://``):
export the project with its sources embedded.

Code mapping.  Codes become ontology concepts through a small YAML file
beside the .qdpx (``<qdpx stem>.mapping.yaml`` or else ``codes.mapping.yaml``;
the format is described in :mod:`changemap.ingest.codemap`).  Its parsed form
is in every source Document's ``metadata["code_mapping"]`` (and its path in
``metadata["code_mapping_file"]``); :mod:`changemap.ingest.coded` turns the
coded segments into stakeholders, engagements, moments, findings and
initiatives through it.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import Block, Document
from .codemap import MAPPING_NAMES, MAPPING_TYPES, concept_for, load_mapping, mapping_file  # noqa: F401 - re-exported
from .read import MAX_FILE_ENV, WARNINGS, detect_encoding, max_file_bytes, megabytes, parts, reader, split_key
from .structure import classify, parse_blocks
from .text import FIELD_KEYS, _meta_key

NS = "urn:QDA-XML:project:1.0"
_VALUE_TAGS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")


@dataclass(frozen=True)
class Selection:
    start: int
    end: int
    codes: tuple[str, ...]


@dataclass
class Source:
    guid: str
    name: str
    text: str | None  # None when the text is not inside the archive
    where: str  # plainTextPath, or "PlainTextContent"
    selections: list[Selection] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    source_codes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Project:
    name: str
    sources: dict[str, Source]  # part name -> source
    others: int = 0  # sources of other kinds (PDF, picture, audio, video)


# --- project.qde -----------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


def _child(el: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in el if _local(c.tag) == name), None)


def _guid(value: str | None) -> str:
    return (value or "").strip().strip("{}").lower()


def _code_paths(codes: ET.Element | None, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for code in _children(codes, "Code") if codes is not None else []:
        name = (code.get("name") or "").strip() or _guid(code.get("guid"))
        path = f"{prefix}/{name}" if prefix else name
        out[_guid(code.get("guid"))] = path
        out.update(_code_paths(code, path))
    return out


def _codings(el: ET.Element, codes: dict[str, str], warnings: list[str]) -> list[str]:
    found = []
    for coding in _children(el, "Coding"):
        ref = _child(coding, "CodeRef")
        target = _guid(ref.get("targetGUID") if ref is not None else None)
        if target in codes:
            if codes[target] not in found:
                found.append(codes[target])
        else:
            warnings.append(f"a coding points to code {target or '(none)'}, which is not in the code book; "
                            "it was left out")
    return found


def _member(archive: zipfile.ZipFile, path: Path, name: str) -> bytes:
    info, limit = archive.getinfo(name), max_file_bytes()
    if info.file_size > limit:
        raise InputError(path, f"'{name}' inside the project unpacks to {megabytes(info.file_size)} MB, over the "
                               f"{megabytes(limit)} MB limit; raise it with {MAX_FILE_ENV}=<megabytes>")
    return archive.read(name)


def _decode_source(path: Path, raw: bytes) -> str:
    encoding = detect_encoding(path, raw)
    text = raw.decode(encoding)
    return text[1:] if text.startswith("\ufeff") else text


_CACHE: dict[tuple[str, str], Project] = {}


def load_project(path: Path, raw: bytes) -> Project:
    """Parse a .qdpx archive (cached by content: several Documents come from one file)."""
    key = (str(path), hashlib.sha256(raw).hexdigest())
    if key not in _CACHE:
        if len(_CACHE) >= 4:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = _parse_project(path, raw)
    return _CACHE[key]


def _parse_project(path: Path, raw: bytes) -> Project:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as err:
        raise InputError(path, "is not a REFI-QDA project: a .qdpx file is a zip archive and this is not one; "
                               "export the project again from your QDA software") from err
    with archive:
        names = {n.lower(): n for n in archive.namelist()}
        qde = names.get("project.qde") or next((n for k, n in names.items() if k.endswith(".qde")
                                                and "/" not in k), None)
        if qde is None:
            raise InputError(path, "is a zip archive without project.qde, so not a REFI-QDA project; "
                                   "export the project again from your QDA software")
        try:
            root = ET.fromstring(_member(archive, path, qde))
        except ET.ParseError as err:
            raise InputError(path, f"its {qde} is not well-formed XML ({err}); export the project again") from err
        except (zipfile.BadZipFile, OSError, ValueError) as err:
            raise InputError(path, f"the archive is damaged ({err}); export the project again") from err
        if _local(root.tag) != "Project":
            raise InputError(path, f"its {qde} holds <{_local(root.tag)}>, not a REFI-QDA <Project> "
                                   f"(namespace {NS}); export the project again")
        codebook = _child(root, "CodeBook")
        codes = _code_paths(_child(codebook, "Codes") if codebook is not None else None)
        variables = {_guid(v.get("guid")): (v.get("name") or "").strip()
                     for vs in _children(root, "Variables") for v in _children(vs, "Variable")}
        sources_el = _child(root, "Sources")
        project = Project(name=root.get("name") or path.stem, sources={})
        seen: dict[str, int] = {}
        text_sources = []
        for el in list(sources_el) if sources_el is not None else []:
            if _local(el.tag) == "TextSource":
                text_sources.append(el)
            else:
                project.others += 1
        for el in text_sources:
            name = (el.get("name") or "").strip() or _guid(el.get("guid"))
            seen[name] = seen.get(name, 0) + 1
        for el in text_sources:
            source = _source(archive, path, el, codes, variables, names)
            part = source.name if seen[source.name] == 1 else f"{source.name} [{source.guid}]"
            project.sources[part] = source
    return project


def _source(archive: zipfile.ZipFile, path: Path, el: ET.Element, codes: dict[str, str],
            variables: dict[str, str], names: dict[str, str]) -> Source:
    guid = _guid(el.get("guid"))
    name = (el.get("name") or "").strip() or guid
    content = _child(el, "PlainTextContent")
    text: str | None = None
    where = el.get("plainTextPath") or ""
    if content is not None:
        text, where = content.text or "", "PlainTextContent"
    elif where.lower().startswith("internal://"):
        member = where[len("internal://"):].lstrip("/")
        found = names.get(f"sources/{member}".lower())
        if found is None:
            raise InputError(path, f"source '{name}' names {where}, which is not in the archive's sources/ folder; "
                                   "export the project again")
        try:
            text = _decode_source(Path(f"{path}#{name}"), _member(archive, path, found))
        except (zipfile.BadZipFile, OSError, ValueError) as err:
            raise InputError(path, f"source '{name}' cannot be unpacked ({err}); export the project again") from err
    source = Source(guid=guid, name=name, text=text, where=where)
    for sel in _children(el, "PlainTextSelection"):
        try:
            start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
        except ValueError:
            source.warnings.append(f"selection {_guid(sel.get('guid'))} has no valid start/end position; "
                                   "it was left out")
            continue
        found_codes = _codings(sel, codes, source.warnings)
        if found_codes:
            source.selections.append(Selection(start, end, tuple(found_codes)))
    source.source_codes = _codings(el, codes, source.warnings)
    for vv in _children(el, "VariableValue"):
        ref = _child(vv, "VariableRef")
        var = variables.get(_guid(ref.get("targetGUID") if ref is not None else None))
        value = next((c.text for c in vv if _local(c.tag) in _VALUE_TAGS and c.text), None)
        if var and value is not None:
            source.variables[var] = value.strip()
    return source


# --- reader ----------------------------------------------------------------------------------


def _load(path: Path, raw: bytes) -> tuple[Project, dict[str, dict[str, str]], Path | None]:
    project = load_project(path, raw)
    mfile = mapping_file(path)
    return project, (load_mapping(mfile) if mfile else {}), mfile


@parts(".qdpx")
def list_sources(path: Path, key: str, raw: bytes) -> list[str]:
    """The names of the project's text sources (each read as its own Document)."""
    project, _, _ = _load(path, raw)
    return list(project.sources)


@reader(".qdpx")
def read_qdpx(path: Path, key: str, raw: bytes) -> Document:
    base, fragment = split_key(path, key)
    project, mapping, mfile = _load(path, raw)
    if fragment is None:
        if len(project.sources) != 1:
            if not project.sources:
                other = f" ({project.others} PDF, picture or media source(s) are not read)" if project.others else ""
                raise InputError(path, f"the project holds no text sources{other}; "
                                       "code text sources (transcripts, notes) and export again")
            raise InputError(path, f"holds {len(project.sources)} text sources; read them one by one as "
                                   "'<file>#<source name>' (changemap build does this)")
        fragment = next(iter(project.sources))
    source = project.sources.get(fragment)
    where = f"{path}#{fragment}"
    if source is None:
        raise InputError(path, f"has no text source named '{fragment}'; "
                               f"sources: {', '.join(project.sources) or 'none'}")
    if source.text is None:
        raise InputError(where, f"the source's text is not inside the project ({source.where or 'no path'}); "
                                "export the project with its sources embedded")
    text, at = _normalise(source.text)
    if not text.strip():
        raise InputError(where, "the source has no text; leave it out or add its text")
    warnings = list(source.warnings)
    blocks = parse_blocks(text)
    coded = []
    for sel in source.selections:
        if not 0 <= sel.start < sel.end <= len(source.text):
            warnings.append(f"a selection coded {';'.join(sel.codes)} at {sel.start}-{sel.end} lies outside "
                            f"the source's {len(source.text)} characters; it was left out")
            continue
        s, e = at(sel.start), at(sel.end)
        coded.append(_coded_block(text, blocks, s, e, sel.codes))
    coded.sort(key=lambda b: (b.start, b.end))
    meta: dict = {FIELD_KEYS[k]: v for k, v in ((_meta_key(n).replace("-", "_"), v)
                                                for n, v in source.variables.items()) if k in FIELD_KEYS}
    meta.update({"project": project.name, "variables": dict(source.variables), "code_mapping": mapping,
                 "source_codes": list(source.source_codes)})
    if mfile is not None:
        meta["code_mapping_file"] = str(mfile)
    if warnings:
        meta[WARNINGS] = warnings
    doc = Document(path=path, key=f"{base}#{fragment}", text=text,
                   sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), media_type="text/plain",
                   title=str(meta.get("title") or source.name), metadata=meta, blocks=blocks + coded)
    doc.kind = classify(doc)
    return doc


def _normalise(text: str):
    """Text with Unix line ends, and a function mapping an offset in ``text`` to one in the result."""
    crlf = [m.start() for m in re.finditer("\r\n", text)]
    new = text.replace("\r\n", "\n").replace("\r", "\n")
    return new, lambda offset: offset - bisect.bisect_left(crlf, offset)


def _coded_block(text: str, blocks: list[Block], s: int, e: int, codes: tuple[str, ...]) -> Block:
    line_start = text.rfind("\n", 0, s) + 1
    around = None
    for b in blocks:
        if text.rfind("\n", 0, b.start) + 1 <= s:
            around = b
        else:
            break
    inside = around is not None and s <= around.end
    return Block("coded", text[s:e], s, e,
                 headings=around.headings + ((around.text,) if around.kind == "heading" else ()) if around else (),
                 speaker=around.speaker if inside and around.kind == "turn" else None,
                 row={"codes": ";".join(codes)}, line=text.count("\n", 0, line_start) + 1)
