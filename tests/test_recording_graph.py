"""Recording systems and data flows from text to graph: resolution, RDF, SHACL, queries, evaluation.

The corpus is written for these tests: a charity and a police force describe
the same flow in their own words, and name their systems.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyshacl
import pytest
import rdflib
import yaml
from click.testing import CliRunner

from changemap.cli import cli
from changemap.errors import InputError
from changemap.evaluate import evaluate
from changemap.ingest.resolve import merge_recording, resolve
from changemap.model import DataFlow, Evidence, Extraction, RecordingSystem, Stakeholder, StakeholderMention
from changemap.ontology import vocabulary_files
from changemap.review import Decisions

CM = rdflib.Namespace("https://w3id.org/changemap#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SHAPES = Path(__file__).resolve().parent.parent / "changemap" / "ontology" / "shapes.ttl"

REGISTER = """name,kind,aliases
Tilbury Trust,cso,TT
Marlow Police,public-authority,
Brennock Prosecution Office,public-authority,BPO
Department of Home Affairs,public-authority,
"""

CHARITY = """---
title: "Interview T1"
pseudonym: "T1"
organisation: "Tilbury Trust"
consent: approved
---

Interviewer: How do you record incidents?

Respondent: We keep an incident register called Harbourlog. Every month we send our figures to Marlow Police. \
Marlow Police count crimes, whereas we count every incident people bring to us.

Interviewer: Would you like more from the police?

Respondent: We would like Marlow Police to share their crime data with us, but nothing comes back.
"""

POLICE = """---
title: "Interview P1"
pseudonym: "P1"
organisation: "Marlow Police"
consent: approved
---

Interviewer: Tell me about your systems.

Respondent: Our crime system is called Keystone. We pass our case files to the Brennock Prosecution Office.

Interviewer: And from others?

