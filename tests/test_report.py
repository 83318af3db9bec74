"""``changemap report``: a briefing in Markdown and offline HTML, on a corpus whose answers are known."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from changemap.cli import cli
from changemap.pipeline import build_corpus
from changemap.viz import charts
from changemap.viz.briefing import CHART_FILES, write_briefing

HOSTILE = "<script>alert(1)</script>"
REGISTER = f"""name,kind,aliases,target_groups
Alder Trust,cso,AT,disability
Birch Police,public-authority,BP,
Cedar Council,public-authority,,disability
Dune Network,cso,,lgbtq
{HOSTILE} Aid,cso,,
Elm Circle,cso,,older-people
"""
# By construction: CSO ↔ public authority: training 2, funding 1, referral 1 (4 in all);
# public authority ↔ public authority: data sharing 1; CSO ↔ CSO: partnership 1.  Elm Circle engages
# nobody: an isolated stakeholder, and older people a target group without a CSO–authority link.
ENGAGEMENTS = f"""source,target,mode,year,sentiment,evidence
Alder Trust,Birch Police,training,2019,positive,Trained call handlers together.
Dune Network,Birch Police,training,2020,positive,Officers came to our training day.
Alder Trust,Cedar Council,funding,2020,positive,The council funded the helpline.
BP,Cedar Council,data sharing,2018,neutral,Monthly figures exchanged.
Alder Trust,Dune Network,partnership,2021,positive,We run the drop-in together.
{HOSTILE} Aid,Birch Police,referral,2022,mixed,They refer victims to us.
"""
UNDATED = "Slow thaw between police and charities"
TIMELINE = f"""date,label,direction,drivers,actors,evidence
2019-03,Grant cut for the Alder Trust,backward,funding,Alder Trust,The grant ended in March.
2017,Birch inquiry report,forward,inquiry;leadership,Birch Police;Cedar Council,The inquiry changed practice.
,{UNDATED},forward,micro-change,Birch Police;Alder Trust,Bit by bit it got better.
2021,New council leadership,forward,leadership,Cedar Council;{HOSTILE} Aid,A new leader took over.
"""


def build_tables(root, **tables: str):
    corpus = root / "corpus"
    corpus.mkdir()
    for stem, text in tables.items():
        (corpus / f"{stem}.csv").write_text(text, encoding="utf-8")
    return build_corpus([corpus], root / "out", outputs=False)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    result = build_tables(tmp_path_factory.mktemp("report"), register=REGISTER, engagements=ENGAGEMENTS,
                          timeline=TIMELINE)
    md, html = write_briefing(result.out_dir)
    return result.out_dir, md.read_text(encoding="utf-8"), html.read_text(encoding="utf-8")


def markdown_rows(text: str, section: str) -> dict[str, dict[str, str]]:
    """The first table under ``## section``: first cell → {header: cell}."""
    part = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    all_lines = part.splitlines()
    start = next(i for i, ln in enumerate(all_lines) if ln.startswith("|"))
    lines = []
    for line in all_lines[start:]:
        if not line.startswith("|"):
            break
        lines.append(line)
    head = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0]] = dict(zip(head, cells, strict=True))
    return rows


def test_both_files_and_the_chart_files_are_written(small):
    out, md, html = small
    assert (out / "report.md").is_file() and (out / "report.html").is_file()
    for name in CHART_FILES.values():
        assert (out / name).read_bytes().lstrip().startswith(b"<?xml")
        assert f"]({name})" in md
    assert md.startswith("# ") and html.startswith("<!DOCTYPE html>")


def test_sections_in_order(small):
    _, md, _ = small
    order = ["## Key figures", "## Who engages with whom", "## Engagement matrix", "## What drove change",
             "## Collaboration gaps", "## Communities", "## Initiatives and findings", "## Build notes"]
    positions = [md.index(h) for h in order]
    assert positions == sorted(positions)


