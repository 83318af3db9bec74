"""The Cypher twins of the named queries (changemap/queries/NAME.cypher, run by
changemap.neo4j.cypher.run_cypher) give the same frames as the SPARQL versions: same
columns, types, rows and order, on three graphs exported to the session's Bolt server
(ArcadeDB, or NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD):

* the bundled example corpus;
* a small synthetic graph from bench/synth_graph.py, so the rules are not tuned to the example;
* that kind of graph with edge cases put in: a stakeholder with two names, one with two
  kinds, an engagement with two sentiments, one with three parties, one with no evidence
  and a year that is not an integer, a moment with two time stamps and one with none,
  an alias two stakeholders share, initiatives that address challenges both ways.

Each graph replaces the one before in the database (the module clears it before and after).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pyoxigraph as ox
import pytest

from changemap import queries
from changemap.errors import QueryError
from changemap.graph.quads import Quads
from changemap.graph.store import GraphStore, vocabulary_graph
from changemap.graph.write import write_graph
from changemap.neo4j import Connection, export_build
from changemap.neo4j.cypher import QUERIES, TWINS, cypher_file, cypher_files, run_cypher
from changemap.neo4j.sync import clear
from changemap.ontology.namespaces import CM, PREFIXES, RDF, RDFS, SKOS, XSD

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))
from bench import synth_graph  # noqa: E402

pytestmark = pytest.mark.bolt

GRAPHS = ("example", "synthetic", "edge-cases")
EDGE_GRAPH = ox.NamedNode(PREFIXES["cmid"] + "graph/test-edge-cases")
A = ox.NamedNode(RDF + "type")


def _iri(text: str) -> ox.NamedNode:
    return ox.NamedNode(text)


def _lit(text: str, datatype: str | None = None) -> ox.Literal:
    return ox.Literal(text, datatype=_iri(datatype)) if datatype else ox.Literal(text)


def _write(quads, folder: Path) -> Path:
    folder.mkdir(parents=True)
    write_graph(Quads.of(list(quads)) + vocabulary_graph(), folder)
    return folder


class _Picker:
    """Nodes of a graph, by SPARQL on its store, in IRI order."""

    def __init__(self, store: GraphStore):
        self.store = store

    def iris(self, where: str) -> list[str]:
        return sorted({str(r["x"]) for r in self.store.query(f"SELECT ?x WHERE {{ {where} }}")})

    def value(self, where: str) -> str:
        rows = sorted(str(r["v"]) for r in self.store.query(f"SELECT ?v WHERE {{ {where} }}"))
        return rows[0]

    def partners(self, iri: str) -> set[str]:
        return set(self.iris(f"?e cm:party <{iri}>, ?x"))

    def named(self, name: str) -> str:
        return next(str(r["x"]) for r in self.store.query("SELECT ?x ?n WHERE { ?x a cm:Stakeholder ; rdfs:label ?n }")
                    if r["n"] == name)


def edge_case_graph(folder: Path) -> tuple[Path, dict[str, list]]:
    """A synthetic graph with edge cases added (see the module docstring), and the
    parameters to run ``ego`` and ``evidence`` with on it.  ``ego`` keeps to stakeholders
    whose own rows do not depend on the order SPARQL happens to return rows in (a partner
    with two names or kinds, an engagement with two sentiments or a third party: the
    SPARQL step shows the first one it is given)."""
    quads = list(synth_graph.generate(40, 100, seed=11, moments=6, findings=12, initiatives=3).quads)
    pick = _Picker(GraphStore.from_quads(quads, vocabulary=False))
    people = pick.iris("?x a cm:Stakeholder ; cm:kind ?k ; prov:wasDerivedFrom ?ev")
    engaged = [p for p in people if pick.partners(p) - {p}]
    engagements = pick.iris("?x a cm:Engagement ; prov:wasDerivedFrom ?ev")
    challenges = pick.iris("?x cm:findingType ftype:challenge ; cm:theme ?t ; cm:statement ?s")
    initiatives = pick.iris("?x a cm:Initiative")
    moments = pick.iris("?x a cm:PivotalMoment ; sem:hasTimeStamp ?t")
    flows = pick.iris("?x a cm:DataFlow")
    add: list[tuple[ox.NamedNode, ox.NamedNode, ox.Term]] = []
    drop: set[tuple[str, str]] = set()
    two_names, two_kinds = engaged[1], engaged[2]
    add.append((_iri(two_names), _iri(RDFS + "label"), _lit("Zz Second Name")))
    add.append((_iri(two_kinds), _iri(CM + "kind"), _iri(PREFIXES["kind"] + "other")))
    moody, crowded = engagements[0], engagements[1]
    add.append((_iri(moody), _iri(CM + "sentiment"), _iri(PREFIXES["sentiment"] + "mixed")))
    add.append((_iri(moody), _iri(CM + "sentiment"), _iri(PREFIXES["sentiment"] + "negative")))
    drop.add((engagements[2], CM + "sentiment"))
    third = next(p for p in people if p not in pick.iris(f"<{crowded}> cm:party ?x"))
    add.append((_iri(crowded), _iri(CM + "party"), _iri(third)))
    touched = {two_names, two_kinds, third}
    touched |= pick.partners(two_names) | pick.partners(two_kinds)
    touched |= set(pick.iris(f"<{moody}> cm:party ?x")) | set(pick.iris(f"<{crowded}> cm:party ?x"))
    calm = [p for p in engaged if p not in touched]
    # An engagement with no evidence, between two calm stakeholders, with a year and a month.
    lonely = _iri(PREFIXES["cmid"] + "engagement/test-no-evidence")
    add += [(lonely, A, _iri(CM + "Engagement")),
            (lonely, _iri(CM + "mode"), _iri(PREFIXES["mode"] + "funding")),
            (lonely, _iri(CM + "party"), _iri(calm[0])), (lonely, _iri(CM + "party"), _iri(calm[1])),
            (lonely, _iri(CM + "year"), _lit("2020", XSD + "gYear")),
            (lonely, _iri(CM + "year"), _lit("2021-03", XSD + "gYearMonth"))]
    # Two time stamps of different types on one moment, none on another.
    add.append((_iri(moments[0]), _iri(PREFIXES["sem"] + "hasTimeStamp"), _lit("1999", XSD + "gYear")))
    drop.add((moments[1], PREFIXES["sem"] + "hasTimeStamp"))
    # An alias two stakeholders share, and an alias that is another stakeholder's name.
    shared = "Shared Test Alias"
    add += [(_iri(calm[2]), _iri(SKOS + "altLabel"), _lit(shared)),
            (_iri(calm[3]), _iri(SKOS + "altLabel"), _lit(shared))]
    taken = pick.value(f"<{calm[5]}> rdfs:label ?v")
    add.append((_iri(calm[4]), _iri(SKOS + "altLabel"), _lit(taken)))
    # Addressing challenges: said outright, and by a good-practice finding on a shared theme.
    add.append((_iri(initiatives[0]), _iri(CM + "addresses"), _iri(challenges[0])))
    theme = pick.value(f"<{challenges[1]}> cm:theme ?v")
    praise = _iri(PREFIXES["cmid"] + "finding/test-praise")
    add += [(praise, A, _iri(CM + "Finding")),
            (praise, _iri(CM + "findingType"), _iri(PREFIXES["ftype"] + "good-practice")),
            (praise, _iri(CM + "statement"), _lit("It works.")),
            (praise, _iri(CM + "about"), _iri(initiatives[-1])),
            (praise, _iri(CM + "theme"), _iri(theme))]
    # Where both name target groups, the challenge must share one with the initiative.
    group, other_group = pick.iris("?s cm:servesTargetGroup ?x")[:2]
    add.append((_iri(initiatives[-1]), _iri(CM + "targetGroup"), _iri(group)))
    for key, strand in (("same", group), ("other", other_group)):
        challenge = _iri(PREFIXES["cmid"] + f"finding/test-challenge-{key}-strand")
        add += [(challenge, A, _iri(CM + "Finding")),
                (challenge, _iri(CM + "findingType"), _iri(PREFIXES["ftype"] + "challenge")),
                (challenge, _iri(CM + "statement"), _lit(f"A challenge with the {key} strand.")),
                (challenge, _iri(CM + "theme"), _iri(theme)),
                (challenge, _iri(CM + "strand"), _iri(strand))]
    drop.add((flows[0], PREFIXES["schema"] + "repeatFrequency"))  # (a second one would tie in SPARQL's order)
    kept = [q for q in quads if (q.subject.value, q.predicate.value) not in drop]
    kept += [ox.Quad(s, p, o, EDGE_GRAPH) for s, p, o in add]
    label = {iri: pick.value(f"<{iri}> rdfs:label ?v") for iri in (*calm[:2], two_names)}
    partner = sorted(pick.partners(two_names) - {two_names})[0]
    aliased = next(p for p in calm[6:] if pick.iris(f"<{p}> skos:altLabel ?x"))
    cases = {
        "ego": [{"name": label[calm[0]]}, {"name": label[calm[1]].upper()},
                {"name": pick.value(f"<{aliased}> skos:altLabel ?v")}, {"name": taken}],
        "evidence": [{"node": "Zz Second Name"}, {"node": crowded}, {"node": lonely.value},
                     {"node": f"{label[two_names]} -- {pick.value(f'<{partner}> rdfs:label ?v')}"},
                     {"node": moments[0]}, {"node": challenges[0]}],
        "errors": [("ego", {"name": "shared test alias"}), ("evidence", {"node": f"{shared} -- {label[calm[0]]}"})],
    }
    return _write(kept, folder), cases


def synthetic_graph(folder: Path) -> tuple[Path, dict[str, list]]:
    graph = synth_graph.generate(60, 150, seed=3)
    pick = _Picker(GraphStore.from_quads(graph.quads, vocabulary=False))
    hub = pick.named(graph.hub)
    partner = sorted(pick.partners(hub) - {hub})[0]
    partner_name = pick.value(f"<{partner}> rdfs:label ?v")
    alias = pick.value("?x a cm:Stakeholder ; skos:altLabel ?v")
    quiet = next(p for p in pick.iris("?x a cm:Stakeholder ; prov:wasDerivedFrom ?ev") if not pick.partners(p))
    moment = pick.value("?x a cm:PivotalMoment ; rdfs:label ?v")
    cases = {
        "ego": [{"name": graph.hub}, {"name": alias}, {"name": pick.value(f"<{quiet}> rdfs:label ?v")},
                {"name": partner_name}],
        "evidence": [{"node": graph.hub}, {"node": f"{partner_name} -- {graph.hub}"}, {"node": moment},
                     {"node": pick.iris("?x a cm:Engagement")[0]}, {"node": pick.iris("?x a cm:Initiative")[0]}],
    }
    return _write(graph.quads, folder), cases


EXAMPLE_CASES = {
    "ego": [{"name": "Kelvary Pride Alliance"}, {"name": "HCP"}, {"name": "  brightpath   YOUTH trust "},
            {"name": "Open Door Disability Network"}, {"name": "charities"}],
    "evidence": [{"node": "Kelvary Pride Alliance"}, {"node": "Kelvary Pride Alliance -- Harrowmouth City Police"},
                 {"node": "Kelvary Pride Alliance -- KPA"},
                 {"node": "HCP <-> Kelvary Constabulary"},
                 {"node": "https://w3id.org/changemap/id/engagement/brightpath-youth-trust--kelvary-constabulary"
                          "--training"},
                 {"node": "Safe Route"}, {"node": "Report Point"},
                 {"node": "https://w3id.org/changemap/id/moment/2013-06-14-arson-attack-on-the-eastgate-mosque-in-"
                          "harrowmouth"}],
}


@pytest.fixture(scope="module")
def db(bolt_server):
    with Connection(bolt_server.uri, bolt_server.user, bolt_server.password, bolt_server.database) as conn:
        clear(conn)
        yield conn
        clear(conn)


@pytest.fixture(scope="module")
def edge_cases(tmp_path_factory):
    return edge_case_graph(tmp_path_factory.mktemp("cypher") / "edge-cases")


@pytest.fixture(scope="module", params=GRAPHS)
def loaded(request, db, tmp_path_factory):
    """One graph in the database: (build folder, Connection, ego/evidence parameters)."""
    if request.param == "example":
        folder, cases = request.getfixturevalue("example_build").out_dir, EXAMPLE_CASES
    elif request.param == "synthetic":
        folder, cases = synthetic_graph(tmp_path_factory.mktemp("cypher") / "synthetic")
    else:
        folder, cases = request.getfixturevalue("edge_cases")
    clear(db)
    export_build(folder, db)
    return folder, db, cases


def parameter_sets(name: str, cases: dict[str, list]) -> list[dict[str, str]]:
    if name == "engagement-matrix":
        return [{}, {"by": "kind"}, {"by": "stakeholder"}]
    return cases.get(name, [{}])


@pytest.mark.parametrize("name", TWINS)
def test_cypher_twin_gives_the_sparql_frame(loaded, name):
    folder, db, cases = loaded
    for params in parameter_sets(name, cases):
        want = queries.run(name, folder, **params)
        got = run_cypher(name, db, **params)
        try:
            pd.testing.assert_frame_equal(got, want, check_dtype=True)
        except AssertionError as err:
            raise AssertionError(f"{name} {params}: {err}") from None
        with_iris = run_cypher(name, db, keep_iris=True, **params)
        assert list(with_iris.columns) == list(queries.run(name, folder, keep_iris=True, **params).columns)


def test_the_edge_case_graph_holds_its_edge_cases(edge_cases):
    """What the edge-case graph is for is there (so the equality above covers it)."""
    folder, cases = edge_cases
    people = queries.run("stakeholders", folder, keep_iris=True)
    assert "Zz Second Name" in set(people["name"])
    assert people["iri"].duplicated().sum() == 2  # two names; two kinds
    engagements = queries.run("engagements", folder, keep_iris=True)
    assert set(engagements["sentiment"]) >= {"mixed", "negative", None}
    assert engagements.duplicated(["iri", "source", "target"]).any()  # two sentiments: a row each
    assert engagements.groupby("iri").size().max() >= 3  # three parties, three pairs
    assert "test-no-evidence" not in " ".join(engagements["iri"])
    timeline = queries.run("timeline", folder)
    assert (timeline["date"] == "").any() and (timeline["date"] == "1999").any()
    addresses = queries.run("initiatives", folder)["addresses"]
    assert (addresses != "").sum() >= 2
    assert "A challenge with the same strand." in " ".join(addresses)
    assert "A challenge with the other strand." not in " ".join(addresses)
    assert queries.run("data-flows", folder)["frequency"].isna().any()
    assert queries.run("evidence", folder, node=PREFIXES["cmid"] + "engagement/test-no-evidence").empty
    lonely = queries.run("ego", folder, **cases["ego"][0])
    assert ((lonely["evidence_count"] == 0) & (lonely["date"] == "2020–2021-03")).any()
    with pytest.raises(QueryError, match="names more than one node"):
        queries.run("ego", folder, name="shared test alias")


COMMON_ERRORS = [("ego", {}), ("ego", {"name": "Kelvary Prid Aliance"}), ("ego", {"name": "Nobody At All Anywhere"}),
                 ("ego", {"nmae": "x"}), ("evidence", {"node": "a -- b -- c"}),
                 ("evidence", {"node": "https://example.org/none"}), ("engagement-matrix", {"by": "partner"}),
                 ("stakeholders", {"by": "kind"})]


def test_parameter_errors_match_the_sparql_path(loaded):
    folder, db, cases = loaded
    for name, params in [*cases.get("errors", []), *COMMON_ERRORS]:
        with pytest.raises(QueryError) as sparql:
            queries.run(name, folder, **params)
        with pytest.raises(QueryError) as cypher:
            run_cypher(name, db, **params)
        assert str(cypher.value) == str(sparql.value), (name, params)


def test_a_query_without_a_twin_says_so(db):
    for name in sorted(set(queries.REGISTRY) - set(TWINS)):
        with pytest.raises(QueryError) as err:
            run_cypher(name, db)
        assert str(err.value) == f"query '{name}' has no Cypher version; run it with --backend sparql (the default)"
    with pytest.raises(QueryError, match="no query named 'nope'"):
        run_cypher("nope", db)


def test_every_cypher_file_is_a_twin_and_every_twin_has_one():
    files = cypher_files()
    assert set(files.values()) == set(TWINS)
    assert set(TWINS) <= set(queries.REGISTRY)
    for name in TWINS:
        assert cypher_file(name).is_file(), name
    assert cypher_file("engagement-matrix", {"by": "stakeholder"}).is_file()
    for filename in files:
        text = (QUERIES / filename).read_text(encoding="utf-8")
        assert text.startswith("//"), f"{filename} should start with a comment saying what it returns"
