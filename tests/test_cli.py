"""The command line: help everywhere, build → query round trip, clear errors."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from changemap.cli import cli

from .conftest import EXAMPLES


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in all_commands(cli)], ids=" ".join)
def test_every_command_has_help_text(path):
    command = dict(all_commands(cli))[path]
    assert command.help and len(command.help.strip()) > 20, f"{' '.join(path)} needs a docstring"
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert command.help.strip().splitlines()[0][:30] in result.output
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"option {param.opts} of {' '.join(path)} has no help"


def test_top_level_help_lists_commands():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in cli.commands:
        assert name in result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "out"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_build_prints_where_the_outputs_are(built):
    out, output = built
    for name in ("graph.ttl", "map.html", "report.md"):
        assert str(out / name) in output
    assert "conforms" in output


def test_query_stakeholders_json(built):
    out, _ = built
    result = CliRunner().invoke(cli, ["query", "stakeholders", "-g", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert isinstance(rows, list) and rows
    assert all({"name", "kind", "aliases", "target_groups", "degree", "documents"} <= set(r) for r in rows)
    register = (EXAMPLES / "stakeholders.csv").read_text().splitlines()[1:]
    names = {r["name"] for r in rows}
    assert all(line.split(",")[0].strip('"') in names for line in register)
    assert {r["kind"] for r in rows} <= {"cso", "public-authority", "international-body", "private", "other"}


@pytest.mark.parametrize("fmt,marker", [("csv", "name,kind"), ("markdown", "| name | kind"),
                                        ("table", "name")])
def test_query_formats(built, fmt, marker):
    out, _ = built
    result = CliRunner().invoke(cli, ["query", "stakeholders", "-g", str(out), "--format", fmt])
    assert result.exit_code == 0
    assert marker in result.output


def test_query_list_names_every_query():
    from changemap.queries import REGISTRY

    result = CliRunner().invoke(cli, ["query", "--list"])
    assert result.exit_code == 0
    for name, q in REGISTRY.items():
        assert name in result.output and q.description[:20] in result.output


def test_sparql_ad_hoc_with_predeclared_prefixes(built, tmp_path):
    out, _ = built
    text = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a cm:Engagement }"
    result = CliRunner().invoke(cli, ["sparql", text, "-g", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    n = json.loads(result.output)[0]["n"]
    rq = tmp_path / "q.rq"
    rq.write_text(text)
    result = CliRunner().invoke(cli, ["sparql", str(rq), "-g", str(out), "--format", "json"])
    assert json.loads(result.output)[0]["n"] == n > 0


def test_validate_command(built):
    out, _ = built
    result = CliRunner().invoke(cli, ["validate", "-g", str(out)])
    assert result.exit_code == 0
    assert "conforms" in result.output


def test_map_command_redraws(built, tmp_path):
    out, _ = built
    target = tmp_path / "again.html"
    result = CliRunner().invoke(cli, ["map", "-g", str(out), "-o", str(target)])
    assert result.exit_code == 0
    assert target.read_text().startswith("<!DOCTYPE html>")


def test_missing_graph_says_what_to_do(tmp_path):
    result = CliRunner().invoke(cli, ["query", "stakeholders", "-g", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "changemap build" in result.output and "nowhere" in result.output
    assert "Traceback" not in result.output


def test_unknown_query_and_parameter(built):
    out, _ = built
    result = CliRunner().invoke(cli, ["query", "who-knows", "-g", str(out)])
    assert result.exit_code == 1 and "--list" in result.output
    result = CliRunner().invoke(cli, ["query", "stakeholders", "-g", str(out), "--param", "x=1"])
    assert result.exit_code == 1 and "no parameter x" in result.output


def test_bad_sparql_is_one_clear_line(built):
    out, _ = built
    result = CliRunner().invoke(cli, ["sparql", "SELECT ?x WHERE {", "-g", str(out)])
    assert result.exit_code == 1
    assert "SPARQL syntax error" in result.output and "Traceback" not in result.output


def test_build_with_nothing_readable_fails_clearly(tmp_path):
    (tmp_path / "in").mkdir()
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "nothing to build" in result.output