Respondent: Harbourlog data comes to us from the Tilbury Trust every month. \
The Department of Home Affairs takes an annual extract from our crime records.
"""


@pytest.fixture(scope="module")
def built(build_files):
    result = build_files("rec", {"register.csv": REGISTER, "t1.md": CHARITY, "p1.md": POLICE})
    return result.out_dir.parent, result


def _query(root: Path, name: str) -> list[dict]:
    out = CliRunner().invoke(cli, ["query", name, "-g", str(root / "out"), "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def test_systems_query_names_operators_types_and_flows(built):
    root, _ = built
    rows = {r["system"]: r for r in _query(root, "recording-systems")}
    assert set(rows) == {"Harbourlog (Tilbury Trust)", "Keystone (Marlow Police)",
                         "Brennock Prosecution Office: Prosecution case flag", "Department of Home Affairs: records"}
    keystone = rows["Keystone (Marlow Police)"]
    assert (keystone["type"], keystone["operator_kind"], keystone["flows_out"], keystone["flows_in"]) == (
        "police-recording", "public-authority", 2, 1)
    harbourlog = rows["Harbourlog (Tilbury Trust)"]
    assert (harbourlog["type"], harbourlog["name"], harbourlog["flows_out"]) == ("cso-monitoring", "Harbourlog", 1)
    assert rows["Department of Home Affairs: records"]["type"] is None  # statistics fit no type of the scheme


def test_flows_query_merges_the_same_flow_told_by_both_ends(built):
    root, _ = built
    rows = {(r["from_operator"], r["to_operator"]): r for r in _query(root, "data-flows")}
    assert set(rows) == {("Tilbury Trust", "Marlow Police"), ("Marlow Police", "Brennock Prosecution Office"),
                         ("Marlow Police", "Department of Home Affairs")}
    told_twice = rows[("Tilbury Trust", "Marlow Police")]
    assert told_twice["evidence_count"] == 2 and told_twice["frequency"] == "monthly"
    assert told_twice["quote"] == "Every month we send our figures to Marlow Police."
    assert rows[("Marlow Police", "Department of Home Affairs")]["what"] == "an annual extract"
    # the wish ("would like Marlow Police to share") and the denial ("nothing comes back") are not flows
    assert ("Marlow Police", "Tilbury Trust") not in rows


def test_nodes_carry_evidence_and_the_graph_conforms(built):
    root, result = built
    assert result.validation.conforms, result.validation.violations[:3]
    g = rdflib.Graph().parse(root / "out" / "graph.ttl")
    texts = {"corpus/t1.md": CHARITY, "corpus/p1.md": POLICE}
    for cls in (CM.RecordingSystem, CM.DataFlow):
        nodes = set(g.subjects(rdflib.RDF.type, cls))
        assert nodes
        for node in nodes:
            for ev in g.objects(node, PROV.wasDerivedFrom):
                doc = str(g.value(g.value(ev, PROV.wasQuotedFrom), rdflib.DCTERMS.identifier))
                selector = next(s for s in g.objects(ev, rdflib.URIRef("http://www.w3.org/ns/oa#hasSelector"))
                                if str(s).endswith("#position"))
                start = int(g.value(selector, rdflib.URIRef("http://www.w3.org/ns/oa#start")))
                end = int(g.value(selector, rdflib.URIRef("http://www.w3.org/ns/oa#end")))
                assert texts[doc][start:end] == str(g.value(ev, CM.quote))


def test_difference_is_a_challenge_about_both_systems(built):
    root, _ = built
    g = rdflib.Graph().parse(root / "out" / "graph.ttl")
    [finding] = [f for f in g.subjects(rdflib.RDF.type, CM.Finding)
                 if "whereas" in str(g.value(f, CM.statement))]
    assert str(g.value(finding, CM.findingType)).endswith("/challenge")
    about = {str(g.value(s, rdflib.RDFS.label)) for s in g.objects(finding, CM.about)}
    assert about == {"Harbourlog (Tilbury Trust)", "Keystone (Marlow Police)"}


# --- resolution ---------------------------------------------------------------------------------------


def _ev(doc: str, start: int) -> Evidence:
    return Evidence(document=doc, start=start, end=start + 5, quote="x" * 5)


def _resolved(systems, flows, names=("Sorrel Trust", "Vane Police")) -> Extraction:
    from changemap.ingest.resolve import Resolver

    ex = Extraction(recording_systems=systems, data_flows=flows)
    ex.stakeholders = [Stakeholder(n, "cso" if "Trust" in n else "public-authority", "") for n in names]
    resolver = Resolver()
    for n in names:
        resolver.add(n, ("the " + n,))
    merge_recording(ex, resolver)
    return ex


def test_unnamed_mentions_merge_into_the_one_named_system_and_names_find_their_operator():
    ex = _resolved([RecordingSystem("Vane Police", None, "Ledger", [_ev("a", 0)]),
                    RecordingSystem("the Vane Police", "police-recording", None, [_ev("b", 9)]),
                    RecordingSystem(None, None, "Ledger", [_ev("c", 3)])], [])
    [system] = ex.recording_systems
    assert (system.operator, system.system_type, system.name) == ("Vane Police", "police-recording", "Ledger")
    assert [e.document for e in system.evidence] == ["a", "b", "c"]


def test_flow_ends_become_systems_and_a_flow_inside_one_body_is_dropped():
    ex = _resolved([], [DataFlow("Sorrel Trust", "Vane Police", [_ev("a", 0)]),
                        DataFlow("Vane Police", "the Vane Police", [_ev("a", 20)]),
                        DataFlow(None, "Vane Police", [_ev("a", 40)], from_name="Unknown App")])
    assert [(f.from_operator, f.from_type, f.to_operator, f.to_type) for f in ex.data_flows] == [
        ("Sorrel Trust", "cso-monitoring", "Vane Police", "police-recording")]
    assert {(s.operator, s.system_type) for s in ex.recording_systems} == {
        ("Sorrel Trust", "cso-monitoring"), ("Vane Police", "police-recording")}


def test_systems_and_flows_of_a_stakeholder_rejected_in_review_are_dropped():
    def extraction() -> Extraction:
        mentions = [StakeholderMention(n, _ev("a", 0), authority="register", kind=k)
                    for n, k in (("Sorrel Trust", "cso"), ("Vane Police", "public-authority"))]
        return Extraction(mentions=mentions,
                          recording_systems=[RecordingSystem("Sorrel Trust", None, None, [_ev("a", 10)])],
                          data_flows=[DataFlow("Sorrel Trust", "Vane Police", [_ev("a", 20)])])
    kept = resolve(extraction())
    assert [s.operator for s in kept.recording_systems] == ["Sorrel Trust", "Vane Police"]
    assert len(kept.data_flows) == 1
    rejected = resolve(extraction(), Decisions({"stakeholders": {"Sorrel Trust": {"decision": "reject"}}}))
    assert [s.operator for s in rejected.recording_systems] == []
    assert rejected.data_flows == []


# --- SHACL ---------------------------------------------------------------------------------------------

VALID = """
@prefix cm: <https://w3id.org/changemap#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rstype: <https://w3id.org/changemap/recording-system-type/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/> .
ex:doc a cm:SourceDocument ; dcterms:identifier "c/t.md" ;
    cm:sha256 "0000000000000000000000000000000000000000000000000000000000000000" ;
    cm:documentKind <https://w3id.org/changemap/document-kind/transcript> .