def test_key_figures_count_what_was_built(small):
    _, md, _ = small
    rows = markdown_rows(md, "Key figures")
    assert rows["Stakeholders"]["Count"] == "6"
    assert rows["Stakeholders: civil society organisation"]["Count"] == "4"
    assert rows["Stakeholders: public authority"]["Count"] == "2"
    assert rows["Engagements (pair of stakeholders × mode)"]["Count"] == "6"
    assert rows["Pivotal moments"]["Count"] == "4"
    assert rows["Pivotal moments: backward"]["Count"] == "1"


def test_matrix_table_holds_the_counts_known_by_construction(small):
    _, md, _ = small
    rows = markdown_rows(md, "Engagement matrix")
    cso_pa = rows["CSO ↔ Public authority"]
    assert (cso_pa["Training"], cso_pa["Funding"], cso_pa["Referral and victim support"]) == ("2", "1", "1")
    assert cso_pa["Total"] == "4" and cso_pa["Partnership"] == "0"
    assert rows["Public authority ↔ Public authority"]["Data sharing and monitoring"] == "1"
    assert rows["CSO ↔ CSO"]["Partnership"] == "1"
    assert rows["CSO ↔ Public authority"]["Total"] == "4"
    # Modes nobody uses are named: a gap in itself.
    assert "Modes that never occur: " in md and "Consultation" in md.split("Modes that never occur: ")[1]


def test_top_stakeholders_by_partners(small):
    _, md, _ = small
    rows = markdown_rows(md, "Who engages with whom")
    assert list(rows)[0] == "Birch Police"  # Alder, Dune, Cedar and the hostile name
    assert rows["Birch Police"]["Partners"] == "4"
    assert rows["Alder Trust"]["Kind"] == "Civil society organisation"


def test_html_embeds_both_charts_inline_and_loads_nothing(small):
    _, _, html = small
    assert html.count("<svg ") == 2
    assert 'id="chart-matrix"' in html and 'id="chart-timeline"' in html
    assert re.search(r'<svg role="img" aria-label="Heatmap', html)
    assert re.search(r'<svg role="img" aria-label="Timeline of 3 dated', html)
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//", html, re.IGNORECASE)
    assert "@import" not in html and "<link" not in html and "<script" not in html.lower().replace(
        "&lt;script", "")
    # The only web addresses left are XML namespace names, which load nothing.
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) <= {"http://www.w3.org/2000/svg",
                                                              "http://www.w3.org/1999/xlink"}
    # Two inline charts must not share element ids (glyphs, clip paths).
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_hostile_name_is_text(small):
    _, md, html = small
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Aid" in html
    assert "\\<script>alert(1)\\</script> Aid" in md  # shown as text by Markdown renderers
    assert HOSTILE not in md.replace("\\<", "")


def test_undated_moment_listed_under_the_chart_not_on_it(small):
    _, md, html = small
    section = md.split("## What drove change\n", 1)[1].split("\n## ", 1)[0]
    chart_at = section.index("report-timeline.svg")
    undated_at = section.index("### Undated moments (not on the chart)")
    assert chart_at < undated_at < section.index(UNDATED)
    key = markdown_rows(md, "What drove change")
    assert [r["Moment"] for r in key.values()] == ["Birch inquiry report", "Grant cut for the Alder Trust",
                                                  "New council leadership"]
    assert UNDATED not in [r["Moment"] for r in key.values()]
    assert f"<li>{UNDATED} (Forward; Incremental micro-change)</li>" in html


def test_drivers_table(small):
    _, md, _ = small
    section = md.split("### Drivers of change\n", 1)[1]
    lines = [ln for ln in section.splitlines() if ln.startswith("| Leadership")]
    assert lines and lines[0].split("|")[2:5] == [" 2 ", " 0 ", " 2 "]


def test_build_notes_from_build_json(small):
    _, md, _ = small
    notes = md.split("## Build notes\n", 1)[1]
    assert "conforms to the SHACL shapes" in notes
    assert "None: every file was read." in notes
    assert "read from corpus" in md


def test_same_graph_same_bytes(small, tmp_path):
    out, _, _ = small
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.name.startswith("report")}
    write_briefing(out)
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.name.startswith("report")}
    assert before == after and len(after) == 4


