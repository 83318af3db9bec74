"""The Bolt test server does what the Neo4j sync needs, through the official neo4j driver.

Run against the bundled ArcadeDB (tests/bolt.py) or, with NEO4J_URI/NEO4J_USER/
NEO4J_PASSWORD set, a real Neo4j. Everything these tests write is a :Stakeholder whose
iri starts with ``urn:changemap-test:``, deleted after each test, so a real database
only ever gains the uniqueness constraint on :Stakeholder(iri).

ArcadeDB 26.10 vs Neo4j 5, found while writing these (avoid these in sync code):

* Datetime parameters with a timezone are stored converted to UTC with the offset
  dropped (read back naive); send ISO strings, or ``datetime($iso)`` in Cypher.
* No APOC, no FULLTEXT/POINT/VECTOR indexes via Cypher ("Only standard, RANGE and TEXT
  index types are supported").
* Some errors Neo4j reports as ClientError are DatabaseError
  (Neo.DatabaseError.General.UnknownError) here: DELETE of a node that still has
  relationships, unknown procedures, a NODE KEY constraint that existing data violates.
  Catch ``neo4j.exceptions.Neo4jError``, not a narrower class, for those.
* elementId() values are ArcadeDB record ids ("#1:5") that are reused after deletion;
  id() is a large synthetic int. Identify nodes by their iri, never by these.
* ``CALL {...} IN TRANSACTIONS`` is accepted inside a managed transaction (Neo4j rejects
  it there): use auto-commit ``session.run`` for it so the code works on both.
* A MATCH without a label scans every node: always MATCH ``(a:Label {iri: ...})``.
"""

from __future__ import annotations

import neo4j
import pytest

pytestmark = pytest.mark.bolt

PREFIX = "urn:changemap-test:"
CONSTRAINT = "CREATE CONSTRAINT changemap_stakeholder_iri IF NOT EXISTS FOR (n:Stakeholder) REQUIRE n.iri IS UNIQUE"


def iri(name: object) -> str:
    return f"{PREFIX}{name}"


def _delete_test_data(driver, database) -> None:
    driver.execute_query(
        "MATCH (n:Stakeholder) WHERE n.iri STARTS WITH $prefix DETACH DELETE n",
        prefix=PREFIX,
        database_=database,
    )


@pytest.fixture(scope="module")
def driver(bolt_server):
    with neo4j.GraphDatabase.driver(bolt_server.uri, auth=(bolt_server.user, bolt_server.password)) as drv:
        yield drv


@pytest.fixture
def db(driver, bolt_server):
    """The driver and database name, with this module's test data removed before and after."""
    _delete_test_data(driver, bolt_server.database)
    yield driver, bolt_server.database
    _delete_test_data(driver, bolt_server.database)


@pytest.fixture(scope="module")
def unique_iri(driver, bolt_server):
    driver.execute_query(CONSTRAINT, database_=bolt_server.database)


def count_test_nodes(driver, database) -> int:
    records, _, _ = driver.execute_query(
        "MATCH (n:Stakeholder) WHERE n.iri STARTS WITH $prefix RETURN count(n) AS c",
        prefix=PREFIX,
        database_=database,
    )
    return records[0]["c"]


def count_test_relationships(driver, database) -> int:
    records, _, _ = driver.execute_query(
        "MATCH (a:Stakeholder)-[r:ENGAGES_WITH]->(b:Stakeholder) WHERE a.iri STARTS WITH $prefix RETURN count(r) AS c",
        prefix=PREFIX,
        database_=database,
    )
    return records[0]["c"]


def test_driver_connects_and_runs_a_query(db):
    driver, database = db
    driver.verify_connectivity()
    records, _, _ = driver.execute_query("RETURN 1 AS one", database_=database)
    assert records[0]["one"] == 1
    assert driver.get_server_info().agent.startswith("Neo4j/")


def test_uniqueness_constraint_is_created_once_and_enforced(db):
    driver, database = db
    driver.execute_query(CONSTRAINT, database_=database)
    driver.execute_query(CONSTRAINT, database_=database)  # IF NOT EXISTS: no error the second time

    records, _, _ = driver.execute_query("SHOW CONSTRAINTS", database_=database)
    matching = [
        r
        for r in records
        if "UNIQUE" in r["type"] and r["labelsOrTypes"] == ["Stakeholder"] and r["properties"] == ["iri"]
    ]
    assert len(matching) == 1, [r.data() for r in records]

    driver.execute_query("CREATE (:Stakeholder {iri: $iri})", iri=iri("dup"), database_=database)
    with pytest.raises(neo4j.exceptions.ConstraintError):
        driver.execute_query("CREATE (:Stakeholder {iri: $iri})", iri=iri("dup"), database_=database)
    assert count_test_nodes(driver, database) == 1


MERGE_STAKEHOLDERS = "UNWIND $rows AS row MERGE (s:Stakeholder {iri: row.iri}) SET s.name = row.name"


