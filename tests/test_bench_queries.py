"""The named-query benchmark (bench/bench_queries.py) and its graph generator (bench/synth_graph.py),
run at a tiny size: the graph has the sizes asked for and the shape of a real build, and the
benchmark reports every registry query with the same row counts on Oxigraph and rdflib."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from changemap.graph.store import GraphStore
from changemap.queries import REGISTRY, NamedQuery

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))
from bench import bench_queries, synth_graph  # noqa: E402


@pytest.fixture(scope="module")
def tiny():
    graph = synth_graph.generate(60, 150, seed=3)
    return graph, GraphStore.from_quads(graph.quads)


def count(store: GraphStore, cls: str) -> int:
    return store.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}")[0]["n"]


def test_graph_has_the_sizes_asked_for(tiny):
    graph, store = tiny
    assert count(store, "cm:Stakeholder") == 60
    assert count(store, "cm:Engagement") == 150
    assert count(store, "cm:PivotalMoment") == graph.counts["moments"] == 4
    assert count(store, "cm:Finding") == graph.counts["findings"] == 6
    assert count(store, "cm:Initiative") == graph.counts["initiatives"] == 2


def test_every_engagement_has_two_parties_and_evidence(tiny):
    _graph, store = tiny
    rows = store.query("""SELECT ?e (COUNT(DISTINCT ?p) AS ?parties) (COUNT(DISTINCT ?ev) AS ?evidence) WHERE {
        ?e a cm:Engagement . OPTIONAL { ?e cm:party ?p } OPTIONAL { ?e prov:wasDerivedFrom ?ev } } GROUP BY ?e""")
    assert len(rows) == 150
    assert all(r["parties"] >= 2 and r["evidence"] >= 1 for r in rows)


def test_every_item_has_evidence_with_quote_document_and_offsets(tiny):
    graph, store = tiny
    classes = "VALUES ?c { cm:Stakeholder cm:Engagement cm:PivotalMoment cm:Finding cm:Initiative " \
              "cm:RecordingSystem cm:DataFlow }"
    items = store.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {classes} ?x a ?c }}")[0]["n"]
    quoted = store.query(f"""SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {classes} ?x a ?c ; prov:wasDerivedFrom ?ev .
        ?ev cm:quote ?q ; prov:wasQuotedFrom ?d ; oa:hasSelector ?sel . ?sel oa:start ?s ; oa:end ?e }}""")[0]["n"]
    assert items == quoted > 60 + 150
    # Every quote is the text of its document at its offsets, as extraction writes them.
    texts = {d.key: d.text for d in graph.extraction.documents}
    records = [*graph.extraction.stakeholders, *graph.extraction.engagements, *graph.extraction.findings]
    quotes = [ev for r in records for ev in r.evidence]
    assert quotes and all(texts[ev.document][ev.start:ev.end] == ev.quote for ev in quotes)


def test_hub_is_the_most_connected_stakeholder(tiny):
    graph, store = tiny
    rows = store.query("""SELECT ?name (COUNT(DISTINCT ?e) AS ?n) WHERE {
        ?e a cm:Engagement ; cm:party ?s . ?s rdfs:label ?name } GROUP BY ?name ORDER BY DESC(?n)""")
    assert rows[0]["n"] > rows[len(rows) // 2]["n"]  # a hub well above the median
    assert {r["name"]: r["n"] for r in rows}[graph.hub] == rows[0]["n"]


def test_same_arguments_give_the_same_graph():
    a, b = synth_graph.generate(30, 60, seed=5), synth_graph.generate(30, 60, seed=5)
    assert a.quads.graphs == b.quads.graphs and a.hub == b.hub
    assert synth_graph.generate(30, 60, seed=6).quads.graphs != a.quads.graphs


def test_cases_fill_parameters_add_variant_runs_and_skip_unknown_needs():
    registry = {**REGISTRY, "mystery": NamedQuery("mystery", "needs a parameter no rule covers",
                                                  params={"colour": None})}
    plan = bench_queries.cases(registry, bench_queries.Context(hub="Alder Trust"))
    by_label = {c.label: c for c in plan}
    assert {c.query for c in plan} == set(registry)
    if "ego" in REGISTRY:
        assert by_label["ego name=Alder Trust"].params == {"name": "Alder Trust"}
    if "engagement-matrix" in REGISTRY:
        assert "engagement-matrix by=stakeholder" in by_label
    assert "colour" in by_label["mystery"].skipped


def test_benchmark_reports_every_query_on_both_engines(tmp_path):
    out = tmp_path / "queries.json"
    assert bench_queries.main(["--stakeholders", "60", "--engagements", "150", "--repeat", "1",
                               "--small-stakeholders", "30", "--small-engagements", "60",
                               "--json", str(out), "--quiet"]) == 0
    data = json.loads(out.read_text())
    assert {"python", "pyoxigraph", "rdflib", "machine"} <= set(data["meta"])
    large, small = data["large"], data["small"]
    assert {r["query"] for r in large["queries"]} == set(REGISTRY)
    assert [r["label"] for r in large["queries"] if r["status"] == "ERROR"] == []
    rows = {r["label"]: r.get("rows") for r in large["queries"]}
    assert rows["stakeholders"] == 60 and rows["engagements"] == 150
    assert all(r["p50_s"] <= r["max_s"] for r in large["queries"] if r["status"] in ("PASS", "FAIL"))
    assert {r["query"] for r in small["queries"]} == set(REGISTRY)
    compared = [r for r in small["queries"] if r.get("rdflib_rows") is not None]
    assert {"stakeholders", "engagements"} <= {r["label"] for r in compared}
    for r in compared:
        assert r["rdflib_rows"] == r["oxigraph_rows"], r["label"]
    # stakeholders reads its own SPARQL (30 rows) and its fact tables, each replayed on rdflib
    people = next(r for r in compared if r["label"] == "stakeholders")
    assert people["sparql_calls"] == 1 + len(REGISTRY["stakeholders"].facts) and 30 in people["oxigraph_rows"]
