"""Header and data files for ``neo4j-admin database import full``: the bulk path into Neo4j.

:func:`write_import_files` writes a :class:`~changemap.neo4j.model.PropertyGraph` into
a folder; :func:`write_build` does the same for a build folder.  The folder holds

- ``nodes-<Label>-<Label>.header.csv`` and ``.csv`` for every set of class labels
  (``nodes-Changemap`` for nodes with none), with ``iri:ID``, ``:LABEL`` and one typed
  column per property key;
- ``rels-<TYPE>.header.csv`` and ``.csv`` for every relationship type, with
  ``:START_ID``, ``:END_ID``, ``:TYPE`` and, on ``ENGAGES_WITH``, its typed properties;
- ``nodes-ChangemapExport`` (no ID): the export record that ``changemap export neo4j``
  keeps, so the imported database looks the same as a synced one;
- ``import.sh`` (the exact ``neo4j-admin`` command, naming every file), ``after-import.cypher``
  (the unique constraint on ``:Changemap(iri)`` and the indexes the online export uses),
  ``README.txt`` and ``changemap-neo4j-csv.json`` (what was written, and the mark that
  lets a later run replace the folder).

The result imports into exactly the nodes, labels, properties and relationships that
``changemap export neo4j`` writes: the tests read the files back the way neo4j-admin
does and compare.

Format decisions (all of them passed explicitly in ``import.sh``, so no default matters):

- UTF-8, ``,`` between fields, rows end in ``\\n``; one ID space (``--id-type=string``):
  ``iri:ID`` both identifies a node and is stored as its ``iri`` property.
- Every text field (IRIs, strings, string arrays) is quoted, a ``"`` inside doubled
  (RFC 4180; ``--legacy-style-quoting=false``, so a backslash is an ordinary character).
  Commas, quotes and line breaks inside values are therefore safe; ``--multiline-fields=true``
  is added when some value holds a line break.  A missing property is an empty unquoted
  field (neo4j-admin sets nothing); an empty string is ``""``, which neo4j-admin keeps
  as an empty string with ``--ignore-empty-strings=false``.  Numbers, booleans and dates
  are written bare: ``long`` (range-checked: neo4j-admin would wrap a larger number
  silently), ``double`` (Python's shortest round-trip form, which Java's parser reads back
  to the same double; ``Infinity``/``NaN`` spelled the Java way), ``boolean`` (``true`` /
  ``false``), ``date`` (ISO 8601).  A row too long for neo4j-admin's default 4 MiB read
  buffer adds a ``--read-buffer-size`` that holds it.
- Lists are ``T[]`` columns whose elements are joined by the array delimiter.  neo4j-admin
  has no escape for that delimiter inside an element, so it is chosen per export as the
  first of U+001F, U+001E, U+001D, U+001C (the ASCII separator controls, which text
  almost never holds) that occurs in no list element, and passed as
  ``--array-delimiter=U+001F`` (neo4j-admin takes ``U+XXXX``; it must be one UTF-16 unit
  and differ from the field delimiter and the quote).  Scalar strings may hold it freely.
  Two lists cannot be written: the empty list and ``[""]``, since neo4j-admin skips an
  empty array field (its documentation: CSV import does not import empty arrays); both
  raise :class:`~changemap.errors.Neo4jMappingError` (``changemap export neo4j`` can write
  them).  :func:`~changemap.neo4j.model.from_triples` never makes an empty list.
- A header declares one type per column, but a key may be a scalar on some nodes of a
  label set and a list on others, or a ``long[]`` on some and a ``string[]`` on others (a
  ``gYear`` beside a plain string date).  Rather than widen such a column to
  ``string[]``, which would change the values' types, the label set's nodes are split
  into as few parts as keep every column of one type (``nodes-PivotalMoment.part1``,
  ``.part2``...): every value is written with its own type.  A list mixing types within
  one value cannot be stored by Neo4j at all and raises.
- Labels, relationship types and keys are checked against the allowlist of
  :mod:`changemap.neo4j.schema` and must be plain names (letters, digits, ``_``), so a
  header entry and a file name can hold nothing else.
- Formula injection (``=``, ``+``, ``-``, ``@`` at the start of a cell) is not guarded
  against and need not be: the files are input for neo4j-admin, not for a spreadsheet,
  and a guard would change the values.
- Deterministic: nodes sorted by IRI, relationships by type, ends and properties,
  columns by key; the same graph gives the same bytes.

The folder is written beside ``out_dir`` and swapped in whole (:func:`changemap.atomic.replace_dir`),
so a failure leaves the earlier folder as it was.  An existing ``out_dir`` is replaced
only if it is empty or holds ``changemap-neo4j-csv.json`` from an earlier export.

>>> from changemap.neo4j.model import Node, PropertyGraph
>>> import tempfile, pathlib
>>> g = PropertyGraph({"https://w3id.org/changemap/id/a": Node("https://w3id.org/changemap/id/a", ("Finding",),
...     {"iri": "https://w3id.org/changemap/id/a", "statement": ['Said "yes",\\nthen no']})}, [])
>>> out = pathlib.Path(tempfile.mkdtemp()) / "csv"
>>> report = write_import_files(g, out)
>>> (out / "nodes-Finding.header.csv").read_text()
'iri:ID,:LABEL,statement:string[]\\n'
>>> (out / "nodes-Finding.csv").read_text()
'"https://w3id.org/changemap/id/a",Changemap\\x1fFinding,"Said ""yes"",\\nthen no"\\n'
>>> import shutil; shutil.rmtree(out.parent)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import ExportFolderError, Neo4jMappingError
from .bulk_script import (
    AFTER_IMPORT,
    DELIMITER,
    IMPORT_SCRIPT,
    MARKER,
    META_STEM,
    README,
    _unicode,
    after_import_cypher,
    import_args,
    import_script,
    readme,
)
from .model import PropertyGraph
from .schema import BASE_LABEL, META_LABEL, TYPES_KEY, Schema, schema

FORMAT = "changemap-neo4j-csv"
FORMAT_VERSION = 1
#: Array delimiter candidates, in order of preference: ASCII unit, record, group and file separators.
ARRAY_DELIMITERS = ("\x1f", "\x1e", "\x1d", "\x1c")
#: neo4j-admin's default --read-buffer-size; a row must fit in it.
DEFAULT_READ_BUFFER = 4 * 1024 * 1024
LONG_MIN, LONG_MAX = -(2 ** 63), 2 ** 63 - 1
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SEPARATORS = re.compile("[\x1c-\x1f]")
_MAX_STEM = 120
_CHUNK = 20_000


# -- values ----------------------------------------------------------------------------------

class _Unwritable(Exception):
    """A value neo4j-admin cannot hold; the caller adds where it is."""


_KINDS: dict[type, str] = {str: "string", int: "long", float: "double", bool: "boolean", dt.date: "date"}


def _scalar_kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        if not LONG_MIN <= value <= LONG_MAX:
            raise _Unwritable(f"{value} does not fit in a Neo4j integer (64 bits)")
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return "date"
    raise _Unwritable(f"a {type(value).__name__} value has no neo4j-admin column type")


def _kind(value: object) -> str:
    """The header type of ``value``: ``string``, ``long[]`` ... (:class:`_Unwritable` if none)."""
    t = type(value)
    if t is str:
        return "string"
    if t is not list:
        kind = _KINDS.get(t)
        if kind is None or kind == "long":
            return _scalar_kind(value)
        return kind
    if not value or value == [""]:  # type: ignore[comparison-overlap]
        raise _Unwritable(f"the list {value!r} cannot be bulk-imported (neo4j-admin reads an empty array field "
                          "as no value); use 'changemap export neo4j' for this graph")
    first = type(value[0])  # type: ignore[index]
    kind = _KINDS.get(first)
    if kind is not None and kind != "long" and (len(value) == 1  # type: ignore[arg-type]
                                                or all(type(v) is first for v in value)):  # type: ignore[attr-defined]
        return kind + "[]"
    kinds = {_scalar_kind(v) for v in value}  # type: ignore[attr-defined]
    if len(kinds) > 1:
        raise _Unwritable(f"the list mixes {', '.join(sorted(kinds))}; a Neo4j list holds one type")
    return kinds.pop() + "[]"


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _double(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(value)


def _formatter(kind: str, delim: str) -> Callable[[object], str]:
    """Turns a value of the column type ``kind`` into its field text."""
    scalar: dict[str, Callable[[object], str]] = {
        "string": str, "long": str, "double": _double,  # type: ignore[dict-item]
        "boolean": lambda v: "true" if v else "false",
        "date": lambda v: v.isoformat(),  # type: ignore[attr-defined]
    }
    if kind == "string":
        return _quote  # type: ignore[return-value]
    if kind == "string[]":
        return lambda v: _quote(delim.join(v))  # type: ignore[arg-type]
    if kind.endswith("[]"):
        one = scalar[kind[:-2]]
        return lambda v: delim.join(map(one, v))  # type: ignore[call-overload]
    return scalar[kind]


# -- tables ----------------------------------------------------------------------------------

@dataclass
class _Part:
    """Rows that can share one header: every key has one column type among them."""

    fixed: dict[str, str]
    members: list[int] = field(default_factory=list)


def _partition(kinds: list[dict[str, str]]) -> list[tuple[list[tuple[str, str]], list[int]]]:
    """Split rows (given as ``{key: column type}``) into as few parts, in row order, as
    keep each key's type one per part; each part with its sorted columns."""
    pairs: set[tuple[str, str]] = set()
    for row in kinds:
        pairs.update(row.items())
    seen: dict[str, set[str]] = {}
    for key, kind in pairs:
        seen.setdefault(key, set()).add(kind)
    clash = sorted(k for k, v in seen.items() if len(v) > 1)
    parts: list[_Part] = []
    if not clash:
        parts.append(_Part({}, list(range(len(kinds)))))
    else:
        for i, row in enumerate(kinds):
            own = {k: row[k] for k in clash if k in row}
            for part in parts:
                if all(part.fixed.get(k, v) == v for k, v in own.items()):
                    part.fixed.update(own)
                    part.members.append(i)
                    break
            else:
                parts.append(_Part(own, [i]))
    out = []
    for part in parts:
        keys = sorted(seen) if len(parts) == 1 else sorted({k for i in part.members for k in kinds[i]})
        out.append(([(k, part.fixed.get(k) or next(iter(seen[k]))) for k in keys], part.members))
    return out


