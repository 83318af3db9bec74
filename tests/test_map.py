"""The maps in real headless Chromium: offline, complete, filterable, a story that
steps, a PNG download, inert text."""

from __future__ import annotations

import pytest

from changemap.pipeline import build_corpus
from changemap.viz.map import map_from_graph

HOSTILE_NAME = 'Evil <img src=x onerror="window.__pwned=1"> Trust'
HOSTILE_QUOTE = ('They said <script>window.__pwned=2</script> and <a href="javascript:window.__pwned=3">'
                 'click</a> then <img src=x onerror=window.__pwned=4>')

pytestmark = pytest.mark.browser


def open_map(browser, path):
    """Open ``path`` from file:// and record requests, console errors and page errors."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    seen = {"requests": [], "errors": []}

    def on_request(request):
        seen["requests"].append(request.url)

    page.on("request", on_request)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
               else route.abort())
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(path.resolve().as_uri())
    page.wait_for_function("() => window.changemap && window.changemap.ready === true", timeout=15000)
    return page, seen


def click_node(page, node_id):
    box = page.locator("#network canvas").bounding_box()
    x, y = page.evaluate(
        """id => { const n = window.changemap.network; const p = n.getPositions([id])[id];
                   const d = n.canvasToDOM(p); return [d.x, d.y]; }""", node_id)
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_map_is_offline_complete_and_clean(browser, example_build, artifacts):
    page, seen = open_map(browser, example_build.out_dir / "map.html")
    external = [u for u in seen["requests"] if not u.startswith(("file://", "data:", "blob:"))]
    assert external == []
    assert seen["errors"] == []
    drawn = page.evaluate("Object.keys(window.changemap.network.getPositions()).length")
    assert drawn == example_build.counts()["stakeholders"]
    edges = page.evaluate("window.changemap.visibleEdgeIds().length")
    assert edges == example_build.counts()["engagements"]
    assert page.evaluate("window.changemap.visibleNodeIds().length") == example_build.counts()["stakeholders"]
    assert page.locator("#draft-badge").is_visible()
    assert page.locator("#legend").is_visible()
    canvas = page.locator("#network canvas").bounding_box()
    assert canvas["height"] > 400 and canvas["width"] > 700, "the map fills its area"
    kinds = {s.kind for s in example_build.extraction.stakeholders}
    assert page.locator("#legend .legend-group").first.locator(".legend-row").count() == len(kinds)
    page.screenshot(path=str(artifacts / "map-engagement.png"))
    page.close()


def test_search_and_click_show_evidence(browser, example_build):
    page, seen = open_map(browser, example_build.out_dir / "map.html")
    name = example_build.extraction.stakeholders[0].name
    page.fill("#search", name.lower())
    page.dispatch_event("#search", "change")
    assert page.locator("#details h2").first.text_content() == name
    assert page.evaluate("window.changemap.network.getSelectedNodes().length") == 1
    assert page.locator("#details blockquote").count() >= 1
    assert seen["errors"] == []
    page.close()


def test_hostile_text_is_shown_as_text_and_runs_nothing(browser, tmp_path, artifacts):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "register.csv").write_text(
        f'name,kind\n"{HOSTILE_NAME.replace(chr(34), chr(34) * 2)}",cso\nCity Police,public-authority\n')
    (corpus / "engagements.csv").write_text(
        "source,target,mode,year,evidence\n"
        f'"{HOSTILE_NAME.replace(chr(34), chr(34) * 2)}",City Police,training,2020,'
        f'"{HOSTILE_QUOTE.replace(chr(34), chr(34) * 2)}"\n')
    result = build_corpus([corpus], tmp_path / "out")
    html = (tmp_path / "out" / "map.html").read_text()
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    page, seen = open_map(browser, tmp_path / "out" / "map.html")
    evil = next(s for s in result.extraction.stakeholders if s.name.startswith("Evil"))
    from changemap.graph import iri

    click_node(page, iri.stakeholder(evil.name))
    page.wait_for_selector("#details h2")
    assert page.locator("#details h2").first.text_content() == HOSTILE_NAME
    # Hover shows the tooltip: it must hold the literal text, not an element.
    box = page.locator("#network canvas").bounding_box()
    x, y = page.evaluate("""id => { const n = window.changemap.network;
        const d = n.canvasToDOM(n.getPositions([id])[id]); return [d.x, d.y]; }""", iri.stakeholder(evil.name))
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    assert "<img" in page.locator("div.vis-tooltip").text_content()
    assert page.locator("div.vis-tooltip img").count() == 0
    # The engagement's hostile quote, shown in the details panel as text.
    page.evaluate("() => window.changemap.selectEdge(window.changemap.visibleEdgeIds()[0])")
    quotes = page.locator("#details blockquote .quote").all_text_contents()
    assert HOSTILE_QUOTE in quotes
    page.screenshot(path=str(artifacts / "map-hostile.png"))
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#details img, #details script, #details a").count() == 0
    assert seen["errors"] == []
    page.close()


@pytest.fixture(scope="module")
def views(example_build, tmp_path_factory):
    """Every view of the example build, and a story through three of them, as HTML files."""
    out = tmp_path_factory.mktemp("views")
    people = sorted(example_build.extraction.stakeholders, key=lambda s: -len(s.evidence))
    story = out / "story.yaml"
    story.write_text(f"""title: A walk through the examples
