"""The build's map and report tables, computed in Python, equal the SPARQL queries' results."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pyoxigraph as ox
import pytest

from changemap.graph.quads import Quads, rows_of
from changemap.graph.store import GraphStore, read_quads, vocabulary_graph
from changemap.pipeline import build_corpus
from changemap.queries import run
from changemap.viz.frames import Tables

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))
from bench import synth  # noqa: E402

# The reference for Tables.evidence: every quote of a stakeholder, engagement,
# initiative or pivotal moment, with its document, span, approval and speaker.
EVIDENCE_QUERY = """
    SELECT ?node ?quote ?doc ?start ?end ?a ?speaker WHERE {
      VALUES ?type { cm:Stakeholder cm:Engagement cm:Initiative cm:PivotalMoment }
      ?node a ?type ; prov:wasDerivedFrom ?ev .
      ?ev cm:quote ?quote ; prov:wasQuotedFrom ?d ; oa:hasSelector ?sel ; cm:approval ?a .
      ?sel a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
      ?d dcterms:identifier ?doc .
      OPTIONAL { ?ev cm:speaker/foaf:nick ?speaker }
    }"""


def evidence_by_node(rows) -> dict[str, list[dict]]:
    """Rows of EVIDENCE_QUERY → node IRI → its distinct quotes, by document and position."""
    approved = "https://w3id.org/changemap/approval/approved"
    speakers: dict[tuple, set] = {}
    for r in rows:
        key = (r["node"], r["doc"], r["start"], r["end"], r["quote"], r["a"])
        speakers.setdefault(key, set())
        if r.get("speaker") is not None:
            speakers[key].add(r["speaker"])
    out: dict[str, list[dict]] = {}
    for key in sorted(speakers):
        node, doc, start, end, quote, a = key
        out.setdefault(node, []).append({"quote": quote, "doc": doc, "start": start, "end": end,
                                         "approved": a == approved,
                                         "speaker": "; ".join(sorted(speakers[key])) or None})
    return out


def assert_tables_match(quads: Quads) -> None:
    store = GraphStore.from_quads(quads, vocabulary=False)
    for tables in (Tables(quads.merged()), Tables(quads.merged(), quads.by_predicate())):
        for name in ("stakeholders", "engagements"):
            for keep in (True, False):
                pd.testing.assert_frame_equal(getattr(tables, name)(keep_iris=keep),
                                              run(name, store, keep_iris=keep))
        assert tables.evidence() == evidence_by_node(store.query(EVIDENCE_QUERY))


def test_example_build(example_build):
    quads = read_quads(example_build.out_dir)
    assert len(Tables(quads.merged()).engagements()) == example_build.counts()["engagements"]
    assert_tables_match(quads)


def test_synthetic_corpus(tmp_path):
    synth.generate(tmp_path / "corpus", documents=8, stakeholders=40, seed=3)
    result = build_corpus([tmp_path / "corpus"], tmp_path / "out", outputs=False)
    assert_tables_match(read_quads(result.out_dir))


EDGE_CASES = """
@prefix cm: <https://w3id.org/changemap#> .
@prefix ex: <https://example.org/harbourside/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix kind: <https://w3id.org/changemap/kind/> .
@prefix mode: <https://w3id.org/changemap/mode/> .
@prefix tg: <https://w3id.org/changemap/target-group/> .
@prefix sentiment: <https://w3id.org/changemap/sentiment/> .
@prefix approval: <https://w3id.org/changemap/approval/> .

ex:doc dcterms:identifier "notes/harbour.md" .
ex:doc2 dcterms:identifier "notes/quay.md" .
ex:ev1 cm:quote "First quote | with a bar" ; prov:wasQuotedFrom ex:doc ; cm:approval approval:approved ;
    oa:hasSelector ex:ev1-pos , ex:ev1-text .
ex:ev1-pos a oa:TextPositionSelector ; oa:start 5 ; oa:end 29 .
ex:ev1-text a oa:TextQuoteSelector ; oa:exact "First quote | with a bar" .
ex:ev2 cm:quote "Second \\"quoted\\" line" ; prov:wasQuotedFrom ex:doc2 ; cm:approval approval:pending ;
    oa:hasSelector ex:ev2-pos .
ex:ev2-pos a oa:TextPositionSelector ; oa:start 0 ; oa:end 19 .

ex:harbour-watch a cm:Stakeholder ; rdfs:label "Harbourside Watch" ; cm:kind kind:cso ;
    skos:altLabel "HW" , "Watch|Group" ; cm:servesTargetGroup tg:disability , tg:religion ;
    prov:wasDerivedFrom ex:ev1 , ex:ev2 .
ex:port-police a cm:Stakeholder ; rdfs:label "Port Police" ; cm:kind kind:public-authority ;
    prov:wasDerivedFrom ex:ev1 .
ex:quiet-club a cm:Stakeholder ; rdfs:label "Quiet Club" ; cm:kind kind:other .
ex:two-names a cm:Stakeholder ; rdfs:label "Ålesund Forum" , "Aalesund Forum" ; cm:kind kind:cso .

ex:e1 a cm:Engagement ; cm:party ex:harbour-watch , ex:port-police ; cm:mode mode:referral ;
    cm:sentiment sentiment:negative ; cm:year "2019"^^xsd:gYear , "2016"^^xsd:gYear ;
    prov:wasDerivedFrom ex:ev1 , ex:ev2 .
ex:e2 a cm:Engagement ; cm:party ex:port-police , ex:two-names ; cm:mode mode:training ;
    prov:wasDerivedFrom ex:ev2 .
ex:e3 a cm:Engagement ; cm:party ex:quiet-club , ex:port-police ; cm:mode mode:funding .
"""


def test_edge_cases():
    """No engagements, aliases with the separator, two labels, no sentiment or year, no evidence."""
    data = rows_of(ox.parse(EDGE_CASES.encode(), format=ox.RdfFormat.TURTLE))
    quads = Quads.of(data) + vocabulary_graph()
    tables = Tables(quads.merged())
    people = tables.stakeholders().set_index("name")
    assert people.loc["Quiet Club", "degree"] == 1  # e3 has no evidence but still counts for degree
    assert people.loc["Port Police", "degree"] == 3
    assert people.loc["Harbourside Watch", "aliases"] == "HW; Watch|Group"  # a "|" in an alias is kept
    assert people.loc["Harbourside Watch", "documents"] == 2
    assert set(people.index) >= {"Ålesund Forum", "Aalesund Forum"}
    assert len(tables.engagements()) == 3 - 1 + 1  # e3 (no evidence) is left out; e2's two labels give two rows
    assert_tables_match(quads)


@pytest.mark.parametrize("name", ["stakeholders", "engagements"])
def test_empty_graph_gives_the_query_columns(name):
    empty = Quads.of([])
    store = GraphStore.from_quads(empty, vocabulary=False)
    pd.testing.assert_frame_equal(getattr(Tables(empty.merged()), name)(), run(name, store, keep_iris=True))
