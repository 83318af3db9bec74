"""Rendering of the briefing (:mod:`changemap.viz.briefing`): Markdown, and one
self-contained HTML page with every text escaped, inline SVG charts, no
scripts and no network references."""

from __future__ import annotations

from html import escape

from . import charts
from .briefing import Briefing, Chart, Heading, Items, Note, Para, Table
from .report import markdown_table

# --- rendering --------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Plain text safe in Markdown: no raw HTML, no links, one line."""
    return (text.replace("\\", "\\\\").replace("<", "\\<").replace("[", "\\[").replace("]", "\\]")
            .replace("\n", " "))


def render_markdown(briefing: Briefing, chart_files: dict[str, str] | None = None) -> str:
    """The briefing as Markdown; charts link to ``chart_files`` (key → relative path) or are
    replaced by a note pointing to report.html."""
    out: list[str] = []
    for block in briefing.blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {_md(block.text)}\n")
        elif isinstance(block, Para):
            out.append(_md(block.text) + "\n")
        elif isinstance(block, Note):
            out.append(f"_{_md(block.text)}_\n")
        elif isinstance(block, Items):
            out.append("\n".join(f"- {_md(i)}" for i in block.items) + "\n")
        elif isinstance(block, Table):
            frame = block.frame.map(_md) if not block.frame.empty else block.frame
            frame.columns = [_md(c) for c in frame.columns]
            out.append(markdown_table(frame, limit=block.limit))
        elif isinstance(block, Chart):
            if chart_files and block.key in chart_files:
                out.append(f"![{_md(block.alt)}]({chart_files[block.key]})\n\n_{_md(block.caption)}_\n")
            else:
                out.append(f"_Chart: {_md(block.caption)} See report.html._\n")
    return "\n".join(out)


STYLE = """
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1b1f23;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 .75rem; }
h2 { font-size: 1.3rem; margin: 2.4rem 0 .6rem; padding-bottom: .25rem; border-bottom: 2px solid #2166ac; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .4rem; }
p.lede { font-size: 1.05rem; color: #30363d; }
p.note { color: #57606a; font-style: italic; }
nav ol { margin: .5rem 0 0; padding-left: 1.2rem; columns: 2; }
nav a { color: #0b4f8a; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 .75rem; font-size: .88rem; }
th, td { padding: .3rem .55rem; text-align: left; vertical-align: top; border-bottom: 1px solid #d8dee4; }
thead th { background: #eef3f8; border-bottom: 2px solid #9fb3c8; }
tbody tr:nth-child(even) { background: #f8fafc; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
table.matrix { font-size: .78rem; }
table.matrix th, table.matrix td { padding: .25rem .35rem; }
table.matrix td:first-child { min-width: 10rem; }
.table { overflow-x: auto; }
p.more { font-size: .85rem; color: #57606a; margin-top: 0; }
figure { margin: 1rem 0 1.25rem; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: .85rem; color: #57606a; margin-top: .3rem; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2, h3 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  .table { overflow: visible; }
  tbody tr:nth-child(even) { background: none; }
}
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _html_table(block: Table) -> str:
    frame = block.frame
    if frame.empty:
        return '<p class="note">None.</p>'
    rows = frame.head(block.limit) if block.limit else frame

    def cls(c: str) -> str:
        return ' class="num"' if c in block.numeric else ""

    head = "".join(f'<th scope="col"{cls(c)}>{escape(c)}</th>' for c in rows.columns)
    body = "\n".join("<tr>" + "".join(f"<td{cls(c)}>{escape(v)}</td>" for c, v in zip(rows.columns, r, strict=True))
                     + "</tr>" for r in rows.itertuples(index=False))
    more = (f'\n<p class="more">…and {len(frame) - len(rows)} more rows.</p>' if len(frame) > len(rows) else "")
    css = f' class="{escape(block.css)}"' if block.css else ""
    return (f'<div class="table"><table{css}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n'
            f"</table></div>{more}")


def render_html(briefing: Briefing) -> str:
    """The briefing as one offline HTML page: inline SVG charts, no scripts, all text escaped."""
    parts: list[str] = []
    toc = [b for b in briefing.blocks if isinstance(b, Heading) and b.level == 2 and b.anchor]
    first_para = True
    for block in briefing.blocks:
        if isinstance(block, Heading):
            anchor = f' id="{escape(block.anchor)}"' if block.anchor else ""
            parts.append(f"<h{block.level}{anchor}>{escape(block.text)}</h{block.level}>")
            if block.level == 1:
                parts.append("{toc}")
        elif isinstance(block, Para):
            lede = ' class="lede"' if first_para else ""
            first_para = False
            parts.append(f"<p{lede}>{escape(block.text)}</p>")
        elif isinstance(block, Note):
            parts.append(f'<p class="note">{escape(block.text)}</p>')
        elif isinstance(block, Items):
            parts.append("<ul>\n" + "\n".join(f"<li>{escape(i)}</li>" for i in block.items) + "\n</ul>")
        elif isinstance(block, Table):
            parts.append(_html_table(block))
        elif isinstance(block, Chart):
            parts.append(f'<figure id="chart-{escape(block.key)}">\n'
                         + charts.inline_svg(block.svg, f"c-{block.key}", block.alt)
                         + f"<figcaption>{escape(block.caption)}</figcaption>\n</figure>")
    nav = ('<nav aria-label="Contents"><strong>Contents</strong><ol>'
           + "".join(f'<li><a href="#{escape(h.anchor)}">{escape(h.text)}</a></li>' for h in toc)
           + "</ol></nav>")
    body = "\n".join(nav if p == "{toc}" else p for p in parts)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="changemap report">\n'
            f"<title>{escape(briefing.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
            f"{body}\n</main>\n</body>\n</html>\n")
