"""Concept lookup built from the SKOS schemes' labels.

Readers use :func:`concept` to turn a cell such as ``"Data sharing"`` into a
concept key (``"data-sharing"``); extraction uses :func:`phrases` to build
phrase matchers from every ``skos:prefLabel`` and ``skos:altLabel``.

>>> concept("mode", "Data sharing & monitoring")
'data-sharing'
>>> concept("finding_type", "What works")
'good-practice'
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from ..errors import OntologyError, VocabularyError
from . import vocabulary_files
from .namespaces import SCHEMES, SKOS

_SPACES = re.compile(r"[\s_\-/]+")
_DROP = re.compile(r"[^\w\s+]")


def normalise(text: str) -> str:
    """Fold case, '&'/'and', hyphens and punctuation so labels compare loosely.

    >>> normalise("Data-sharing &  Monitoring")
    'data sharing and monitoring'
    """
    text = text.casefold().replace("&", " and ")
    text = _SPACES.sub(" ", text)
    text = _DROP.sub("", text)
    return " ".join(text.split())


@dataclass
class Concept:
    key: str
    iri: str
    pref_label: str
    alt_labels: list[str] = field(default_factory=list)
    definition: str = ""
    broad_match: list[str] = field(default_factory=list)


@dataclass
class Scheme:
    name: str
    iri: str
    namespace: str
    concepts: dict[str, Concept] = field(default_factory=dict)
    index: dict[str, str] = field(default_factory=dict)

    def lookup(self, value: str) -> str | None:
        return self.index.get(normalise(value))


@lru_cache(maxsize=1)
def vocabulary_store() -> ox.Store:
    """An in-memory store with the ontology and all schemes (loaded once)."""
    store = ox.Store()
    for path in vocabulary_files():
        try:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE)
        except (OSError, SyntaxError) as err:
            raise OntologyError(
                f"{path}: cannot load packaged vocabulary ({err}); reinstall changemap"
            ) from err
    return store


@lru_cache(maxsize=1)
def schemes() -> dict[str, Scheme]:
    """Every concept scheme, keyed by the short names in ``SCHEMES``."""
    store = vocabulary_store()
    out: dict[str, Scheme] = {}
    for name, (scheme_iri, namespace) in SCHEMES.items():
        scheme = Scheme(name, scheme_iri, namespace)
        rows = store.query(
            f"""SELECT ?c ?p ?kind ?v WHERE {{
                ?c <{SKOS}inScheme> <{scheme_iri}> .
                {{ ?c ?p ?v . VALUES ?p {{ <{SKOS}prefLabel> <{SKOS}altLabel>
                   <{SKOS}definition> <{SKOS}broadMatch> <{SKOS}notation> }} }}
            }}"""
        )
        for row in rows:
            iri = row["c"].value
            if not iri.startswith(namespace):
                continue
            key = iri[len(namespace):]
            c = scheme.concepts.setdefault(key, Concept(key, iri, key))
            prop, value = row["p"].value, row["v"].value
            if prop.endswith("prefLabel"):
                c.pref_label = value
            elif prop.endswith("altLabel"):
                c.alt_labels.append(value)
            elif prop.endswith("definition"):
                c.definition = value
            elif prop.endswith("broadMatch"):
                c.broad_match.append(value)
        for key in sorted(scheme.concepts):
            c = scheme.concepts[key]
            c.alt_labels.sort()
            # Keys and preferred labels win over alternative labels.
            for label in sorted(c.alt_labels):
                scheme.index.setdefault(normalise(label), key)
        for key, c in scheme.concepts.items():
            scheme.index[normalise(c.pref_label)] = key
            scheme.index[normalise(key)] = key
        out[name] = scheme
    return out


def concept(scheme: str, value: str) -> str:
    """The concept key in ``scheme`` whose key or label matches ``value``.

    Raises :class:`VocabularyError` naming the closest labels when nothing
    matches.
    """
    sch = schemes()[scheme]
    found = sch.lookup(value)
    if found is not None:
        return found
    close = difflib.get_close_matches(normalise(value), list(sch.index), n=3, cutoff=0.6)
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    allowed = ", ".join(sorted(sch.concepts))
    raise VocabularyError(f"'{value}' is not a known {scheme.replace('_', ' ')} (use one of: {allowed}){hint}")


def concept_iri(scheme: str, key: str) -> str:
    """The IRI of a concept key in a scheme."""
    return SCHEMES[scheme][1] + key


def label(scheme: str, key: str) -> str:
    """The preferred label of a concept key (the key itself if unknown)."""
    c = schemes()[scheme].concepts.get(key)
    return c.pref_label if c else key


def phrases(scheme: str) -> dict[str, list[str]]:
    """Concept key → every label to match in running text."""
    return {
        key: sorted({c.pref_label, *c.alt_labels})
        for key, c in schemes()[scheme].concepts.items()
    }
