"""Fact tables (changemap/graph/facts.py): what they read, how they are read on
threads, and the shared tables derived from them, on a graph written by hand."""

from __future__ import annotations

import math

import pyoxigraph as ox
import pytest

from changemap.graph.facts import HERE, Facts, local
from changemap.graph.quads import Quads, rows_of
from changemap.graph.store import GraphStore, vocabulary_graph
from changemap.graph.write import serialise
from changemap.queries import REGISTRY

GRAPH = """
@prefix cm: <https://w3id.org/changemap#> .
@prefix ex: <https://example.org/quay/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix kind: <https://w3id.org/changemap/kind/> .
@prefix mode: <https://w3id.org/changemap/mode/> .

ex:ash a cm:Stakeholder ; rdfs:label "Ash Trust" ; cm:kind kind:cso ; cm:isGeneric false ;
    prov:wasDerivedFrom ex:ev1 .
ex:bay a cm:Stakeholder ; rdfs:label "Bay Police" ; cm:kind kind:public-authority .
ex:cove a cm:Stakeholder ; rdfs:label "Cove Council" ; cm:kind kind:public-authority .
ex:dune a cm:Stakeholder ; rdfs:label "the dunes" ; cm:kind kind:other ; cm:isGeneric true .
ex:ev1 prov:wasQuotedFrom ex:doc . ex:ev2 prov:wasQuotedFrom ex:doc .

ex:trio a cm:Engagement ; cm:party ex:cove , ex:ash , ex:bay ; cm:mode mode:strategic-group ;
    cm:year "2021"^^xsd:gYear , "2019"^^xsd:gYear ; prov:wasDerivedFrom ex:ev1 , ex:ev2 .
ex:duo a cm:Engagement ; cm:party ex:ash , ex:dune ; cm:mode mode:referral .
"""


@pytest.fixture(scope="module")
def text() -> tuple[bytes, bytes]:
    quads = Quads.of(rows_of(ox.parse(GRAPH.encode(), format=ox.RdfFormat.TURTLE)))
    trig, turtle = serialise(quads + vocabulary_graph())  # with the vocabulary: loading takes a while
    return turtle, trig


@pytest.fixture()
def store(text) -> GraphStore:
    return GraphStore.from_text(*text, lazy=True)


def test_three_parties_give_three_ordered_pairs(store):
    pairs = Facts(store).pairs()
    trio = pairs[pairs["engagement"].str.endswith("/trio")]
    assert sorted(zip(trio["a"].str[-4:], trio["b"].str[-4:], strict=True)) == [
        ("/ash", "/bay"), ("/ash", "cove"), ("/bay", "cove")]
    assert all(a < b for a, b in zip(pairs["a"], pairs["b"], strict=True)) and len(pairs) == 4


def test_tables_read_on_threads_from_a_store_not_loaded_yet(text):
    """Two threads asking a lazily loaded store at once both see the whole graph
    (a race here once gave every table but the first no rows; without the lock,
    one round in two or three showed it, so five rounds)."""
    for _ in range(5):
        store = GraphStore.from_text(*text, lazy=True)
        assert not store.loaded
        parties, modes, years, people = Facts(store).fetch("parties", "modes", "years", "stakeholders")
        assert (len(parties), len(modes), len(years), len(people)) == (5, 2, 2, 4)


def test_table_gives_text_and_missing_cells(store):
    people = Facts(store)["stakeholders"].set_index("name")
    assert people.loc["Ash Trust", "generic"] == "false" and people.loc["the dunes", "generic"] == "true"
    assert math.isnan(people.loc["Bay Police", "generic"])  # unbound
    years = Facts(store)["years"]
    assert sorted(years["year"]) == ["2019", "2021"]  # text, as the CSV gives it


def test_derived_tables(store):
    facts = Facts(store)
    people = facts.stakeholders().set_index("name")
    assert people.loc["Bay Police", "kind"] == "public-authority"
    assert people["generic"].to_dict() == {"Ash Trust": False, "Bay Police": False, "Cove Council": False,
                                           "the dunes": True}
    assert dict(zip(facts.engagements()["engagement"].str[-4:], facts.engagements()["mode"], strict=True)) == {
        "trio": "strategic-group", "/duo": "referral"}
    counts = facts.tally("engagement-evidence")
    assert counts["https://example.org/quay/trio"] == 2 and "https://example.org/quay/duo" not in counts
    assert facts.counts("stakeholder-documents").to_dict() == {"https://example.org/quay/ash": 1}


def test_local_names_follow_strafter():
    import pandas as pd

    values = pd.Series(["https://w3id.org/changemap/kind/cso", "https://example.org/x", None])
    assert local(values, "kind").tolist() == ["cso", "", None]


def test_a_query_whose_rows_are_a_fact_table_reads_it_once():
    assert Facts.match(REGISTRY["engagements"].sparql()) == "modes"
    assert Facts.match(REGISTRY["stakeholders"].sparql()) == "stakeholders"
    assert Facts.match(REGISTRY["findings"].sparql()) is None
    for query in REGISTRY.values():  # every fact a query names exists
        assert all((HERE / f"{name}.rq").is_file() for name in query.facts), query.name


def test_only_reads_the_rows_of_the_given_subjects(store):
    facts = Facts(store)
    ash, bay = "https://example.org/quay/ash", "https://example.org/quay/bay"
    assert facts.only("stakeholder-documents", "iri", [ash, bay]).to_dict(orient="records") == [
        {"iri": ash, "documents": "1"}]  # bay has no evidence: no row, as in the whole table
    assert facts.only("parties", "party", [bay])["engagement"].tolist() == ["https://example.org/quay/trio"]
    assert facts.only("parties", "party", []).empty


def test_network_arrays_follow_the_tables(store):
    from changemap.graph.project import network, project

    net = network(store)
    assert net.nodes["iri"].is_monotonic_increasing and len(net) == 4
    assert (net.edges["a"] < net.edges["b"]).all() and len(net.edges) == 4  # the trio gives three pairs
    ends = {(net.nodes["iri"][a][-4:], net.nodes["iri"][b][-4:]): n
            for a, b, n in zip(net.edges["a"], net.edges["b"], net.edges["evidence"], strict=True)}
    assert ends == {("/ash", "/bay"): 2, ("/ash", "cove"): 2, ("/bay", "cove"): 2, ("/ash", "dune"): 0}
    assert net.degree().tolist() == [3, 2, 2, 1] and net.igraph().ecount() == 4
    graph = project(store)
    assert sorted(graph.edges[u, v]["evidence"] for u, v in graph.edges) == [0, 2, 2, 2]
