"""Benchmark every named query on a large synthetic graph, and rdflib against Oxigraph on a small one.

The large graph (default 20,000 stakeholders and 60,000 engagements) is made by
:mod:`bench.synth_graph` through changemap's own builder and loaded into a
:class:`changemap.graph.store.GraphStore`.  Every query in
``changemap.queries.REGISTRY`` -- read when the benchmark runs, so new queries
are measured without touching this file -- runs once to warm up and then
``--repeat`` times through :func:`changemap.queries.run`; the median (p50) and
the slowest run are reported with the rows returned, the part of the time spent
inside the store's ``query``, ``frame`` and ``table`` calls (SPARQL and turning rows into
Python values or CSV into tables, summed over reader threads), and
PASS or FAIL against the target (p50 under 1 s).

Parameters: a query's required parameters (default ``None`` or ``''``) are
filled from :data:`RULES` (``name``/``node``: the stakeholder with the most
engagements); :data:`EXTRA_RUNS` adds runs by name, each as a line of its own
(``engagement-matrix by=stakeholder``).
Other parameters keep their defaults.  A query needing a parameter no rule
covers is reported as skipped, with the reason.

The small graph (default 200 stakeholders and 600 engagements) answers the
question of how much Oxigraph buys: the SPARQL each query sent to the store --
recorded as it ran, with its bindings, so lookups and the SPARQL of Python
analytics are included and the Python steps themselves are not -- runs on
Oxigraph and on rdflib's own engine over the same triples (the merged default
graph, the same prefixes).  rdflib runs in a child process with a deadline per
query (``--rdflib-timeout``), so one slow query cannot hang the benchmark.

    python -m bench.bench_queries
    python -m bench.bench_queries --stakeholders 2000 --engagements 6000 --repeat 3 --json out.json
    python -m bench.bench_queries --small-stakeholders 100 --small-engagements 300 --markdown
"""

from __future__ import annotations

import argparse
import datetime
import gc
import inspect
import json
import multiprocessing as mp
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from changemap.graph.store import GraphStore

from .bench_build import _git_state, _load_average

TARGET_S = 1.0
_NAMED = re.compile(r"\bGRAPH\b|\bFROM\s+NAMED\b", re.IGNORECASE)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass
class Context:
    """What the parameter rules may draw on: facts about the generated graph."""

    hub: str  # the stakeholder with the most engagements


# Values for parameters a query requires, by parameter name.
RULES: dict[str, Callable[[Context], str]] = {
    "name": lambda c: c.hub,  # ego: the most connected stakeholder
    "node": lambda c: c.hub,  # evidence: the same
}
# Further runs of a query as lines of their own, when it declares the parameters.
EXTRA_RUNS: dict[str, list[dict[str, str]]] = {"engagement-matrix": [{"by": "stakeholder"}]}


# ---------------------------------------------------------------------------
# Cases: one line of the report each
# ---------------------------------------------------------------------------


@dataclass
class Case:
    """One named query with one set of parameters (or the reason it cannot run)."""

    query: str
    params: dict[str, str] = field(default_factory=dict)
    skipped: str | None = None

    @property
    def label(self) -> str:
        shown = " ".join(f"{k}={_short(v)}" for k, v in self.params.items())
        return f"{self.query} {shown}".strip()


