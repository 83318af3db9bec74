"""The engagement map in real headless Chromium: offline, complete, inert text."""

from __future__ import annotations

import pytest

from changemap.pipeline import build_corpus

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
    page.wait_for_function("window.changemap && window.changemap.ready === true", timeout=15000)
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
    edges = page.evaluate("window.changemap.edges.length")
    assert edges == example_build.counts()["engagements"]
    assert page.locator("#draft-badge").is_visible()
    assert page.locator("#legend").is_visible()
    assert page.locator("#legend-kinds .legend-row").count() == 5
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
    # The engagement's hostile quote, shown in the details panel.
    page.evaluate("""() => { const e = window.changemap.edges.get()[0];
        window.changemap.network.selectEdges([e.id]); }""")
    quotes = page.evaluate("""() => { const e = window.changemap.edges.get()[0];
        return e.evidence.map(q => q.quote); }""")
    assert HOSTILE_QUOTE in quotes
    page.screenshot(path=str(artifacts / "map-hostile.png"))
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#details img, #details script, #details a").count() == 0
    assert seen["errors"] == []
    page.close()