ex:ev a cm:Evidence ; prov:wasQuotedFrom ex:doc ; cm:quote "We keep a log." ; oa:hasSelector ex:pos .
ex:pos a oa:TextPositionSelector ; oa:start 0 ; oa:end 14 .
ex:trust a cm:Stakeholder , cm:CivilSocietyOrganisation ; rdfs:label "Sorrel Trust" ;
    cm:kind <https://w3id.org/changemap/kind/cso> ; prov:wasDerivedFrom ex:ev .
ex:log a cm:RecordingSystem ; rdfs:label "Sorrel Trust: CSO monitoring" ; cm:operatedBy ex:trust ;
    cm:systemType rstype:cso-monitoring ; prov:wasDerivedFrom ex:ev .
ex:other a cm:RecordingSystem ; rdfs:label "Sorrel Trust: survey" ; cm:operatedBy ex:trust ;
    cm:systemType rstype:victim-survey ; prov:wasDerivedFrom ex:ev .
ex:flow a cm:DataFlow ; cm:fromSystem ex:log ; cm:toSystem ex:other ; prov:wasDerivedFrom ex:ev .
"""


def _violations(turtle: str) -> str:
    data = rdflib.Graph().parse(data=turtle, format="turtle")
    vocab = rdflib.Graph()
    for path in vocabulary_files():
        vocab.parse(path, format="turtle")
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    _, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=vocab, inference="none")
    return text


@pytest.mark.parametrize(("old", "new", "message"), [
    ("cm:operatedBy ex:trust ;\n    cm:systemType rstype:cso-monitoring", "cm:systemType rstype:cso-monitoring",
     "Recording system must have exactly one cm:operatedBy"),
    ("cm:systemType rstype:victim-survey", "cm:systemType <https://w3id.org/changemap/mode/training>",
     "Recording system type is not a concept of cm:RecordingSystemTypes"),
    ("cm:toSystem ex:other", "cm:toSystem ex:log", "Data flow goes from a system into itself"),
    ("cm:fromSystem ex:log ;", "cm:fromSystem ex:trust ;", "Data flow source is not a cm:RecordingSystem"),
])
def test_shapes_name_what_is_wrong(old, new, message):
    assert "Conforms: True" in _violations(VALID)
    assert VALID.count(old) == 1
    assert message in _violations(VALID.replace(old, new))


# --- evaluation ----------------------------------------------------------------------------------------


def test_evaluator_matches_systems_by_operator_and_type_and_flows_by_direction(built, tmp_path):
    root, _ = built
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "p1.yaml").write_text(yaml.safe_dump({
        "document": "corpus/p1.md",
        "organisations": [{"name": "Marlow Police"}, {"name": "Tilbury Trust", "aliases": ["TT"]}],
        "recording_systems": [
            {"operator": "Marlow Police", "type": "police-recording", "name": "Keystone", "quote": "x"},
            {"operator": "Tilbury Trust", "type": "cso-monitoring", "quote": "x"},
            {"operator": "Tilbury Trust", "type": "victim-survey", "quote": "x"},  # not in the text: missed
        ],
        "data_flows": [
            {"from": "TT", "to": "Marlow Police", "quote": "x"},  # an alias of the sender
            {"from": "Brennock Prosecution Office", "to": "Marlow Police", "quote": "x"},  # wrong way round
        ],
    }))
    (gold / "t1.yaml").write_text(yaml.safe_dump({"document": "corpus/t1.md", "organisations": []}))  # no keys
    frame, tallies = evaluate(gold, root / "out")
    rows = {r["type"]: r for r in frame.to_dict(orient="records")}
    systems, flows = rows["recording_systems"], rows["data_flows"]
    # p1 cites Keystone, Harbourlog (the flow from it), the Office's and the Department's systems;
    # the Department's has no type, so three predictions.
    assert (systems["gold"], systems["predicted"], systems["matched"]) == (3, 3, 2)
    assert tallies["recording_systems"].misses == ["corpus/p1.md: Tilbury Trust (victim-survey)"]
    assert (flows["gold"], flows["predicted"], flows["matched"]) == (2, 3, 1)
    assert "corpus/p1.md: Brennock Prosecution Office -> Marlow Police" in tallies["data_flows"].misses


def test_gold_without_the_keys_is_not_scored_for_them(built, tmp_path):
    root, _ = built
    (tmp_path / "t1.yaml").write_text(yaml.safe_dump({"document": "corpus/t1.md", "organisations": []}))
    frame, _ = evaluate(tmp_path, root / "out")
    assert set(frame["type"]) == {"organisations", "engagements", "moments", "initiatives"}


@pytest.mark.parametrize(("entry", "message"), [
    ({"recording_systems": [{"operator": "Marlow Police"}]}, "recording_systems entry 1 lacks type"),
    ({"recording_systems": [{"operator": "Marlow Police", "type": "police-database"}]},
     "has type 'police-database'; use one of: court-records"),
    ({"data_flows": [{"from": "Tilbury Trust"}]}, "data_flows entry 1 lacks to"),
    ({"data_flows": "Tilbury Trust to Marlow Police"}, "'data_flows' must be a list"),
])
def test_bad_gold_entries_name_the_file_and_the_fix(built, tmp_path, entry, message):
    root, _ = built
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump({"document": "corpus/p1.md", **entry}))
    with pytest.raises(InputError, match=message) as err:
        evaluate(tmp_path, root / "out")
    assert "bad.yaml" in str(err.value)


def test_build_writes_a_system_with_its_name_type_operator_and_extra_columns():
    from changemap.graph.build import build
    from changemap.graph.recording import system_iri
    from changemap.model import Document

    text = "Sorrel Trust keeps the Ledger register."
    doc = Document(path=Path("c/s.md"), key="c/s.md", text=text, sha256="1" * 64)
    ev = Evidence(document="c/s.md", start=0, end=len(text), quote=text)
    ex = Extraction(documents=[doc], stakeholders=[Stakeholder("Sorrel Trust", "cso", "register", evidence=[ev])],
                    recording_systems=[RecordingSystem("Sorrel Trust", "cso-monitoring", "Ledger", [ev],
                                                       properties={"since": "2015"})])
    quads = {(q.subject.value, q.predicate.value, q.object.value) for q in build(ex)}
    node = system_iri("Sorrel Trust", "cso-monitoring", "Ledger")
    assert (node, str(CM.operatedBy), "https://w3id.org/changemap/id/stakeholder/sorrel-trust") in quads
    assert (node, str(CM.systemType), "https://w3id.org/changemap/recording-system-type/cso-monitoring") in quads
    assert (node, "https://schema.org/name", "Ledger") in quads
    assert (node, "https://w3id.org/changemap/id/column/since", "2015") in quads
    assert (node, str(rdflib.RDFS.label), "Ledger (Sorrel Trust)") in quads
