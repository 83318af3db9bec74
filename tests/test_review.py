"""The review loop: export, decide in the CSV, apply, and keep decisions across rebuilds."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from changemap.cli import cli
from changemap.errors import InputError
from changemap.pipeline import build_corpus
from changemap.queries import run
from changemap.review import read_review

REGISTER = "name,kind,aliases\nWestmoor Police,public-authority,WP\nHarbour Trust,cso,\nGlen Counsel,other,\n"
LINKS = ("source,target,mode,year,evidence\nWP,Harbour Trust,training,2020,Trained together.\n"
         "Glen Counsel,Harbour Trust,funding,2021,Grant given.\n")
TRANSCRIPT = ("---\npseudonym: R7\norganisation: Harbour Trust\norganisation_kind: cso\nconsent: pending\n---\n"
              "Interviewer: Who do you work with?\n\nRespondent: Mostly Westmoor Police, week in week out.\n\n"
              "Interviewer: Anyone else?\n\nRespondent: Glen Counsel now and then.\n")


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "register.csv").write_text(REGISTER)
    (corpus / "links.csv").write_text(LINKS)
    (corpus / "interview.md").write_text(TRANSCRIPT)
    build_corpus([corpus], tmp_path / "out", outputs=False)
    return tmp_path


def decide(path, choices):
    rows = list(csv.DictReader(path.open()))
    for row in rows:
        if (row["type"], row["id"]) in choices:
            row["decision"], row["value"] = choices[(row["type"], row["id"])]
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return rows


def test_export_apply_and_rebuild_keep_decisions(project):
    runner = CliRunner()
    result = runner.invoke(cli, ["review", "export", "-g", "out", "-o", "review.csv"])
    assert result.exit_code == 0, result.output
    rows = decide(project / "review.csv", {
        ("stakeholder", "Glen Counsel"): ("rename", "Glen Council"),
        ("engagement", "Harbour Trust | Westmoor Police | training"): ("retype", "Partnership"),
        ("stakeholder", "Westmoor Police"): ("accept", ""),
    })
    quote = next(r for r in rows if r["type"] == "quote" and "Westmoor" in r["evidence"])
    decide(project / "review.csv", {("quote", quote["id"]): ("approve", "")})
    assert {r["type"] for r in rows} >= {"stakeholder", "engagement", "quote"}
    result = runner.invoke(cli, ["review", "apply", "review.csv", "-g", "out"])
    assert result.exit_code == 0, result.output
    assert (project / "changemap-decisions.yaml").is_file()

    def check(out):
        people = run("stakeholders", out).set_index("name")
        assert "Glen Council" in people.index and "Glen Counsel" not in people.index
        assert "Glen Counsel" in people.loc["Glen Council", "aliases"]
        links = run("engagements", out)
        assert set(links["mode"]) == {"partnership", "funding"}
        approved = json.loads(CliRunner().invoke(cli, [
            "sparql", "SELECT ?q WHERE { ?e cm:approval approval:approved ; cm:quote ?q }", "-g", str(out),
            "--format", "json"]).output)
        assert any("Westmoor Police" in r["q"] for r in approved)

    check(project / "out")
    # A plain rebuild picks up ./changemap-decisions.yaml: decisions persist.
    result = runner.invoke(cli, ["build", "corpus", "-o", "again", "-q"])
    assert result.exit_code == 0, result.output
    check(project / "again")


def test_reject_removes_the_stakeholder_and_its_links(project):
    CliRunner().invoke(cli, ["review", "export", "-g", "out", "-o", "review.csv"])
    decide(project / "review.csv", {("stakeholder", "Glen Counsel"): ("reject", "")})
    result = CliRunner().invoke(cli, ["review", "apply", "review.csv", "-g", "out"])
    assert result.exit_code == 0, result.output
    assert "Glen Counsel" not in set(run("stakeholders", project / "out")["name"])
    assert len(run("engagements", project / "out")) == 1


def test_bad_review_rows_name_the_line(project):
    (project / "r.csv").write_text("id,type,name,decision,value\nX,stakeholder,X,rename,\n")
    with pytest.raises(InputError, match=r"r.csv:2: 'rename' needs"):
        read_review(project / "r.csv")
    (project / "r.csv").write_text("id,type,name,decision,value\nX,stakeholder,X,delete,\n")
    with pytest.raises(InputError, match="unknown decision 'delete'"):
        read_review(project / "r.csv")
    (project / "r.csv").write_text("id,type,name,decision,value\nX,engagement,X,retype,hugging\n")
    with pytest.raises(InputError, match="cannot retype"):
        read_review(project / "r.csv")