steps:
  - title: Everyone
    caption: All the organisations and how they work together.
  - title: Training only
    filter:
      mode: [training]
  - title: Around one organisation
    focus: {people[0].name}
  - title: What changed
    view: change
  - title: Gaps
    view: gaps
""")
    paths = {v: map_from_graph(example_build.out_dir, out / f"{v}.html", view=v,
                               focus=people[0].name if v == "ego" else None)
             for v in ("engagement", "change", "gaps", "ego")}
    paths["story"] = map_from_graph(example_build.out_dir, out / "story.html", story=story)
    paths["publish"] = map_from_graph(example_build.out_dir, out / "publish.html", publish=True)
    return paths


@pytest.mark.parametrize("name", ["change", "gaps", "ego"])
def test_every_view_opens_offline_and_draws_its_nodes(browser, views, artifacts, name):
    page, seen = open_map(browser, views[name])
    assert [u for u in seen["requests"] if not u.startswith(("file://", "data:", "blob:"))] == []
    assert seen["errors"] == []
    expected = page.evaluate("""() => { const v = window.changemap.view;
        return JSON.parse(document.getElementById('graph-data').textContent).views[v].nodes
               .filter(n => !n.hidden).length; }""")
    assert expected > 0
    assert page.evaluate("window.changemap.visibleNodeIds().length") == expected
    assert len(page.evaluate("Object.keys(window.changemap.network.getPositions())")) >= expected
    page.screenshot(path=str(artifacts / f"map-{name}.png"))
    page.close()


def test_filters_change_what_is_visible(browser, example_build):
    page, seen = open_map(browser, example_build.out_dir / "map.html")
    everyone = page.evaluate("window.changemap.visibleNodeIds().length")
    csos = sum(1 for s in example_build.extraction.stakeholders if s.kind == "cso")
    page.uncheck("#facets input[name=kind][value=cso]")
    assert page.evaluate("window.changemap.visibleNodeIds().length") == everyone - csos
    # Edges of hidden stakeholders are hidden too.
    hidden_edge_ends = page.evaluate("""() => { const c = window.changemap, on = new Set(c.visibleNodeIds());
        return c.visibleEdgeIds().map(id => c.edges.get(id)).filter(e => !on.has(e.from) || !on.has(e.to)).length; }""")
    assert hidden_edge_ends == 0
    page.click("#reset")
    assert page.evaluate("window.changemap.visibleNodeIds().length") == everyone
    # Mode: only training links stay.
    page.evaluate("window.changemap.setFilter({mode: ['training']})")
    modes = page.evaluate("""() => { const c = window.changemap;
        const data = JSON.parse(document.getElementById('graph-data').textContent).views.engagement.edges;
        const on = new Set(c.visibleEdgeIds());
        return [...new Set(data.filter(e => on.has(e.id)).map(e => e.f.mode ? e.f.mode[0] : e.layer))]; }""")
    assert modes == ["training"]
    # Years: a range keeps only links that overlap it (and undated ones while "include undated" is ticked).
    page.click("#reset")
    page.fill("#year-from", "2019")
    page.fill("#year-to", "2020")
    page.dispatch_event("#year-to", "change")
    page.uncheck("#undated")
    years = page.evaluate("""() => { const c = window.changemap;
        const data = JSON.parse(document.getElementById('graph-data').textContent).views.engagement.edges;
        const on = new Set(c.visibleEdgeIds());
        return data.filter(e => on.has(e.id) && e.layer === 'engagement').map(e => e.years); }""")
    assert years and all(y and y[1] >= 2019 and y[0] <= 2020 for y in years)
    # Layers: target groups appear when switched on.
    page.click("#reset")
    before = page.evaluate("window.changemap.visibleNodeIds().length")
    page.check("#layers input[value=target-group]")
    assert page.evaluate("window.changemap.visibleNodeIds().length") > before
    assert seen["errors"] == []
    page.close()


# The colour of the canvas pixel at each node's centre, in the canvas's own pixels.
PIXELS_JS = """ids => { const c = window.changemap, canvas = document.querySelector("#network canvas");
    const ctx = canvas.getContext("2d"), r = canvas.width / canvas.clientWidth, pos = c.network.getPositions(ids);
    return ids.map(id => { const d = c.network.canvasToDOM(pos[id]);
        return Array.from(ctx.getImageData(Math.round(d.x * r), Math.round(d.y * r), 1, 1).data).slice(0, 3); }); }"""


def _redrawn(page, since):
    page.wait_for_function("""d => { const c = window.changemap, r = c.network.renderer;
        return c.draws > d && !r.redrawRequested; }""", arg=since, timeout=10000)


def test_click_veils_all_but_the_neighbourhood(browser, example_build, artifacts):
    page, seen = open_map(browser, example_build.out_dir / "map.html")
    hub = max(example_build.extraction.stakeholders, key=lambda s: len(s.evidence))
    from changemap.graph import iri

    node = iri.stakeholder(hub.name)
    near, far = page.evaluate("""id => { const c = window.changemap, shown = c.visibleNodeIds();
        const near = [id].concat(c.network.getConnectedNodes(id)).filter(v => shown.includes(v));
        return [near, shown.filter(v => !near.includes(v))]; }""", node)
    assert len(near) > 2 and len(far) > 5
    before = dict(zip(near + far, page.evaluate(PIXELS_JS, near + far), strict=True))
    draws = page.evaluate("window.changemap.draws")
    click_node(page, node)
    _redrawn(page, draws)
    after = dict(zip(near + far, page.evaluate(PIXELS_JS, near + far), strict=True))
    page.screenshot(path=str(artifacts / "map-neighbourhood.png"))

    def close(a, b, tol=40):
        return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))

    # The neighbourhood is drawn as it was; the rest moves most of the way to white.
    changed = {n: (before[n], after[n]) for n in near if not close(before[n], after[n])}
    assert not changed, changed
    veiled = [n for n in far if close(after[n], [round(0.18 * v + 0.82 * 255) for v in before[n]], tol=12)]
    assert len(veiled) >= 0.8 * len(far), (len(veiled), len(far))
    assert page.evaluate("id => window.changemap.inFocus(id)", far[0]) is False
    assert page.locator("#details h2").first.text_content() == hub.name
    # A click on empty canvas lifts the veil.
    draws = page.evaluate("window.changemap.draws")
    page.evaluate("() => window.changemap.network.emit('click', {nodes: [], edges: []})")
    _redrawn(page, draws)
    assert all(close(before[n], c, tol=12) for n, c in zip(far, page.evaluate(PIXELS_JS, far), strict=True))
    assert seen["errors"] == []
    page.close()


def test_story_steps_with_keys_and_buttons(browser, views, artifacts):
    page, seen = open_map(browser, views["story"])
    assert page.locator("#story").is_visible()
    assert page.locator("#story-count").text_content() == "1 / 5"
    assert "projector" in page.evaluate("document.body.className")
    everyone = page.evaluate("window.changemap.visibleNodeIds().length")
    page.keyboard.press("ArrowRight")
    assert page.locator("#story-title").text_content() == "Training only"
    assert page.evaluate("window.changemap.visibleEdgeIds().length") < page.evaluate("window.changemap.edges.length")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("window.changemap.network.getSelectedNodes().length") == 1
    page.screenshot(path=str(artifacts / "map-story.png"))
    page.click("#story-next")
    assert page.evaluate("window.changemap.view") == "change"
    page.keyboard.press("PageDown")
    assert page.evaluate("window.changemap.view") == "gaps"
    assert page.locator("#story-next").is_disabled()
    page.keyboard.press("Home")
    assert page.evaluate("window.changemap.view") == "engagement"
    assert page.evaluate("window.changemap.visibleNodeIds().length") == everyone
    page.keyboard.press("Escape")
    assert page.locator("#story").is_hidden()
    assert seen["errors"] == []
    page.close()


def test_png_download_is_a_picture_of_the_view(browser, example_build, artifacts):
    page, seen = open_map(browser, example_build.out_dir / "map.html")
    with page.expect_download() as info:
        page.click("#png")
    download = info.value
    assert download.suggested_filename == "changemap-engagement.png"
    target = artifacts / "map-download.png"
    download.save_as(target)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    canvas = page.evaluate("(c => [c.width, c.height])(document.querySelector('#network canvas'))")
    assert width == canvas[0] and height > canvas[1]
    assert seen["errors"] == []
    page.close()


def test_published_map_has_no_draft_banner(browser, views):
    page, seen = open_map(browser, views["publish"])
    assert page.locator("#draft-badge").count() == 0
    assert seen["errors"] == []
    page.close()