def _short(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def cases(registry: dict[str, Any], context: Context) -> list[Case]:
    """A case per registry query (parameters from :data:`RULES`), plus the extra runs."""
    out: list[Case] = []
    for name, query in registry.items():
        params: dict[str, Any] = dict(getattr(query, "params", None) or {})
        required = [k for k, default in params.items() if default is None or default == ""]
        missing = [k for k in required if k not in RULES]
        if missing:
            out.append(Case(name, skipped=f"needs parameter {', '.join(missing)}, which the bench has no rule for"))
            continue
        given = {k: RULES[k](context) for k in required}
        out.append(Case(name, given))
        out += [Case(name, {**given, **run}) for run in EXTRA_RUNS.get(name, []) if set(run) <= set(params)]
    return out


# ---------------------------------------------------------------------------
# A store that notes the SPARQL it is asked
# ---------------------------------------------------------------------------


@dataclass
class Call:
    """One ``GraphStore.query`` call: its arguments, seconds and rows."""

    args: tuple
    kwargs: dict[str, Any]
    seconds: float
    rows: int


class RecordingStore(GraphStore):
    """A GraphStore that notes every query call, so a named query's SPARQL part can be
    timed apart from its Python part and replayed, bindings and all, on rdflib."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.calls: list[Call] = []

    def query(self, *args: Any, **kwargs: Any) -> list[dict[str, object]]:  # type: ignore[override]
        t = time.perf_counter()
        rows = super().query(*args, **kwargs)
        self.calls.append(Call(args, kwargs, time.perf_counter() - t, len(rows)))
        return rows

    # The fact tables (``table``) and rows for a Python step (``frame``) are the same SELECTs;
    # they are noted as ``query`` calls so that they replay on both engines alike.  They may run
    # on two threads at once, so their seconds can add up to more than the wall time.
    def frame(self, sparql: str, bindings: dict | None = None) -> Any:  # type: ignore[override]
        t = time.perf_counter()
        out = super().frame(sparql, bindings=bindings)
        self.calls.append(Call((sparql,), {"bindings": bindings} if bindings else {},
                               time.perf_counter() - t, len(out)))
        return out

    def table(self, sparql: str) -> Any:  # type: ignore[override]
        t = time.perf_counter()
        out = super().table(sparql)
        self.calls.append(Call((sparql,), {}, time.perf_counter() - t, len(out)))
        return out


def _arguments(call: Call) -> dict[str, Any]:
    """A call's arguments by name, defaults included (``sparql``, ``prefixes``, ``bindings`` …)."""
    bound = inspect.signature(GraphStore.query).bind(None, *call.args, **call.kwargs)
    bound.apply_defaults()
    return {k: v for k, v in bound.arguments.items() if k != "self"}


def _portable(term: object) -> tuple:
    """An Oxigraph term as a picklable tuple, for the rdflib worker."""
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.datatype.value, term.language)
    raise TypeError(f"cannot pass {term!r} to rdflib")


def rdflib_job(call: Call, prefixes_text: str) -> tuple[str, dict[str, tuple], bool]:
    """The query text and bindings rdflib gets for ``call``, and whether it names graphs.

    Raises ValueError when the call used an option rdflib cannot be given."""
    args = _arguments(call)
    sparql, prefixes, bindings = args.pop("sparql"), args.pop("prefixes", True), args.pop("bindings", None)
    defaults = {k: p.default for k, p in inspect.signature(GraphStore.query).parameters.items()}
    odd = [k for k, v in args.items() if v != defaults.get(k)]
    if odd:
        raise ValueError(f"query option {', '.join(odd)} has no rdflib counterpart here")
    text = (prefixes_text + sparql) if prefixes else sparql
    return text, {k: _portable(v) for k, v in (bindings or {}).items()}, bool(_NAMED.search(sparql))


# ---------------------------------------------------------------------------
# The large graph: every query, p50 and max
# ---------------------------------------------------------------------------


def _seconds(values: list[float]) -> dict[str, float]:
    return {"p50_s": round(statistics.median(values), 4), "max_s": round(max(values), 4),
            "runs_s": [round(v, 4) for v in values]}


def time_case(store: RecordingStore, case: Case, repeat: int, target: float) -> dict[str, Any]:
    """Warm up once, then time ``repeat`` runs of ``run(case.query, store, **case.params)``."""
    from changemap.queries import run

    out: dict[str, Any] = {"query": case.query, "label": case.label, "params": case.params}
    if case.skipped:
        return {**out, "status": "SKIP", "reason": case.skipped}
    totals, sparql = [], []
    try:
        for i in range(repeat + 1):
            store.calls.clear()
            t = time.perf_counter()
            frame = run(case.query, store, **case.params)
            elapsed = time.perf_counter() - t
            if i:  # the first run warms up
                totals.append(elapsed)
                sparql.append(sum(c.seconds for c in store.calls))
    except Exception as err:  # a broken query is reported, and the rest still run
        return {**out, "status": "ERROR", "reason": f"{type(err).__name__}: {err}"}
    p50 = statistics.median(totals)
    return {**out, "status": "PASS" if p50 < target else "FAIL", "rows": len(frame),
            "sparql_calls": len(store.calls), "sparql_rows": [c.rows for c in store.calls],
            **_seconds(totals), "sparql_p50_s": round(statistics.median(sparql), 4)}


