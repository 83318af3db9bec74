"""Static PNG and SVG exports of a map view (changemap.viz.static)."""

from __future__ import annotations

import io
import random
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from changemap.errors import ChangemapError, InputError
from changemap.viz.static import DPI, draw_view, write_view

HOSTILE = "Fund $x$ <script>alert(1)</script> & $\\frac{$"


def node(nid, label, x, y, **extra):
    return {"id": nid, "label": label, "layer": "stakeholder", "color": "#1b9e77", "shape": "dot",
            "size": 20, "x": x, "y": y, **extra}


def edge(eid, a, b, **extra):
    return {"id": eid, "from": a, "to": b, "layer": "engagement", "color": "#7f8c8d", "dashes": False,
            "width": 2, "arrows": "", **extra}


@pytest.fixture
def view():
    return {
        "name": "engagement",
        "title": "Engagement map",
        "nodes": [
            node("a", "Alpha Trust", 0, 0),
            node("b", "Beta Council", 300, 120, shape="square", color="#d95f02"),
            node("c", "Gamma Forum", -200, 250, shape="triangle", highlight="isolated"),
            node("d", "Delta Hidden", 100, -200, shape="star", hidden=True),
            node("e", HOSTILE, 150, 300, shape="hexagon", size=35),
        ],
        "edges": [
            edge("ab", "a", "b", arrows="to", dashes=[12, 6], width=4),
            edge("bc", "b", "c", color="#d73027", dashes=[8, 4, 2, 4]),
            edge("ad", "a", "d"),  # to a hidden node: not drawn
            edge("ae", "a", "e", hidden=True),
            edge("ce", "c", "e", dashes=True),
        ],
        "legend": {
            "kinds": [{"key": "cso", "label": "Civil society", "colour": "#1b9e77", "shape": "dot"},
                      {"key": "public-authority", "label": "Public authority", "colour": "#d95f02",
                       "shape": "square"}],
            "sentiments": [{"key": "positive", "colour": "#1a9850"}, {"key": "negative", "colour": "#d73027"}],
            "modes": [{"key": "funding", "label": "Funding", "dashes": [4, 4]},
                      {"key": "data-sharing", "label": "Data sharing", "dashes": False}],
            "layers": [{"label": "Initiatives", "colour": "#7570b3", "shape": "diamond"}],
        },
    }


def svg_text(data: bytes) -> str:
    """All the character data of an SVG, parsed as XML (raises if it is not well-formed)."""
    return " ".join(ET.fromstring(data).itertext())


def test_png_is_a_png_of_the_figure_size(view):
    data = draw_view(view, "png", width=6, height=4)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (6 * DPI, 4 * DPI)


def test_svg_parses_and_carries_the_drawn_labels_but_not_hidden_ones(view):
    data = draw_view(view, "svg", width=6, height=4)
    assert data.startswith(b"<?xml")
    root = ET.fromstring(data)
    assert root.tag.endswith("svg") and root.get("width") == "432pt" and root.get("height") == "288pt"
    text = svg_text(data)
    for label in ("Alpha Trust", "Beta Council", "Gamma Forum", "Engagement map",
                  "Civil society", "positive", "Funding", "Initiatives"):
        assert label in text
    assert "Delta Hidden" not in data.decode()


def test_long_label_is_cut_in_the_picture_but_whole_in_the_svg(view):
    long = "The Kelvary Interfaith Forum for Community Safety and Cohesion"
    view["nodes"][0]["label"] = long
    data = draw_view(view, "svg", width=6, height=4)
    assert long in svg_text(data)
    with_short = draw_view(dict(view, nodes=[dict(view["nodes"][0], label=long[:31] + "…"), *view["nodes"][1:]]),
                           "svg", width=6, height=4)
    strip = re.compile(r"<title>.*?</title>")
    assert strip.sub("", data.decode()) == strip.sub("", with_short.decode())  # the same glyphs drawn


def test_include_hidden_draws_hidden_nodes(view):
    assert "Delta Hidden" in svg_text(draw_view(view, "svg", include_hidden=True, width=6, height=4))


