"""The compiled SHACL engine reports exactly what pyshacl, the reference, reports.

Every case is compared as a whole list of violations (focus node, path,
message, severity, value and constraint component), on the project's shapes
and on shapes written here for the features shapes.ttl does not use yet.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from changemap.graph.quads import Quads, rows_of
from changemap.graph.shacl import UnsupportedShapeError, parse_shapes, project_shapes
from changemap.graph.validate import validate
from changemap.ontology import ONTOLOGY_FILE

PREFIXES = """
@prefix cm: <https://w3id.org/changemap#> .
@prefix ex: <https://example.org/riverbend/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix kind: <https://w3id.org/changemap/kind/> .
@prefix mode: <https://w3id.org/changemap/mode/> .
@prefix sentiment: <https://w3id.org/changemap/sentiment/> .
@prefix direction: <https://w3id.org/changemap/direction/> .
@prefix driver: <https://w3id.org/changemap/driver/> .
@prefix scale: <https://w3id.org/changemap/scale/> .
@prefix ftype: <https://w3id.org/changemap/finding-type/> .
@prefix itype: <https://w3id.org/changemap/initiative-type/> .
@prefix approval: <https://w3id.org/changemap/approval/> .
@prefix dockind: <https://w3id.org/changemap/document-kind/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
"""

# A small graph in the shape the build writes, about organisations that are not in examples/.
VALID = PREFIXES + """
ex:notes-3 a cm:SourceDocument ;
    dcterms:identifier "fieldwork/notes-3.md" ;
    cm:sha256 "9b1e4c7d2a0f8e6b5c3d1a9f7e5b3c1d9a8f6e4c2b0a9d8e7f6c5b4a3e2d1c0b" ;
    cm:documentKind dockind:transcript .

ex:ev-1 a cm:Evidence ;
    prov:wasQuotedFrom ex:notes-3 ;
    cm:quote "The ombuds office now passes every Roma youth complaint on to the association." ;
    oa:hasSelector ex:ev-1-pos , ex:ev-1-text ;
    cm:approval approval:pending ;
    cm:confidence 0.750 .
ex:ev-1-pos a oa:TextPositionSelector ; oa:start 120 ; oa:end 198 .
ex:ev-1-text a oa:TextQuoteSelector ;
    oa:exact "The ombuds office now passes every Roma youth complaint on to the association." ;
    oa:prefix "Since spring, " ;
    oa:suffix " That was new." .

ex:ombuds a cm:Stakeholder , cm:PublicAuthority ;
    rdfs:label "Riverbend Ombuds Office" ;
    cm:kind kind:public-authority ;
    prov:wasDerivedFrom ex:ev-1 .
ex:youth a cm:CivilSocietyOrganisation ;
    rdfs:label "Riverbend Roma Youth Association"@en ;
    cm:kind kind:cso ;
    prov:wasDerivedFrom ex:ev-1 .

ex:referral-1 a cm:Engagement ;
    cm:party ex:ombuds , ex:youth ;
    cm:mode mode:referral ;
    cm:sentiment sentiment:positive ;
    cm:year "2022"^^xsd:gYear ;
    cm:confidence 0.9 ;
    prov:wasDerivedFrom ex:ev-1 .

ex:moment-1 a cm:PivotalMoment ;
    rdfs:label "New complaints protocol, 2022" ;
    cm:direction direction:forward ;
    cm:driver driver:leadership ;
    cm:scale scale:micro ;
    prov:wasDerivedFrom ex:ev-1 .

ex:finding-1 a cm:Finding ;
    cm:findingType ftype:good-practice ;
    cm:statement "Complaints reach a trusted community body within a week." ;
    prov:wasDerivedFrom ex:ev-1 .

ex:desk a cm:Initiative ;
    rdfs:label "Joint complaints desk" ;
    cm:initiativeType itype:helpline ;
    prov:wasDerivedFrom ex:ev-1 .