def large_run(args: argparse.Namespace, say: Callable[[str], None]) -> dict[str, Any]:
    """Generate, load and query the large graph."""
    from changemap.queries import REGISTRY

    from . import synth_graph

    say(f"generating {args.stakeholders:,} stakeholders / {args.engagements:,} engagements ...")
    gc.disable()  # millions of small objects that live until the store is loaded
    try:
        graph = synth_graph.generate(args.stakeholders, args.engagements, args.seed)
        say(f"  records {graph.seconds['records']:.1f} s, build {graph.seconds['build']:.1f} s, "
            f"{graph.counts['quads']:,} quads; loading ...")
        store, serialise_s, load_s = load(graph.quads)
    finally:
        gc.enable()
    hub, counts, seconds = graph.hub, graph.counts, graph.seconds
    del graph
    gc.collect()
    triples = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]
    say(f"  {triples:,} triples: serialised in {serialise_s:.1f} s, loaded in {load_s:.1f} s; hub: {hub}")
    results = []
    for case in cases(REGISTRY, Context(hub)):
        result = time_case(store, case, args.repeat, args.target)
        results.append(result)
        say(f"  {_line(result)}")
    return {"stakeholders": args.stakeholders, "engagements": args.engagements, "counts": counts,
            "triples": triples, "hub": hub, "generate_s": round(seconds["records"] + seconds["build"], 2),
            "records_s": round(seconds["records"], 2), "build_s": round(seconds["build"], 2),
            "serialise_s": round(serialise_s, 2), "bulk_load_s": round(load_s, 2),
            "load_s": round(serialise_s + load_s, 2), "queries": results}


def load(quads: Any) -> tuple[RecordingStore, float, float]:
    """The steps of ``GraphStore.from_quads``, timed one by one: the vocabulary added and the
    graph written as TriG and Turtle (seconds), then the Turtle bulk-loaded into Oxigraph (seconds)."""
    from changemap.graph.store import vocabulary_graph
    from changemap.graph.write import serialise

    t = time.perf_counter()
    trig, turtle = serialise(quads + vocabulary_graph())
    serialise_s = time.perf_counter() - t
    t = time.perf_counter()
    store = RecordingStore.from_text(turtle, trig)
    return store, serialise_s, time.perf_counter() - t


def _line(r: dict[str, Any]) -> str:
    if r["status"] in ("SKIP", "ERROR"):
        return f"{r['label']}: {r['status']} ({r['reason']})"
    return f"{r['label']}: p50 {r['p50_s']:.3f} s, max {r['max_s']:.3f} s, {r['rows']:,} rows, {r['status']}"


# ---------------------------------------------------------------------------
# The small graph: the same SPARQL on Oxigraph and on rdflib
# ---------------------------------------------------------------------------


def _rdflib_term(spec: tuple) -> Any:
    from rdflib import BNode, Literal, URIRef

    if spec[0] == "iri":
        return URIRef(spec[1])
    if spec[0] == "bnode":
        return BNode(spec[1])
    _kind, value, datatype, language = spec
    if language:
        return Literal(value, lang=language)
    return Literal(value) if datatype == _XSD_STRING else Literal(value, datatype=URIRef(datatype))