def test_hostile_label_is_plain_escaped_text(view):
    """'$…$' is not mathtext (a broken '\\frac{' would raise if it were) and '<script>' is escaped."""
    view["title"] = HOSTILE
    data = draw_view(view, "svg", width=6, height=4)
    assert svg_text(data).count(HOSTILE) == 2  # the title and the node's label
    raw = data.decode()
    assert "<script" not in raw
    assert "Fund $x$ &lt;script&gt;alert(1)&lt;/script&gt; &amp; $\\frac{$" in raw
    assert draw_view(view, "png", width=6, height=4).startswith(b"\x89PNG")


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_same_view_same_bytes(view, fmt):
    first = draw_view(view, fmt, width=6, height=4)
    assert draw_view(view, fmt, width=6, height=4) == first
    assert draw_view(dict(view, title="Another title"), fmt, width=6, height=4) != first


def test_png_has_no_software_or_date_metadata(view):
    with Image.open(io.BytesIO(draw_view(view, "png", width=4, height=3))) as image:
        keys = {k.lower() for k in image.info}
    assert not keys & {"software", "creation time", "date"}


def test_change_view_draws_its_time_axis(view):
    view["name"] = "change"
    view["axis"] = {"ticks": [{"label": "2015", "x": -200}, {"label": "2019", "x": 0},
                              {"label": "2023", "x": 300}]}
    text = svg_text(draw_view(view, "svg", width=6, height=4))
    assert all(year in text for year in ("2015", "2019", "2023"))
    without = dict(view)
    del without["axis"]
    assert "2019" not in svg_text(draw_view(without, "svg", width=6, height=4))


def test_many_nodes_label_only_the_largest():
    rng = random.Random(3)
    nodes = [node(f"n{i}", f"Node {i:03d}", rng.uniform(-900, 900), rng.uniform(-600, 600),
                  size=60 if i < 5 else 10) for i in range(100)]
    text = svg_text(draw_view({"title": "", "nodes": nodes, "edges": []}, "svg", width=6, height=4))
    drawn = {word for word in text.split() if word.isdigit()}
    assert {f"{i:03d}" for i in range(5)} <= drawn  # the five largest first …
    assert len(drawn) == 40  # … then by label among equal sizes, 40 in all
    assert {f"{i:03d}" for i in range(5, 40)} <= drawn


def test_bad_format_and_suffix(view, tmp_path):
    with pytest.raises(ValueError, match="png, svg"):
        draw_view(view, "pdf")
    target = tmp_path / "map.pdf"
    with pytest.raises(InputError, match="map.pdf") as err:
        write_view(view, target)
    assert isinstance(err.value, ChangemapError) and ".png or .svg" in str(err.value)
    assert not target.exists()


def test_write_view_by_suffix(view, tmp_path):
    svg = write_view(view, tmp_path / "out" / "map.SVG")
    assert svg.read_bytes().startswith(b"<?xml")
    png = write_view(view, tmp_path / "map.png", include_hidden=True)
    assert png.read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["map.SVG", "map.png"]


def test_a_view_with_nothing_to_draw():
    data = draw_view({"title": "Empty", "nodes": [node("a", "A", 0, 0, hidden=True)], "edges": []}, "svg")
    assert "Empty" in svg_text(data)


def test_node_without_position_is_named():
    with pytest.raises(ValueError, match="'a'"):
        draw_view({"nodes": [{"id": "a", "label": "A"}], "edges": []})


def test_two_thousand_random_nodes_render():
    rng = random.Random(11)
    shapes = ["dot", "square", "triangle", "triangleDown", "diamond", "star", "box", "ellipse", "hexagon"]
    nodes = [node(f"n{i}", f"N{i}", rng.uniform(-4000, 4000), rng.uniform(-2500, 2500),
                  shape=shapes[i % len(shapes)], size=rng.uniform(10, 60),
                  highlight="broker" if i % 50 == 0 else None) for i in range(2000)]
    edges = [edge(f"e{j}", f"n{rng.randrange(2000)}", f"n{rng.randrange(2000)}", arrows="to",
                  dashes=[False, [12, 6], [2, 6]][j % 3], width=1 + j % 5) for j in range(4000)]
    data = draw_view({"name": "engagement", "title": "Big", "nodes": nodes, "edges": edges}, "png",
                     width=8, height=5)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (8 * DPI, 5 * DPI)