@dataclass(frozen=True)
class FileGroup:
    """One ``--nodes`` or ``--relationships`` source: a header file and a data file."""

    kind: str  # "nodes" or "relationships"
    stem: str
    what: str  # the labels or the relationship type
    rows: int

    @property
    def header(self) -> str:
        return f"{self.stem}.header.csv"

    @property
    def data(self) -> str:
        return f"{self.stem}.csv"


@dataclass
class BulkReport:
    """What :func:`write_import_files` wrote."""

    out_dir: Path
    nodes: int
    relationships: int
    groups: list[FileGroup]
    array_delimiter: str
    multiline: bool
    read_buffer_size: int | None
    bytes: int
    seconds: float

    @property
    def files(self) -> list[str]:
        """Every file written, by name."""
        names = [name for g in self.groups for name in (g.header, g.data)]
        return sorted([*names, IMPORT_SCRIPT, AFTER_IMPORT, README, MARKER])

    def summary(self) -> str:
        nodes = sum(1 for g in self.groups if g.kind == "nodes")
        return (f"{self.nodes} nodes and {self.relationships} relationships in {nodes} node and "
                f"{len(self.groups) - nodes} relationship file pairs ({_size(self.bytes)}, {self.seconds:.1f} s)")


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.1f} kB"


def _stem(prefix: str, names: Iterable[str]) -> str:
    text = "-".join(names)
    stem = f"{prefix}-{text}"
    if len(stem) > _MAX_STEM:
        first = text.split("-", 1)[0]
        stem = f"{prefix}-{first}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"
    return stem


