"""The packaged ontology, concept schemes and SHACL shapes are complete and consistent.

Extraction matches the schemes' labels in running text and the graph is validated
with the shapes, so a missing concept, an ambiguous altLabel or a shape that lets
broken data through shows up here first.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SKOS

from changemap.ontology import ONTOLOGY_FILE, SCHEMES_DIR, SHAPES_FILE, vocabulary_files
from changemap.ontology.lexicon import normalise
from changemap.ontology.namespaces import CM, ODIHR, SCHEMES, TG

CMNS = Namespace(CM)
SH = Namespace("http://www.w3.org/ns/shacl#")

SCHEME_FILES = {
    "kind": "kinds.ttl",
    "target_group": "target-groups.ttl",
    "odihr": "odihr.ttl",
    "mode": "modes.ttl",
    "finding_type": "finding-types.ttl",
    "driver": "drivers.ttl",
    "direction": "directions.ttl",
    "scale": "scales.ttl",
    "sentiment": "sentiments.ttl",
    "initiative_type": "initiative-types.ttl",
    "approval": "approval.ttl",
    "recording_system_type": "recording-system-types.ttl",
    "document_kind": "document-kinds.ttl",
    "topic": "topics.ttl",
}

# Concept local names per scheme, exactly as the code and data use them.
CONCEPTS = {
    "kind": "cso public-authority international-body private other".split(),
    "target_group": (
        "disability race-ethnicity religion-belief antisemitism anti-muslim lgbtq transgender "
        "children-young-people roma-travellers gender-women refugees-migrants older-people"
    ).split(),
    "odihr": (
        "racism-xenophobia roma-sinti antisemitism anti-muslim anti-christian-other-religions lgbti "
        "disability gender other"
    ).split(),
    "mode": (
        "data-sharing strategic-group guideline-input training referral partnership funding consultation "
        "scrutiny"
    ).split(),
    "finding_type": "good-practice challenge opportunity".split(),
    "driver": (
        "incident inquiry legislation leadership funding politics campaign data-publication "
        "international-pressure micro-change"
    ).split(),
    "direction": "forward backward".split(),
    "scale": "micro macro".split(),
    "sentiment": "positive negative mixed neutral".split(),
    "initiative_type": (
        "training campaign reporting-app charter pilot strategic-group event forum monitoring guidance "
        "helpline third-party-reporting-centre"
    ).split(),
    "approval": "approved pending rejected".split(),
    "recording_system_type": (
        "police-recording prosecution-flag cso-monitoring third-party-reporting court-records victim-survey"
    ).split(),
    "document_kind": "transcript summary register engagement-list timeline interview-metadata text".split(),
    "topic": (
        "role-remit significant-experiences engagement-challenges national-context change-makers "
        "recording-models cso-involvement target-group-differences expectations improvements "
        "translating-hate-crime change-over-time change-incident micro-change initiative-review"
    ).split(),
}

CLASSES = {
    "Stakeholder": ["http://www.w3.org/ns/org#Organization", "http://www.w3.org/ns/prov#Agent"],
    "CivilSocietyOrganisation": [CM + "Stakeholder", "https://schema.org/NGO"],
    "PublicAuthority": [CM + "Stakeholder", "https://schema.org/GovernmentOrganization"],
    "InternationalBody": [CM + "Stakeholder", "https://schema.org/Organization"],
    "PrivateOrganisation": [CM + "Stakeholder", "https://schema.org/Corporation"],
    "OtherOrganisation": [CM + "Stakeholder"],
    "Interviewee": ["http://xmlns.com/foaf/0.1/Person", "http://www.w3.org/ns/prov#Agent"],
    "TargetGroup": [str(SKOS.Concept)],
    "Theme": [str(SKOS.Concept)],
    "Initiative": ["https://schema.org/Project", "http://www.w3.org/ns/prov#Entity"],
    "Engagement": ["http://www.w3.org/ns/prov#Entity"],
    "PivotalMoment": ["http://semanticweb.cs.vu.nl/2009/11/sem/Event"],
    "Finding": ["http://www.w3.org/ns/prov#Entity"],
    "RecordingSystem": ["http://www.w3.org/ns/prov#Entity"],
    "DataFlow": ["http://www.w3.org/ns/prov#Entity"],
    "Evidence": ["http://www.w3.org/ns/prov#Entity"],
    "SourceDocument": ["http://xmlns.com/foaf/0.1/Document", "http://www.w3.org/ns/prov#Entity"],
    "SourceEvent": ["https://schema.org/Event"],
}

OBJECT_PROPERTIES = (
    "kind servesTargetGroup party initiator mode sentiment targetGroup partOfInitiative initiativeType "
    "runBy partner addresses direction driver scale findingType theme strand sourceEvent about "
    "operatedBy systemType fromSystem toSystem approval speaker topic documentKind interviewee "
    "reportsOn"
).split()

DATATYPE_PROPERTIES = {
    "kindReason": "string",
    "isGeneric": "boolean",
    "year": "gYear",
    "outcome": "string",
    "statement": "string",
    "quote": "string",
    "sha256": "string",
    "consent": "string",
    "confidence": "decimal",
    "extractedBy": "string",
}


def _english(values) -> list[Literal]:
    return [v for v in values if isinstance(v, Literal) and v.language == "en"]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def schemes() -> Graph:
    g = Graph()
    for path in sorted(SCHEMES_DIR.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    g = Graph()
    for path in vocabulary_files():
        g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    "path",
    [ONTOLOGY_FILE, SHAPES_FILE, *(SCHEMES_DIR / name for name in SCHEME_FILES.values())],
    ids=lambda p: Path(p).name,
)
def test_every_file_parses(path: Path) -> None:
    assert path.is_file(), f"{path} is missing"
    assert len(Graph().parse(path, format="turtle")) > 0


def test_one_scheme_file_per_scheme() -> None:
    assert set(SCHEME_FILES) == set(SCHEMES)
    assert sorted(p.name for p in SCHEMES_DIR.glob("*.ttl")) == sorted(SCHEME_FILES.values())


# --------------------------------------------------------------------------- ontology


def test_ontology_header(ontology: Graph) -> None:
    onto = URIRef("https://w3id.org/changemap")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionInfo) == Literal("1.0")


def _declared(ontology: Graph, kind: URIRef) -> set[str]:
    return {
        str(s)[len(CM) :]
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(CM)
    }


def test_exactly_the_expected_terms_are_declared(ontology: Graph) -> None:
    assert _declared(ontology, OWL.Class) == set(CLASSES)
    assert _declared(ontology, OWL.ObjectProperty) == set(OBJECT_PROPERTIES)
    assert _declared(ontology, OWL.DatatypeProperty) == set(DATATYPE_PROPERTIES)


def test_reused_vocabularies_are_not_redeclared(ontology: Graph) -> None:
    foreign = {
        s
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and not str(s).startswith(CM) and str(s) != "https://w3id.org/changemap"
    }
    assert not foreign, f"terms of reused vocabularies redeclared: {sorted(foreign)}"


def test_every_term_has_english_label_and_comment(ontology: Graph) -> None:
    terms = [
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(CM)
    ]
    assert terms
    for term in terms:
        labels = _english(ontology.objects(term, RDFS.label))
        comments = _english(ontology.objects(term, RDFS.comment))
        assert len(labels) == 1, f"{term}: needs one rdfs:label@en"
        assert len(comments) == 1 and len(comments[0]) > 30, f"{term}: needs an rdfs:comment@en"


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_class_hierarchy(ontology: Graph, name: str) -> None:
    supers = {str(o) for o in ontology.objects(CMNS[name], RDFS.subClassOf)}
    assert set(CLASSES[name]) <= supers


def test_property_axioms(ontology: Graph) -> None:
    assert (CMNS.initiator, RDFS.subPropertyOf, CMNS.party) in ontology
    assert (CMNS.strand, RDFS.subPropertyOf, CMNS.targetGroup) in ontology
    assert ontology.value(CMNS.party, RDFS.domain) == CMNS.Engagement
    assert ontology.value(CMNS.party, RDFS.range) == CMNS.Stakeholder
    assert ontology.value(CMNS.fromSystem, RDFS.range) == CMNS.RecordingSystem
    for name, datatype in DATATYPE_PROPERTIES.items():
        assert ontology.value(CMNS[name], RDFS.range) == URIRef(
            "http://www.w3.org/2001/XMLSchema#" + datatype
        ), name


# --------------------------------------------------------------------------- schemes


@pytest.mark.parametrize("key", sorted(SCHEMES))
def test_scheme_is_declared_with_its_top_concepts(schemes: Graph, key: str) -> None:
    scheme_iri, namespace = SCHEMES[key]
    scheme = URIRef(scheme_iri)
    assert (scheme, RDF.type, SKOS.ConceptScheme) in schemes
    assert _english(schemes.objects(scheme, SKOS.prefLabel)), f"{scheme}: no skos:prefLabel@en"
    assert _english(schemes.objects(scheme, SKOS.definition)), f"{scheme}: no skos:definition@en"
    tops = {str(c)[len(namespace) :] for c in schemes.objects(scheme, SKOS.hasTopConcept)}
    assert tops == set(CONCEPTS[key])


@pytest.mark.parametrize("key", sorted(SCHEMES))
def test_scheme_has_exactly_the_expected_concepts(schemes: Graph, key: str) -> None:
    scheme_iri, namespace = SCHEMES[key]
    members = set(schemes.subjects(SKOS.inScheme, URIRef(scheme_iri)))
    assert all(str(c).startswith(namespace) for c in members), f"{key}: concept outside {namespace}"
    assert {str(c)[len(namespace) :] for c in members} == set(CONCEPTS[key])


def test_every_concept_is_well_formed(schemes: Graph) -> None:
    known_schemes = set(schemes.subjects(RDF.type, SKOS.ConceptScheme))
    concepts = set(schemes.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == sum(len(v) for v in CONCEPTS.values())
    for c in concepts:
        prefs = list(schemes.objects(c, SKOS.prefLabel))
        assert len(prefs) == 1 and _english(prefs), f"{c}: needs exactly one skos:prefLabel@en"
        definitions = list(schemes.objects(c, SKOS.definition))
        assert len(definitions) == 1 and _english(definitions), f"{c}: needs one skos:definition@en"
        in_schemes = set(schemes.objects(c, SKOS.inScheme))
        assert len(in_schemes) == 1 and in_schemes <= known_schemes, f"{c}: bad skos:inScheme"
        assert set(schemes.objects(c, SKOS.topConceptOf)) == in_schemes, f"{c}: bad skos:topConceptOf"
        alts = list(schemes.objects(c, SKOS.altLabel))
        assert len(alts) >= 2, f"{c}: give it more skos:altLabel cue phrases"
        assert len(_english(alts)) == len(alts), f"{c}: every skos:altLabel must be @en"
        assert all(normalise(a) for a in alts), f"{c}: an altLabel is empty once normalised"


def test_target_groups_map_to_odihr(schemes: Graph) -> None:
    odihr = {URIRef(ODIHR + k) for k in CONCEPTS["odihr"]}
    for key in CONCEPTS["target_group"]:
        tg = URIRef(TG + key)
        assert (tg, RDF.type, CMNS.TargetGroup) in schemes, f"{key}: not typed cm:TargetGroup"
        matches = set(schemes.objects(tg, SKOS.broadMatch))
        assert len(matches) == 1 and matches <= odihr, f"{key}: needs one skos:broadMatch to an ODIHR concept"
    for key in ("children-young-people", "older-people"):
        assert (URIRef(TG + key), SKOS.broadMatch, URIRef(ODIHR + "other")) in schemes


@pytest.mark.parametrize("key", sorted(SCHEMES))
def test_labels_are_unambiguous_within_a_scheme(schemes: Graph, key: str) -> None:
    """One label (as the extractor normalises it) must name one concept of a scheme."""
    scheme_iri, namespace = SCHEMES[key]
    owners: dict[str, set[str]] = defaultdict(set)
    for c in schemes.subjects(SKOS.inScheme, URIRef(scheme_iri)):
        local = str(c)[len(namespace) :]
        labels = [local, *schemes.objects(c, SKOS.prefLabel), *schemes.objects(c, SKOS.altLabel)]
        for label in labels:
            owners[normalise(str(label))].add(local)
    clashes = {label: sorted(keys) for label, keys in owners.items() if len(keys) > 1}
    assert not clashes, f"{key}: labels naming more than one concept: {clashes}"


@pytest.mark.parametrize(
    ("key", "phrase", "concept"),
    [
        ("kind", "NGO", "cso"),
        ("kind", "voluntary organization", "cso"),
        ("kind", "statutory agency", "public-authority"),
        ("kind", "intergovernmental organisation", "international-body"),
        ("kind", "private sector", "private"),
        ("target_group", "LGBTQ+", "lgbtq"),
        ("target_group", "Islamophobia", "anti-muslim"),
        ("target_group", "Jewish communities", "antisemitism"),
        ("target_group", "transphobic", "transgender"),
        ("target_group", "Gypsy, Roma and Traveller", "roma-travellers"),
        ("target_group", "asylum seekers", "refugees-migrants"),
        ("target_group", "learning disabilities", "disability"),
        ("target_group", "Children & Young People", "children-young-people"),
        ("mode", "Data sharing & monitoring", "data-sharing"),
        ("mode", "memorandum of understanding", "partnership"),
        ("mode", "independent advisory group", "scrutiny"),
        ("mode", "advisory group", "consultation"),
        ("mode", "co-delivered", "training"),
        ("finding_type", "What works", "good-practice"),
        ("finding_type", "Barriers", "challenge"),
        ("finding_type", "Next steps", "opportunity"),
        ("driver", "water on rocks", "micro-change"),
        ("driver", "ECRI recommendations", "international-pressure"),
        ("driver", "new chief constable", "leadership"),
        ("direction", "setback", "backward"),
        ("topic", "turning point", "change-incident"),
        ("topic", "how you record", "recording-models"),
        ("initiative_type", "third party reporting centre", "third-party-reporting-centre"),
        ("document_kind", "stakeholder spreadsheet", "register"),
    ],
)
def test_cue_phrases_resolve(schemes: Graph, key: str, phrase: str, concept: str) -> None:
    scheme_iri, namespace = SCHEMES[key]
    wanted = normalise(phrase)
    found = {
        str(c)[len(namespace) :]
        for c in schemes.subjects(SKOS.inScheme, URIRef(scheme_iri))
        for label in (*schemes.objects(c, SKOS.prefLabel), *schemes.objects(c, SKOS.altLabel))
        if normalise(str(label)) == wanted
    }
    assert found == {concept}


# --------------------------------------------------------------------------- shapes

PREFIXES = """
@prefix cm:        <https://w3id.org/changemap#> .
@prefix cmid:      <https://w3id.org/changemap/id/> .
@prefix kind:      <https://w3id.org/changemap/kind/> .
@prefix mode:      <https://w3id.org/changemap/mode/> .
@prefix itype:     <https://w3id.org/changemap/initiative-type/> .
@prefix sentiment: <https://w3id.org/changemap/sentiment/> .
@prefix approval:  <https://w3id.org/changemap/approval/> .
@prefix dockind:   <https://w3id.org/changemap/document-kind/> .
@prefix ftype:     <https://w3id.org/changemap/finding-type/> .
@prefix direction: <https://w3id.org/changemap/direction/> .
@prefix driver:    <https://w3id.org/changemap/driver/> .
@prefix scale:     <https://w3id.org/changemap/scale/> .
@prefix tg:        <https://w3id.org/changemap/target-group/> .
@prefix rdfs:      <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:       <http://www.w3.org/2001/XMLSchema#> .
@prefix prov:      <http://www.w3.org/ns/prov#> .
@prefix oa:        <http://www.w3.org/ns/oa#> .
@prefix dcterms:   <http://purl.org/dc/terms/> .
"""

VALID = (
    PREFIXES
    + """