def test_batched_merge_twice_creates_nothing_new(db, unique_iri):
    driver, database = db
    rows = [{"iri": iri(i), "name": f"Stakeholder {i}"} for i in range(100)]

    first = driver.execute_query(MERGE_STAKEHOLDERS, rows=rows, database_=database).summary.counters
    assert first.nodes_created == 100
    second = driver.execute_query(MERGE_STAKEHOLDERS, rows=rows, database_=database).summary.counters
    assert second.nodes_created == 0

    assert count_test_nodes(driver, database) == 100
    records, _, _ = driver.execute_query(
        "MATCH (s:Stakeholder {iri: $iri}) RETURN s.name AS name", iri=iri(42), database_=database
    )
    assert [r["name"] for r in records] == ["Stakeholder 42"]


MERGE_ENGAGEMENT = (
    "MATCH (a:Stakeholder {iri: $a}) MATCH (b:Stakeholder {iri: $b}) "
    "MERGE (a)-[r:ENGAGES_WITH {mode: $mode}]->(b) RETURN r"
)


def test_relationship_merge_is_idempotent_per_mode(db, unique_iri):
    driver, database = db
    driver.execute_query(
        MERGE_STAKEHOLDERS,
        rows=[{"iri": iri("council"), "name": "Council"}, {"iri": iri("residents"), "name": "Residents"}],
        database_=database,
    )
    params = {"a": iri("council"), "b": iri("residents")}

    def merge(mode: str) -> int:
        summary = driver.execute_query(MERGE_ENGAGEMENT, params, mode=mode, database_=database).summary
        return summary.counters.relationships_created

    assert merge("consultation") == 1
    assert merge("consultation") == 0
    assert merge("co-design") == 1
    assert count_test_relationships(driver, database) == 2


def test_nodes_relationships_and_paths_read_back_as_graph_objects(db, unique_iri):
    driver, database = db
    driver.execute_query(
        MERGE_STAKEHOLDERS,
        rows=[{"iri": iri("council"), "name": "Council"}, {"iri": iri("residents"), "name": "Residents"}],
        database_=database,
    )
    driver.execute_query(
        MERGE_ENGAGEMENT, a=iri("council"), b=iri("residents"), mode="consultation", database_=database
    )

    records, _, _ = driver.execute_query(
        "MATCH p = (a:Stakeholder {iri: $a})-[r:ENGAGES_WITH]->(b:Stakeholder) RETURN a, r, b, p",
        a=iri("council"),
        database_=database,
    )
    assert len(records) == 1
    a, r, b, p = records[0]["a"], records[0]["r"], records[0]["b"], records[0]["p"]

    assert isinstance(a, neo4j.graph.Node) and isinstance(b, neo4j.graph.Node)
    assert a.labels == {"Stakeholder"}
    assert dict(a) == {"iri": iri("council"), "name": "Council"}
    assert b["name"] == "Residents"

    assert isinstance(r, neo4j.graph.Relationship)
    assert r.type == "ENGAGES_WITH"
    assert dict(r) == {"mode": "consultation"}
    assert r.start_node.element_id == a.element_id
    assert r.end_node.element_id == b.element_id

    assert isinstance(p, neo4j.graph.Path)
    assert len(p) == 1
    assert [n["iri"] for n in p.nodes] == [iri("council"), iri("residents")]
    assert p.relationships[0].element_id == r.element_id


class _Abort(Exception):
    pass


def test_exception_in_write_transaction_leaves_nothing_written(db, unique_iri):
    driver, database = db
    seen_inside = []

    def work(tx):
        tx.run(
            MERGE_STAKEHOLDERS,
            rows=[{"iri": iri("a"), "name": "A"}, {"iri": iri("b"), "name": "B"}],
        ).consume()
        tx.run(MERGE_ENGAGEMENT, a=iri("a"), b=iri("b"), mode="consultation").consume()
        record = tx.run(
            "MATCH (s:Stakeholder) WHERE s.iri STARTS WITH $prefix RETURN count(s) AS c", prefix=PREFIX
        ).single()
        seen_inside.append(record["c"])
        raise _Abort("changed my mind")

    with driver.session(database=database) as session, pytest.raises(_Abort):
        session.execute_write(work)

    assert seen_inside == [2]  # the writes happened inside the transaction...
    assert count_test_nodes(driver, database) == 0  # ...and were rolled back
    assert count_test_relationships(driver, database) == 0


def test_constraint_violation_rolls_back_earlier_writes_in_the_transaction(db, unique_iri):
    driver, database = db

    def work(tx):
        tx.run("CREATE (:Stakeholder {iri: $iri})", iri=iri("first")).consume()
        tx.run("CREATE (:Stakeholder {iri: $iri})", iri=iri("twice")).consume()
        tx.run("CREATE (:Stakeholder {iri: $iri})", iri=iri("twice")).consume()

    with driver.session(database=database) as session, pytest.raises(neo4j.exceptions.ConstraintError):
        session.execute_write(work)
    assert count_test_nodes(driver, database) == 0


def test_wrong_password_is_an_auth_error(bolt_server):
    with neo4j.GraphDatabase.driver(bolt_server.uri, auth=(bolt_server.user, bolt_server.password + "-wrong")) as bad:
        with pytest.raises(neo4j.exceptions.AuthError):
            bad.verify_connectivity()