def _check_name(name: str, what: str) -> str:
    if not _NAME.fullmatch(name):
        raise Neo4jMappingError(f"{what} {name!r} is not a plain name (letters, digits and '_'); it cannot go "
                                "into a neo4j-admin header or file name")
    return name


class _Writer:
    """Writes header and data files into a folder and keeps their sizes and digests."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.stats: dict[str, dict[str, object]] = {}
        self.longest = 0
        self.multiline = False

    def text(self, name: str, text: str, mode: int | None = None) -> None:
        data = text.encode("utf-8")
        path = self.folder / name
        path.write_bytes(data)
        if mode is not None:
            path.chmod(mode)
        self.stats[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    def table(self, stem: str, header: list[str], rows: Iterator[str]) -> int:
        self.text(f"{stem}.header.csv", DELIMITER.join(header) + "\n")
        digest, size, count = hashlib.sha256(), 0, 0
        with open(self.folder / f"{stem}.csv", "wb") as fh:
            chunk: list[str] = []
            for row in rows:
                chunk.append(row)
                if len(chunk) >= _CHUNK:
                    size += self._flush(fh, digest, chunk)
                    count += len(chunk)
                    chunk = []
            if chunk:
                size += self._flush(fh, digest, chunk)
                count += len(chunk)
        self.stats[f"{stem}.csv"] = {"bytes": size, "rows": count, "sha256": digest.hexdigest()}
        return count

    def _flush(self, fh, digest, chunk: list[str]) -> int:
        text = "\n".join(chunk) + "\n"
        if not self.multiline and text.count("\n") + text.count("\r") > len(chunk):
            self.multiline = True
        self.longest = max(self.longest, max(map(len, chunk)))
        data = text.encode("utf-8")
        digest.update(data)
        fh.write(data)
        return len(data)


# -- the export ------------------------------------------------------------------------------

def _choose_delimiter(used: set[str]) -> str:
    for candidate in ARRAY_DELIMITERS:
        if candidate not in used:
            return candidate
    raise Neo4jMappingError("every array delimiter changemap can use (U+001C to U+001F) occurs inside list "
                            "values, so neo4j-admin could not split them; use 'changemap export neo4j'")


def _row_kinds(props: Iterable[tuple[str, object]], used: set[str], skip: str | None = None) -> dict[str, str]:
    """``{key: column type}`` of one node or relationship (``skip`` left out); separator
    characters found in its string lists are added to ``used``.  A value that cannot be
    written raises :class:`_Unwritable` with the key as its second argument."""
    row: dict[str, str] = {}
    for key, value in props:
        if key == skip:
            continue
        try:
            kind = row[key] = _kind(value)
        except _Unwritable as err:
            raise _Unwritable(str(err), key) from None
        if kind == "string[]":
            found = _SEPARATORS.findall("".join(value))  # type: ignore[arg-type]
            if found:
                used.update(found)
    return row


def _node_parts(graph: PropertyGraph, m: Schema,
                used: set[str]) -> list[tuple[str, tuple[str, ...], list[tuple[str, str]], list]]:
    """(file stem, labels, columns, nodes) for every node file, in file order."""
    by_labels: dict[tuple[str, ...], list] = {}
    for iri in sorted(graph.nodes):
        node = graph.nodes[iri]
        if node.iri != iri or node.props.get("iri", iri) != iri:
            raise Neo4jMappingError(f"node <{iri}> has the iri {node.props.get('iri', node.iri)!r}; they must agree")
        by_labels.setdefault(tuple(sorted(node.labels)), []).append(node)
    keys_seen: set[str] = set()
    out = []
    for labels, nodes in sorted(by_labels.items()):
        for label in labels:
            _check_name(label, "label")
            if not m.is_label(label) or label in (BASE_LABEL, META_LABEL):
                raise Neo4jMappingError(f"label {label!r} is not in the allowlist")
        kinds = []
        try:
            for node in nodes:
                row = _row_kinds(node.props.items(), used, skip="iri")  # iri is the ID column
                keys_seen.update(row)
                kinds.append(row)
        except _Unwritable as err:
            raise Neo4jMappingError(f"node <{node.iri}>, property '{err.args[1]}': {err.args[0]}") from None
        stem = _stem("nodes", labels or (BASE_LABEL,))
        parts = _partition(kinds)
        for i, (columns, members) in enumerate(parts, 1):
            name = f"{stem}.part{i}" if len(parts) > 1 else stem
            out.append((name, labels, columns, [nodes[j] for j in members]))
    for key in sorted(keys_seen):
        _check_name(key, "property key")
        if key != TYPES_KEY:
            m.predicate_of_key(key)  # raises for a key the ontology does not have
    return out


def _rel_parts(graph: PropertyGraph, m: Schema, used: set[str]) -> list[tuple[str, str, list[tuple[str, str]], list]]:
    by_type: dict[str, list] = {}
    nodes = graph.nodes
    for r in graph.rels:
        if r.start not in nodes or r.end not in nodes:
            end = r.start if r.start not in nodes else r.end
            raise Neo4jMappingError(f"a {r.type} relationship ends at <{end}>, which is not a node of the graph")
        by_type.setdefault(r.type, []).append(r)
    out = []
    for rel_type, rels in sorted(by_type.items()):
        _check_name(rel_type, "relationship type")
        if not m.is_rel_type(rel_type):
            raise Neo4jMappingError(f"relationship type {rel_type!r} is not in the allowlist")
        rels.sort(key=lambda r: (r.start, r.end, repr(r.props) if r.props else ""))
        kinds: list[dict[str, str]] = []
        keys_seen: set[str] = set()
        if any(r.props for r in rels):
            try:
                for r in rels:
                    row = _row_kinds(r.props, used)
                    keys_seen.update(row)
                    kinds.append(row)
            except _Unwritable as err:
                raise Neo4jMappingError(f"{r.type} relationship <{r.start}> -> <{r.end}>, property "
                                        f"'{err.args[1]}': {err.args[0]}") from None
        else:
            kinds = [{}] * len(rels)
        for key in sorted(keys_seen):
            _check_name(key, "relationship property key")
        parts = _partition(kinds)
        stem = _stem("rels", (rel_type,))
        for i, (columns, members) in enumerate(parts, 1):
            name = f"{stem}.part{i}" if len(parts) > 1 else stem
            out.append((name, rel_type, columns, [rels[j] for j in members]))
    return out


def _node_rows(nodes: list, labels: tuple[str, ...], columns: list[tuple[str, str]], delim: str) -> Iterator[str]:
    label_text = delim.join((BASE_LABEL, *labels))
    fmts = [(key, _formatter(kind, delim)) for key, kind in columns]
    missing = object()
    for node in nodes:
        props = node.props
        fields = [_quote(node.iri), label_text]
        for key, fmt in fmts:
            value = props.get(key, missing)
            fields.append("" if value is missing else fmt(value))
        yield DELIMITER.join(fields)


def _rel_rows(rels: list, rel_type: str, columns: list[tuple[str, str]], delim: str) -> Iterator[str]:
    fmts = [(key, _formatter(kind, delim)) for key, kind in columns]
    if not fmts:
        for r in rels:
            yield f"{_quote(r.start)}{DELIMITER}{_quote(r.end)}{DELIMITER}{rel_type}"
        return
    for r in rels:
        props = dict(r.props)
        fields = [_quote(r.start), _quote(r.end), rel_type]
        fields += [fmt(props[key]) if key in props else "" for key, fmt in fmts]
        yield DELIMITER.join(fields)


def _header(columns: list[tuple[str, str]]) -> list[str]:
    return [f"{key}:{kind}" for key, kind in columns]


def is_export_folder(path: Path) -> bool:
    """Whether ``path`` holds an earlier neo4j-csv export (its marker file)."""
    try:
        return json.loads((path / MARKER).read_text(encoding="utf-8")).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def check_out_dir(out_dir: Path | str) -> Path:
    """``out_dir`` as a path, if it may be (re)written: missing, empty, or an earlier export."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ExportFolderError(f"{out}: exists and is not a folder; choose another output folder for the "
                                "neo4j-admin files")
    if out.is_dir() and any(out.iterdir()) and not is_export_folder(out):
        raise ExportFolderError(f"{out}: the folder is not empty and was not written by 'changemap export "
                                f"neo4j-csv' (it has no {MARKER}); choose an empty or new folder, or remove "
                                "its contents first")
    return out


