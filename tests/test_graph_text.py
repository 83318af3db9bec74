"""Terms as text, Quads, the TriG/Turtle writer and the lazily loaded store."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from changemap.graph import terms
from changemap.graph.quads import Quads, rows_of
from changemap.graph.store import GraphStore, read_quads, stable_blank_nodes, vocabulary_graph
from changemap.graph.write import serialise

XSD = "http://www.w3.org/2001/XMLSchema#"
TRICKY_TEXT = ['plain', 'with "quotes"', "back\\slash", "two\nlines\r\n", "tab\there", "bell\x07 nul\x00 del\x7f",
               "form\x0cfeed\x08", "émigré – ‘curly’ 😀", "line\u2028separator", "", " ", "a^^b", '"@en', "end\\"]


@pytest.mark.parametrize("text", TRICKY_TEXT)
def test_literal_text_is_what_oxigraph_writes(text):
    assert terms.literal(text) == str(ox.Literal(text))
    assert terms.literal(text, language="PT-br") == str(ox.Literal(text, language="pt-br"))
    assert terms.literal(text, XSD + "token") == str(ox.Literal(text, datatype=ox.NamedNode(XSD + "token")))
    assert terms.split_literal(terms.literal(text, XSD + "token")) == (text, XSD + "token", "")


def test_numbers_and_booleans():
    assert terms.literal(7) == str(ox.Literal("7", datatype=ox.NamedNode(XSD + "integer")))
    assert terms.literal(0.5) == '"0.500"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    assert terms.literal(True) == str(ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")))


@pytest.mark.parametrize("bad", ["relative/path", "https://x.org/a b", "https://x.org/<a>", 'https://x.org/"'])
def test_iri_refuses_what_is_not_an_absolute_iri(bad):
    with pytest.raises(terms.TermError, match="not an absolute IRI"):
        terms.iri(bad)


def _rows() -> list[tuple[str, str, str, str]]:
    """Quads over two named graphs and the default graph, with awkward IRIs and literals."""
    g1, g2 = "<https://w3id.org/changemap/id/doc/a-1>", "<https://example.org/graphs#two>"
    s = ["<https://w3id.org/changemap/id/evidence/doc-a/1-5#position>", "<https://w3id.org/changemap/id/x.>",
         "<https://w3id.org/changemap/id/-dash>", "<https://w3id.org/changemap/id/a~b!c$d&e'f(g)h*i+j,k;l=m>",
         "<https://w3id.org/changemap/id/100%25>", "<https://w3id.org/changemap/id/ümlaut>",
         "<https://w3id.org/changemap#>", "<urn:isbn:0451450523>", "_:b1"]
    p = ["<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/changemap#quote>",
         "<http://example.org/p?q=1>"]
    objects = [terms.literal(t) for t in TRICKY_TEXT] + [
        terms.literal("Texte", language="fr"), '"01"^^<http://www.w3.org/2001/XMLSchema#integer>',
        '"-5"^^<http://www.w3.org/2001/XMLSchema#integer>', '"1."^^<http://www.w3.org/2001/XMLSchema#decimal>',
        '".5"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"1e3"^^<http://www.w3.org/2001/XMLSchema#double>',
        '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>', '"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>',
        '"x"^^<https://example.org/dt#odd>', "<https://w3id.org/changemap#Evidence>", "_:b2"]
    rng = random.Random(5)
    return [(rng.choice([g1, g2, ""]), rng.choice(s), rng.choice(p), o) for o in objects for _ in range(3)]


def test_trig_and_turtle_read_back_as_the_same_graphs_in_oxigraph_and_rdflib():
    quads = Quads.of(_rows())
    trig, turtle = serialise(quads)
    assert set(rows_of(ox.parse(trig, format=ox.RdfFormat.TRIG))) == set(quads.rows())
    merged = {("", s, p, o) for s, pairs in quads.merged().items() for p, o in pairs}
    assert set(rows_of(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) == merged
    expected = rdflib.Graph().parse(data="".join(f"{s} {p} {o} .\n" for _, s, p, o in merged), format="nt")
    assert isomorphic(rdflib.Graph().parse(data=turtle.decode(), format="turtle"), expected)
    dataset = rdflib.Dataset()
    dataset.parse(data=trig.decode(), format="trig")
    for g, subjects in quads.graphs.items():
        graph = dataset.graph(rdflib.URIRef(g[1:-1])) if g else dataset.default_graph
        text = "".join(f"{s} {p} {o} .\n" for s, pairs in subjects.items() for p, o in pairs)
        assert isomorphic(graph, rdflib.Graph().parse(data=text, format="nt")), g


def test_output_does_not_depend_on_input_order_or_repeats():
    rows = _rows()
    shuffled = rows[::-1] + rows[:10]
    assert serialise(Quads.of(rows)) == serialise(Quads.of(shuffled))


def test_prefixed_names_are_used_where_turtle_allows():
    quads = Quads.of([("<https://w3id.org/changemap/id/doc/a>", "<https://w3id.org/changemap/id/evidence/d/1-5#quote>",
                       "<http://www.w3.org/ns/oa#exact>", '"x"'),
                      ("", "<https://w3id.org/changemap/id/stakeholder/port-police>",
                       "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/changemap#Stakeholder>")])
    trig, turtle = serialise(quads)
    assert b"cmid:evidence\\/d\\/1-5\\#quote oa:exact \"x\" ." in trig
    assert b"cmid:stakeholder\\/port-police a cm:Stakeholder ." in turtle


def test_blank_node_labels_do_not_depend_on_the_parser():
    """The vocabulary's blank nodes get labels from where they occur, so output is the same in every process."""
    rows = rows_of(ox.parse(b"<http://ex.org/a> <http://ex.org/p> [ <http://ex.org/q> ( 1 2 ) ] .",
                            format=ox.RdfFormat.TURTLE))
    again = rows_of(ox.parse(b"<http://ex.org/a> <http://ex.org/p> [ <http://ex.org/q> ( 1 2 ) ] .",
                             format=ox.RdfFormat.TURTLE))
    assert set(rows) != set(again)  # the parser picked new labels
    assert set(stable_blank_nodes(rows)) == set(stable_blank_nodes(again))
    assert all(t.startswith("_:v") for row in stable_blank_nodes(rows) for t in row if t.startswith("_:"))


