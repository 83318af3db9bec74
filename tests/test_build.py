"""End to end: `changemap build` on the bundled examples, and its guarantees."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic, to_isomorphic

from changemap.errors import BuildError, ValidationFailed
from changemap.pipeline import build_corpus

from .conftest import EXAMPLES

CM = rdflib.Namespace("https://w3id.org/changemap#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")


def test_example_build_writes_every_output(example_build):
    out = example_build.out_dir
    for name in ("graph.ttl", "graph.trig", "map.html", "report.md", "build.json"):
        assert (out / name).stat().st_size > 0, name
    counts = example_build.counts()
    assert counts["documents"] == len([p for p in EXAMPLES.rglob("*") if p.suffix in {".md", ".csv", ".txt"}
                                       and p.name != "README.md"])
    assert counts["stakeholders"] >= 16
    assert counts["engagements"] >= 25
    assert counts["pivotal_moments"] >= 8
    assert counts["findings"] >= 40
    assert counts["interviewees"] >= 4


def test_example_graph_conforms_to_shapes(example_build):
    assert example_build.validation is not None
    assert example_build.validation.conforms, example_build.validation.violations[:3]
    manifest = json.loads((example_build.out_dir / "build.json").read_text())
    assert manifest["validation"]["conforms"] is True
    assert manifest["problems"] == []


def test_every_quote_is_the_exact_text_of_its_span(example_build):
    """Traceability: each Evidence's quote is the document's text at its offsets."""
    g = rdflib.Graph().parse(example_build.out_dir / "graph.ttl")
    texts = {d.key: d.text for d in example_build.documents}
    checked = 0
    for ev in g.subjects(rdflib.RDF.type, CM.Evidence):
        doc = g.value(ev, PROV.wasQuotedFrom)
        key = str(g.value(doc, DCT.identifier))
        pos = next(s for s in g.objects(ev, OA.hasSelector) if (s, rdflib.RDF.type, OA.TextPositionSelector) in g)
        start, end = int(g.value(pos, OA.start)), int(g.value(pos, OA.end))
        raw = texts[key][start:end]
        if key.endswith(".csv"):  # a quoted CSV cell: the quote is its unescaped value
            raw = raw.replace('""', '"')
        assert raw == str(g.value(ev, CM.quote))
        checked += 1
    assert checked > 100


@pytest.mark.parametrize("cls", ["Stakeholder", "Engagement", "PivotalMoment", "Finding", "Interviewee"])
def test_every_extracted_node_is_derived_from_evidence(example_build, cls):
    g = rdflib.Graph().parse(example_build.out_dir / "graph.ttl")
    nodes = set(g.subjects(rdflib.RDF.type, CM[cls]))
    assert nodes
    for node in nodes:
        sources = list(g.objects(node, PROV.wasDerivedFrom))
        assert sources and all((s, rdflib.RDF.type, CM.Evidence) in g for s in sources), node


def test_named_graph_per_source_document(example_build):
    ds = rdflib.Dataset()
    ds.parse(example_build.out_dir / "graph.trig", format="trig")
    names = {str(c.identifier) for c in ds.graphs() if len(c)}
    docs = {str(d) for d in rdflib.Graph().parse(example_build.out_dir / "graph.ttl")
            .subjects(rdflib.RDF.type, CM.SourceDocument)}
    assert len(docs) == example_build.counts()["documents"]
    assert docs <= names
    # Each document's graph describes that document and cites only its own text.
    for doc in docs:
        graph = ds.graph(rdflib.URIRef(doc))
        assert (rdflib.URIRef(doc), rdflib.RDF.type, CM.SourceDocument) in graph
        for _, _, source in graph.triples((None, PROV.wasQuotedFrom, None)):
            assert str(source) == doc


def test_ttl_is_the_union_of_the_named_graphs(example_build):
    ds = rdflib.Dataset()
    ds.parse(example_build.out_dir / "graph.trig", format="trig")
    union = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    ttl = rdflib.Graph().parse(example_build.out_dir / "graph.ttl")
    assert isomorphic(union, ttl)


def test_two_builds_are_isomorphic_with_identical_iris(tmp_path, example_build):
    again = build_corpus([EXAMPLES], tmp_path / "again", outputs=False)
    first = rdflib.Graph().parse(example_build.out_dir / "graph.ttl")
    second = rdflib.Graph().parse(again.out_dir / "graph.ttl")
    assert isomorphic(first, second)
    assert to_isomorphic(first) == to_isomorphic(second)
    def iris(g):
        return {n for n in g.all_nodes() if isinstance(n, rdflib.URIRef)}

    assert iris(first) == iris(second)  # same IRIs, not just the same shape
    assert (example_build.out_dir / "graph.trig").read_bytes() == (again.out_dir / "graph.trig").read_bytes()


def test_build_from_a_copy_elsewhere_gives_the_same_iris(tmp_path, example_build):
    """IRIs depend on relative paths and content, not on where the corpus lives."""
    copy = tmp_path / "somewhere" / "examples"
    shutil.copytree(EXAMPLES, copy)
    again = build_corpus([copy], tmp_path / "out", outputs=False, shacl=False)
    assert (example_build.out_dir / "graph.ttl").read_bytes() == (again.out_dir / "graph.ttl").read_bytes()


def test_bad_file_is_reported_and_the_rest_is_built(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    (corpus / "broken.csv").write_text("who,what\nx,y\n")
    (corpus / "bad-front-matter.md").write_text("---\ntitle: [unclosed\n---\nText.\n")
    result = build_corpus([corpus], tmp_path / "out", outputs=False)
    messages = [p.message for p in result.problems]
    assert any("broken.csv" in m and "match no known table" in m for m in messages)
    assert any("bad-front-matter.md" in m and "YAML" in m for m in messages)
    assert result.counts()["stakeholders"] >= 16
    with pytest.raises(BuildError, match="broken.csv|bad-front-matter.md"):
        build_corpus([corpus], tmp_path / "strict", strict=True)
    assert not (tmp_path / "strict").exists()


def test_failed_build_leaves_previous_output_untouched(tmp_path):
    out = tmp_path / "out"
    build_corpus([EXAMPLES / "stakeholders.csv"], out, outputs=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(BuildError):
        build_corpus([tmp_path / "does-not-exist"], out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left behind


def test_strict_build_fails_on_shacl_violation_and_keeps_old_output(tmp_path):
    out = tmp_path / "out"
    build_corpus([EXAMPLES / "stakeholders.csv"], out, outputs=False)
    before = (out / "graph.ttl").read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    # A register row with an empty quote cannot happen; an engagement with a
    # missing evidence cell still cites its row, so make the shape fail directly:
    (bad / "register.csv").write_text("name,kind\nAlpha Trust,cso\n")
    import changemap.pipeline as pipeline

    real = pipeline.build

    def drop_kind(ex):
        return [q for q in real(ex) if not q.predicate.value.endswith("#kind")]

    pipeline.build = drop_kind
    try:
        with pytest.raises(ValidationFailed, match="kind"):
            build_corpus([bad], out, strict=True)
    finally:
        pipeline.build = real
    assert (out / "graph.ttl").read_bytes() == before


def test_refuses_to_overwrite_a_folder_that_is_not_a_build(tmp_path):
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thesis.docx").write_bytes(b"not ours")
    with pytest.raises(BuildError, match="not a changemap output folder"):
        build_corpus([EXAMPLES / "stakeholders.csv"], precious)
    assert (precious / "thesis.docx").read_bytes() == b"not ours"
    with pytest.raises(BuildError, match="would replace the input"):
        build_corpus([tmp_path], tmp_path)


def test_report_names_what_was_built(example_build):
    text = (example_build.out_dir / "report.md").read_text()
    assert "# changemap build report" in text
    assert "conforms to the SHACL shapes" in text
    top = example_build.store.query(
        "SELECT ?n (COUNT(DISTINCT ?o) AS ?d) WHERE { ?e a cm:Engagement ; cm:party ?s, ?o . "
        "FILTER(?s != ?o) ?s rdfs:label ?n } GROUP BY ?n ORDER BY DESC(?d) ?n LIMIT 1")[0]["n"]
    assert top in text.split("## Most connected stakeholders", 1)[1]


def test_directory_keys_are_relative(example_build):
    keys = [d.key for d in example_build.documents]
    assert all(not Path(k).is_absolute() and k.startswith("examples/") for k in keys)
