"""Benchmark writing a large graph over Bolt: batched export against one statement per row.

The question (issue "Benchmark: rows/s writing 20,000 stakeholders and 60,000
engagements (with evidence) in batches, against one statement per row, in one
run"): how many rows a second does :func:`changemap.neo4j.export` write, and
how much does batching buy over the naive way of sending one statement per node
and per relationship?

One run does, in this order:

1. **Graph**: :func:`bench.synth_graph.generate` (default 20,000 stakeholders,
   60,000 engagements, seed 1; every item with its evidence, selectors and
   documents) and :func:`changemap.neo4j.model.from_triples` on its quads, each
   timed (the garbage collector is off while they run, as in bench_queries).  A
   *row* is one node or one relationship of the resulting property graph,
   derived ``ENGAGES_WITH`` included.
2. **Server**: an ArcadeDB server of its own (``tests/bolt.py``, JVM heap
   ``--heap``), or the server named by ``NEO4J_URI``/``NEO4J_USER``/
   ``NEO4J_PASSWORD`` (and ``NEO4J_DATABASE``) when they are set.  On such a
   server every changemap node is deleted (:func:`changemap.neo4j.sync.clear`)
   several times during the run: do not point it at a database you need.
3. **Batched**: ``clear()``, then ``export(db, graph, batch_size=B)``.  Its wall
   time covers everything ``export`` does (constraint and index statements,
   reading what the database holds, planning, the batches, the export record);
   the progress callback splits it into setup, node batches and relationship
   batches, and each kind of batch (``new Evidence nodes``, ``HAS_SELECTOR
   relationships`` ...).  The nodes and relationships are then counted in the
   database.  Then the same export again: it must create nothing (its counters
   are checked and reported) and its time is reported.
4. **Sweep** (``--batch-sizes 500,2000,10000``, optional): ``clear()`` and one
   export per batch size.
5. **Per row**: ``clear()``, then the rows written the way a naive user would:
   one auto-commit ``session.run`` per node (``CREATE (n:Changemap:Label ...)
   SET n = $row``) and per relationship (``MATCH`` both ends by
   ``:Changemap {iri}``, then ``MERGE`` the relationship), the same statements
   ``export`` sends for one row, with the same labels.  That is slow, so by
   default it writes a sample of ``--per-row-limit`` rows (20,000): every k-th
   row of the sequence ``export`` writes (node groups, then relationship types),
   so each group and type is sampled in proportion.  The ends of the sampled
   relationships that are not sampled nodes are written first, batched and
   untimed, so that every ``MATCH`` finds them.  ``--per-row-all`` writes
   every row.  The rows/s of the sample and an estimate for all rows (node rows
   at the node rate plus relationship rows at the relationship rate) are
   reported, and the sample is counted in the database.

Printed: a table, and the line "batched X rows/s vs per-row Y rows/s = Z× faster".
Written: JSON (default ``bench/results/neo4j.json``) with the machine (CPUs,
memory, load average), the versions of Python, the neo4j driver and
arcadedb-embedded, the server's agent string and the peak RSS of this process
and of the server.  Exits 0; nothing is judged PASS or FAIL.

    python -m bench.bench_neo4j
    python -m bench.bench_neo4j --per-row-limit 5000 --batch-sizes 500,2000,10000
    python -m bench.bench_neo4j --stakeholders 2000 --engagements 6000 --per-row-all --markdown
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from changemap.neo4j.model import Node, PropertyGraph, Rel
from changemap.neo4j.schema import BASE_LABEL, ENGAGES_WITH
from changemap.neo4j.sync import (
    CONSTRAINT,
    DEFAULT_BATCH,
    INDEXES,
    Connection,
    _label_text,
    _type_text,
    clear,
    export,
)

from .bench_build import _git_state, _load_average, _rss_mib

DEFAULT_PER_ROW = 20_000
DEFAULT_HEAP = "4g"

Say = Callable[[str], None]


def _quiet(text: str) -> None:
    return None


# ---------------------------------------------------------------------------
# The graph
# ---------------------------------------------------------------------------


def make_graph(stakeholders: int, engagements: int, seed: int, say: Say = _quiet) -> tuple[PropertyGraph, dict]:
    """The synthetic graph as a property graph, and what it took to make it."""
    from changemap.neo4j.model import from_triples

    from . import synth_graph

    say(f"generating {stakeholders:,} stakeholders / {engagements:,} engagements ...")
    gc.disable()  # millions of small objects that all live until the property graph is made
    try:
        synth = synth_graph.generate(stakeholders, engagements, seed)
        say(f"  records {synth.seconds['records']:.1f} s, quads {synth.seconds['build']:.1f} s, "
            f"{synth.counts['quads']:,} quads; property graph ...")
        t = time.perf_counter()
        graph = from_triples(synth.quads)
        from_triples_s = time.perf_counter() - t
    finally:
        gc.enable()
    counts = dict(synth.counts)
    seconds = dict(synth.seconds)
    del synth
    gc.collect()
    pg = graph.counts()
    info = {
        "stakeholders": stakeholders, "engagements": engagements, "seed": seed, "synth": counts,
        "records_s": round(seconds["records"], 2), "quads_s": round(seconds["build"], 2),
        "from_triples_s": round(from_triples_s, 2),
        "nodes": pg["nodes"], "relationships": pg["relationships"] + pg["engages_with"],
        "engages_with": pg["engages_with"], "rows": len(graph.nodes) + len(graph.rels),
        "node_groups": len({n.labels for n in graph.nodes.values()}),
        "relationship_types": len({r.type for r in graph.rels}),
        "rss_after_mib": _round(_rss_mib("VmRSS")),
    }
    say(f"  from_triples {from_triples_s:.1f} s: {info['nodes']:,} nodes, {info['relationships']:,} relationships "
        f"({info['rows']:,} rows)")
    return graph, info


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


# ---------------------------------------------------------------------------
# Batched export, timed through its progress callback
# ---------------------------------------------------------------------------


@dataclass
class Stopwatch:
    """A progress callback for :func:`export` that notes when each batch starts."""

    began: float = field(default_factory=time.perf_counter)
    marks: list[tuple[str, float]] = field(default_factory=list)

    def __call__(self, what: str, done: int, total: int) -> None:
        self.marks.append((what, time.perf_counter()))

    def phases(self, ended: float) -> dict[str, Any]:
        """Setup (before the first batch), node and relationship batches, the export record
        (after the last), and every kind of batch: rows, batches, seconds, slowest batch."""
        out: dict[str, Any] = {"setup_s": round((self.marks[0][1] if self.marks else ended) - self.began, 3)}
        stages: dict[str, dict[str, Any]] = {}
        phase: dict[str, dict[str, float]] = defaultdict(lambda: {"rows": 0, "batches": 0, "seconds": 0.0})
        for (what, start), (_next, stop) in zip(self.marks, self.marks[1:], strict=False):
            count, _, stage = what.partition(" ")
            rows = int(count) if count.isdigit() else 0
            kind = "relationships" if stage.endswith("relationships") else "nodes"
            seconds = stop - start
            s = stages.setdefault(stage, {"kind": kind, "rows": 0, "batches": 0, "seconds": 0.0, "max_batch_s": 0.0})
            s["rows"] += rows
            s["batches"] += 1
            s["seconds"] += seconds
            s["max_batch_s"] = max(s["max_batch_s"], seconds)
            for key in (kind, "all_batches"):
                phase[key]["rows"] += rows
                phase[key]["batches"] += 1
                phase[key]["seconds"] += seconds
        out["record_s"] = round(ended - self.marks[-1][1], 3) if self.marks else 0.0
        for key in ("nodes", "relationships", "all_batches"):
            p = phase[key]
            out[key] = {"rows": int(p["rows"]), "batches": int(p["batches"]), "seconds": round(p["seconds"], 3),
                        "rows_per_s": _rate(p["rows"], p["seconds"])}
        out["stages"] = {name: {**s, "seconds": round(s["seconds"], 3), "max_batch_s": round(s["max_batch_s"], 3),
                                "rows_per_s": _rate(s["rows"], s["seconds"])}
                         for name, s in sorted(stages.items(), key=lambda kv: -kv[1]["seconds"])}
        return out


def _rate(rows: float, seconds: float) -> float | None:
    return round(rows / seconds, 1) if seconds > 0 else None


def timed_export(db: Connection, graph: PropertyGraph, batch_size: int) -> dict[str, Any]:
    """One ``export`` with its wall time, counters and phases."""
    watch = Stopwatch()
    report = export(db, graph, batch_size=batch_size, progress=watch)
    ended = time.perf_counter()
    seconds = ended - watch.began
    rows = report.nodes + report.relationships
    counters = {k: int(v) for k, v in sorted(report.counters.items())}
    return {"batch_size": batch_size, "rows": rows, "nodes": report.nodes, "relationships": report.relationships,
            "batches": report.batches, "seconds": round(seconds, 3), "rows_per_s": _rate(rows, seconds),
            "counters": counters, **watch.phases(ended)}


def db_counts(db: Connection) -> dict[str, Any]:
    """Changemap nodes, and relationships between them, in the database (and the seconds to count)."""
    t = time.perf_counter()
    nodes = db.run(f"MATCH (n:{BASE_LABEL}) RETURN count(n) AS c")[0]["c"]
    rels = db.run(f"MATCH (:{BASE_LABEL})-[r]->(:{BASE_LABEL}) RETURN count(r) AS c")[0]["c"]
    return {"nodes": nodes, "relationships": rels, "seconds": round(time.perf_counter() - t, 3)}


def timed_clear(db: Connection) -> dict[str, Any]:
    t = time.perf_counter()
    deleted = clear(db)
    return {"nodes_deleted": deleted, "seconds": round(time.perf_counter() - t, 3)}


# ---------------------------------------------------------------------------
# One statement per row
# ---------------------------------------------------------------------------


@dataclass
class Sample:
    """The rows written one statement each, and the nodes their relationships need."""

    nodes: list[Node]
    rels: list[Rel]
    support: list[Node]  # ends of sampled relationships that are not sampled nodes
    of_rows: int  # rows in the whole graph

    @property
    def rows(self) -> int:
        return len(self.nodes) + len(self.rels)

    @property
    def complete(self) -> bool:
        return self.rows == self.of_rows


def export_order(graph: PropertyGraph) -> tuple[list[Node], list[Rel]]:
    """Nodes and relationships in the order a first ``export`` writes them: nodes grouped
    by their labels (groups sorted), then relationships by type (types sorted)."""
    groups: dict[tuple[str, ...], list[Node]] = defaultdict(list)
    for node in graph.nodes.values():
        groups[node.labels].append(node)
    by_type: dict[str, list[Rel]] = defaultdict(list)
    for r in graph.rels:
        by_type[r.type].append(r)
    return ([n for _, nodes in sorted(groups.items()) for n in nodes],
            [r for _, rels in sorted(by_type.items()) for r in rels])


def sample_rows(graph: PropertyGraph, limit: int | None) -> Sample:
    """Every row (``limit`` None or at least the graph's rows), or ``limit`` rows spread
    evenly over the export order: row ``floor((i + 0.5) * rows / limit)`` for each i."""
    nodes, rels = export_order(graph)
    total = len(nodes) + len(rels)
    if limit is None or limit >= total:
        return Sample(nodes, rels, [], total)
    if limit < 1:
        raise ValueError("the per-row limit must be at least 1")
    picks = [int((i + 0.5) * total / limit) for i in range(limit)]
    chosen_nodes = [nodes[i] for i in picks if i < len(nodes)]
    chosen_rels = [rels[i - len(nodes)] for i in picks if i >= len(nodes)]
    have = {n.iri for n in chosen_nodes}
    needed = sorted({end for r in chosen_rels for end in (r.start, r.end)} - have)
    return Sample(chosen_nodes, chosen_rels, [graph.nodes[iri] for iri in needed], total)


def node_statement(node: Node) -> tuple[str, dict[str, Any]]:
    """``export``'s statement for a new node, for this one node."""
    return f"CREATE (n{_label_text(node.labels, _schema())}) SET n = $row", {"row": node.props}


def rel_statement(rel: Rel) -> tuple[str, dict[str, Any]]:
    """``export``'s statement for a relationship, for this one relationship."""
    match = f"MATCH (a:{BASE_LABEL} {{iri: $s}}) MATCH (b:{BASE_LABEL} {{iri: $o}}) "
    if rel.type == ENGAGES_WITH:
        return (match + f"MERGE (a)-[r:{_type_text(rel.type, _schema())} {{mode: $mode}}]->(b) "
                "SET r.evidence_count = $evidence_count, r.engagements = $engagements",
                {"s": rel.start, "o": rel.end, **dict(rel.props)})
    return match + f"MERGE (a)-[:{_type_text(rel.type, _schema())}]->(b)", {"s": rel.start, "o": rel.end}


def _schema():
    from changemap.neo4j.schema import schema

    return schema()


def per_row(db: Connection, graph: PropertyGraph, limit: int | None, batch_size: int = DEFAULT_BATCH,
            say: Say = _quiet) -> dict[str, Any]:
    """Clear the database, then write a sample of the rows (or all) one auto-commit statement each."""
    cleared = timed_clear(db)
    for cypher in (CONSTRAINT, *(f"CREATE INDEX {name} IF NOT EXISTS FOR (n:`{label}`) ON (n.`{key}`)"
                                 for name, (label, key) in INDEXES.items())):
        db.run(cypher)  # as export makes them, so that MATCH by iri is an index lookup
    sample = sample_rows(graph, limit)
    t = time.perf_counter()
    if sample.support:
        export(db, PropertyGraph({n.iri: n for n in sample.support}, []), batch_size=batch_size)
    support_s = time.perf_counter() - t
    say(f"  per row: {sample.rows:,} rows ({len(sample.nodes):,} nodes, {len(sample.rels):,} relationships) of "
        f"{sample.of_rows:,}; {len(sample.support):,} end nodes written first (batched, {support_s:.1f} s)")
    counters = {"nodes_created": 0, "relationships_created": 0, "properties_set": 0}
    phases: dict[str, dict[str, Any]] = {}
    with db.driver.session(database=db.database) as session:
        for kind, items, statement in (("nodes", sample.nodes, node_statement),
                                       ("relationships", sample.rels, rel_statement)):
            began = last = time.perf_counter()
            for i, item in enumerate(items, 1):
                cypher, params = statement(item)
                summary = session.run(cypher, params).consume()
                for name in counters:
                    counters[name] += getattr(summary.counters, name)
                if time.perf_counter() - last > 15:
                    last = time.perf_counter()
                    say(f"    {kind}: {i:,} of {len(items):,}, {i / (last - began):,.0f} rows/s")
            seconds = time.perf_counter() - began
            phases[kind] = {"rows": len(items), "seconds": round(seconds, 3), "rows_per_s": _rate(len(items), seconds)}
    seconds = phases["nodes"]["seconds"] + phases["relationships"]["seconds"]
    in_db = db_counts(db)
    all_nodes, all_rels = len(graph.nodes), len(graph.rels)
    node_rate, rel_rate = phases["nodes"]["rows_per_s"], phases["relationships"]["rows_per_s"]
    estimate = None
    if node_rate and (rel_rate or not all_rels):
        estimate = round(all_nodes / node_rate + (all_rels / rel_rate if all_rels else 0.0), 1)
    return {"limit": limit, "complete": sample.complete, "rows": sample.rows, "of_rows": sample.of_rows,
            "nodes": len(sample.nodes), "relationships": len(sample.rels), "support_nodes": len(sample.support),
            "support_s": round(support_s, 3), "seconds": round(seconds, 3), "rows_per_s": _rate(sample.rows, seconds),
            **phases, "counters": counters, "in_db": in_db, "cleared_before": cleared,
            "estimated_all_rows_s": estimate}


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------


def run(db: Connection, graph: PropertyGraph, *, batch_size: int = DEFAULT_BATCH, sweep: list[int] | None = None,
        per_row_limit: int | None = DEFAULT_PER_ROW, say: Say = _quiet) -> dict[str, Any]:
    """Batched export, its re-run, the optional sweep and the per-row writes, on ``db``.
    The database is cleared first and left cleared."""
    out: dict[str, Any] = {"cleared_first": timed_clear(db)}
    say(f"batched export, batch size {batch_size:,} ...")
    batched = timed_export(db, graph, batch_size)
    say(f"  {batched['rows']:,} rows in {batched['seconds']:.1f} s: {batched['rows_per_s']:,.0f} rows/s")
    batched["in_db"] = db_counts(db)
    out["batched"] = batched
    say("the same export again (must create nothing) ...")
    rerun = timed_export(db, graph, batch_size)
    rerun["created_nothing"] = (rerun["counters"].get("nodes_created", 0) == 0
                                and rerun["counters"].get("relationships_created", 0) == 0)
    rerun["in_db"] = db_counts(db)
    say(f"  {rerun['seconds']:.1f} s; created {rerun['counters'].get('nodes_created', 0)} nodes and "
        f"{rerun['counters'].get('relationships_created', 0)} relationships")
    out["rerun"] = rerun
    out["sweep"] = []
    for size in sweep or []:
        say(f"sweep: batch size {size:,} ...")
        cleared = timed_clear(db)
        one = timed_export(db, graph, size)
        one["cleared_before"] = cleared
        say(f"  {one['seconds']:.1f} s: {one['rows_per_s']:,.0f} rows/s")
        out["sweep"].append(one)
    say("one statement per row ...")
    rows = per_row(db, graph, per_row_limit, batch_size, say)
    say(f"  {rows['rows']:,} rows in {rows['seconds']:.1f} s: {rows['rows_per_s']:,.0f} rows/s")
    out["per_row"] = rows
    out["cleared_last"] = timed_clear(db)
    ratio = (batched["rows_per_s"] / rows["rows_per_s"]) if batched["rows_per_s"] and rows["rows_per_s"] else None
    out["comparison"] = {"batched_rows_per_s": batched["rows_per_s"], "per_row_rows_per_s": rows["rows_per_s"],
                         "per_row_rows": rows["rows"], "per_row_complete": rows["complete"],
                         "ratio": round(ratio, 1) if ratio else None}
    return out


def summary_line(result: dict[str, Any]) -> str:
    c = result["comparison"]
    of = "all rows" if c["per_row_complete"] else f"a sample of {c['per_row_rows']:,} rows"
    ratio = f"{c['ratio']:,.1f}× faster" if c["ratio"] else "no ratio"
    return (f"batched {c['batched_rows_per_s']:,.0f} rows/s vs per-row {c['per_row_rows_per_s']:,.0f} rows/s "
            f"({of}) = {ratio}")


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def _n(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def table_rows(result: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(what, rows, seconds, rows/s, note) for the printed and the Markdown table."""
    b, r, p = result["batched"], result["rerun"], result["per_row"]
    lines = [
        (f"batched export, batch size {b['batch_size']:,}", _n(b["rows"]), _n(b["seconds"], 1),
         _n(b["rows_per_s"]), f"{b['batches']:,} batches; created {b['counters'].get('nodes_created', 0):,} nodes, "
         f"{b['counters'].get('relationships_created', 0):,} relationships"),
        ("  setup (constraint, indexes, reading the database, planning)", "", _n(b["setup_s"], 1), "", ""),
        ("  node batches", _n(b["nodes"]["rows"]), _n(b["nodes"]["seconds"], 1), _n(b["nodes"]["rows_per_s"]),
         f"{b['nodes']['batches']:,} batches"),
        ("  relationship batches", _n(b["relationships"]["rows"]), _n(b["relationships"]["seconds"], 1),
         _n(b["relationships"]["rows_per_s"]), f"{b['relationships']['batches']:,} batches"),
        ("  in the database afterwards", _n(b["in_db"]["nodes"] + b["in_db"]["relationships"]), "", "",
         f"{b['in_db']['nodes']:,} nodes, {b['in_db']['relationships']:,} relationships"),
        ("same export again (idempotent)", _n(r["rows"]), _n(r["seconds"], 1), _n(r["rows_per_s"]),
         f"created {r['counters'].get('nodes_created', 0):,} nodes, "
         f"{r['counters'].get('relationships_created', 0):,} relationships"),
        ("  setup (reading every changemap node back)", "", _n(r["setup_s"], 1), "", ""),
        ("  node batches (MERGE)", _n(r["nodes"]["rows"]), _n(r["nodes"]["seconds"], 1), _n(r["nodes"]["rows_per_s"]),
         ""),
        ("  relationship batches", _n(r["relationships"]["rows"]), _n(r["relationships"]["seconds"], 1),
         _n(r["relationships"]["rows_per_s"]), ""),
    ]
    for s in result["sweep"]:
        lines.append((f"batched export, batch size {s['batch_size']:,} (sweep)", _n(s["rows"]), _n(s["seconds"], 1),
                      _n(s["rows_per_s"]), f"{s['batches']:,} batches"))
    what = "every row" if p["complete"] else f"a sample of {p['rows']:,} rows"
    lines += [
        (f"one statement per row, {what}", _n(p["rows"]), _n(p["seconds"], 1), _n(p["rows_per_s"]),
         f"created {p['counters']['nodes_created']:,} nodes, {p['counters']['relationships_created']:,} "
         "relationships"),
        ("  nodes (CREATE)", _n(p["nodes"]["rows"]), _n(p["nodes"]["seconds"], 1), _n(p["nodes"]["rows_per_s"]), ""),
        ("  relationships (MATCH, MATCH, MERGE)", _n(p["relationships"]["rows"]), _n(p["relationships"]["seconds"], 1),
         _n(p["relationships"]["rows_per_s"]),
         "" if p["complete"] else f"{p['support_nodes']:,} end nodes written first, untimed"),
    ]
    if not p["complete"]:
        lines.append(("  estimate for every row at these rates", _n(p["of_rows"]), _n(p["estimated_all_rows_s"], 0),
                      "", ""))
    lines.append(("clear() of the whole graph", _n(p["cleared_before"]["nodes_deleted"]),
                  _n(p["cleared_before"]["seconds"], 1), "", "nodes deleted, with their relationships"))
    return lines


def report(result: dict[str, Any], meta: dict[str, Any], stages: int = 8) -> str:
    g = result["graph"]
    head = ("", "rows", "s", "rows/s", "")
    rows = [head, *table_rows(result)]
    width = [max(len(r[i]) for r in rows) for i in range(5)]
    out = [f"\nchangemap Neo4j write benchmark, {meta['date']}, {meta['machine']}, Python {meta['python']}, "
           f"neo4j driver {meta['neo4j']}, server {meta['server']['agent']} ({meta['server']['kind']}), "
           f"changemap {meta['changemap']}, seed {meta['seed']}",
           f"{g['stakeholders']:,} stakeholders, {g['engagements']:,} engagements: {g['nodes']:,} nodes and "
           f"{g['relationships']:,} relationships ({g['rows']:,} rows); generated in "
           f"{g['records_s'] + g['quads_s']:.1f} s, from_triples {g['from_triples_s']:.1f} s; "
           f"load average {meta['load_average']}", ""]
    for i, r in enumerate(rows):
        out.append("  ".join(c.rjust(width[j]) if j in (1, 2, 3) else c.ljust(width[j])
                             for j, c in enumerate(r)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in width))
    out.append(f"\nslowest kinds of batch (first export, {stages} of {len(result['batched']['stages'])}):")
    for name, s in list(result["batched"]["stages"].items())[:stages]:
        out.append(f"  {s['seconds']:7.1f} s  {s['rows']:>9,} rows  {_n(s['rows_per_s']):>8} rows/s  "
                   f"slowest batch {s['max_batch_s']:.2f} s  {name}")
    out.append(f"\npeak RSS: this process {_n(meta['rss_peak_mib'])} MiB, server "
               f"{_n(meta['server'].get('rss_peak_mib'))} MiB")
    out.append("\n" + summary_line(result))
    return "\n".join(out)


def markdown(result: dict[str, Any], stages: int = 12) -> str:
    """The tables in Markdown, for bench/README.md: the run, and the ``stages`` slowest kinds of batch."""
    lines = ["| | rows | s | rows/s | |", "|---|---:|---:|---:|---|"]
    for what, rows, seconds, rate, note in table_rows(result):
        lines.append(f"| {what.strip() if not what.startswith('  ') else '↳ ' + what.strip()} | {rows} | "
                     f"{seconds} | {rate} | {note} |")
    lines += ["", "| kind of batch (first export) | rows | s | rows/s | slowest batch s |", "|---|---:|---:|---:|---:|"]
    every = list(result["batched"]["stages"].items())
    for name, s in every[:stages]:
        lines.append(f"| {name} | {s['rows']:,} | {s['seconds']:.1f} | {_n(s['rows_per_s'])} | "
                     f"{s['max_batch_s']:.2f} |")
    rest = [s for _, s in every[stages:]]
    if rest:
        rows, seconds = sum(s["rows"] for s in rest), sum(s["seconds"] for s in rest)
        lines.append(f"| {len(rest)} other kinds | {rows:,} | {seconds:.1f} | {_n(_rate(rows, seconds))} | "
                     f"{max(s['max_batch_s'] for s in rest):.2f} |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Machine and server
# ---------------------------------------------------------------------------


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def _memory_mib() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def _process_peak_mib(pid: int | None) -> float | None:
    """VmHWM of another process (the server), in MiB."""
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _server_pid(server: Any) -> int | None:
    proc = getattr(server, "_proc", None)
    return getattr(proc, "pid", None)


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a list of batch sizes, e.g. 500,2000,10000") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("batch sizes must be 1 or more")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_neo4j",
                                     description="Rows/s of the batched Neo4j export against one statement per row.")
    parser.add_argument("--stakeholders", type=int, default=20000, help="default 20000")
    parser.add_argument("--engagements", type=int, default=60000, help="default 60000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH, help=f"default {DEFAULT_BATCH}")
    parser.add_argument("--batch-sizes", type=parse_sizes, default=[], metavar="B,B,...",
                        help="also export once at each of these batch sizes")
    parser.add_argument("--per-row-limit", type=int, default=DEFAULT_PER_ROW, metavar="N",
                        help=f"rows written one statement each, spread over the graph (default {DEFAULT_PER_ROW})")
    parser.add_argument("--per-row-all", action="store_true", help="write every row one statement each")
    parser.add_argument("--heap", default=DEFAULT_HEAP, help=f"JVM heap of the ArcadeDB server (default "
                                                             f"{DEFAULT_HEAP})")
    parser.add_argument("--out", type=Path, default=Path("bench/results/neo4j.json"), help="JSON results")
    parser.add_argument("--markdown", action="store_true", help="also print the tables as Markdown")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if args.stakeholders < 4 or args.engagements < 0:
        parser.error("the graph needs at least 4 stakeholders")
    if args.batch_size < 1 or args.per_row_limit < 1:
        parser.error("--batch-size and --per-row-limit must be 1 or more")

    def say(text: str) -> None:
        if not args.quiet:
            print(text, file=sys.stderr, flush=True)

    from tests.bolt import BoltServer, bolt_available, external_from_env

    started = time.perf_counter()
    root = str(Path(__file__).resolve().parent.parent)
    try:
        external = external_from_env()
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if external is None:
        ok, why = bolt_available()
        if not ok:
            print(f"error: {why}", file=sys.stderr)
            return 2
    graph, info = make_graph(args.stakeholders, args.engagements, args.seed, say)
    server = None
    try:
        if external is None:
            say(f"starting ArcadeDB (heap {args.heap}) ...")
            server = BoltServer(heap=args.heap).start()
            settings: Any = server
            kind = f"ArcadeDB from arcadedb-embedded, JVM heap {args.heap}"
        else:
            settings, kind = external, f"external ({external.uri})"
            say(f"using {external.uri} (NEO4J_URI); its changemap nodes will be deleted")
        with Connection(settings.uri, settings.user, settings.password, settings.database) as db:
            agent = db.driver.get_server_info().agent
            result = run(db, graph, batch_size=args.batch_size, sweep=args.batch_sizes,
                         per_row_limit=None if args.per_row_all else args.per_row_limit, say=say)
        server_info = {"kind": kind, "agent": agent, "startup_s": _round(getattr(server, "startup_seconds", None), 2),
                       "rss_peak_mib": _process_peak_mib(_server_pid(server))}
    finally:
        if server is not None:
            server.stop()
    result = {"graph": info, **result}
    meta = {
        "date": datetime.date.today().isoformat(),
        "python": platform.python_version(),
        "neo4j": _version("neo4j"),
        "arcadedb_embedded": _version("arcadedb-embedded"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {_n(_memory_mib())} MiB RAM, "
                   f"{platform.system()} {platform.release()}",
        "cpus": os.cpu_count(),
        "memory_mib": _memory_mib(),
        "server": server_info,
        "seed": args.seed,
        "load_average": _load_average(),
        "rss_peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "wall_s": round(time.perf_counter() - started, 1),
        "changemap": _git_state(root),
        "command": "python -m bench.bench_neo4j " + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    print(report(result, meta))
    if args.markdown:
        print("\n" + markdown(result))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"meta": meta, **result}, indent=2, ensure_ascii=False, default=str) + "\n",
                        encoding="utf-8")
    say(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
