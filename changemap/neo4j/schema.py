"""The allowlist of the property graph: labels, relationship types and property keys,
generated from the packaged ontology, its concept schemes and its SHACL shapes.

Nothing else ever reaches Cypher text: a label or type is written into a statement
only after it has been looked up here, and every value travels as a parameter.

- A class becomes a label: its local name (``cm:CivilSocietyOrganisation`` →
  ``CivilSocietyOrganisation``), except ``cm:SourceDocument``, which is ``Document``.
- A predicate whose object is an IRI becomes a relationship type in upper snake case
  (``prov:wasDerivedFrom`` → ``WAS_DERIVED_FROM``); one whose object is a literal
  becomes a property key in snake case (``skos:altLabel`` → ``alt_label``).
- Two terms that would get the same name are told apart by their prefix
  (``dcterms_date``), so the mapping stays one to one and can be read back.

>>> from changemap.ontology.namespaces import CM, PROV, SKOS
>>> s = schema()
>>> s.label(CM + "PublicAuthority"), s.rel_type(PROV + "wasDerivedFrom"), s.key(SKOS + "altLabel")
('PublicAuthority', 'WAS_DERIVED_FROM', 'alt_label')
>>> s.class_of("Document") == CM + "SourceDocument"
True
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from ..errors import Neo4jMappingError
from ..ontology import ONTOLOGY_FILE, vocabulary_files
from ..ontology.namespaces import CM, OWL, PREFIXES, RDF, RDFS, SH

#: Every node changemap writes has this label, with a unique ``iri``: the one label
#: the sync matches on (an index lookup), and the mark ``--prune`` goes by.
BASE_LABEL = "Changemap"
#: The node that records what was exported and by which changemap.
META_LABEL = "ChangemapExport"
#: The derived relationship between the parties of an engagement.
ENGAGES_WITH = "ENGAGES_WITH"
#: Node property holding the RDF datatype or language of literals that the value's own
#: type does not imply: entries ``key|index|@en`` or ``key|index|^^<datatype IRI>``.
TYPES_KEY = "_types"
RESERVED_KEYS = frozenset({"iri", TYPES_KEY})
RESERVED_LABELS = frozenset({BASE_LABEL, META_LABEL})

SHAPES_FILE = ONTOLOGY_FILE.with_name("shapes.ttl")
REUSED_FILE = ONTOLOGY_FILE.with_name("reused.ttl")
RENAMED = {CM + "SourceDocument": "Document"}

RDF_TYPE = RDF + "type"
_SCHEMA_TYPES = {OWL + t for t in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty",
                                  "FunctionalProperty", "Ontology", "TransitiveProperty", "SymmetricProperty")}
_SCHEMA_TYPES |= {RDFS + "Class", RDF + "Property", SH + "NodeShape", SH + "PropertyShape"}


def local_name(iri: str) -> str:
    """The part after the last '#' or '/'."""
    return re.split(r"[#/]", iri)[-1]


def snake(name: str) -> str:
    """``hasTimeStamp`` → ``has_time_stamp``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).replace("-", "_").lower()


def prefix_of(iri: str) -> str:
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default="")
    return next((p for p, ns in PREFIXES.items() if ns == best), "x") if best else "x"


def _names(iris: set[str], make) -> dict[str, str]:
    """One distinct name per IRI: ``make(local name)``, or ``prefix_`` + that on a clash."""
    first: dict[str, list[str]] = {}
    for iri in sorted(iris):
        first.setdefault(RENAMED.get(iri) or make(local_name(iri)), []).append(iri)
    out: dict[str, str] = {}
    for name, owners in first.items():
        if len(owners) == 1:
            out[owners[0]] = name
            continue
        for iri in owners:
            out[iri] = make(f"{prefix_of(iri)}_{local_name(iri)}")
    return out


EXPORTING = "rebuild the graph with this changemap version"
READ_BACK = "remove it from the changemap nodes, or export the graph again"


def _look_up(table: dict[str, str], name: str, problem: str, what_to_do: str = EXPORTING) -> str:
    try:
        return table[name]
    except KeyError:
        raise Neo4jMappingError(f"{problem}; {what_to_do}") from None


