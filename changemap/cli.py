"""The ``changemap`` command line: thin commands over the library."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from . import __version__
from .cli_neo4j import register as register_neo4j
from .cli_neo4j import with_backend
from .errors import ChangemapError

GRAPH_HELP = "Build folder written by 'changemap build' (holds graph.trig)."


def _errors(func):
    """Turn ChangemapError into one clear line on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ChangemapError as err:
            raise click.ClickException(str(err)) from err

    return wrapper


def format_option(func):
    return click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]),
                        default="table", show_default=True, help="Output format.")(func)


def graph_option(func):
    return click.option("-g", "--graph", "graph", type=click.Path(file_okay=False, path_type=Path),
                        default=Path("changemap-out"), show_default=True, help=GRAPH_HELP)(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="changemap")
def cli() -> None:
    """Turn interviews, workshop summaries and stakeholder tables into a
    knowledge graph of who engages with whom and what drove change.

    Start with: changemap build examples -o changemap-out
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("changemap-out"), show_default=True,
              help="Output folder (replaced atomically; must be empty or an earlier build).")
@click.option("--strict", is_flag=True, help="Fail on any input problem or SHACL violation.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (faster on big corpora).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--decisions", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Review decisions to apply (default: ./changemap-decisions.yaml when it exists).")
@_errors
def build(paths: tuple[Path, ...], out: Path, strict: bool, no_validate: bool, quiet: bool,
          decisions: Path | None) -> None:
    """Build the graph, map and report from files and folders (any mix).

    Reads .md/.txt/.docx/.pdf (front matter, headings, bullets, speaker
    turns), .csv/.tsv/.xlsx tables (stakeholder register, engagement list,
    timeline) and REFI-QDA projects (.qdpx). A file that cannot be read is
    reported and the rest is built.
    """
    from rich.console import Console

    from .pipeline import build_corpus
    from .review import DEFAULT_DECISIONS

    if decisions is None and DEFAULT_DECISIONS.exists():
        decisions = DEFAULT_DECISIONS
    console = Console(stderr=True, quiet=quiet)
    with console.status("building…") as status:
        result = build_corpus(paths, out, strict=strict, shacl=not no_validate, decisions=decisions,
                              progress=lambda msg: status.update(f"{msg}…"))
    counts = result.counts()
    if not quiet:
        click.echo("Built " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()
                                        if k != "quads") + f" ({counts['quads']} quads).")
        for problem in result.problems:
            click.echo(f"  {problem.message}", err=True)
        if result.validation is not None:
            click.echo(f"SHACL: the graph {result.validation.summary()}.")
        click.echo(f"Graph:  {result.files['graph.ttl']}  (named graphs: {result.files['graph.trig']})")
        if "map.html" in result.files:
            click.echo(f"Map:    {result.files['map.html']}")
            click.echo(f"Report: {result.files['report.md']}  (briefing with charts: changemap report -g {out})")


@cli.command()
@click.argument("name", required=False)
@graph_option
@click.option("--list", "list_", is_flag=True, help="List the named queries and exit.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Query parameter (repeatable).")
@format_option
@with_backend
@_errors
def query(name: str | None, graph: Path, list_: bool, params: tuple[str, ...], fmt: str, backend: str,
          uri: str, user: str, database: str | None) -> None:
    """Run a named query on a built graph (see --list), or its Cypher twin on Neo4j.

    Examples: changemap query engagements; changemap query ego --param
    name="Kelvary Pride Alliance"; changemap query evidence --param
    node="Alder Trust -- Birch Police" --format json; changemap query
    stakeholders --backend neo4j --uri bolt://localhost:7687 (password from
    NEO4J_PASSWORD or a prompt)
    """
    from . import queries
    from .output import render

    if list_ or not name:
        for q in sorted(queries.REGISTRY.values(), key=lambda q: q.name):
            click.echo(f"{q.name:<20} {q.description}")
            if q.params:
                click.echo(f"{'':<20}   --param {q.usage()}")
        return
    kv = {}
    for p in params:
        if "=" not in p:
            raise click.BadParameter(f"'{p}' is not KEY=VALUE", param_hint="--param")
        k, v = p.split("=", 1)
        kv[k.strip()] = v.strip()
    if backend == "neo4j":
        from .cli_neo4j import connect
        from .neo4j.cypher import require_twin, run_cypher

        queries.get(name)  # an unknown name, or one with no Cypher twin, fails before the password prompt
        require_twin(name)
        with connect(uri, user, database) as db:
            frame = run_cypher(name, db, **kv)
    else:
        frame = queries.run(name, graph, **kv)
    click.echo(render(frame, fmt), nl=False)


@cli.command()
@click.argument("query_text", metavar="FILE_OR_TEXT")
@graph_option
@format_option
@_errors
def sparql(query_text: str, graph: Path, fmt: str) -> None:
    """Run an ad hoc SPARQL SELECT (a .rq file or the text itself).

    The changemap prefixes (cm:, prov:, skos:, rdfs: ...) are predeclared and
    the default graph is the union of all named graphs.
    """
    import pandas as pd

    from .graph.store import GraphStore
    from .output import render

    path = Path(query_text)
    text = path.read_text(encoding="utf-8") if path.suffix == ".rq" and path.is_file() else query_text
    rows = GraphStore.open(graph).query(text)
    click.echo(render(pd.DataFrame(rows), fmt), nl=False)


@cli.command()
@graph_option
@click.option("--engine", type=click.Choice(["compiled", "pyshacl"]), default="compiled", show_default=True,
              help="SHACL engine: the shapes compiled to Python (fast), or pyshacl (the reference; "
                   "about a minute per million triples).")
@_errors
def validate(graph: Path, engine: str) -> None:
    """Check a built graph against the SHACL shapes; exit 1 if it does not conform."""
    from .graph.store import read_quads
    from .graph.validate import validate as run_validation

    report = run_validation(read_quads(graph), engine=engine)
    for v in report.violations:
        value = f" (value {v.value})" if v.value and v.value != v.focus else ""
        click.echo(f"{v.severity}: {v.focus} {v.path}{value}: {v.message}")
    click.echo(f"The graph {report.summary()}.")
    if not report.conforms:
        sys.exit(1)


@cli.command(name="map")
@graph_option
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write: .html (interactive), .png or .svg (static picture). "
                   "[default: GRAPH/map.html, or GRAPH/map-VIEW.html]")
@click.option("--view", type=click.Choice(["engagement", "change", "gaps", "ego"]), default="engagement",
              show_default=True, help="What to draw (ego needs --focus).")
@click.option("--focus", metavar="NAME", default=None,
              help="A stakeholder's name or alias: the ego view's centre, or the node the map opens on.")
@click.option("--story", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A YAML file of steps to present (title, caption, view, focus, filter).")
@click.option("--publish", is_flag=True,
              help="Only approved quotes, interviewees by pseudonym, no draft banner.")
@click.option("--theme", type=click.Choice(["light", "projector"]), default=None,
              help="Colours and type size (a story defaults to projector).  [default: light]")
@_errors
def map_(graph: Path, out: Path | None, view: str, focus: str | None, story: Path | None, publish: bool,
         theme: str | None) -> None:
    """Draw a built graph as one offline HTML map (or a PNG/SVG picture).

    \b
    Views:
      engagement  who engages with whom (target groups, initiatives as layers)
      change      pivotal moments on a time axis with drivers, actors, outcomes
      gaps        the gaps query: suggested links, stakeholders and groups with a gap
      ego         one stakeholder (--focus) and its partners

    The page needs no network: search, filters (kind, target group, mode,
    years), click for the evidence quotes, PNG download, and story mode
    (arrow keys or Page Up/Down step through the --story file).

    \b
    Example:
      changemap map -g changemap-out --view ego --focus "Kelvary Constabulary" -o police.html
    """
    from .viz.map import map_from_graph

    default = graph / ("map.html" if view == "engagement" else f"map-{view}.html")
    path = map_from_graph(graph, out or default, view=view, focus=focus, story=story, publish=publish,
                          theme=theme)
    click.echo(f"Map: {path}")


@cli.command()
@graph_option
@click.option("-o", "--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write report.md and report.html into (default: GRAPH).")
@_errors
def report(graph: Path, out: Path | None) -> None:
    """Write a briefing of a built graph: report.md and report.html.

    Key figures, the most connected stakeholders, the engagement matrix
    (heatmap), a timeline of pivotal moments, drivers of change, ranked
    collaboration gaps, communities, initiatives and the build notes.  The
    HTML opens offline (charts inline); report.md links its charts as
    report-matrix.svg and report-timeline.svg beside it.
    """
    from .viz.briefing import write_briefing

    md, html = write_briefing(graph, out)
    click.echo(f"Report: {md}")
    click.echo(f"HTML:   {html}")


@cli.group()
def review() -> None:
    """Review extracted items in a spreadsheet and feed the decisions back.

    export writes review.csv; fill its 'decision' column (accept, reject,
    rename, merge, retype, approve) and run apply.
    """


@review.command("export")
@graph_option
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("review.csv"), show_default=True, help="CSV file to write.")
@_errors
def review_export(graph: Path, out: Path) -> None:
    """Write every stakeholder, engagement, initiative, moment and pending quote to a CSV."""
    from .graph.store import GraphStore
    from .review import export_review

    n = export_review(GraphStore.open(graph), out)
    click.echo(f"Wrote {n} rows to {out}; fill the 'decision' column, then run "
               f"'changemap review apply {out} -g {graph}'.")


@review.command("apply")
@click.argument("review_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@graph_option
@click.option("--decisions", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("changemap-decisions.yaml"), show_default=True,
              help="Decisions file to update (kept across rebuilds).")
@click.option("--no-rebuild", is_flag=True, help="Only update the decisions file.")
@_errors
def review_apply(review_csv: Path, graph: Path, decisions: Path, no_rebuild: bool) -> None:
    """Take an edited review CSV back: save its decisions and rebuild the graph."""
    import json

    from .errors import BuildError
    from .pipeline import MANIFEST, build_corpus
    from .review import merge_into_file, read_review

    new = read_review(review_csv)
    merged = merge_into_file(new, decisions)
    click.echo(f"{len(new)} decision(s) read; {decisions} now holds {len(merged)}.")
    if no_rebuild:
        return
    manifest = graph / MANIFEST
    if not manifest.is_file():
        raise BuildError(f"{graph}: no build.json to rebuild from; run 'changemap build PATH -o {graph} "
                         f"--decisions {decisions}'")
    inputs = json.loads(manifest.read_text(encoding="utf-8")).get("inputs") or []
    result = build_corpus(inputs, graph, decisions=decisions)
    click.echo(f"Rebuilt {graph}: {result.counts()['stakeholders']} stakeholders, "
               f"{result.counts()['engagements']} engagements.")


@cli.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@graph_option
@click.option("--details", is_flag=True, help="Also list every missed and every extra item.")
@format_option
@_errors
def evaluate(gold_dir: Path, graph: Path, details: bool, fmt: str) -> None:
    """Score a build against gold annotations: precision, recall, F1 per type.

    GOLD_DIR holds one YAML file per annotated document (see eval/GOLD.md).
    """
    from .evaluate import evaluate as score
    from .output import render

    frame, tallies = score(gold_dir, graph)
    click.echo(render(frame, fmt), nl=False)
    if details:
        for kind, t in tallies.items():
            for line in t.misses:
                click.echo(f"missed {kind}: {line}")
            for line in t.extras:
                click.echo(f"extra  {kind}: {line}")


register_neo4j(cli, graph_option, _errors)


def main() -> None:  # pragma: no cover - console script entry
    cli()