"""


def quads(turtle: str) -> Quads:
    data = rows_of(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    return Quads.of(data + rows_of(ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)))


def variant(old: str, new: str) -> str:
    assert VALID.count(old) == 1, f"test data drifted: {old!r}"
    return VALID.replace(old, new)


def both(turtle: str, shapes=None):
    data = quads(turtle)
    return validate(data, "compiled", shapes), validate(data, "pyshacl", shapes)


def assert_same(compiled, reference) -> None:
    assert compiled.conforms == reference.conforms
    assert compiled.violations == reference.violations


def test_valid_graph_conforms_in_both_engines():
    compiled, reference = both(VALID)
    assert compiled.conforms and reference.conforms, reference.violations
    assert_same(compiled, reference)


def test_a_party_typed_only_with_a_subclass_is_a_stakeholder():
    compiled, reference = both(variant("ex:ombuds a cm:Stakeholder , cm:PublicAuthority ;",
                                       "ex:ombuds a cm:PublicAuthority ;"))
    assert compiled.conforms
    assert_same(compiled, reference)


# (case id, text to replace, replacement, constraint component that must be reported)
BROKEN = [
    ("one-party", "cm:party ex:ombuds , ex:youth ;", "cm:party ex:ombuds ;", "MinCount"),
    ("party-not-a-stakeholder", "cm:party ex:ombuds , ex:youth ;", "cm:party ex:ombuds , ex:desk ;", "Class"),
    ("party-is-text", "cm:party ex:ombuds , ex:youth ;", 'cm:party ex:ombuds , "Roma youth" ;', "Class"),
    ("two-modes", "cm:mode mode:referral ;", "cm:mode mode:referral , mode:training ;", "MaxCount"),
    ("mode-from-another-scheme", "cm:mode mode:referral ;", "cm:mode itype:training ;", "Node"),
    ("engagement-without-evidence", "    prov:wasDerivedFrom ex:ev-1 .\n\nex:moment-1",
     "    cm:initiator ex:youth .\n\nex:moment-1", "MinCount"),
    ("engagement-from-a-document", "    prov:wasDerivedFrom ex:ev-1 .\n\nex:moment-1",
     "    prov:wasDerivedFrom ex:notes-3 .\n\nex:moment-1", "Class"),
    ("year-as-plain-text", 'cm:year "2022"^^xsd:gYear ;', 'cm:year "2022" ;', "Datatype"),
    ("two-sentiments", "cm:sentiment sentiment:positive ;", "cm:sentiment sentiment:positive , sentiment:mixed ;",
     "MaxCount"),
    ("sentiment-from-another-scheme", "cm:sentiment sentiment:positive ;", "cm:sentiment direction:forward ;", "Node"),
    ("moment-without-direction", "    cm:direction direction:forward ;\n", "", "MinCount"),
    ("moment-direction-unknown", "cm:direction direction:forward ;", "cm:direction direction:sideways ;", "Node"),
    ("moment-with-two-labels", 'rdfs:label "New complaints protocol, 2022" ;',
     'rdfs:label "New complaints protocol, 2022" , "Protocol" ;', "MaxCount"),
    ("driver-unknown", "cm:driver driver:leadership ;", "cm:driver driver:weather ;", "Node"),
    ("scale-unknown", "cm:scale scale:micro ;", "cm:scale scale:huge ;", "Node"),
    ("moment-from-a-finding", "    prov:wasDerivedFrom ex:ev-1 .\n\nex:finding-1",
     "    prov:wasDerivedFrom ex:finding-1 .\n\nex:finding-1", "Class"),
    ("evidence-from-two-documents", "prov:wasQuotedFrom ex:notes-3 ;", "prov:wasQuotedFrom ex:notes-3 , ex:notes-4 ;",
     "MaxCount"),
    ("evidence-from-an-engagement", "prov:wasQuotedFrom ex:notes-3 ;", "prov:wasQuotedFrom ex:referral-1 ;",
     "Class"),
    ("evidence-without-quote",
     '    cm:quote "The ombuds office now passes every Roma youth complaint on to the association." ;\n', "",
     "MinCount"),
    ("quote-with-language-tag", 'cm:quote "The ombuds office now passes every Roma youth complaint on to the '
     'association." ;', 'cm:quote "Die Ombudsstelle leitet jede Beschwerde weiter."@de ;', "Datatype"),
    ("empty-quote", 'cm:quote "The ombuds office now passes every Roma youth complaint on to the association." ;',
     'cm:quote "" ;', "MinLength"),
    ("no-position-selector", "oa:hasSelector ex:ev-1-pos , ex:ev-1-text ;", "oa:hasSelector ex:ev-1-text ;",
     "MinCount"),
    ("two-position-selectors", "oa:hasSelector ex:ev-1-pos , ex:ev-1-text ;",
     "oa:hasSelector ex:ev-1-pos , ex:ev-1-text , ex:ev-1-pos2 ;\n.\nex:ev-1-pos2 a oa:TextPositionSelector ; "
     "oa:start 3 ; oa:end 9 .\nex:ev-1", "MaxCount"),
    ("two-approvals", "cm:approval approval:pending ;", "cm:approval approval:pending , approval:approved ;",
     "MaxCount"),
    ("approval-unknown", "cm:approval approval:pending ;", "cm:approval approval:maybe ;", "Node"),
    ("negative-start", "oa:start 120 ; oa:end 198 .", "oa:start -4 ; oa:end 198 .", "MinInclusive"),
    ("start-as-text", "oa:start 120 ; oa:end 198 .", 'oa:start "120" ; oa:end 198 .', "Datatype"),
    ("start-not-an-integer", "oa:start 120 ; oa:end 198 .", "oa:start 120.5 ; oa:end 198 .", "Datatype"),
    ("start-after-end", "oa:start 120 ; oa:end 198 .", "oa:start 250 ; oa:end 198 .", "LessThanOrEquals"),
    ("selector-without-end", "oa:start 120 ; oa:end 198 .", "oa:start 120 .", "MinCount"),
    ("selector-with-two-ends", "oa:start 120 ; oa:end 198 .", "oa:start 120 ; oa:end 198 , 199 .", "MaxCount"),
    ("quote-selector-without-exact",
     '    oa:exact "The ombuds office now passes every Roma youth complaint on to the association." ;\n', "",
     "MinCount"),
    ("two-prefixes", 'oa:prefix "Since spring, " ;', 'oa:prefix "Since spring, " , "spring, " ;', "MaxCount"),
    ("two-suffixes", 'oa:suffix " That was new." .', 'oa:suffix " That was new." , " That" .', "MaxCount"),
    ("stakeholder-without-label", '    rdfs:label "Riverbend Ombuds Office" ;\n', "", "MinCount"),
    ("stakeholder-label-is-an-iri", 'rdfs:label "Riverbend Ombuds Office" ;', "rdfs:label ex:ombuds-name ;", "Or"),
    ("stakeholder-label-empty", 'rdfs:label "Riverbend Ombuds Office" ;', 'rdfs:label "" ;', "MinLength"),
    ("stakeholder-two-kinds", "cm:kind kind:public-authority ;", "cm:kind kind:public-authority , kind:cso ;",
     "MaxCount"),
    ("stakeholder-kind-unknown", "cm:kind kind:cso ;", "cm:kind kind:club ;", "Node"),
    ("stakeholder-without-evidence", "    cm:kind kind:cso ;\n    prov:wasDerivedFrom ex:ev-1 .",
     "    cm:kind kind:cso .", "MinCount"),
    ("finding-with-two-types", "cm:findingType ftype:good-practice ;",
     "cm:findingType ftype:good-practice , ftype:challenge ;", "MaxCount"),
    ("finding-type-unknown", "cm:findingType ftype:good-practice ;", "cm:findingType ftype:rumour ;", "Node"),
    ("finding-statement-empty", 'cm:statement "Complaints reach a trusted community body within a week." ;',
     'cm:statement "" ;', "MinLength"),
    ("finding-without-statement", '    cm:statement "Complaints reach a trusted community body within a week." ;\n',
     "", "MinCount"),
    ("initiative-without-label", '    rdfs:label "Joint complaints desk" ;\n', "", "MinCount"),
    ("initiative-type-unknown", "cm:initiativeType itype:helpline ;", "cm:initiativeType mode:referral ;", "Node"),
    ("hash-too-short", 'cm:sha256 "9b1e4c7d2a0f8e6b5c3d1a9f7e5b3c1d9a8f6e4c2b0a9d8e7f6c5b4a3e2d1c0b" ;',
     'cm:sha256 "9b1e4c7d" ;', "Pattern"),
    ("hash-not-hex", 'cm:sha256 "9b1e4c7d2a0f8e6b5c3d1a9f7e5b3c1d9a8f6e4c2b0a9d8e7f6c5b4a3e2d1c0b" ;',
     'cm:sha256 "zz1e4c7d2a0f8e6b5c3d1a9f7e5b3c1d9a8f6e4c2b0a9d8e7f6c5b4a3e2d1c0b" ;', "Pattern"),
    ("document-without-kind", "    cm:documentKind dockind:transcript .", '    cm:note "kind unknown" .', "MinCount"),
    ("document-without-identifier", '    dcterms:identifier "fieldwork/notes-3.md" ;\n', "", "MinCount"),
    ("confidence-above-one", "cm:confidence 0.9 ;", "cm:confidence 1.5 ;", "MaxInclusive"),
    ("confidence-below-zero", "cm:confidence 0.750 .", "cm:confidence -0.250 .", "MinInclusive"),
    ("confidence-as-text", "cm:confidence 0.9 ;", 'cm:confidence "high" ;', "Datatype"),
    ("confidence-twice", "cm:confidence 0.9 ;", "cm:confidence 0.9 , 0.8 ;", "MaxCount"),
]


@pytest.mark.parametrize(("old", "new", "component"), [pytest.param(*case[1:], id=case[0]) for case in BROKEN])
def test_engines_agree_on_a_broken_graph(old: str, new: str, component: str):
    compiled, reference = both(variant(old, new))
    assert not reference.conforms
    assert component + "ConstraintComponent" in {v.component for v in reference.violations}
    assert all(v.message for v in compiled.violations)
    assert_same(compiled, reference)


def test_the_broken_graphs_exercise_every_constraint_the_project_shapes_use():
    used = {t.component for shape in project_shapes() for prop in shape.properties for t in prop.tests}
    used |= {"MinCountConstraintComponent" for shape in project_shapes() for prop in shape.properties
             if prop.min_count is not None}
    used |= {"MaxCountConstraintComponent" for shape in project_shapes() for prop in shape.properties
             if prop.max_count is not None}
    used |= {"LessThanOrEqualsConstraintComponent" for shape in project_shapes() for prop in shape.properties
             if prop.less_or_equal}
    tested = {case[3] + "ConstraintComponent" for case in BROKEN}
    assert used <= tested, f"add a broken-graph case for: {sorted(used - tested)}"


def test_engines_agree_on_several_defects_at_once():
    turtle = variant("oa:start 120 ; oa:end 198 .", "oa:start -4 .")
    turtle = turtle.replace("cm:mode mode:referral ;", "cm:mode mode:referral , mode:nonsense ;")
    turtle = turtle.replace('rdfs:label "Riverbend Ombuds Office" ;', 'rdfs:label "" , ex:x ;')
    compiled, reference = both(turtle)
    assert len(reference.violations) >= 6
    assert_same(compiled, reference)


EXTRA_SHAPES = PREFIXES + """
ex:CodeShape a sh:NodeShape ;
    sh:targetNode ex:ombuds , ex:youth ;
    sh:property [ sh:path cm:code ; sh:nodeKind sh:Literal ; sh:maxLength 4 ;
                  sh:pattern "^rb-" ; sh:flags "i" ; sh:message "Code: a literal of 4 characters at most." ] .
