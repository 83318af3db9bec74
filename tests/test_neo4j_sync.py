"""`changemap export neo4j` / `import neo4j` against a real Bolt server: what is written,
that a second run creates nothing, pruning, the round trip, a failed batch, clear errors.

The server is the session's (ArcadeDB, or NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD); every test
starts from a database without changemap nodes and leaves none behind.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import neo4j
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from changemap.cli import cli
from changemap.errors import Neo4jConnectionError, Neo4jMappingError, Neo4jWriteError
from changemap.neo4j import Connection, export_build, import_build, property_graph, read_triples
from changemap.neo4j.model import Node, PropertyGraph, from_triples
from changemap.neo4j.schema import schema
from changemap.neo4j.sync import _label_text, clear, export

pytestmark = pytest.mark.bolt

STAKEHOLDERS = ("name,kind,aliases\nAlder Trust,cso,AT\nBirch Police,public-authority,\n"
                "Cedar Council,public-authority,\n")
ENGAGEMENTS = ("source,target,mode,year,sentiment\nAlder Trust,Birch Police,training,2019,positive\n"
               "Alder Trust,Cedar Council,funding,2021,negative\nBirch Police,Cedar Council,data-sharing,2020,\n")
TIMELINE = "date,label,direction,driver,actors\n2019-03-04,Alder Trust report,forward,data-publication,Alder Trust\n"


@pytest.fixture
def db(bolt_server):
    with Connection(bolt_server.uri, bolt_server.user, bolt_server.password, bolt_server.database) as conn:
        clear(conn)
        yield conn
        clear(conn)


def count(db, cypher: str, **params) -> int:
    return db.run(cypher, **params)[0]["c"]


def env_for(server) -> dict[str, str]:
    env = {"NEO4J_URI": server.uri, "NEO4J_USER": server.user, "NEO4J_PASSWORD": server.password}
    if server.database:
        env["NEO4J_DATABASE"] = server.database
    return env


def test_export_writes_labels_properties_and_relationships(db, example_build):
    graph = property_graph(example_build.out_dir)
    report = export_build(example_build.out_dir, db)
    assert report.counters["nodes_created"] == len(graph.nodes)
    assert report.counters["relationships_created"] == len(graph.rels)
    assert count(db, "MATCH (n:Changemap) RETURN count(n) AS c") == len(graph.nodes)
    counts = example_build.counts()
    assert count(db, "MATCH (n:Stakeholder) RETURN count(n) AS c") == counts["stakeholders"]
    assert count(db, "MATCH (n:Engagement) RETURN count(n) AS c") == counts["engagements"]
    # A label per class: every stakeholder also has its kind's class.
    kinds = db.run("MATCH (s:Stakeholder) RETURN [l IN labels(s) WHERE NOT l IN ['Changemap', 'Stakeholder']] AS k")
    assert all(len(r["k"]) == 1 for r in kinds)
    # Engagement nodes link to parties, mode and evidence; evidence to documents.
    rows = db.run("""MATCH (e:Engagement)-[:PARTY]->(s:Stakeholder) WITH e, count(s) AS parties
                     MATCH (e)-[:MODE]->(m:Concept) MATCH (e)-[:WAS_DERIVED_FROM]->(ev:Evidence)
                     MATCH (ev)-[:WAS_QUOTED_FROM]->(d:Document)
                     RETURN count(DISTINCT e) AS c, min(parties) AS p""")
    assert rows[0]["c"] == counts["engagements"] and rows[0]["p"] >= 2
    # The derived relationship: one per pair and mode, counting distinct quotes.
    derived = db.run("""MATCH (a:Stakeholder)-[r:ENGAGES_WITH]->(b:Stakeholder)
                        RETURN a.iri < b.iri AS ordered, r.mode AS mode, r.evidence_count AS n""")
    assert derived and all(r["ordered"] and r["n"] >= 1 and isinstance(r["mode"], str) for r in derived)
    # Dates are dates; repeated values are lists.
    dates = db.run("MATCH (m:PivotalMoment) WHERE m.has_time_stamp IS NOT NULL RETURN m.has_time_stamp AS d")
    assert any(isinstance(v, neo4j.time.Date) for r in dates for v in r["d"])
    aliases = db.run("MATCH (s:Stakeholder) WHERE s.alt_label IS NOT NULL RETURN s.alt_label AS a LIMIT 5")
    assert aliases and all(isinstance(r["a"], list) for r in aliases)
    assert count(db, "MATCH (c:Concept)-[:IN_SCHEME]->(:ConceptScheme) RETURN count(c) AS c") > 50
    assert count(db, "MATCH (m:ChangemapExport) RETURN count(m) AS c") == 1


def test_second_run_creates_nothing_and_round_trip_is_isomorphic(db, example_build, tmp_path):
    export_build(example_build.out_dir, db, batch_size=300)
    again = export_build(example_build.out_dir, db, batch_size=300)
    assert again.counters["nodes_created"] == 0 and again.counters["relationships_created"] == 0
    files = import_build(db, tmp_path / "back")
    original = Graph().parse(example_build.out_dir / "graph.ttl")
    back = Graph().parse(files["graph.ttl"])
    assert len(back) == len(original)
    assert isomorphic(original, back)
    # The folder read back answers the named queries like the original.
    from changemap import queries

    for name in ("stakeholders", "engagements", "timeline"):
        assert queries.run(name, tmp_path / "back").equals(queries.run(name, example_build.out_dir)), name


def test_prune_removes_only_what_the_graph_no_longer_has(db, build_files):
    full = build_files("neo4j-full", {"stakeholders.csv": STAKEHOLDERS, "engagements.csv": ENGAGEMENTS,
                                      "timeline.csv": TIMELINE})
    less = build_files("neo4j-less", {"stakeholders.csv": STAKEHOLDERS,
                                      "engagements.csv": "\n".join(ENGAGEMENTS.splitlines()[:2]) + "\n"})
    # Someone else's data in the same database is never touched.
    db.run("CREATE (:Visitor {iri: 'urn:elsewhere:1'})-[:KNOWS]->(:Visitor {iri: 'urn:elsewhere:2'})")
    try:
        export_build(full.out_dir, db)
        assert count(db, "MATCH (m:PivotalMoment) RETURN count(m) AS c") == 1
        kept = export_build(less.out_dir, db)  # no --prune: the old nodes stay
        assert kept.counters["nodes_deleted"] == 0
        assert count(db, "MATCH (m:PivotalMoment) RETURN count(m) AS c") == 1
        pruned = export_build(less.out_dir, db, prune=True)
        assert pruned.counters["nodes_deleted"] > 0 and pruned.counters["relationships_deleted"] > 0
        want = property_graph(less.out_dir)
        assert count(db, "MATCH (n:Changemap) RETURN count(n) AS c") == len(want.nodes)
        assert count(db, "MATCH (m:PivotalMoment) RETURN count(m) AS c") == 0
        assert count(db, "MATCH (:Engagement) RETURN count(*) AS c") == 1
        pairs = db.run("MATCH (:Stakeholder)-[r:ENGAGES_WITH]->(:Stakeholder) RETURN r.mode AS mode")
        assert [r["mode"] for r in pairs] == ["training"]
        again = export_build(less.out_dir, db, prune=True)
        assert again.counters["nodes_deleted"] == again.counters["relationships_deleted"] == 0
        assert again.counters["nodes_created"] == again.counters["relationships_created"] == 0
        assert count(db, "MATCH (v:Visitor)-[:KNOWS]->(:Visitor) RETURN count(v) AS c") == 1
    finally:
        db.run("MATCH (v:Visitor) DETACH DELETE v")


def test_a_changed_kind_replaces_the_labels(db, build_files):
    before = build_files("neo4j-kind-a", {"stakeholders.csv": STAKEHOLDERS, "engagements.csv": ENGAGEMENTS})
    after = build_files("neo4j-kind-b", {"stakeholders.csv": STAKEHOLDERS.replace("Alder Trust,cso",
                                                                                 "Alder Trust,public-authority"),
                                         "engagements.csv": ENGAGEMENTS})
    export_build(before.out_dir, db)
    export_build(after.out_dir, db, prune=True)
    labels = db.run("MATCH (s:Stakeholder) WHERE 'Alder Trust' IN s.label RETURN labels(s) AS l")
    assert len(labels) == 1 and "PublicAuthority" in labels[0]["l"] and "CivilSocietyOrganisation" not in labels[0]["l"]
    # Its relationships were written again with it.
    assert count(db, "MATCH (s:Stakeholder)-[:ENGAGES_WITH]-() WHERE 'Alder Trust' IN s.label "
                     "RETURN count(*) AS c") == 2


def test_a_failed_batch_is_rolled_back_whole(db, build_files):
    small = build_files("neo4j-fail", {"stakeholders.csv": STAKEHOLDERS, "engagements.csv": ENGAGEMENTS})
    graph = property_graph(small.out_dir)
    nodes = dict(graph.nodes)
    # Two new public authorities with one iri: the unique constraint refuses the batch that
    # writes the public authorities, as it would a concurrent writer's duplicate.
    clash = "https://w3id.org/changemap/id/stakeholder/zz-clash"
    for key, name in (("zz-1", "Clash one"), ("zz-2", "Clash two")):
        nodes[key] = Node(clash, ("PublicAuthority", "Stakeholder"), {"iri": clash, "label": [name]})
    broken = PropertyGraph(nodes, graph.rels)
    with pytest.raises(Neo4jWriteError, match=r"batch \d+ of \d+ \(\d+ new PublicAuthority/Stakeholder nodes\) "
                                              r"failed and was rolled back: .*ConstraintValidationFailed.*"
                                              r"The \d+ batches before it are written"):
        export(db, broken, batch_size=1000)
    names = {r["n"] for r in db.run("MATCH (s:Stakeholder) UNWIND s.label AS n RETURN n")}
    assert names == {"Alder Trust"}, "the earlier batch (the CSO) stays; none of the failed batch's rows do"
    assert count(db, "MATCH (s:Changemap {iri: $iri}) RETURN count(s) AS c", iri=clash) == 0
    # Running the good graph again completes.
    export(db, graph)
    assert count(db, "MATCH (n:Changemap) RETURN count(n) AS c") == len(graph.nodes)


def test_labels_and_types_come_only_from_the_allowlist():
    with pytest.raises(Neo4jMappingError):
        _label_text(["Stakeholder) DETACH DELETE n //"], schema())
    bad = ox.Triple(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/evil-predicate"),
                    ox.Literal("v"))
    with pytest.raises(Neo4jMappingError, match="not in changemap's ontology"):
        from_triples([bad])


def test_every_term_of_a_synthetic_graph_maps_and_comes_back(tmp_path):
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:  # bench/ is not an installed package
        sys.path.insert(0, root)
    from bench.synth_graph import generate
    from changemap.graph.write import write_graph
    from changemap.neo4j.model import schema_triples, to_triples

    write_graph(generate(stakeholders=120, engagements=300, seed=3).quads, tmp_path)
    triples = read_triples(tmp_path)
    graph = from_triples(triples)
    assert to_triples(graph) | schema_triples(triples) == set(triples)


# -- the command line -----------------------------------------------------------------------

def test_cli_export_and_import(bolt_server, db, example_build, tmp_path):
    runner = CliRunner()
    args = ["export", "neo4j", "-g", str(example_build.out_dir), "--batch-size", "500", "-q"]
    first = runner.invoke(cli, args, env=env_for(bolt_server))
    assert first.exit_code == 0, first.output
    assert "created" in first.output
    second = runner.invoke(cli, args, env=env_for(bolt_server))
    assert second.exit_code == 0 and "created 0 nodes and 0 relationships" in second.output
    back = runner.invoke(cli, ["import", "neo4j", "-o", str(tmp_path / "back")], env=env_for(bolt_server))
    assert back.exit_code == 0, back.output
    assert isomorphic(Graph().parse(tmp_path / "back" / "graph.ttl"),
                      Graph().parse(example_build.out_dir / "graph.ttl"))


def test_password_is_never_a_command_line_option():
    for path in (["export", "neo4j"], ["import", "neo4j"], ["query"]):
        command = cli
        for part in path:
            command = command.commands[part]
        assert not any("password" in opt for p in command.params for opt in p.opts), path


@pytest.mark.parametrize("problem", ["wrong password", "unreachable host", "missing database"])
def test_connection_problems_give_one_line_and_write_nothing(problem, bolt_server, db, example_build):
    env = env_for(bolt_server)
    if problem == "wrong password":
        env["NEO4J_PASSWORD"] = bolt_server.password + "-wrong"
        expected = "refused user"
    elif problem == "unreachable host":
        env["NEO4J_URI"] = "bolt://127.0.0.1:9"
        expected = "cannot reach the server"
    else:
        env["NEO4J_DATABASE"] = "nope" + secrets.token_hex(3)
        expected = "there is no database"
    result = CliRunner().invoke(cli, ["export", "neo4j", "-g", str(example_build.out_dir), "-q"], env=env)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and expected in lines[0], result.output
    assert count(db, "MATCH (n:Changemap) RETURN count(n) AS c") == 0


def test_not_a_bolt_address_is_refused_before_connecting():
    with pytest.raises(Neo4jConnectionError, match="not a Bolt address"):
        Connection("http://localhost:7474", "neo4j", "x")


def test_import_of_an_empty_database_says_what_to_do(db, tmp_path):
    with pytest.raises(Neo4jMappingError, match="holds no graph written by changemap"):
        import_build(db, tmp_path / "back")
    assert not (tmp_path / "back").exists()


def test_the_readme_cypher_example_runs(db, example_build):
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```cypher\n(.*?)```", readme, re.S).group(1)
    export_build(example_build.out_dir, db)
    rows = db.run(example)
    assert 0 < len(rows) <= 10
    assert all(isinstance(r["cso"], str) and isinstance(r["authority"], str) and r["quotes"] >= 1 for r in rows)
    assert [r["quotes"] for r in rows] == sorted((r["quotes"] for r in rows), reverse=True)


def test_cli_query_backend_neo4j_prints_what_sparql_prints(bolt_server, db, example_build):
    export_build(example_build.out_dir, db)
    runner = CliRunner()
    for args in (["engagements"], ["ego", "--param", "name=Kelvary Pride Alliance"]):
        sparql = runner.invoke(cli, ["query", *args, "-g", str(example_build.out_dir), "--format", "csv"])
        cypher = runner.invoke(cli, ["query", *args, "--backend", "neo4j", "--format", "csv"],
                               env=env_for(bolt_server))
        assert sparql.exit_code == 0 and cypher.exit_code == 0, cypher.output
        assert cypher.output == sparql.output and cypher.output.count("\n") > 3
    gaps = runner.invoke(cli, ["query", "gaps", "--backend", "neo4j"], env={"NEO4J_PASSWORD": ""})
    assert gaps.exit_code == 1 and "has no Cypher version" in gaps.output