@dataclass(frozen=True)
class Schema:
    """The mapping between the ontology's terms and the property graph's names."""

    labels: dict[str, str]
    rel_types: dict[str, str]
    keys: dict[str, str]
    #: Predicates with at most one value in every shape: a plain property, not a list.
    single: frozenset[str]
    #: Subjects whose triples are the ontology itself (classes, properties, the
    #: ontology header); they are not exported, and are put back from the package.
    schema_subjects: frozenset[str]
    fingerprint: str
    _by_label: dict[str, str] = field(default_factory=dict, repr=False)
    _by_type: dict[str, str] = field(default_factory=dict, repr=False)
    _by_key: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_label.update({v: k for k, v in self.labels.items()})
        self._by_type.update({v: k for k, v in self.rel_types.items()})
        self._by_key.update({v: k for k, v in self.keys.items()})

    # terms → names (raise on anything the ontology does not have)
    def label(self, cls: str) -> str:
        return _look_up(self.labels, cls, f"class <{cls}> is not in changemap's ontology, so it has no Neo4j label")

    def rel_type(self, predicate: str) -> str:
        return _look_up(self.rel_types, predicate, f"predicate <{predicate}> is not in changemap's ontology, "
                                                   "so it has no relationship type")

    def key(self, predicate: str) -> str:
        return _look_up(self.keys, predicate, f"predicate <{predicate}> is not in changemap's ontology, "
                                              "so it has no property key")

    # names → terms (for reading a database back)
    def class_of(self, label: str) -> str:
        return _look_up(self._by_label, label, f"label :{label} was not written by changemap", READ_BACK)

    def predicate_of_type(self, rel_type: str) -> str:
        return _look_up(self._by_type, rel_type, f"relationship type :{rel_type} was not written by changemap",
                        READ_BACK)

    def predicate_of_key(self, key: str) -> str:
        return _look_up(self._by_key, key, f"property '{key}' was not written by changemap", READ_BACK)

    def is_label(self, name: str) -> bool:
        return name in self._by_label or name in RESERVED_LABELS

    def is_rel_type(self, name: str) -> bool:
        return name in self._by_type or name == ENGAGES_WITH


def _iris(store: ox.Store, sparql: str) -> set[str]:
    return {row[0].value for row in store.query(sparql) if isinstance(row[0], ox.NamedNode)}


@lru_cache(maxsize=1)
def schema() -> Schema:
    """The allowlist for the installed ontology (built once)."""
    store = ox.Store()  # a store of its own: the cached vocabulary store must not gain the shapes
    for path in (*vocabulary_files(), SHAPES_FILE, REUSED_FILE):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    classes = _iris(store, f"""SELECT DISTINCT ?c WHERE {{
        {{ ?c a <{OWL}Class> }} UNION {{ ?x <{SH}targetClass> ?c }} UNION {{ ?x <{SH}class> ?c }} }}""")
    classes = {c for c in classes if not c.startswith((SH, OWL, RDF)) and "XMLSchema#" not in c}
    predicates = _iris(store, f"""SELECT DISTINCT ?p WHERE {{
        {{ ?p a ?t VALUES ?t {{ <{OWL}ObjectProperty> <{OWL}DatatypeProperty> <{OWL}AnnotationProperty> }} }}
        UNION {{ ?x <{SH}path> ?p }} }}""")
    predicates = {p for p in predicates if not p.startswith(SH) and p != RDF_TYPE}
    many = _iris(store, f"""SELECT DISTINCT ?p WHERE {{ ?shape <{SH}path> ?p
        FILTER NOT EXISTS {{ ?shape <{SH}maxCount> 1 }} }}""")
    capped = _iris(store, f"SELECT DISTINCT ?p WHERE {{ ?shape <{SH}path> ?p ; <{SH}maxCount> 1 }}")
    functional = _iris(store, f"SELECT ?p WHERE {{ ?p a <{OWL}FunctionalProperty> }}")
    single = frozenset((capped | functional) - many)
    schema_subjects = _iris(store, f"""SELECT DISTINCT ?s WHERE {{ ?s a ?t
        VALUES ?t {{ {' '.join(f'<{t}>' for t in sorted(_SCHEMA_TYPES))} }} }}""")
    digest = hashlib.sha256()
    for path in [*vocabulary_files(), SHAPES_FILE, REUSED_FILE]:
        digest.update(path.read_bytes())
    return Schema(
        labels=_names(classes, lambda n: n),
        rel_types=_names(predicates, lambda n: snake(n).upper()),
        keys=_names(predicates, snake),
        single=single,
        schema_subjects=frozenset(schema_subjects),
        fingerprint=digest.hexdigest()[:16],
    )
