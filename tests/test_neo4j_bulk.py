"""`changemap export neo4j-csv`: files for `neo4j-admin database import full`.

There is no neo4j-admin here, so the check is to read the files back the way it does
(the quoting rules of its CSV reader, its header types, its array splitting and its
handling of empty fields), with the options import.sh passes it, and to compare what
comes out with the property graph -- and, through it, with the RDF graph.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from changemap.errors import ChangemapError, Neo4jMappingError
from changemap.neo4j import bulk, property_graph, read_triples
from changemap.neo4j.model import Node, PropertyGraph, Rel, schema_triples, to_triples
from changemap.neo4j.schema import BASE_LABEL, ENGAGES_WITH, META_LABEL

ID = "https://w3id.org/changemap/id/"


# -- reading the files as neo4j-admin would -------------------------------------------------

def run_import_script(folder: Path, tmp_path: Path, *args: str, env: dict[str, str] | None = None):
    """Run import.sh with a stand-in neo4j-admin that records its arguments."""
    fake = tmp_path / "fake-neo4j-admin"
    record = tmp_path / "argv.json"
    fake.write_text(f"#!{sys.executable}\nimport json, sys\n"
                    f"json.dump(sys.argv[1:], open({str(record)!r}, 'w'))\n")
    fake.chmod(0o755)
    record.unlink(missing_ok=True)
    proc = subprocess.run(["sh", str(folder / "import.sh"), *args], capture_output=True, text=True,
                          env={**os.environ, "NEO4J_ADMIN": str(fake), **(env or {})}, timeout=30)
    argv = json.loads(record.read_text()) if record.exists() else None
    return proc, argv


def options(argv: list[str]) -> tuple[dict[str, str], list[tuple[str, list[str]]]]:
    """The single-valued options, and the --nodes / --relationships sources in order."""
    assert argv[:3] == ["database", "import", "full"]
    single, sources = {}, []
    for arg in argv[4:]:
        name, _, value = arg.partition("=")
        if name in ("--nodes", "--relationships"):
            sources.append((name[2:], value.split(",")))
        else:
            assert name not in single, f"{name} given twice"
            single[name] = value
    return single, sources


def seek_fields(text: str, delimiter: str = ",", quote: str = '"') -> list[list[tuple[str, bool]]]:
    """Rows of (value, was quoted), by the rules of neo4j-admin's CSV reader without
    legacy quoting: a quote opens a field only as its first character, a doubled quote
    inside is one quote, line breaks inside quotes belong to the value (multiline fields),
    anything but a delimiter or line end after the closing quote is an error, and
    empty lines are skipped."""
    rows: list[list[tuple[str, bool]]] = []
    row: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if not row and text[i] in "\r\n":
            i += 1
            continue
        if text[i] == quote:
            i += 1
            parts = []
            while True:
                j = text.find(quote, i)
                assert j >= 0, "missing end quote"
                parts.append(text[i:j])
                if j + 1 < n and text[j + 1] == quote:
                    parts.append(quote)
                    i = j + 2
                    continue
                i = j + 1
                break
            assert i >= n or text[i] in (delimiter, "\n", "\r"), "data after the closing quote"
            row.append(("".join(parts), True))
        else:
            j = i
            while j < n and text[j] not in (delimiter, "\n", "\r"):
                j += 1
            row.append((text[i:j], False))
            i = j
        if i < n and text[i] == delimiter:
            i += 1
            if i >= n or text[i] in "\r\n":
                row.append(("", False))
            else:
                continue
        rows.append(row)
        row = []
    if row:
        rows.append(row)
    return rows


JAVA_DOUBLE = re.compile(r"[+-]?(NaN|Infinity|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?)")


def convert(kind: str, value: str, quoted: bool, array_delimiter: str) -> object:
    """A field as neo4j-admin stores it (None: no property)."""
    if kind.endswith("[]"):
        if value == "":
            return None  # neo4j-admin does not import empty arrays
        return [convert(kind[:-2], v, True, array_delimiter) for v in value.split(array_delimiter)]
    if kind == "string":
        return None if value == "" and not quoted else value
    if value == "":
        return None
    if kind == "long":
        assert re.fullmatch(r"-?[0-9]+", value.strip()), value
        number = int(value)
        assert -(2 ** 63) <= number < 2 ** 63, "neo4j-admin would wrap this silently"
        return number
    if kind == "double":
        assert JAVA_DOUBLE.fullmatch(value.strip()), value
        return float(value)
    if kind == "boolean":
        return value.strip() == "true"
    if kind == "date":
        return dt.date.fromisoformat(value)
    raise AssertionError(f"unexpected type {kind}")


def header_columns(text: str) -> list[tuple[str, str]]:
    """(name, type) per header entry; the name is '' for :LABEL, :TYPE and the ends."""
    [entries] = list(csv.reader(io.StringIO(text)))
    out = []
    for entry in entries:
        name, _, kind = entry.partition(":")
        if kind.startswith("ID"):
            assert kind == "ID", "one ID space"
            kind = "ID"
        out.append((name, kind or "string"))
    return out


def read_back(folder: Path, tmp_path: Path) -> tuple[PropertyGraph, dict[str, object], dict[str, str]]:
    """The graph neo4j-admin would build from ``folder``, the export record node, and the options."""
    proc, argv = run_import_script(folder, tmp_path, "graphdb")
    assert proc.returncode == 0, proc.stderr
    assert argv[3] == "graphdb"
    opts, sources = options(argv)
    assert opts["--delimiter"] == "," and opts["--quote"] == '"' and opts["--id-type"] == "string"
    assert opts["--legacy-style-quoting"] == "false" and opts["--ignore-empty-strings"] == "false"
    assert opts["--trim-strings"] == "false"
    assert re.fullmatch(r"U\+[0-9A-F]{4}", opts["--array-delimiter"])
    delim = chr(int(opts["--array-delimiter"][2:], 16))
    multiline = opts.get("--multiline-fields") == "true"
    nodes: dict[str, Node] = {}
    rels: list[Rel] = []
    meta: dict[str, object] = {}
    for kind, files in sources:
        assert len(files) == 2 and files[0].endswith(".header.csv")
        header, data = (Path(f) for f in files)
        assert header.resolve().parent == folder.resolve() == data.resolve().parent
        columns = header_columns(header.read_text(encoding="utf-8"))
        text = data.read_bytes().decode("utf-8")
        rows = seek_fields(text)
        limit = csv.field_size_limit(len(text) + 1)
        try:
            plain = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        finally:
            csv.field_size_limit(limit)
        assert [[v for v, _ in r] for r in rows] == plain  # Python's reader agrees on every value
        if not multiline:
            assert len(rows) == text.count("\n")
        for row in rows:
            assert len(row) == len(columns)
            props: dict[str, object] = {}
            special: dict[str, object] = {}
            for (name, col), (value, quoted) in zip(columns, row, strict=True):
                if col == "ID":
                    special["ID"] = value
                    props[name] = value
                elif name == "":
                    special[col] = value.split(delim) if col == "LABEL" else value
                else:
                    converted = convert(col, value, quoted, delim)
                    if converted is not None:
                        props[name] = converted
            if kind == "nodes":
                labels = special.get("LABEL", [])
                if META_LABEL in labels:
                    meta = props
                    continue
                assert labels[0] == BASE_LABEL and "ID" in special
                assert special["ID"] not in nodes, "duplicate node id"
                nodes[special["ID"]] = Node(special["ID"], tuple(sorted(labels[1:])), props)
            else:
                start, end, rel_type = special["START_ID"], special["END_ID"], special["TYPE"]
                assert start in nodes and end in nodes, "relationship to a node not in the files"
                rels.append(Rel(start, rel_type, end, tuple(sorted(props.items()))))
    return PropertyGraph(nodes, rels), meta, opts


def typed(value: object) -> object:
    """A value with its Python type spelled out (1, 1.0 and True differ; so do 0.0 and -0.0)."""
    if isinstance(value, list):
        return ("list", tuple(typed(v) for v in value))
    if isinstance(value, float):
        return ("float", repr(value))
    return (type(value).__name__, value)


def assert_same_graph(back: PropertyGraph, graph: PropertyGraph) -> None:
    assert set(back.nodes) == set(graph.nodes)
    for iri, node in graph.nodes.items():
        got = back.nodes[iri]
        assert got.labels == tuple(sorted(node.labels)), iri
        assert {k: typed(v) for k, v in got.props.items()} == {k: typed(v) for k, v in node.props.items()}, iri
    want = sorted((r.start, r.type, r.end, tuple(sorted((k, typed(v)) for k, v in r.props))) for r in graph.rels)
    have = sorted((r.start, r.type, r.end, tuple(sorted((k, typed(v)) for k, v in r.props))) for r in back.rels)
    assert have == want


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# -- the example corpus ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def example_export(example_build, tmp_path_factory):
    out = tmp_path_factory.mktemp("bulk") / "neo4j-csv"
    report = bulk.write_build(example_build.out_dir, out)
    return example_build, out, report


def test_example_round_trips_through_the_files(example_export, tmp_path):
    build, out, report = example_export
    graph = property_graph(build.out_dir)
    back, meta, opts = read_back(out, tmp_path)
    assert_same_graph(back, graph)
    # ... and so the RDF: the triples of what neo4j-admin would load, plus the ontology's
    # own axioms (which the package puts back), are the build's graph
    triples = read_triples(build.out_dir)
    assert to_triples(back) | schema_triples(triples) == {ox.Triple(t.subject, t.predicate, t.object)
                                                          for t in triples}
    assert meta == {"id": "changemap", "changemap": bulk.__version__, "ontology": bulk.schema().fingerprint,
                    "source": str(build.out_dir.resolve()), "nodes": len(graph.nodes),
                    "relationships": len(graph.rels)}
    assert report.nodes == len(graph.nodes) and report.relationships == len(graph.rels)
    assert sum(g.rows for g in report.groups if g.what != META_LABEL) == len(graph.nodes) + len(graph.rels)
    # the example has line breaks in quotes and a key typed differently on nodes of one label set
    assert opts["--multiline-fields"] == "true" and opts["--array-delimiter"] == "U+001F"
    assert any(".part2." in g.header for g in report.groups)
    assert "nodes" in report.summary() and str(len(graph.nodes)) in report.summary()


def test_import_script_names_every_file_once(example_export, tmp_path):
    _, out, report = example_export
    proc, argv = run_import_script(out, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert argv[3] == "neo4j"  # the default database, before the multi-valued options
    opts, sources = options(argv)
    assert opts["--overwrite-destination"] == "false"
    named = [Path(f).name for _, files in sources for f in files]
    assert len(named) == len(set(named))
    assert set(named) == {p.name for p in out.glob("*.csv")}
    assert sorted([*named, "import.sh", "after-import.cypher", "README.txt", bulk.MARKER]) == report.files
    assert sorted(p.name for p in out.iterdir()) == report.files
    assert os.access(out / "import.sh", os.X_OK)
    # every file name, read as neo4j-admin's default regular expression, matches only itself
    for name in named:
        assert [other for other in named if re.fullmatch(name, other)] == [name]
    # OVERWRITE=true is the only way to get --overwrite-destination=true
    _, argv = run_import_script(out, tmp_path, "other", env={"OVERWRITE": "true"})
    assert argv[3] == "other" and "--overwrite-destination=true" in argv
    proc, argv = run_import_script(out, tmp_path, env={"OVERWRITE": "yes"})
    assert proc.returncode == 2 and argv is None
    proc, argv = run_import_script(out, tmp_path, env={"IMPORT_DIR": "/srv/a,b"})
    assert proc.returncode == 2 and "comma" in proc.stderr and argv is None
    _, argv = run_import_script(out, tmp_path, env={"IMPORT_DIR": "/import"})
    assert "--nodes=/import/nodes-Evidence.header.csv,/import/nodes-Evidence.csv" in argv


def test_readme_manifest_and_constraint(example_export):
    _, out, report = example_export
    readme = (out / "README.txt").read_text()
    assert "after-import.cypher" in readme and "OVERWRITE=true" in readme and str(report.nodes) in readme
    cypher = (out / "after-import.cypher").read_text()
    assert "CREATE CONSTRAINT changemap_iri IF NOT EXISTS FOR (n:Changemap) REQUIRE n.iri IS UNIQUE;" in cypher
    manifest = json.loads((out / bulk.MARKER).read_text())
    assert manifest["format"] == bulk.FORMAT and manifest["nodes"] == report.nodes
    import hashlib

    for name, stats in manifest["files"].items():
        data = (out / name).read_bytes()
        assert stats["bytes"] == len(data) and stats["sha256"] == hashlib.sha256(data).hexdigest()


def test_same_graph_same_bytes(example_export, tmp_path):
    build, out, _ = example_export
    again = tmp_path / "again"
    bulk.write_build(build.out_dir, again)
    assert snapshot(again) == snapshot(out)
    # writing over an earlier export replaces it whole, with the same bytes
    bulk.write_build(property_graph(build.out_dir), again)
    assert snapshot(again).keys() == snapshot(out).keys()


# -- hostile values ------------------------------------------------------------------------

HOSTILE = [
    'He said "no, never",\nthen left;\r\nfor good',
    '=HYPERLINK("http://example.org")', "+1", "-2", "@sum(A1)",
    'back\\slash \\" and \\\\', '"', '""', ",", "\n", "\r", " padded ", "\t",
    "Zürich – café 🎉 漢字 \u2028", "a\x1fb scalar strings may hold the delimiter", "",
]


def hostile_graph() -> PropertyGraph:
    a, b, c, d = (ID + s for s in ("stakeholder/a,b;c", "stakeholder/é", "moment/1", "moment/2"))
    e, f = ID + "moment/3", ID + "evidence/x"
    nodes = {
        a: Node(a, ("CivilSocietyOrganisation", "Stakeholder"),
                {"iri": a, "label": HOSTILE, "alt_label": ["x\x1fy", "", "z;w"], "pref_label": "single",
                 "_types": ["label|0|@en"]}),
        b: Node(b, ("CivilSocietyOrganisation", "Stakeholder"),
                {"iri": b, "pref_label": ["two", "values"], "label": [""] + ["only one empty element"]}),
        c: Node(c, ("PivotalMoment",), {"iri": c, "has_time_stamp": [2019, -(2 ** 63), 2 ** 63 - 1]}),
        d: Node(d, ("PivotalMoment",), {"iri": d, "has_time_stamp": [dt.date(2019, 3, 4), dt.date(1, 1, 1)]}),
        e: Node(e, ("PivotalMoment",), {"iri": e, "has_time_stamp": ["spring 2019"], "year": [2019]}),
        f: Node(f, ("Evidence",), {"iri": f, "confidence": -0.0, "exact": "", "start": [0],
                                   "is_generic": [True, False],
                                   "quote": [0.1, 1e-05, 1e16, 5e-324, 123.456, math.inf, -math.inf, math.nan],
                                   "prefix": "=1+1", "suffix": '"'}),
    }
    rels = [Rel(a, ENGAGES_WITH, b, (("mode", 'data, "sharing"\n'), ("evidence_count", 3), ("engagements", 2))),
            Rel(a, ENGAGES_WITH, b, (("mode", "training"), ("evidence_count", 0), ("engagements", 1))),
            Rel(c, "HAS_ACTOR", a, ()), Rel(f, "WAS_QUOTED_FROM", c, ())]
    return PropertyGraph(nodes, rels)


def test_hostile_values_come_back_exactly(tmp_path):
    graph = hostile_graph()
    out = tmp_path / "out"
    report = bulk.write_import_files(graph, out)
    back, meta, opts = read_back(out, tmp_path)
    assert_same_graph(back, graph)
    assert to_triples(back) == to_triples(graph)
    # U+001F is inside a list element, so the next separator is the array delimiter
    assert report.array_delimiter == "\x1e" and opts["--array-delimiter"] == "U+001E"
    assert opts["--multiline-fields"] == "true"
    assert meta["source"] == "" and meta["nodes"] == 6
    # the key typed differently on each node of a label set splits it, each column keeps its type
    headers = {p.name: p.read_text() for p in out.glob("nodes-PivotalMoment*.header.csv")}
    assert sorted(headers.values()) == ["iri:ID,:LABEL,has_time_stamp:date[]\n",
                                        "iri:ID,:LABEL,has_time_stamp:long[]\n",
                                        "iri:ID,:LABEL,has_time_stamp:string[],year:long[]\n"]
    stakeholder = sorted(p.read_text() for p in out.glob("nodes-CivilSocietyOrganisation-Stakeholder*.header.csv"))
    assert stakeholder == ["iri:ID,:LABEL,_types:string[],alt_label:string[],label:string[],pref_label:string\n",
                           "iri:ID,:LABEL,label:string[],pref_label:string[]\n"]
    assert (out / "rels-ENGAGES_WITH.header.csv").read_text() == (
        ":START_ID,:END_ID,:TYPE,engagements:long,evidence_count:long,mode:string\n")


def test_a_row_longer_than_the_read_buffer_raises_it(tmp_path):
    iri = ID + "finding/long"
    text = "x" * 2_500_000 + "é"
    graph = PropertyGraph({iri: Node(iri, ("Finding",), {"iri": iri, "statement": [text]})}, [])
    report = bulk.write_import_files(graph, tmp_path / "out")
    _, argv = run_import_script(tmp_path / "out", tmp_path)
    opts, _ = options(argv)
    assert report.read_buffer_size and int(opts["--read-buffer-size"]) >= 2 * len(text)
    assert "--multiline-fields" not in opts  # no line breaks anywhere
    back, _, _ = read_back(tmp_path / "out", tmp_path)
    assert back.nodes[iri].props["statement"] == [text]
    small = bulk.write_import_files(small_graph(), tmp_path / "small")
    assert small.read_buffer_size is None


@pytest.mark.parametrize(("value", "message"), [
    ([], "empty array"), ([""], "empty array"), (2 ** 63, "64 bits"), (-(2 ** 63) - 1, "64 bits"),
    ([1, "a"], "one type"), (dt.datetime(2020, 1, 1), "no neo4j-admin column type"), ({"a": 1}, "column type"),
])
def test_values_neo4j_admin_cannot_hold_are_refused(tmp_path, value, message):
    iri = ID + "finding/1"
    graph = PropertyGraph({iri: Node(iri, ("Finding",), {"iri": iri, "statement": value})}, [])
    with pytest.raises(Neo4jMappingError, match=message) as err:
        bulk.write_import_files(graph, tmp_path / "out")
    assert iri in str(err.value) and "statement" in str(err.value)
    assert not (tmp_path / "out").exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("change", ["label", "key", "type", "dangling", "iri"])
def test_names_outside_the_allowlist_are_refused(tmp_path, change):
    iri = ID + "finding/1"
    node = Node(iri, ("Finding",), {"iri": iri, "statement": ["s"]})
    rels = [Rel(iri, "ABOUT", iri)]
    if change == "label":
        node.labels = ("Finding:Admin",)
    elif change == "key":
        node.props["x`:string,y"] = "s"
    elif change == "type":
        rels = [Rel(iri, "NOT_A_TYPE", iri)]
    elif change == "dangling":
        rels = [Rel(iri, "ABOUT", ID + "nowhere")]
    else:
        node.props["iri"] = ID + "other"
    with pytest.raises(Neo4jMappingError):
        bulk.write_import_files(PropertyGraph({iri: node}, rels), tmp_path / "out")
    assert not (tmp_path / "out").exists()


# -- the output folder -----------------------------------------------------------------------

def small_graph(n: int = 2) -> PropertyGraph:
    nodes = {ID + f"finding/{i}": Node(ID + f"finding/{i}", ("Finding",),
                                       {"iri": ID + f"finding/{i}", "statement": [f"s{i}"]}) for i in range(n)}
    return PropertyGraph(nodes, [])


def test_a_foreign_folder_is_not_overwritten(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work")
    with pytest.raises(ChangemapError, match="precious.*not empty.*changemap export neo4j-csv") as err:
        bulk.write_import_files(small_graph(), out)
    assert isinstance(err.value, bulk.ExportFolderError) and str(out) in str(err.value)
    assert snapshot(out) == {"thesis.docx": b"years of work"}
    # a look-alike marker is not enough
    (out / bulk.MARKER).write_text('{"format": "something-else"}')
    with pytest.raises(bulk.ExportFolderError):
        bulk.write_build(tmp_path / "no-such-build", out)
    # nor is a file where the folder should be
    with pytest.raises(bulk.ExportFolderError, match="not a folder"):
        bulk.write_import_files(small_graph(), out / "thesis.docx")
    # an empty folder is fine
    empty = tmp_path / "empty"
    empty.mkdir()
    bulk.write_import_files(small_graph(), empty)
    assert (empty / "import.sh").exists()


def test_an_earlier_export_is_replaced_whole(tmp_path):
    out = tmp_path / "out"
    bulk.write_import_files(hostile_graph(), out)
    assert (out / "rels-ENGAGES_WITH.csv").exists()
    bulk.write_import_files(small_graph(), out)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["nodes-Finding.header.csv", "nodes-Finding.csv", "nodes-ChangemapExport.header.csv",
         "nodes-ChangemapExport.csv", "import.sh", "after-import.cypher", "README.txt", bulk.MARKER])
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_failure_mid_write_leaves_the_old_folder(tmp_path, monkeypatch):
    out = tmp_path / "out"
    bulk.write_import_files(small_graph(), out)
    before = snapshot(out)
    calls = []
    real = bulk._Writer.table

    def failing(self, stem, header, rows):
        calls.append(stem)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(self, stem, header, rows)

    monkeypatch.setattr(bulk._Writer, "table", failing)
    with pytest.raises(OSError, match="disk full"):
        bulk.write_import_files(hostile_graph(), out)
    assert len(calls) == 3
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left


def test_cli_writes_the_folder(example_build, tmp_path):
    from changemap.cli import cli

    out = tmp_path / "csv"
    result = CliRunner().invoke(cli, ["export", "neo4j-csv", "-g", str(example_build.out_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "import.sh").exists() and "import.sh" in result.output
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep")
    result = CliRunner().invoke(cli, ["export", "neo4j-csv", "-g", str(example_build.out_dir), "-o", str(foreign)])
    assert result.exit_code == 1 and "not empty" in result.output
    assert (foreign / "notes.txt").read_text() == "keep"
