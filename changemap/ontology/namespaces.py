"""Namespaces used across changemap, in one place.

Every IRI the code writes is built from these prefixes, so the ontology files,
the SHACL shapes, the queries and the builders cannot drift apart.

>>> from changemap.ontology.namespaces import CM, MODE
>>> CM + "Engagement"
'https://w3id.org/changemap#Engagement'
>>> MODE + "training"
'https://w3id.org/changemap/mode/training'
"""

from __future__ import annotations

BASE = "https://w3id.org/changemap"

CM = BASE + "#"  # classes and properties
ID = BASE + "/id/"  # instance data: stakeholders, documents, evidence ...

# One namespace per SKOS concept scheme.
KIND = BASE + "/kind/"
TG = BASE + "/target-group/"
ODIHR = BASE + "/odihr/"
MODE = BASE + "/mode/"
FTYPE = BASE + "/finding-type/"
DRIVER = BASE + "/driver/"
DIRECTION = BASE + "/direction/"
SCALE = BASE + "/scale/"
SENTIMENT = BASE + "/sentiment/"
ITYPE = BASE + "/initiative-type/"
APPROVAL = BASE + "/approval/"
RSTYPE = BASE + "/recording-system-type/"
DOCKIND = BASE + "/document-kind/"
TOPIC = BASE + "/topic/"

# Reused vocabularies.
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
OA = "http://www.w3.org/ns/oa#"
TIME = "http://www.w3.org/2006/time#"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES: dict[str, str] = {
    "cm": CM,
    "cmid": ID,
    "kind": KIND,
    "tg": TG,
    "odihr": ODIHR,
    "mode": MODE,
    "ftype": FTYPE,
    "driver": DRIVER,
    "direction": DIRECTION,
    "scale": SCALE,
    "sentiment": SENTIMENT,
    "itype": ITYPE,
    "approval": APPROVAL,
    "rstype": RSTYPE,
    "dockind": DOCKIND,
    "topic": TOPIC,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "org": ORG,
    "foaf": FOAF,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "sem": SEM,
    "oa": OA,
    "time": TIME,
}

# Concept scheme IRIs (in the cm namespace) keyed by the short name code uses.
SCHEMES: dict[str, tuple[str, str]] = {
    # key: (scheme IRI, concept namespace)
    "kind": (CM + "StakeholderKinds", KIND),
    "target_group": (CM + "TargetGroups", TG),
    "odihr": (CM + "ODIHRBiasCategories", ODIHR),
    "mode": (CM + "EngagementModes", MODE),
    "finding_type": (CM + "FindingTypes", FTYPE),
    "driver": (CM + "ChangeDrivers", DRIVER),
    "direction": (CM + "Directions", DIRECTION),
    "scale": (CM + "Scales", SCALE),
    "sentiment": (CM + "Sentiments", SENTIMENT),
    "initiative_type": (CM + "InitiativeTypes", ITYPE),
    "approval": (CM + "ApprovalStatuses", APPROVAL),
    "recording_system_type": (CM + "RecordingSystemTypes", RSTYPE),
    "document_kind": (CM + "DocumentKinds", DOCKIND),
    "topic": (CM + "ProtocolTopics", TOPIC),
}

SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