cmid:doc-interview-07 a cm:SourceDocument ;
    dcterms:identifier "examples/interview-07.txt" ;
    cm:sha256 "3f7a9c1e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a" ;
    cm:documentKind dockind:transcript .

cmid:ev-07-1 a cm:Evidence ;
    prov:wasQuotedFrom cmid:doc-interview-07 ;
    cm:quote "We ran the first training days for custody officers together with the constabulary." ;
    oa:hasSelector cmid:ev-07-1-pos , cmid:ev-07-1-quote ;
    cm:approval approval:pending .

cmid:ev-07-1-pos a oa:TextPositionSelector ; oa:start 412 ; oa:end 496 .
cmid:ev-07-1-quote a oa:TextQuoteSelector ;
    oa:exact "We ran the first training days for custody officers together with the constabulary." .

cmid:harbour-access-trust a cm:Stakeholder , cm:CivilSocietyOrganisation ;
    rdfs:label "Harbour Access Trust" ;
    cm:kind kind:cso ;
    prov:wasDerivedFrom cmid:ev-07-1 .

cmid:eastmoor-constabulary a cm:Stakeholder , cm:PublicAuthority ;
    rdfs:label "Eastmoor Constabulary" ;
    cm:kind kind:public-authority ;
    prov:wasDerivedFrom cmid:ev-07-1 .

