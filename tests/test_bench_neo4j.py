"""The Neo4j write benchmark (bench/bench_neo4j.py) at a tiny size, on the session's Bolt server:
it writes and counts what it says it does.  No timing is asserted."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from changemap.neo4j.sync import Connection, clear

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))
from bench import bench_neo4j  # noqa: E402

pytestmark = pytest.mark.bolt

STAKEHOLDERS, ENGAGEMENTS, PER_ROW = 150, 400, 200


@pytest.fixture(scope="module")
def graph():
    return bench_neo4j.make_graph(STAKEHOLDERS, ENGAGEMENTS, seed=1)


@pytest.fixture(scope="module")
def db(bolt_server):
    with Connection(bolt_server.uri, bolt_server.user, bolt_server.password, bolt_server.database) as conn:
        clear(conn)  # the database is shared with other test modules
        yield conn
        clear(conn)


@pytest.fixture(scope="module")
def result(db, graph):
    pg, _info = graph
    return bench_neo4j.run(db, pg, batch_size=500, sweep=[3000], per_row_limit=PER_ROW)


def test_graph_rows_are_its_nodes_and_relationships(graph):
    pg, info = graph
    assert info["nodes"] == len(pg.nodes) and info["relationships"] == len(pg.rels)
    assert info["rows"] == len(pg.nodes) + len(pg.rels)
    assert info["engages_with"] == ENGAGEMENTS  # one per engagement's pair and mode, here
    assert info["synth"]["stakeholders"] == STAKEHOLDERS and info["synth"]["evidence"] > 0


def test_batched_export_writes_every_row(result, graph):
    pg, _info = graph
    b = result["batched"]
    assert b["rows"] == len(pg.nodes) + len(pg.rels)
    assert b["counters"]["nodes_created"] == len(pg.nodes)
    assert b["counters"]["relationships_created"] == len(pg.rels)
    assert b["in_db"]["nodes"] == len(pg.nodes) and b["in_db"]["relationships"] == len(pg.rels)
    # The progress callback saw every batch: nodes, then relationships.
    assert b["nodes"]["rows"] == len(pg.nodes) and b["relationships"]["rows"] == len(pg.rels)
    assert b["nodes"]["batches"] + b["relationships"]["batches"] == b["batches"]
    assert sum(s["rows"] for s in b["stages"].values()) == b["rows"]
    assert b["rows_per_s"] > 0


def test_rerun_creates_nothing(result, graph):
    pg, _info = graph
    r = result["rerun"]
    assert r["created_nothing"]
    assert r["counters"].get("nodes_created", 0) == 0 and r["counters"].get("relationships_created", 0) == 0
    assert r["in_db"]["nodes"] == len(pg.nodes) and r["in_db"]["relationships"] == len(pg.rels)


def test_sweep_exports_at_each_size(result, graph):
    pg, _info = graph
    (one,) = result["sweep"]
    assert one["batch_size"] == 3000
    assert one["counters"]["nodes_created"] == len(pg.nodes)
    assert one["counters"]["relationships_created"] == len(pg.rels)


def test_per_row_writes_exactly_the_sample(result, graph, db):
    pg, _info = graph
    p = result["per_row"]
    assert p["rows"] == PER_ROW and not p["complete"] and p["of_rows"] == len(pg.nodes) + len(pg.rels)
    assert p["nodes"]["rows"] + p["relationships"]["rows"] == PER_ROW
    assert p["counters"]["nodes_created"] == p["nodes"]["rows"]
    assert p["counters"]["relationships_created"] == p["relationships"]["rows"]
    # Counted in the database after the per-row writes: the sample and the end nodes it needed.
    assert p["in_db"]["nodes"] == p["nodes"]["rows"] + p["support_nodes"]
    assert p["in_db"]["relationships"] == p["relationships"]["rows"]
    assert p["cleared_before"]["nodes_deleted"] == len(pg.nodes)
    # The run leaves the database without changemap nodes.
    assert result["cleared_last"]["nodes_deleted"] == p["in_db"]["nodes"]
    assert bench_neo4j.db_counts(db)["nodes"] == 0
    assert result["comparison"]["ratio"] > 0
    assert "faster" in bench_neo4j.summary_line(result)


def test_sample_is_spread_over_groups_and_types(graph):
    pg, _info = graph
    sample = bench_neo4j.sample_rows(pg, PER_ROW)
    assert sample.rows == PER_ROW
    nodes, rels = len(pg.nodes), len(pg.rels)
    # In proportion to the graph, within one row.
    assert abs(len(sample.nodes) - PER_ROW * nodes / (nodes + rels)) <= 1
    by_type, sampled = Counter(r.type for r in pg.rels), Counter(r.type for r in sample.rels)
    for rel_type, n in by_type.items():
        assert abs(sampled[rel_type] - PER_ROW * n / (nodes + rels)) <= 1, rel_type
    # Every relationship's ends are in the sample or written first; none twice.
    written = {n.iri for n in sample.nodes} | {n.iri for n in sample.support}
    assert len(written) == len(sample.nodes) + len(sample.support)
    assert all(r.start in written and r.end in written for r in sample.rels)
    assert bench_neo4j.sample_rows(pg, None).complete
    assert bench_neo4j.sample_rows(pg, 10**9).rows == nodes + len(pg.rels)


def test_per_row_statements_are_export_s_for_one_row(graph):
    pg, _info = graph
    node = next(n for n in pg.nodes.values() if len(n.labels) == 2)
    cypher, params = bench_neo4j.node_statement(node)
    assert cypher.startswith("CREATE (n:`Changemap`:") and params == {"row": node.props}
    assert all(f":`{label}`" in cypher for label in node.labels)
    engages = next(r for r in pg.rels if r.type == "ENGAGES_WITH")
    cypher, params = bench_neo4j.rel_statement(engages)
    assert "MATCH (a:Changemap {iri: $s}) MATCH (b:Changemap {iri: $o})" in cypher
    assert "{mode: $mode}" in cypher and set(params) == {"s", "o", "mode", "evidence_count", "engagements"}