def _rdflib_worker(conn: Any, triples_path: str, named_path: str | None) -> None:
    """Child process: load the triples into rdflib once, then answer jobs until told to stop.

    A job is a list of (query text, bindings, names graphs); the answer is
    ("ok", [(seconds, rows), ...]) or ("error", message)."""
    from rdflib import Dataset, Graph

    t = time.perf_counter()
    graph = Graph()
    graph.parse(triples_path, format="nt")
    graph.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")  # the SPARQL parser's first-use cost
    dataset = None
    conn.send(("ready", time.perf_counter() - t, len(graph)))
    while True:
        job = conn.recv()
        if job is None:
            return
        try:
            answers = []
            for text, bindings, named in job:
                if named and dataset is None and named_path:
                    dataset = Dataset()
                    dataset.parse(named_path, format="nquads")
                    for triple in graph:
                        dataset.add(triple)
                target = dataset if named and dataset is not None else graph
                init = {k: _rdflib_term(v) for k, v in bindings.items()}
                t = time.perf_counter()
                rows = sum(1 for _ in target.query(text, initBindings=init))
                answers.append((time.perf_counter() - t, rows))
            conn.send(("ok", answers))
        except Exception as err:  # reported for this query; the worker goes on
            conn.send(("error", f"{type(err).__name__}: {str(err)[:300]}"))


class RdflibRunner:
    """rdflib's SPARQL engine in a child process, with a deadline per job."""

    def __init__(self, triples_path: str, named_path: str | None, timeout: float):
        self.triples_path, self.named_path, self.timeout = triples_path, named_path, timeout
        self.proc: Any = None
        self.conn: Any = None
        self.load_s: float | None = None
        self.triples: int | None = None

    def _start(self) -> None:
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        self.proc = ctx.Process(target=_rdflib_worker, args=(child, self.triples_path, self.named_path),
                                daemon=True)
        self.proc.start()
        child.close()
        self.conn = parent
        if not parent.poll(max(self.timeout, 300)):
            self.stop()
            raise RuntimeError("rdflib could not load the small graph in time")
        _ready, self.load_s, self.triples = parent.recv()

    def run(self, job: list[tuple[str, dict, bool]]) -> tuple[str, Any]:
        """("ok", answers), ("error", message) or ("timeout", seconds waited)."""
        if self.proc is None:
            self._start()
        self.conn.send(job)
        if self.conn.poll(self.timeout):
            try:
                return self.conn.recv()
            except EOFError:  # the worker died (out of memory, a crash): report it and start afresh
                self.stop()
                return ("error", "the rdflib worker process died")
        self.stop()  # killed mid-query; the next job starts a fresh worker
        return ("timeout", self.timeout)

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.proc.join(1)
            if self.proc.is_alive():
                self.proc.kill()
                self.proc.join()
        self.proc = None


def compare_case(store: RecordingStore, case: Case, runner: RdflibRunner, repeat: int, analysis: bool,
                 named_graphs: Callable[[], None]) -> dict[str, Any]:
    """The SPARQL of one case on both engines: seconds, rows, ratio.

    ``named_graphs`` is called first when the SPARQL names graphs, so that rdflib gets them too."""
    from changemap.ontology.namespaces import SPARQL_PREFIXES
    from changemap.queries import run

    out: dict[str, Any] = {"query": case.query, "label": case.label, "params": case.params}
    if case.skipped:
        return {**out, "status": "SKIP", "reason": case.skipped}
    store.calls.clear()
    try:
        run(case.query, store, **case.params)  # also the warm-up of the Oxigraph side
    except Exception as err:
        return {**out, "status": "ERROR", "reason": f"{type(err).__name__}: {err}"}
    calls = list(store.calls)
    out["sparql_calls"] = len(calls)
    out["python_step"] = analysis or len(calls) > 1
    try:
        job = [rdflib_job(c, SPARQL_PREFIXES) for c in calls]
    except (ValueError, TypeError) as err:
        return {**out, "status": "SKIP", "reason": str(err)}
    if any(named for _text, _bindings, named in job):
        named_graphs()
    per_call: list[list[float]] = [[] for _ in calls]
    for _ in range(repeat):
        rows = []
        for c, times in zip(calls, per_call, strict=True):
            t = time.perf_counter()
            rows.append(len(GraphStore.query(store, *c.args, **c.kwargs)))
            times.append(time.perf_counter() - t)
    out["oxigraph_rows"] = rows
    out["oxigraph_s"] = round(statistics.median(map(sum, zip(*per_call, strict=True))), 5)
    out["oxigraph_calls_s"] = [round(statistics.median(times), 5) for times in per_call]
    status, answer = runner.run(job)
    if status == "timeout":
        return {**out, "status": "TIMEOUT", "rdflib_s": None, "reason": f"> {answer:g} s"}
    if status == "error":
        return {**out, "status": "ERROR", "rdflib_s": None, "reason": f"rdflib: {answer}"}
    out["rdflib_s"] = round(sum(s for s, _ in answer), 4)
    out["rdflib_rows"] = [n for _, n in answer]
    out["rdflib_calls_s"] = [round(seconds, 4) for seconds, _ in answer]
    out["ratio"] = round(out["rdflib_s"] / out["oxigraph_s"], 1) if out["oxigraph_s"] > 0 else None
    out["rows_match"] = out["rdflib_rows"] == out["oxigraph_rows"]
    out["status"] = "OK" if out["rows_match"] else "ROWS DIFFER"
    return out


