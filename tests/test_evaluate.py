"""`changemap evaluate`: scores computed by hand for a tiny corpus."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from changemap.cli import cli
from changemap.errors import InputError
from changemap.evaluate import evaluate
from changemap.pipeline import build_corpus

REGISTER = ("name,kind,aliases\nWestmoor Police,public-authority,WP\nHarbour Trust,cso,\n"
            "Glen Council,public-authority,\n")
SUMMARY = ("Round Table Notes\n\nGood Practice\n\nTravel\n\n"
           "- WP and Harbour Trust run the Clear Path app together.\n- The Quiet Hours pilot helped.\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("ev")
    (root / "c").mkdir()
    (root / "c" / "register.csv").write_text(REGISTER)
    (root / "c" / "notes.txt").write_text(SUMMARY)
    build_corpus([root / "c"], root / "out", outputs=False, shacl=False)
    gold = root / "gold"
    gold.mkdir()
    (gold / "notes.yaml").write_text(yaml.safe_dump({
        "document": "c/notes.txt",
        # Found: Westmoor Police (by its alias), Harbour Trust. Not found: Lakeside Forum.
        "organisations": [{"name": "Westmoor Police", "aliases": ["WP"]}, {"name": "Harbour Trust"},
                          {"name": "Lakeside Forum"}],
        "engagements": [{"parties": ["Westmoor Police", "Harbour Trust"], "mode": "partnership",
                         "quote": "WP and Harbour Trust run the Clear Path app together."}],
        "moments": [],
        "initiatives": [{"name": "Clear Path app"}, {"name": "Quiet Hours pilot"}, {"name": "Night Bus"}],
    }))
    return root


def test_scores_by_hand(built):
    frame, tallies = evaluate(built / "gold", built / "out")
    rows = {r["type"]: r for r in frame.to_dict(orient="records")}
    org = rows["organisations"]
    assert (org["gold"], org["predicted"], org["matched"]) == (3, 2, 2)
    assert org["precision"] == 1.0 and org["recall"] == pytest.approx(0.667, abs=1e-3)
    assert org["f1"] == pytest.approx(0.8, abs=1e-3)
    assert tallies["organisations"].misses == ["c/notes.txt: Lakeside Forum"]
    ini = rows["initiatives"]
    assert (ini["gold"], ini["matched"]) == (3, 2)  # "Clear Path app" ~ "Clear Path"; Quiet Hours
    assert rows["engagements"]["gold"] == 1


def test_cli_evaluate_and_bad_gold(built, tmp_path):
    result = CliRunner().invoke(cli, ["evaluate", str(built / "gold"), "-g", str(built / "out"),
                                      "--format", "json", "--details"])
    assert result.exit_code == 0, result.output
    assert '"type": "organisations"' in result.output and "missed organisations" in result.output
    (tmp_path / "bad.yaml").write_text("organisations: []\n")
    with pytest.raises(InputError, match="document"):
        evaluate(tmp_path, built / "out")