cmid:eng-1 a cm:Engagement ;
    cm:initiator cmid:harbour-access-trust ;
    cm:party cmid:harbour-access-trust , cmid:eastmoor-constabulary ;
    cm:mode mode:training ;
    cm:sentiment sentiment:positive ;
    cm:year "2016"^^xsd:gYear ;
    cm:confidence 0.9 ;
    prov:wasDerivedFrom cmid:ev-07-1 .

cmid:custody-training a cm:Initiative ;
    rdfs:label "Custody officer hate crime training"@en ;
    cm:initiativeType itype:training ;
    cm:runBy cmid:harbour-access-trust ;
    cm:addresses cmid:finding-1 ;
    prov:wasDerivedFrom cmid:ev-07-1 .

cmid:finding-1 a cm:Finding ;
    cm:findingType ftype:challenge ;
    cm:statement "Custody staff rarely asked victims whether they felt targeted." ;
    cm:strand tg:disability ;
    prov:wasDerivedFrom cmid:ev-07-1 .

cmid:moment-1 a cm:PivotalMoment ;
    rdfs:label "Inspection of custody recording, 2015" ;
    cm:direction direction:forward ;
    cm:driver driver:inquiry , driver:leadership ;
    cm:scale scale:micro ;
    cm:outcome "The constabulary invited the trust to train custody officers." ;
    prov:wasDerivedFrom cmid:ev-07-1 .
