"""``changemap export`` and ``changemap import``: the graph to and from Neo4j.

The connection options are shared (``--uri``, ``--user``, ``--database``, each
with an environment variable); the password is read from ``NEO4J_PASSWORD`` or
asked for, never taken from the command line, where it would stay in the shell's
history and the process list.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from .errors import Neo4jConnectionError

PASSWORD_ENV = "NEO4J_PASSWORD"


def neo4j_options(func):
    """--uri, --user and --database, from NEO4J_URI / NEO4J_USER / NEO4J_DATABASE by default."""
    func = click.option("--database", envvar="NEO4J_DATABASE", default=None, show_envvar=True,
                        help="Database name (default: the server's default database).")(func)
    func = click.option("--user", envvar="NEO4J_USER", default="neo4j", show_default=True, show_envvar=True,
                        help="User name.")(func)
    func = click.option("--uri", envvar="NEO4J_URI", default="bolt://localhost:7687", show_default=True,
                        show_envvar=True, help="Bolt address: bolt://HOST:7687, neo4j://HOST:7687, "
                                               "neo4j+s://… for Aura.")(func)
    return func


def password_for(user: str, uri: str) -> str:
    """NEO4J_PASSWORD, else a hidden prompt (or one line of piped input)."""
    password = os.environ.get(PASSWORD_ENV)
    if password:
        return password
    try:
        return click.prompt(f"Password for {user} at {uri}", hide_input=True, err=True)
    except click.Abort:
        raise Neo4jConnectionError(f"no password for {user} at {uri}: set {PASSWORD_ENV} or type it at the "
                                   "prompt") from None


def connect(uri: str, user: str, database: str | None):
    from .neo4j import Connection

    return Connection(uri, user, password_for(user, uri), database)


def _bar(quiet: bool):
    """A rich progress bar as a :data:`changemap.neo4j.sync.Progress` callback."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description:<48}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   transient=True, disable=quiet)
    task = bar.add_task("connecting", total=None)

    def update(stage: str, done: int, total: int) -> None:
        bar.update(task, description=stage[:48], completed=done, total=total)

    return bar, update


def register(cli: click.Group, graph_option, errors) -> None:
    """Add the export and import groups to the ``changemap`` command."""

    @cli.group(name="export")
    def export_group() -> None:
        """Send the built graph elsewhere: a Neo4j database, or files for neo4j-admin import."""

    @export_group.command("neo4j")
    @graph_option
    @neo4j_options
    @click.option("--prune", is_flag=True, help="Also delete changemap's nodes and relationships that the graph "
                                                "no longer has (nothing else in the database is touched).")
    @click.option("--batch-size", type=click.IntRange(1), default=2000, show_default=True,
                  help="Rows per transaction.")
    @click.option("-q", "--quiet", is_flag=True, help="No progress bar; print only the summary.")
    @errors
    def export_neo4j(graph: Path, uri: str, user: str, database: str | None, prune: bool, batch_size: int,
                     quiet: bool) -> None:
        """Write the graph into a Neo4j database: constraints and indexes first, then nodes
        and relationships in batched transactions. Run it again after a rebuild: it
        creates nothing twice. Password: NEO4J_PASSWORD or a prompt.

        Example: NEO4J_PASSWORD=… changemap export neo4j -g changemap-out --uri
        bolt://localhost:7687 --user neo4j --database neo4j --prune
        """
        from .neo4j import property_graph
        from .neo4j.sync import export

        source = property_graph(graph)  # a bad graph fails before anything connects
        with connect(uri, user, database) as db:
            bar, update = _bar(quiet)
            with bar:
                report = export(db, source, batch_size=batch_size, prune=prune, progress=update,
                                source=str(graph.resolve()))
        click.echo(f"Neo4j {uri} ({database or 'default database'}): {report.summary()}.")

    @export_group.command("neo4j-csv")
    @graph_option
    @click.option("-o", "--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
                  help="Folder for the header and data files (replaced atomically).")
    @errors
    def export_neo4j_csv(graph: Path, out: Path) -> None:
        """Write header and data CSV files for 'neo4j-admin database import full', the
        fastest way to load a large graph into a new database; import.sh holds the
        command to run."""
        from .neo4j import bulk

        report = bulk.write_build(graph, out)
        click.echo(f"Wrote {report.summary()} to {out}; load them with {out / 'import.sh'} "
                   f"(see {out / 'README.txt'}).")

    @cli.group(name="import")
    def import_group() -> None:
        """Read a graph back from a system changemap exported it to."""

    @import_group.command("neo4j")
    @neo4j_options
    @click.option("-o", "--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
                  help="Build folder to write graph.ttl and graph.trig into (replaced atomically).")
    @errors
    def import_neo4j(uri: str, user: str, database: str | None, out: Path) -> None:
        """Read a database written by 'changemap export neo4j' back into RDF, as a build
        folder that 'changemap query' and 'changemap map' can use. Password:
        NEO4J_PASSWORD or a prompt."""
        from .neo4j import import_build

        with connect(uri, user, database) as db:
            files = import_build(db, out)
        click.echo(f"Read {uri} ({database or 'default database'}) into {files['graph.ttl']} "
                   f"and {files['graph.trig']}.")
        for note in files["notes"]:
            click.echo(f"Note: {note}", err=True)


def with_backend(func):
    """--backend and the Neo4j connection options for ``changemap query``."""
    func = neo4j_options(func)
    return click.option("--backend", type=click.Choice(["sparql", "neo4j"]), default="sparql",
                        show_default=True, help="Run the SPARQL version on the build folder, or the "
                                                "Cypher version (NAME.cypher) on a Neo4j database.")(func)