ex:ScoreShape a sh:NodeShape ;
    sh:targetObjectsOf cm:scored ;
    sh:property [ sh:path cm:score ; sh:minExclusive 0 ; sh:maxExclusive 10 ; sh:severity sh:Warning ;
                  sh:message "Score: strictly between 0 and 10." ] .
ex:LinkShape a sh:NodeShape ;
    sh:targetSubjectsOf cm:link ;
    sh:property [ sh:path cm:link ; sh:nodeKind sh:IRI ; sh:message "Link: an IRI." ] ,
                [ sh:path ( cm:link rdfs:label ) ; sh:minCount 1 ; sh:message "Link: to something labelled." ] .
"""

EXTRA_DATA = VALID + """
ex:ombuds cm:code "RB-1" .
ex:youth cm:code "rb-12345" , ex:not-a-literal .
ex:panel cm:scored ex:result-1 , ex:result-2 , ex:result-3 .
ex:result-1 cm:score 4 .
ex:result-2 cm:score 10 .
ex:result-3 cm:score "7" .
ex:finding-1 cm:link ex:desk , "the desk" .
ex:moment-1 cm:link ex:nowhere .
"""


def test_engines_agree_on_features_the_project_shapes_do_not_use_yet(tmp_path):
    shapes = tmp_path / "extra.ttl"
    shapes.write_text(EXTRA_SHAPES)
    compiled, reference = both(EXTRA_DATA, shapes)
    components = {v.component for v in reference.violations}
    assert {"NodeKindConstraintComponent", "MaxLengthConstraintComponent", "PatternConstraintComponent",
            "MaxExclusiveConstraintComponent", "MinCountConstraintComponent"} <= components
    assert {v.severity for v in reference.violations} == {"Violation", "Warning"}
    assert_same(compiled, reference)


def test_warnings_alone_conform(tmp_path):
    shapes = tmp_path / "extra.ttl"
    shapes.write_text(EXTRA_SHAPES)
    data = VALID + "ex:panel cm:scored ex:result-1 .\nex:result-1 cm:score 12 .\n"
    compiled, reference = both(data, shapes)
    assert compiled.violations and all(v.severity == "Warning" for v in compiled.violations)
    assert compiled.conforms and reference.conforms
    assert_same(compiled, reference)


@pytest.mark.parametrize(("shape", "named"), [
    pytest.param("sh:targetClass cm:Engagement ; sh:property [ sh:path [ sh:inversePath cm:party ] ; "
                 "sh:minCount 1 ]", "sh:path", id="inverse-path"),
    pytest.param("sh:targetClass cm:Engagement ; sh:property [ sh:path [ sh:zeroOrMorePath cm:party ] ; "
                 "sh:minCount 1 ]", "sh:path", id="zero-or-more-path"),
    pytest.param("sh:targetClass cm:Evidence ; sh:property [ sh:path oa:hasSelector ; sh:qualifiedValueShape "
                 "[ sh:class oa:TextPositionSelector ] ; sh:qualifiedMinCount 1 ]", "sh:qualified", id="qualified"),
    pytest.param("sh:targetClass cm:Stakeholder ; sh:closed true", "sh:closed", id="closed"),
    pytest.param("sh:targetClass cm:Stakeholder ; sh:property [ sh:path rdfs:label ; sh:uniqueLang true ]",
                 "sh:uniqueLang", id="unique-lang"),
    pytest.param("sh:targetClass cm:Stakeholder ; sh:property [ sh:path rdfs:label ; sh:hasValue \"x\" ]",
                 "sh:hasValue", id="has-value"),
    pytest.param("sh:targetClass cm:Stakeholder ; sh:not [ sh:class cm:Engagement ]", "sh:not", id="not"),
    pytest.param("sh:targetClass cm:Stakeholder ; sh:property [ sh:path cm:kind ; sh:node "
                 "[ sh:property [ sh:path rdfs:label ; sh:minCount 1 ] ] ]", "sh:property", id="nested-property"),
    pytest.param("sh:targetClass cm:Stakeholder ; sh:sparql [ sh:select \"SELECT $this WHERE {}\" ]",
                 "sh:sparql", id="sparql"),
    pytest.param("sh:targetClass cm:Stakeholder ; sh:deactivated true", "sh:deactivated", id="deactivated"),
    pytest.param("a rdfs:Class ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ]", "implicit class target",
                 id="implicit-class-target"),
])
def test_unsupported_shapes_are_refused_by_name(tmp_path, shape: str, named: str):
    path = tmp_path / "shapes.ttl"
    path.write_text(PREFIXES + f"ex:Odd a sh:NodeShape ; {shape} .\n")
    with pytest.raises(UnsupportedShapeError, match=named) as err:
        parse_shapes(path)
    assert str(path) in str(err.value) and "--engine pyshacl" in str(err.value)


def test_the_example_build_conforms_in_both_engines(example_build):
    from changemap.graph.store import read_quads

    data = read_quads(example_build.out_dir)
    compiled, reference = validate(data, "compiled"), validate(data, "pyshacl")
    assert compiled.conforms
    assert_same(compiled, reference)


def test_engines_agree_on_a_damaged_example_build(example_build):
    """Drop every evidence's approval and every third stakeholder's kind; both engines see the same."""
    from changemap.graph.store import read_quads

    merged = read_quads(example_build.out_dir).merged()
    stakeholders = sorted(s for s, pairs in merged.items()
                          if ("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/changemap#Stakeholder>")
                          in pairs)
    dropped = set(stakeholders[::3])
    rows = [("", s, p, o) for s, pairs in merged.items() for p, o in pairs
            if not (p == "<https://w3id.org/changemap#kind>" and s in dropped)
            and p != "<https://w3id.org/changemap#approval>"]
    rows.append(("", stakeholders[1], "<https://w3id.org/changemap#kind>", "<https://w3id.org/changemap/kind/club>"))
    compiled, reference = validate(Quads.of(rows), "compiled"), validate(Quads.of(rows), "pyshacl")
    assert len([v for v in reference.violations if v.component == "MinCountConstraintComponent"]) >= len(dropped)
    assert any(v.component == "NodeConstraintComponent" for v in reference.violations)
    assert_same(compiled, reference)


def test_unknown_engine_is_named():
    from changemap.errors import ChangemapError

    with pytest.raises(ChangemapError, match="unknown SHACL engine 'fast'"):
        validate(quads(VALID), "fast")


def test_validate_command_reports_the_same_with_either_engine(example_build, tmp_path):
    from click.testing import CliRunner

    from changemap.cli import cli
    from changemap.graph.store import read_quads
    from changemap.graph.write import write_graph

    runner = CliRunner()
    for engine in ("compiled", "pyshacl"):
        ok = runner.invoke(cli, ["validate", "-g", str(example_build.out_dir), "--engine", engine])
        assert ok.exit_code == 0 and "conforms" in ok.output
    merged = read_quads(example_build.out_dir).merged()
    rows = [("", s, p, o) for s, pairs in merged.items() for p, o in pairs if p != "<https://w3id.org/changemap#mode>"]
    write_graph(Quads.of(rows), tmp_path)
    outputs = [runner.invoke(cli, ["validate", "-g", str(tmp_path), "--engine", e]) for e in ("compiled", "pyshacl")]
    assert [o.exit_code for o in outputs] == [1, 1]
    assert outputs[0].output == outputs[1].output
    assert "Engagement must have exactly one cm:mode" in outputs[0].output


def test_a_shape_without_a_message_still_says_what_failed(tmp_path):
    shapes = tmp_path / "plain.ttl"
    shapes.write_text(PREFIXES + "ex:S a sh:NodeShape ; sh:targetClass cm:Engagement ; "
                      "sh:property [ sh:path cm:year ; sh:maxCount 1 ; sh:datatype xsd:gYear ] .\n")
    report = validate(quads(variant('cm:year "2022"^^xsd:gYear ;', 'cm:year "2022" , "2023"^^xsd:gYear ;')),
                      "compiled", shapes)
    assert {v.component for v in report.violations} == {"MaxCountConstraintComponent", "DatatypeConstraintComponent"}
    messages = {v.component: v.message for v in report.violations}
    assert messages["MaxCountConstraintComponent"] == "More than 1 value(s) of https://w3id.org/changemap#year"
    assert messages["DatatypeConstraintComponent"] == "Value does not meet sh:datatype on https://w3id.org/changemap#year"