"""
)


# A broken position selector also makes the evidence lack a *valid* one.
SELECTOR_MESSAGE = "Evidence needs exactly one valid oa:TextPositionSelector"


def _variant(old: str, new: str) -> str:
    assert VALID.count(old) == 1, f"test data drifted: {old!r}"
    return VALID.replace(old, new)


@pytest.fixture(scope="module")
def validate(vocabulary: Graph, shapes: Graph):
    def run(turtle: str) -> tuple[bool, str]:
        data = Graph().parse(data=turtle, format="turtle")
        conforms, _, text = pyshacl.validate(
            data, shacl_graph=shapes, ont_graph=vocabulary, inference="none", advanced=False
        )
        return conforms, text

    return run


def test_every_constraint_has_an_actionable_message(shapes: Graph) -> None:
    targeted = {s for p in (SH.targetClass, SH.targetSubjectsOf) for s in shapes.subjects(p, None)}
    assert targeted
    for node_shape in targeted:
        for prop in shapes.objects(node_shape, SH.property):
            messages = _english(shapes.objects(prop, SH.message))
            path = shapes.value(prop, SH.path)
            assert len(messages) == 1, f"{node_shape} {path}: needs one sh:message@en"
            assert ": " in messages[0], f"{node_shape} {path}: say what is wrong, then what to do"


def test_scheme_value_lists_match_the_schemes(shapes: Graph, schemes: Graph) -> None:
    """Shapes check scheme membership with sh:in; the lists must not drift from the schemes."""
    helpers = list(shapes.subjects(SH["in"], None))
    assert len(helpers) >= 10
    for helper in helpers:
        scheme = shapes.value(helper, RDFS.seeAlso)
        assert (scheme, RDF.type, SKOS.ConceptScheme) in schemes, f"{helper}: rdfs:seeAlso its scheme"
        listed = list(Collection(shapes, shapes.value(helper, SH["in"])))
        assert len(listed) == len(set(listed))
        assert set(listed) == set(schemes.subjects(SKOS.inScheme, scheme)), helper


def test_valid_graph_conforms(validate) -> None:
    conforms, text = validate(VALID)
    assert conforms, text


def test_subclass_typing_is_enough_with_the_ontology(validate) -> None:
    """sh:class cm:Stakeholder accepts a party typed only with a subclass."""
    conforms, text = validate(
        _variant(
            "cmid:eastmoor-constabulary a cm:Stakeholder , cm:PublicAuthority ;",
            "cmid:eastmoor-constabulary a cm:PublicAuthority ;",
        )
    )
    assert conforms, text


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param(
            "cm:party cmid:harbour-access-trust , cmid:eastmoor-constabulary ;",
            "cm:party cmid:harbour-access-trust ;",
            "Engagement needs at least two parties",
            id="engagement-with-one-party",
        ),
        pytest.param(
            '    cm:quote "We ran the first training days for custody officers together with the '
            'constabulary." ;\n',
            "",
            "Evidence must carry exactly one cm:quote",
            id="evidence-without-quote",
        ),
        pytest.param(
            "    cm:kind kind:cso ;\n",
            "",
            "Stakeholder must have exactly one cm:kind",
            id="stakeholder-without-kind",
        ),
        pytest.param(
            "cm:mode mode:training ;",
            "cm:mode mode:training , mode:partnership ;",
            "Engagement must have exactly one cm:mode",
            id="engagement-with-two-modes",
        ),
        pytest.param(
            "cm:mode mode:training ;",
            "cm:mode itype:training ;",
            "Engagement mode is not a concept of cm:EngagementModes",
            id="mode-from-the-wrong-scheme",
        ),
        pytest.param(
            "oa:hasSelector cmid:ev-07-1-pos , cmid:ev-07-1-quote ;",
            "oa:hasSelector cmid:ev-07-1-quote ;",
            "Evidence needs exactly one valid oa:TextPositionSelector",
            id="evidence-without-position-selector",
        ),
        pytest.param(
            "oa:start 412 ; oa:end 496 .",
            "oa:start 412 .",
            "Text position selector must have exactly one oa:end",
            id="selector-without-end",
        ),
        pytest.param(
            "oa:start 412 ; oa:end 496 .",
            "oa:start 500 ; oa:end 496 .",
            "Text position selector starts after it ends",
            id="selector-ends-before-start",
        ),
        pytest.param(
            "prov:wasQuotedFrom cmid:doc-interview-07 ;",
            "prov:wasQuotedFrom cmid:eng-1 ;",
            "Evidence is quoted from something that is not a cm:SourceDocument",
            id="evidence-quoted-from-non-document",
        ),
        pytest.param(
            'cm:year "2016"^^xsd:gYear ;',
            'cm:year "2016" ;',
            "Engagement year is not an xsd:gYear",
            id="year-as-plain-string",
        ),
        pytest.param(
            'cm:sha256 "3f7a9c1e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a" ;',
            'cm:sha256 "3f7a9c1e" ;',
            "is not 64 hexadecimal characters",
            id="short-hash",
        ),
        pytest.param(
            "    cm:direction direction:forward ;\n",
            "",
            "Pivotal moment must have exactly one cm:direction",
            id="pivotal-moment-without-direction",
        ),
        pytest.param(
            "cm:driver driver:inquiry , driver:leadership ;",
            "cm:driver driver:inquiry , direction:backward ;",
            "Pivotal moment driver is not a concept of cm:ChangeDrivers",
            id="driver-from-the-wrong-scheme",
        ),
        pytest.param(
            "cm:findingType ftype:challenge ;",
            "cm:findingType ftype:challenge , ftype:opportunity ;",
            "Finding must have exactly one cm:findingType",
            id="finding-with-two-types",
        ),
        pytest.param(
            '    cm:statement "Custody staff rarely asked victims whether they felt targeted." ;\n',
            "",
            "Finding must have exactly one cm:statement",
            id="finding-without-statement",
        ),
        pytest.param(
            '    rdfs:label "Custody officer hate crime training"@en ;\n',
            "",
            "Initiative must have exactly one rdfs:label",
            id="initiative-without-label",
        ),
        pytest.param(
            "cm:confidence 0.9 ;",
            "cm:confidence 1.5 ;",
            "cm:confidence must be a single xsd:decimal between 0 and 1",
            id="confidence-above-one",
        ),
    ],
)
def test_broken_graph_is_reported_with_its_message(validate, old: str, new: str, message: str) -> None:
    conforms, text = validate(_variant(old, new))
    assert not conforms
    assert message in text, text
    reported = {line.split("Message: ", 1)[1] for line in text.splitlines() if line.startswith("\tMessage: ")}
    unrelated = {m for m in reported if message not in m and SELECTOR_MESSAGE not in m}
    assert not unrelated, f"one defect should give one kind of report: {unrelated}"