def small_run(args: argparse.Namespace, say: Callable[[str], None]) -> dict[str, Any]:
    """Generate the small graph and run every case's SPARQL on both engines."""
    from changemap.queries import REGISTRY

    from . import synth_graph

    graph = synth_graph.generate(args.small_stakeholders, args.small_engagements, args.seed)
    store = RecordingStore.from_quads(graph.quads)
    plan = cases(REGISTRY, Context(graph.hub))
    with tempfile.TemporaryDirectory(prefix="changemap-bench-rdflib-") as tmp:
        triples_path = Path(tmp) / "merged.nt"
        triples_path.write_bytes(ox.serialize([q.triple for q in store.quads()], format=ox.RdfFormat.N_TRIPLES))
        named_path = Path(tmp) / "named.nq"
        runner = RdflibRunner(str(triples_path), str(named_path), args.rdflib_timeout)

        def named_graphs() -> None:
            """Write the per-document graphs for rdflib (once), and restart its worker to see them."""
            if not named_path.exists():
                named = [q for q in store.store.quads_for_pattern(None, None, None)
                         if not isinstance(q.graph_name, ox.DefaultGraph)]
                named_path.write_bytes(ox.serialize(named, format=ox.RdfFormat.N_QUADS))
                runner.stop()

        say(f"small graph: {args.small_stakeholders:,} stakeholders / {args.small_engagements:,} engagements, "
            f"{len(store):,} triples; rdflib in a child process, {args.rdflib_timeout:.0f} s per query")
        results = []
        try:
            for case in plan:
                analysis = getattr(REGISTRY[case.query], "analysis", None) is not None
                result = compare_case(store, case, runner, args.repeat, analysis, named_graphs)
                results.append(result)
                say(f"  {_compare_line(result)}")
        finally:
            runner.stop()
    ratios = [r["ratio"] for r in results if r.get("ratio")]
    both = [r for r in results if r.get("rdflib_s") is not None]
    return {"stakeholders": args.small_stakeholders, "engagements": args.small_engagements,
            "counts": graph.counts, "triples": len(store), "hub": graph.hub, "rdflib_load_s":
            round(runner.load_s, 2) if runner.load_s is not None else None,
            "rdflib_timeout_s": args.rdflib_timeout,
            "median_ratio": round(statistics.median(ratios), 1) if ratios else None,
            "rdflib_total_s": round(sum(r["rdflib_s"] for r in both), 3),
            "oxigraph_total_s": round(sum(r["oxigraph_s"] for r in both), 4),
            "queries": results}


