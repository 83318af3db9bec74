"""``changemap build``: the whole flow from files to the output folder.

files → read → extract → resolve → RDF (quads as text, serialised to
graph.trig and graph.ttl) → SHACL → map.html, report.md, build.json.  The
output folder is replaced atomically: if anything fails, the previous build
stays as it was.  The result's Oxigraph store loads on its first query; the
build itself needs none (see :mod:`changemap.graph.store`).
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import replace_dir, write_text
from .errors import BuildError, ChangemapError, ValidationFailed
from .graph.build import build
from .graph.quads import Quads
from .graph.store import GraphStore, vocabulary_graph
from .graph.validate import ValidationReport, validate
from .graph.write import serialise, write_graph
from .ingest.extract import extract
from .ingest.read import WARNINGS, discover, read_document
from .ingest.resolve import resolve
from .model import Document, Extraction, Problem
from .review import load_decisions

MANIFEST = "build.json"
Progress = Callable[[str], None]


@dataclass
class BuildResult:
    out_dir: Path
    documents: list[Document]
    extraction: Extraction
    store: GraphStore
    quads: int
    validation: ValidationReport | None
    problems: list[Problem]
    files: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    inputs: list[str] = field(default_factory=list)
    decisions: str | None = None

    @property
    def words(self) -> int:
        return sum(len(d.text.split()) for d in self.documents)

    def counts(self) -> dict[str, int]:
        ex = self.extraction
        return {
            "documents": len(self.documents),
            "stakeholders": len(ex.stakeholders),
            "interviewees": len(ex.people),
            "engagements": len(ex.engagements),
            "pivotal_moments": len(ex.moments),
            "findings": len(ex.findings),
            "events": len(ex.events),
            "quads": self.quads,
        }


def _check_output(out_dir: Path, inputs: list[Path]) -> None:
    out = out_dir.resolve()
    for path in inputs:
        p = path.resolve()
        if out == p or out in p.parents:
            raise BuildError(f"{out_dir}: the output folder would replace the input {path}; "
                             "choose another -o folder")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MANIFEST).exists())):
        raise BuildError(f"{out_dir}: exists and is not a changemap output folder; "
                         "choose another -o folder or empty this one")


def read_all(paths: Iterable[Path | str]) -> tuple[list[Document], list[Problem]]:
    """Read every file; a file that fails becomes a problem, the rest go on."""
    files, problems = discover(paths)
    docs = []
    for path, key in files:
        try:
            doc = read_document(path, key)
        except ChangemapError as err:
            problems.append(Problem(key, str(err)))
            continue
        docs.append(doc)
        # Read, but with a caveat (a legacy encoding, a skipped coded segment …).
        problems += [Problem(key, f"{key}: {w}", "warning") for w in doc.metadata.get(WARNINGS, [])]
    return docs, problems


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration.

    A build allocates millions of small tuples, lists and strings that live
    until it ends; every full collection walks all of them again, which cost
    about a third of the RDF and writing stages (and a tenth of extraction).
    Reference counting still frees everything that is not in a cycle.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_corpus(
    paths: Iterable[Path | str],
    out_dir: Path | str,
    *,
    strict: bool = False,
    shacl: bool = True,
    outputs: bool = True,
    progress: Progress | None = None,
    decisions: Path | str | None = None,
    shacl_engine: str = "compiled",
) -> BuildResult:
    """Build the graph of ``paths`` into ``out_dir`` and return what was done.

    ``strict`` turns any problem or SHACL violation into an error (and leaves
    ``out_dir`` untouched).  ``outputs=False`` skips the map and report.
    ``decisions`` is a review decisions file (see :mod:`changemap.review`).
    ``shacl_engine`` is ``compiled`` or ``pyshacl`` (see :mod:`changemap.graph.validate`).
    """
    with paused_gc():
        return _build(paths, out_dir, strict, shacl, outputs, progress, decisions, shacl_engine)


def _build(paths: Iterable[Path | str], out_dir: Path | str, strict: bool, shacl: bool, outputs: bool,
           progress: Progress | None, decisions: Path | str | None, shacl_engine: str) -> BuildResult:
    paths = [Path(p) for p in paths]
    out_dir = Path(out_dir)
    _check_output(out_dir, paths)
    say = progress or (lambda _msg: None)
    seconds: dict[str, float] = {}
    t = time.perf_counter()

    say("reading")
    docs, problems = read_all(paths)
    seconds["read"] = time.perf_counter() - t
    if not docs:
        detail = "; ".join(str(p) for p in problems[:3]) or "no supported files found"
        raise BuildError(f"nothing to build from {', '.join(map(str, paths))}: {detail}")

    say("extracting")
    t = time.perf_counter()
    review = load_decisions(decisions)
    ex = resolve(extract(docs), review)
    problems += ex.problems
    seconds["extract"] = time.perf_counter() - t
    if strict and problems:
        raise BuildError(f"{len(problems)} problem(s) with the input (--strict): {problems[0]}")

    say("building RDF")
    t = time.perf_counter()
    quads = Quads.of(build(ex)) + vocabulary_graph()
    seconds["rdf/quads"] = time.perf_counter() - t
    graph_files = serialise(quads)  # (graph.trig, graph.ttl)
    store = GraphStore.from_text(graph_files[1], graph_files[0], lazy=True)  # loads on the first query
    seconds["rdf"] = time.perf_counter() - t
    seconds["rdf/serialise"] = seconds["rdf"] - seconds["rdf/quads"]

    report = None
    if shacl:
        say("validating")
        t = time.perf_counter()
        report = validate(quads, engine=shacl_engine)
        seconds["validate"] = time.perf_counter() - t
        if strict and not report.conforms:
            first = report.violations[0]
            raise ValidationFailed(f"graph does not conform to the SHACL shapes (--strict): "
                                   f"{first.focus}: {first.message}")

    result = BuildResult(out_dir, docs, ex, store, len(quads), report, problems, seconds=seconds,
                         inputs=[str(p.resolve()) for p in paths],
                         decisions=str(Path(decisions).resolve()) if decisions else None)
    say("writing")
    t = time.perf_counter()

    marks = [t]

    def lap(name: str) -> None:
        """Record the time since the previous lap as ``write/name``."""
        marks.append(time.perf_counter())
        seconds[f"write/{name}"] = marks[-1] - marks[-2]

    with replace_dir(out_dir) as tmp:
        result.files.update(write_graph(quads, tmp, graph_files))
        lap("graph files")
        if outputs:
            from .viz.frames import Tables
            from .viz.map import write_map
            from .viz.report import write_report
            from .viz.views import MapData

            # The tables the map and report need, from the graph in memory (no store loaded).
            tables = Tables(quads.merged(), quads.by_predicate())
            people, links, evidence = tables.stakeholders(), tables.engagements(), tables.evidence()
            lap("tables")
            result.files["map.html"] = write_map(tmp / "map.html", MapData.from_tables(tables, people, links,
                                                                                       evidence))
            lap("map")
            result.files["report.md"] = write_report(result, tmp / "report.md", stakeholders=people,
                                                     engagements=links)
            lap("report")
        write_text(tmp / MANIFEST, json.dumps(manifest(result), indent=2, ensure_ascii=False) + "\n")
        result.files[MANIFEST] = tmp / MANIFEST
    result.files = {k: out_dir / v.name for k, v in result.files.items()}
    lap("manifest")
    seconds["write"] = time.perf_counter() - t
    return result


def manifest(result: BuildResult) -> dict:
    """What build.json records: inputs, counts, merges, problems, validation."""
    v = result.validation
    return {
        "changemap_build": 1,
        "inputs": result.inputs,
        "decisions": result.decisions,
        "documents": [{"key": d.key, "kind": d.kind, "sha256": d.sha256} for d in result.documents],
        "counts": result.counts(),
        "merges": [{"name": a, "merged_into": b, "reason": r} for a, b, r in result.extraction.merges],
        "problems": [{"file": p.path, "severity": p.severity, "message": p.message}
                     for p in result.problems],
        "validation": None if v is None else {
            "conforms": v.conforms,
            "violations": [vars(x) for x in v.violations],
        },
    }