def test_charts_are_pure_and_deterministic(small):
    from changemap.queries import run

    out, _, _ = small
    moments = charts.dated_moments(run("timeline", out))
    assert charts.timeline_svg(moments) == charts.timeline_svg(moments.copy())
    assert b"<metadata" not in charts.timeline_svg(moments)


@pytest.mark.parametrize("text,year", [("2019", 2019), ("2019-03-14", 2019), ("2019/20", 2019),
                                       ("March 2019", 2019), ("c. 2015", 2015), ("spring 2001?", 2001),
                                       ("", None), ("sometime", None), ("12", None)])
def test_moment_dates_are_read_robustly(text, year):
    when = charts.moment_when(text)
    assert (None if when is None else int(when)) == year


def test_empty_graph_still_reports_with_notes(tmp_path):
    result = build_tables(tmp_path, register="name,kind\nSolo Trust,cso\n")
    md, html = write_briefing(result.out_dir)
    md_text, html_text = md.read_text(encoding="utf-8"), html.read_text(encoding="utf-8")
    assert "No engagements in this graph, so there is no matrix." in md_text
    assert "No pivotal moments in this graph, so there is no timeline." in md_text
    assert "<svg" not in html_text
    assert not any((result.out_dir / name).exists() for name in CHART_FILES.values())


def test_report_to_another_folder(small, tmp_path):
    out, _, _ = small
    target = tmp_path / "briefing"
    md, html = write_briefing(out, target)
    assert md == target / "report.md" and html.parent == target
    assert all((target / name).is_file() for name in CHART_FILES.values())


def test_cli_report_prints_both_paths(small):
    out, _, _ = small
    result = CliRunner().invoke(cli, ["report", "-g", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out / "report.md") in result.output and str(out / "report.html") in result.output


def test_cli_report_on_a_missing_folder_says_what_to_do(tmp_path):
    result = CliRunner().invoke(cli, ["report", "-g", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "no built graph here" in result.output and "changemap build" in result.output
    assert "Traceback" not in result.output


def section_of(md: str, heading: str) -> str:
    return md.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_gaps_grouped_by_kind_with_the_known_ones(small):
    gaps = section_of(small[1], "Collaboration gaps")
    assert "### Isolated stakeholders (1)" in gaps
    assert "| Elm Circle |" in gaps.split("### Isolated stakeholders", 1)[1]
    assert "### Target groups without a CSO–authority link (1)" in gaps
    assert "| Older people |" in gaps.split("### Target groups without", 1)[1]


def test_communities_table(small):
    rows = markdown_rows(small[1], "Communities")
    members = [m.strip() for r in rows.values() for m in r["Members"].replace(";", ",").split(",")]
    assert "Birch Police" in members and "Elm Circle" not in members
    assert all(r["Size"].isdigit() for r in rows.values())


@pytest.mark.browser
def test_report_opens_offline_in_chromium(browser, small, artifacts):
    out, _, _ = small
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests, errors, dialogs = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
               else route.abort())
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((out / "report.html").resolve().as_uri())
    assert [u for u in requests if not u.startswith(("file://", "data:"))] == []
    assert errors == [] and dialogs == []
    sizes = page.evaluate("""[...document.querySelectorAll('figure svg')].map(s => {
        const r = s.getBoundingClientRect(); return [r.width, r.height]; })""")
    assert len(sizes) == 2 and all(w > 200 and h > 100 for w, h in sizes)
    # The charts draw something: their shapes have a size of their own.
    drawn = page.evaluate("""[...document.querySelectorAll('figure svg')].map(s => {
        const b = s.querySelector('g').getBBox(); return b.width * b.height; })""")
    assert all(a > 0 for a in drawn)
    assert page.locator("main script, main img").count() == 0
    assert f"{HOSTILE} Aid" in page.locator("main").inner_text()
    assert page.locator("table thead th").count() > 10
    page.screenshot(path=str(artifacts / "report.png"), full_page=True)
    page.close()
