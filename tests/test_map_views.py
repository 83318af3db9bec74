"""The map's views, privacy and story files, checked in Python against the named queries."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from changemap.cli import cli
from changemap.errors import InputError, StoryError
from changemap.graph.store import GraphStore, read_quads
from changemap.queries import run
from changemap.viz.charts import moment_when
from changemap.viz.frames import Tables
from changemap.viz.map import map_from_graph, write_map
from changemap.viz.story import load_story, parse_story, resolve
from changemap.viz.views import PHYSICS_LIMIT, MapData, make_view


@pytest.fixture(scope="module")
def store(example_build):
    return GraphStore.open(example_build.out_dir)


@pytest.fixture(scope="module")
def data(example_build, store):
    quads = read_quads(example_build.out_dir)
    return MapData.from_tables(Tables(quads.merged(), quads.by_predicate()),
                               gaps=run("gaps", store, keep_iris=True))


def page_data(path) -> dict:
    html = path.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def by_layer(view: dict, layer: str, what: str = "nodes") -> list[dict]:
    return [x for x in view[what] if x["layer"] == layer]


def test_engagement_view_has_every_stakeholder_and_engagement(data, store):
    view = make_view("engagement", data)
    people = run("stakeholders", store, keep_iris=True)
    links = run("engagements", store, keep_iris=True)
    assert sorted(n["id"] for n in by_layer(view, "stakeholder")) == sorted(people["iri"])
    edges = by_layer(view, "engagement", "edges")
    assert sorted(e["id"] for e in edges) == sorted(links["iri"])
    assert all(e["evidence"] for e in edges), "every engagement is traceable to a quote"
    assert {e["f"]["mode"][0] for e in edges} == set(links["mode"])
    # Layers are there but off until switched on.
    groups = by_layer(view, "target-group")
    assert {g["label"] for g in groups} == {t for v in people["target_groups"] for t in v.split("; ") if t}
    assert groups and all(g["hidden"] for g in groups + by_layer(view, "initiative"))
    assert {entry["key"] for entry in view["layers"]} == {"target-group", "initiative"}
    # Bigger for more partners.
    size = {n["id"]: n["size"] for n in by_layer(view, "stakeholder")}
    degree = dict(zip(people["iri"], people["degree"], strict=True))
    hub, loner = max(degree, key=degree.get), min(degree, key=degree.get)
    assert size[hub] > size[loner]
    assert view["physics"] == (len(view["nodes"]) <= PHYSICS_LIMIT)


def test_change_view_puts_moments_on_a_time_axis(data, store):
    view = make_view("change", data)
    timeline = run("timeline", store, keep_iris=True)
    moments = by_layer(view, "moment")
    assert sorted(m["id"] for m in moments) == sorted(timeline["iri"])
    when = {r.iri: moment_when(r.date) for r in timeline.itertuples()}
    dated = sorted((when[m["id"]], m["x"]) for m in moments if when[m["id"]] is not None)
    assert [x for _, x in dated] == sorted(x for _, x in dated), "x follows the date"
    direction = dict(zip(timeline["iri"], timeline["direction"], strict=True))
    assert all((m["y"] < 0) == (direction[m["id"]] == "forward") for m in moments)
    assert {m["color"] for m in moments if direction[m["id"]] == "forward"}.isdisjoint(
        {m["color"] for m in moments if direction[m["id"]] == "backward"})
    drivers = by_layer(view, "driver", "edges")
    assert drivers and all(e["arrows"] == "to" and e["from"].startswith("driver:") for e in drivers)
    driven = sum(len(v.split("; ")) for v in timeline["drivers"] if v)
    assert len(drivers) == driven
    actors = {a for v in timeline["actors"] if v for a in v.split("; ")}
    assert {n["label"] for n in by_layer(view, "stakeholder")} == actors
    assert [t["label"] for t in view["axis"]["ticks"]][:2] == [str(int(min(w for w, _ in dated))),
                                                               str(int(min(w for w, _ in dated)) + 1)]


def test_gaps_view_draws_the_gaps_query(data, store):
    view = make_view("gaps", data)
    gaps = data.gaps
    suggested = gaps[(gaps["source_iri"] != "") & (gaps["target_iri"] != "")]
    dashed = by_layer(view, "gap", "edges")
    assert len(dashed) == len(suggested) > 0
    assert all(e["dashes"] and any(row[0] == "Why" and row[1] for row in e["info"]) for e in dashed)
    ringed = {n["id"] for n in view["nodes"] if n.get("highlight")}
    on_nodes = gaps[(gaps["source_iri"] != "") & (gaps["target_iri"] == "")]
    assert set(on_nodes["source_iri"]) <= ringed
    groups = gaps[gaps["kind"] == "target-group-without-cso-authority-link"]["subject"]
    assert {n["label"] for n in by_layer(view, "target-group") if n.get("highlight")} == set(groups)
    assert len(view["gaps"]) == len(gaps)


def test_ego_view_is_one_stakeholder_and_its_partners(data, store, example_build):
    from changemap.viz.map import find_stakeholder

    name = max(example_build.extraction.stakeholders, key=lambda s: len(s.evidence)).name
    focus = find_stakeholder(data, name.upper())
    view = make_view("ego", data, focus)
    links = run("engagements", store, keep_iris=True)
    mine = links[(links["source_iri"] == focus) | (links["target_iri"] == focus)]
    partners = (set(mine["source_iri"]) | set(mine["target_iri"]))
    assert {n["id"] for n in by_layer(view, "stakeholder")} == partners
    focus_node = next(n for n in view["nodes"] if n["id"] == focus)
    assert (focus_node["x"], focus_node["y"]) == (0.0, 0.0)
    with pytest.raises(StoryError, match="did you mean"):
        find_stakeholder(data, name[:-2] + "xx")
    with pytest.raises(InputError, match="--focus"):
        make_view("ego", data, None)


def test_publish_keeps_only_approved_quotes_and_pseudonyms(data, example_build, tmp_path):
    pending = {q["quote"] for qs in data.evidence.values() for q in qs if not q["approved"]}
    approved = {q["quote"] for qs in data.evidence.values() for q in qs if q["approved"]}
    assert pending and approved, "the examples hold both kinds"
    # Sentences only: a pending quote may also be a bare name, which the map shows as a label.
    only_pending = {q for q in pending - approved if len(q) > 60}
    assert only_pending
    path = map_from_graph(example_build.out_dir, tmp_path / "published.html", publish=True)
    html = path.read_text(encoding="utf-8")
    page = page_data(path)
    shown = [q for n in page["views"]["engagement"]["nodes"] + page["views"]["engagement"]["edges"]
             for q in n["evidence"]]
    assert shown and {q["quote"] for q in shown} <= approved
    assert not any(json.dumps(q, ensure_ascii=False)[1:-1] in html for q in only_pending)
    assert 'id="draft-badge"' not in html and page["publish"] is True
    interviews = {k for k, d in data.documents.items() if d["interviewee"]}
    assert interviews
    assert not any(k in json.dumps(page) for k in interviews), "no interview file names"
    assert any(q["source"].startswith("Interview with ") for q in shown)
    withheld = sum(n["withheld"] for n in page["views"]["engagement"]["nodes"])
    assert withheld > 0
    # The draft shows everything, says so, and names the files.
    draft = map_from_graph(example_build.out_dir, tmp_path / "draft.html")
    draft_quotes = {q["quote"] for n in page_data(draft)["views"]["engagement"]["nodes"] for q in n["evidence"]}
    assert draft_quotes & only_pending
    assert 'id="draft-badge"' in draft.read_text(encoding="utf-8")


def test_publish_strips_unapproved_quotes_from_gap_reasons(data):
    quoted = data.gaps[data.gaps["quote"] != ""]
    assert len(quoted)
    published = MapData(**{**data.__dict__, "publish": True})
    approved = data.approved_text()
    stripped = 0
    for gap, r in zip(make_view("gaps", published)["gaps"], data.gaps.itertuples(), strict=True):
        if r.quote and (r.document, r.quote) not in approved:
            assert r.quote not in gap["reason"] + gap["subject"]
            assert "not approved for publication" in gap["reason"] + gap["subject"]
            stripped += 1
        else:
            assert (gap["reason"], gap["subject"]) == (r.reason, r.subject)
    assert stripped


STORY_ERRORS = [
    ("steps: []\n", "non-empty 'steps' list"),
    ("steps:\n  - caption: no title\n", "step 1 has no title"),
    ("steps:\n  - title: A\n    zoom: 2\n", "step 1: unknown key(s) zoom"),
    ("steps:\n  - title: A\n  - title: B\n    view: sideways\n", "step 2: unknown view 'sideways'"),
    ("steps:\n  - title: A\n    filter: {colour: [red]}\n", "step 1: unknown filter(s) colour"),
    ("steps:\n  - title: A\n    filter: {years: 2020-2010}\n", "run backwards"),
    ("steps:\n  - title: A\n    filter: {years: soon}\n", "2015-2019"),
    ("steps: [\n", "not valid YAML"),
    ("theme: neon\nsteps:\n  - title: A\n", "theme 'neon'"),
]


@pytest.mark.parametrize(("text", "message"), STORY_ERRORS)
def test_bad_story_files_say_what_to_fix(tmp_path, text, message):
    path = tmp_path / "story.yaml"
    path.write_text(text)
    with pytest.raises(StoryError, match=re.escape(message)) as err:
        load_story(path)
    assert str(path) in str(err.value)


def test_story_names_are_checked_against_the_graph(data):
    views = {"engagement": make_view("engagement", data)}
    first = by_layer(views["engagement"], "stakeholder")[0]["label"]
    ok = resolve(parse_story({"steps": [{"title": "T", "focus": first.lower(),
                                         "filter": {"mode": ["Training"], "kind": "cso", "years": "2015-2019",
                                                    "layers": ["target groups"]}}]}, "s.yaml"), views)
    step = ok["steps"][0]
    assert step["focus"] == by_layer(views["engagement"], "stakeholder")[0]["id"]
    assert step["filter"] == {"mode": ["training"], "kind": ["cso"]}
    assert step["years"] == [2015, 2019] and step["layers"] == ["target-group"]
    for bad, message in [({"focus": first[:-3] + "zzz"}, "did you mean"),
                         ({"filter": {"mode": ["telepathy"]}}, "step 1: "),
                         ({"filter": {"target_group": ["Nobody"]}}, "does not occur"),
                         ({"filter": {"direction": ["forward"]}}, "has no 'direction' filter"),
                         ({"filter": {"layers": ["moments"]}}, "layer 'moments' is not in")]:
        with pytest.raises(StoryError, match=re.escape(message)):
            resolve(parse_story({"steps": [{"title": "T", **bad}]}, "s.yaml"), views)


def test_cli_map_views_formats_and_errors(example_build, tmp_path):
    runner = CliRunner()
    graph = str(example_build.out_dir)
    result = runner.invoke(cli, ["map", "-g", graph, "--view", "change", "-o", str(tmp_path / "change.svg")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "change.svg").read_bytes().startswith(b"<?xml")
    result = runner.invoke(cli, ["map", "-g", graph, "-o", str(tmp_path / "map.png")])
    assert result.exit_code == 0 and (tmp_path / "map.png").read_bytes()[:4] == b"\x89PNG"
    keep = tmp_path / "keep.html"
    keep.write_text("an earlier map")
    for args, message in [(["--view", "ego"], "needs a stakeholder"),
                          (["--view", "ego", "--focus", "Nobody At All"], "no node called 'Nobody At All'"),
                          (["--story", str(tmp_path / "missing.yaml")], "no such story file")]:
        result = runner.invoke(cli, ["map", "-g", graph, "-o", str(keep), *args])
        assert result.exit_code == 1 and message in result.output, result.output
        assert keep.read_text() == "an earlier map", "nothing already built is lost"
    result = runner.invoke(cli, ["map", "-g", graph, "-o", str(tmp_path / "map.pdf")])
    assert result.exit_code == 1 and "name the file .html" in result.output
    assert not (tmp_path / "map.pdf").exists()
    result = runner.invoke(cli, ["map", "-g", graph, "--view", "gaps"])
    assert result.exit_code == 0 and (example_build.out_dir / "map-gaps.html").is_file()


def test_empty_graph_draws_an_empty_map(tmp_path):
    path = write_map(tmp_path / "empty.html", MapData.empty())
    assert page_data(path)["views"]["engagement"]["nodes"] == []