def _compare_line(r: dict[str, Any]) -> str:
    if r["status"] in ("SKIP", "ERROR", "TIMEOUT") and "oxigraph_s" not in r:
        return f"{r['label']}: {r['status']} ({r.get('reason', '')})"
    rd = f"{r['rdflib_s']:.3f} s" if r.get("rdflib_s") is not None else r.get("reason", "-")
    ratio = f"{r['ratio']:,.0f}x" if r.get("ratio") else "-"
    return (f"{r['label']}: oxigraph {r['oxigraph_s']:.4f} s, rdflib {rd}, ratio {ratio}, "
            f"rows {r['oxigraph_rows']} / {r.get('rdflib_rows', '-')}, {r['status']}")


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def _fmt(v: float | None, digits: int = 3) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


def print_tables(meta: dict[str, Any], large: dict[str, Any] | None, small: dict[str, Any] | None) -> None:
    """The two tables, with rich."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=160)
    console.print(f"\nchangemap named-query benchmark, {meta['date']}, Python {meta['python']}, "
                  f"pyoxigraph {meta['pyoxigraph']}, rdflib {meta['rdflib']}, {meta['machine']}, "
                  f"changemap {meta['changemap']}, seed {meta['seed']}, load average {meta['load_average']}")
    if large:
        table = Table(title=f"Named queries on {large['stakeholders']:,} stakeholders / {large['engagements']:,} "
                            f"engagements ({large['triples']:,} triples; generated in {large['generate_s']:.1f} s, "
                            f"serialised in {large['serialise_s']:.1f} s, "
                            f"bulk-loaded in {large['bulk_load_s']:.1f} s); "
                            f"{meta['repeat']} runs after a warm-up")
        for col, just in (("query", "left"), ("rows", "right"), ("p50 s", "right"), ("max s", "right"),
                          ("in SPARQL s", "right"), ("calls", "right"), (f"< {meta['target_s']:g} s", "left")):
            table.add_column(col, justify=just, no_wrap=col == "query")  # type: ignore[arg-type]
        for r in large["queries"]:
            if r["status"] in ("SKIP", "ERROR"):
                table.add_row(r["label"], "", "", "", "", "", f"{r['status']}: {r['reason']}")
                continue
            mark = "[green]PASS[/]" if r["status"] == "PASS" else "[red]FAIL[/]"
            table.add_row(r["label"], f"{r['rows']:,}", _fmt(r["p50_s"]), _fmt(r["max_s"]),
                          _fmt(r["sparql_p50_s"]), str(r["sparql_calls"]), mark)
        console.print(table)
    if small:
        table = Table(title=f"The same SPARQL on rdflib {meta['rdflib']} and Oxigraph {meta['pyoxigraph']}: "
                            f"{small['stakeholders']:,} stakeholders / {small['engagements']:,} engagements "
                            f"({small['triples']:,} triples); rdflib once each, Oxigraph p50 of {meta['repeat']}")
        for col, just in (("query", "left"), ("rows", "right"), ("calls", "right"), ("oxigraph s", "right"),
                          ("rdflib s", "right"), ("rdflib / oxigraph", "right"), ("note", "left")):
            table.add_column(col, justify=just, no_wrap=col == "query")  # type: ignore[arg-type]
        for r in small["queries"]:
            if "oxigraph_s" not in r:
                table.add_row(r["label"], "", "", "", "", "", f"{r['status']}: {r.get('reason', '')}")
                continue
            note = []
            if r["status"] == "ROWS DIFFER":
                note.append(f"[red]rows differ: {r['oxigraph_rows']} on Oxigraph, {r['rdflib_rows']} on rdflib[/]")
            elif r.get("rdflib_rows") is not None:
                note.append("same rows")
            if r["status"] == "TIMEOUT":
                note.append("rdflib timed out")
            elif r["status"] == "ERROR":
                note.append(r["reason"])
            if r.get("python_step"):
                note.append("SPARQL only")
            table.add_row(r["label"], f"{sum(r['oxigraph_rows']):,}", str(r["sparql_calls"]),
                          _fmt(r["oxigraph_s"], 4),
                          _fmt(r["rdflib_s"]) if r.get("rdflib_s") is not None else r.get("reason", "-"),
                          f"{r['ratio']:,.0f}x" if r.get("ratio") else "-", "; ".join(note))
        if small.get("median_ratio"):
            table.caption = (f"median ratio {small['median_ratio']:,.0f}x; all queries: rdflib "
                             f"{small['rdflib_total_s']:.1f} s, Oxigraph {small['oxigraph_total_s']:.3f} s")
        console.print(table)


def markdown(large: dict[str, Any] | None, small: dict[str, Any] | None) -> str:
    """The same tables in Markdown, for bench/README.md."""
    lines = []
    if large:
        lines += ["| query | rows | p50 s | max s | in SPARQL s | < 1 s |", "|---|---:|---:|---:|---:|---|"]
        for r in large["queries"]:
            if r["status"] in ("SKIP", "ERROR"):
                lines.append(f"| {r['label']} | | | | | {r['status']}: {r['reason']} |")
            else:
                lines.append(f"| {r['label']} | {r['rows']:,} | {r['p50_s']:.3f} | {r['max_s']:.3f} | "
                             f"{r['sparql_p50_s']:.3f} | {r['status']} |")
        lines.append("")
    if small:
        lines += ["| query | rows (Oxigraph / rdflib) | Oxigraph s | rdflib s | ratio |",
                  "|---|---|---:|---:|---:|"]
        for r in small["queries"]:
            if "oxigraph_s" not in r:
                lines.append(f"| {r['label']} | {r['status']}: {r.get('reason', '')} | | | |")
                continue
            rows = f"{_rows(r['oxigraph_rows'])} / {_rows(r['rdflib_rows']) if r.get('rdflib_rows') else '-'}"
            rd = f"{r['rdflib_s']:.3f}" if r.get("rdflib_s") is not None else r.get("reason", "-")
            ratio = f"{r['ratio']:,.0f}×" if r.get("ratio") else "-"
            lines.append(f"| {r['label']} | {rows} | {r['oxigraph_s']:.4f} | {rd} | {ratio} |")
    return "\n".join(lines)


def _rows(counts: list[int]) -> str:
    """Rows of each SPARQL call: '600', '309+109', or '1,795 in 8 calls'."""
    return "+".join(f"{n:,}" for n in counts) if len(counts) <= 2 else f"{sum(counts):,} in {len(counts)} calls"


def _versions() -> dict[str, str]:
    found = {}
    for package in ("pyoxigraph", "rdflib", "pandas"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "absent"
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_queries",
                                     description="Benchmark every named query; rdflib against Oxigraph.")
    parser.add_argument("--stakeholders", type=int, default=20000, help="large graph (default 20000)")
    parser.add_argument("--engagements", type=int, default=60000, help="large graph (default 60000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query after one warm-up (default 5)")
    parser.add_argument("--small-stakeholders", type=int, default=200, help="graph for rdflib (default 200)")
    parser.add_argument("--small-engagements", type=int, default=600, help="graph for rdflib (default 600)")
    parser.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds per query on rdflib")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the small-graph comparison")
    parser.add_argument("--no-large", action="store_true", help="skip the large graph")
    parser.add_argument("--target", type=float, default=TARGET_S, help="p50 target in seconds (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--markdown", action="store_true", help="also print the tables as Markdown")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    if min(args.stakeholders, args.small_stakeholders) < 4:
        parser.error("graphs need at least 4 stakeholders")

    def say(text: str) -> None:
        if not args.quiet:
            print(text, file=sys.stderr, flush=True)

    started = time.perf_counter()
    root = str(Path(__file__).resolve().parent.parent)
    large = None if args.no_large else large_run(args, say)
    small = None if args.no_rdflib else small_run(args, say)
    versions = _versions()
    meta = {
        "date": datetime.date.today().isoformat(),
        "python": platform.python_version(),
        **versions,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
        "seed": args.seed,
        "repeat": args.repeat,
        "target_s": args.target,
        "load_average": _load_average(),
        "wall_s": round(time.perf_counter() - started, 1),
        "changemap": _git_state(root),
    }
    print_tables(meta, large, small)
    if args.markdown:
        print("\n" + markdown(large, small))
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "large": large, "small": small}, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
