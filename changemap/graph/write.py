"""Serialise a built graph: graph.trig (a named graph per source) and
graph.ttl (everything merged), both deterministic byte for byte.

The writer works on :class:`~changemap.graph.quads.Quads` directly: graphs
and subjects in sorted order, one block per subject with its predicates and
objects in sorted order, IRIs shortened with the project's prefixes.  A
subject stated in one graph only (every quote and selector) is formatted
once and the same text is used in both files.

>>> from changemap.graph.quads import Quads
>>> q = Quads.of([("<https://w3id.org/changemap/id/doc/a>", "<https://w3id.org/changemap/id/x>",
...                "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/changemap#Evidence>")])
>>> print(turtle(q).decode().splitlines()[-1])
cmid:x a cm:Evidence .
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from ..atomic import write_bytes
from ..ontology.namespaces import PREFIXES, RDF, XSD
from .quads import Pairs, Quads

_TYPE = f"<{RDF}type>"
# Local parts written as prefixed names: letters, digits, '_', '-', '.', '/' and '#' (the last two
# escaped), not starting with '-' or '.' nor ending with '.'.  Turtle allows more with escapes,
# but not every parser reads them (rdflib fails on '\\.'), so anything else is written as <IRI>.
_LOCAL = re.compile(r"[A-Za-z0-9_/#](?:[A-Za-z0-9_./#-]*[A-Za-z0-9_/#-])?\Z")
# Literals written bare, as Turtle's INTEGER, DECIMAL and boolean: only canonical-looking lexical
# forms, since some parsers rewrite others ('01' becomes '1' in rdflib).
_BARE = {
    f"<{XSD}integer>": re.compile(r"-?(?:0|[1-9][0-9]*)\Z"),
    f"<{XSD}decimal>": re.compile(r"-?[0-9]+\.[0-9]+\Z"),
    f"<{XSD}boolean>": re.compile(r"true\Z|false\Z"),
}


class _Names:
    """Term text → Turtle text, shortened with prefixes and cached."""

    def __init__(self, prefixes: dict[str, str]):
        self.namespaces = {ns: p for p, ns in prefixes.items()}
        self.folders: dict[str, tuple[str, int] | None] = {}
        self.cache: dict[str, str] = {_TYPE: "a"}

    def _namespace(self, iri: str) -> tuple[str, int] | None:
        """(prefix, namespace length) of the longest namespace ``iri`` starts with."""
        hash_at = iri.rfind("#")
        if hash_at >= 0 and (p := self.namespaces.get(iri[:hash_at + 1])):
            return p, hash_at + 1
        folder = iri[:iri.rfind("/") + 1]
        if folder not in self.folders:
            best = max((ns for ns in self.namespaces if folder.startswith(ns)), key=len, default=None)
            self.folders[folder] = (self.namespaces[best], len(best)) if best else None
        found = self.folders[folder]
        if found is None and hash_at >= 0:
            best = max((ns for ns in self.namespaces if iri.startswith(ns)), key=len, default=None)
            found = (self.namespaces[best], len(best)) if best else None
        return found

    def iri(self, term: str) -> str:
        iri = term[1:-1]
        found = self._namespace(iri)
        if found:
            local = iri[found[1]:]
            if not local or _LOCAL.match(local):
                return f"{found[0]}:" + local.replace("/", "\\/").replace("#", "\\#")
        return term

    def __call__(self, term: str) -> str:
        text = self.cache.get(term)
        if text is not None:
            return text
        first = term[0]
        if first == '"':
            if term[-1] != ">":  # a plain string or a language tag: the N-Triples form is Turtle
                return term
            cut = term.rfind('"^^<') + 1
            lexical, datatype = term[:cut], term[cut + 2:]
            bare = _BARE.get(datatype)
            inner = lexical[1:-1]
            if bare and bare.match(inner):
                text = inner
            else:
                text = f"{lexical}^^{self(datatype)}"
            if len(self.cache) < 200_000:
                self.cache[term] = text
            return text
        text = self.iri(term) if first == "<" else term
        self.cache[term] = text
        return text


def _block(name: _Names, subject: str, pairs: Pairs) -> str:
    """One subject with all its predicates and objects, as a Turtle statement."""
    cached = name.cache.get
    parts = [cached(subject) or name(subject)]
    last = None
    for p, o in pairs:
        obj = o if o[-1] == '"' else (cached(o) or name(o))
        if p == last:
            parts.append(" , " + obj)
        else:
            parts.append((" ;\n\t" if last else " ") + (cached(p) or name(p)) + " " + obj)
            last = p
    parts.append(" .\n")
    return "".join(parts)


def _header(prefixes: dict[str, str]) -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items()))


def _as_quads(quads: Quads | Iterable[ox.Quad]) -> Quads:
    return quads if isinstance(quads, Quads) else Quads.of(quads)


def serialise(quads: Quads | Iterable[ox.Quad], prefixes: dict[str, str] = PREFIXES) -> tuple[bytes, bytes]:
    """(TriG, Turtle) of ``quads``: the named graphs, and their merge."""
    quads = _as_quads(quads)
    name = _Names(prefixes)
    shared: dict[str, str] = {}  # subject in one graph → its block, for both files
    merged = quads.merged()
    out = [_header(prefixes)]
    for g in sorted(quads.graphs):
        subjects = quads.graphs[g]
        if g:
            out.append(f"{name(g)} {{\n")
        for s in sorted(subjects):
            pairs = subjects[s]
            if merged[s] is pairs:
                block = shared[s] = _block(name, s, pairs)
            else:
                block = _block(name, s, pairs)
            out.append(block)
        if g:
            out.append("}\n")
    trig = "".join(out).encode()
    out = [_header(prefixes)]
    for s in sorted(merged):
        block = shared.get(s)
        out.append(block if block is not None else _block(name, s, merged[s]))
    return trig, "".join(out).encode()


def trig(quads: Quads | Iterable[ox.Quad]) -> bytes:
    return serialise(quads)[0]


def turtle(quads: Quads | Iterable[ox.Quad]) -> bytes:
    return serialise(quads)[1]


def write_graph(quads: Quads | Iterable[ox.Quad], out_dir: Path,
                serialised: tuple[bytes, bytes] | None = None) -> dict[str, Path]:
    """Write graph.trig and graph.ttl (``serialised``: :func:`serialise` of ``quads``, if made already)."""
    paths = {"graph.trig": out_dir / "graph.trig", "graph.ttl": out_dir / "graph.ttl"}
    trig_bytes, turtle_bytes = serialised or serialise(quads)
    write_bytes(paths["graph.trig"], trig_bytes)
    write_bytes(paths["graph.ttl"], turtle_bytes)
    return paths