def write_import_files(graph: PropertyGraph, out_dir: Path | str, *, source: str = "",
                       mapping: Schema | None = None) -> BulkReport:
    """Write ``graph`` as neo4j-admin import files into ``out_dir`` (see the module
    docstring), replacing the folder whole.  ``source`` is recorded in the export record
    node, as ``changemap export neo4j`` does."""
    from ..atomic import _umask, replace_dir

    began = time.perf_counter()
    out = check_out_dir(out_dir)
    m = mapping or schema()
    used: set[str] = set()
    node_parts = _node_parts(graph, m, used)
    rel_parts = _rel_parts(graph, m, used)
    delim = _choose_delimiter(used)
    groups: list[FileGroup] = []
    with replace_dir(out) as tmp:
        w = _Writer(tmp)
        for stem, labels, columns, nodes in node_parts:
            rows = w.table(stem, ["iri:ID", ":LABEL", *_header(columns)], _node_rows(nodes, labels, columns, delim))
            groups.append(FileGroup("nodes", stem, ":".join((BASE_LABEL, *labels)), rows))
        meta = [("changemap", "string", __version__), ("ontology", "string", m.fingerprint),
                ("source", "string", source), ("nodes", "long", len(graph.nodes)),
                ("relationships", "long", len(graph.rels))]
        meta_row = DELIMITER.join([_quote("changemap"), META_LABEL,
                                   *(_formatter(kind, delim)(value) for _, kind, value in meta)])
        w.table(META_STEM, ["id:string", ":LABEL", *(f"{k}:{kind}" for k, kind, _ in meta)], iter([meta_row]))
        groups.append(FileGroup("nodes", META_STEM, META_LABEL, 1))
        for stem, rel_type, columns, rels in rel_parts:
            rows = w.table(stem, [":START_ID", ":END_ID", ":TYPE", *_header(columns)],
                           _rel_rows(rels, rel_type, columns, delim))
            groups.append(FileGroup("relationships", stem, rel_type, rows))
        _check_patterns(groups)
        buffer = _read_buffer(w.longest)
        report = BulkReport(out.resolve(), len(graph.nodes), len(graph.rels), groups, delim, w.multiline, buffer,
                            0, 0.0)
        w.text(IMPORT_SCRIPT, import_script(report), 0o777 & ~_umask())
        w.text(AFTER_IMPORT, after_import_cypher())
        w.text(README, readme(report))
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "changemap": __version__,
                    "ontology": m.fingerprint, "nodes": len(graph.nodes), "relationships": len(graph.rels),
                    "array_delimiter": _unicode(delim), "multiline_fields": w.multiline,
                    "files": dict(sorted(w.stats.items()))}
        w.text(MARKER, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        report.bytes = sum(int(s["bytes"]) for s in w.stats.values())  # type: ignore[call-overload]
    report.seconds = time.perf_counter() - began
    return report


def write_build(graph: PropertyGraph | Path | str, out_dir: Path | str) -> BulkReport:
    """Write the graph of a build folder (or an already mapped :class:`PropertyGraph`)
    as neo4j-admin import files into ``out_dir``."""
    if isinstance(graph, PropertyGraph):
        return write_import_files(graph, out_dir)
    from . import property_graph

    check_out_dir(out_dir)  # refuse before the (longer) mapping
    return write_import_files(property_graph(graph), out_dir, source=str(Path(graph).resolve()))


def _read_buffer(longest: int) -> int | None:
    """A --read-buffer-size that holds the longest row (UTF-16 units ≤ 2 per character), if
    the default does not."""
    need = 2 * longest + 1024
    if need <= DEFAULT_READ_BUFFER:
        return None
    return -(-need // (1 << 20)) << 20


def _check_patterns(groups: list[FileGroup]) -> None:
    """neo4j-admin reads each file name as a regular expression (its default pattern
    style): make sure each one matches only itself among the files written."""
    names = [n for g in groups for n in (g.header, g.data)]
    for name in names:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
            raise Neo4jMappingError(f"file name {name!r} has characters neo4j-admin would read as a pattern")
        pattern = re.compile(name)
        if [other for other in names if other != name and pattern.fullmatch(other)]:
            raise Neo4jMappingError(f"file name {name!r} would also match another file as a pattern")


__all__ = ["BulkReport", "ExportFolderError", "FileGroup", "check_out_dir", "import_args", "is_export_folder",
           "write_build", "write_import_files"]
