"""RDF terms as N-Triples text, the form the build keeps its quads in.

A term is a plain ``str``: ``<iri>``, ``"text"``, ``"text"@lang``,
``"lexical"^^<datatype>`` or ``_:label`` -- exactly what Oxigraph's ``str()``
gives for the same term, so rows sort as the terms' text does and load into
Oxigraph, rdflib or any N-Triples parser unchanged.  Building millions of
Python strings is several times cheaper than building the same number of
``pyoxigraph`` objects, and the store parses them in Rust.

>>> iri("https://example.org/a")
'<https://example.org/a>'
>>> literal('say "hi"\\n')
'"say \\\\"hi\\\\"\\\\n"'
>>> literal(3)
'"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
>>> split_literal(literal("Vrijheid", language="NL"))
('Vrijheid', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString', 'nl')
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..errors import ChangemapError
from ..ontology.namespaces import RDF, XSD

XSD_STRING = XSD + "string"
LANG_STRING = RDF + "langString"

# The escapes Oxigraph writes: the short forms, other control characters as \\uXXXX.
_ESCAPE = {c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F]}
_ESCAPE.update({0x22: '\\"', 0x5C: "\\\\", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x08: "\\b", 0x0C: "\\f"})
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')
_UNESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))')
_SHORT = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
# An absolute IRI with none of the characters N-Triples forbids inside <...>.
_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>"{}|^`\\]*\Z')


class TermError(ChangemapError):
    """A value cannot be written as an RDF term."""


def escape(text: str) -> str:
    """Text as the inside of an N-Triples string literal."""
    return text.translate(_ESCAPE) if _NEEDS_ESCAPE.search(text) else text


def iri(value: str) -> str:
    """``<value>``, refusing what is not an absolute IRI.

    >>> iri("not an iri")
    Traceback (most recent call last):
    ...
    changemap.graph.terms.TermError: 'not an iri' is not an absolute IRI; build IRIs with changemap.graph.iri
    """
    if not _IRI.match(value):
        raise TermError(f"{value!r} is not an absolute IRI; build IRIs with changemap.graph.iri")
    return f"<{value}>"


def literal(value: object, datatype: str | None = None, language: str | None = None) -> str:
    """A literal: booleans, integers and floats get their XSD types (floats as
    xsd:decimal with three decimals, as the build always wrote them)."""
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
    if isinstance(value, int) and datatype is None:
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, float) and datatype is None:
        return f'"{value:.3f}"^^<{XSD}decimal>'
    text = f'"{escape(str(value))}"'
    if language:
        return f"{text}@{language.lower()}"
    if datatype and datatype != XSD_STRING:
        return f"{text}^^{iri(datatype)}"
    return text


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> str:
    """An Oxigraph term as text ('' for the default graph)."""
    return "" if isinstance(term, ox.DefaultGraph) else str(term)


def is_iri(term: str) -> bool:
    return term[:1] == "<"


def is_blank(term: str) -> bool:
    return term[:2] == "_:"


def is_literal(term: str) -> bool:
    return term[:1] == '"'


def iri_value(term: str) -> str:
    """'<https://x>' -> 'https://x'."""
    return term[1:-1]


def _unescape_one(m: re.Match) -> str:
    if m.group(3) is not None:
        return _SHORT.get(m.group(3), m.group(3))
    return chr(int(m.group(1) or m.group(2), 16))


def split_literal(term: str) -> tuple[str, str, str]:
    """A literal's (lexical form, datatype IRI, language tag or '')."""
    end = term.rindex('"')
    inner = term[1:end]
    if "\\" in inner:
        inner = _UNESCAPE.sub(_unescape_one, inner)
    rest = term[end + 1:]
    if rest.startswith("@"):
        return inner, LANG_STRING, rest[1:]
    if rest.startswith("^^"):
        return inner, rest[3:-1], ""
    return inner, XSD_STRING, ""