def test_quads_iterate_as_oxigraph_quads_and_add_up():
    a = Quads.of([("<http://ex.org/g>", "<http://ex.org/s>", "<http://ex.org/p>", '"1"')])
    b = Quads.of([ox.Quad(ox.NamedNode("http://ex.org/s"), ox.NamedNode("http://ex.org/p"), ox.Literal("2"),
                          ox.NamedNode("http://ex.org/g")),
                  ox.Quad(ox.NamedNode("http://ex.org/s"), ox.NamedNode("http://ex.org/p"), ox.Literal("1"),
                          ox.NamedNode("http://ex.org/h"))])
    both = a + b
    assert len(both) == 3
    assert [q.object.value for q in both] == ["1", "2", "1"]
    assert both.merged() == {"<http://ex.org/s>": [("<http://ex.org/p>", '"1"'), ("<http://ex.org/p>", '"2"')]}
    assert both[-1].graph_name == ox.NamedNode("http://ex.org/h")


def test_store_loads_nothing_until_queried_and_named_graphs_when_asked(tmp_path):
    quads = Quads.of([("<http://ex.org/g1>", "<http://ex.org/s>", "<http://ex.org/p>", '"a"'),
                      ("<http://ex.org/g2>", "<http://ex.org/s>", "<http://ex.org/p>", '"a"')]) + vocabulary_graph()
    trig, turtle = serialise(quads)
    store = GraphStore.from_text(turtle, trig, lazy=True)
    assert not store.loaded
    rows = store.query("SELECT ?o WHERE { <http://ex.org/s> <http://ex.org/p> ?o }")
    assert store.loaded and rows == [{"o": "a"}]  # once, though two graphs state it
    graphs = store.query("SELECT ?g WHERE { GRAPH ?g { <http://ex.org/s> ?p ?o } } ORDER BY ?g")
    assert [r["g"] for r in graphs] == ["http://ex.org/g1", "http://ex.org/g2"]
    (tmp_path / "graph.trig").write_bytes(trig)
    (tmp_path / "graph.ttl").write_bytes(turtle)
    opened = GraphStore.open(tmp_path)
    assert not opened.loaded
    assert len(opened) == sum(len(pairs) for pairs in read_quads(tmp_path).merged().values())
    assert set(opened.store.named_graphs()) == {ox.NamedNode("http://ex.org/g1"), ox.NamedNode("http://ex.org/g2"),
                                                ox.NamedNode("https://w3id.org/changemap/id/graph/vocabulary")}


def test_build_lists_every_subject_sorted_and_distinct(example_build):
    """write_evidence writes its pairs in order instead of sorting them: check it got the order right."""
    from changemap.graph.build import build

    quads = build(example_build.extraction)
    assert len(quads) > 1000
    for subjects in quads.graphs.values():
        for s, pairs in subjects.items():
            assert pairs == sorted(set(pairs)), s
