"""The build benchmark runs end to end and reports every stage (bench/bench_build.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))
from bench import bench_build  # noqa: E402


def test_benchmark_reports_stages_detail_and_repeats(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert bench_build.main(["--sizes", "3x15", "--repeat", "2", "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["meta"]["repeat"] == 2
    [run] = data["results"]
    assert run["size"] == "3x15" and run["conforms"] is True
    assert len(run["totals_s"]) == 2 and run["total_s"] in run["totals_s"]
    assert len(run["extract_s"]) == 2 and run["seconds"]["extract"] in run["extract_s"]
    rest = run["words"] / (run["total_s"] - run["seconds"]["extract"])
    assert abs(run["words_per_s_rest"] / rest - 1) < 0.02
    assert set(run["seconds"]) == set(bench_build.STAGES)
    assert abs(sum(run["seconds"].values()) - run["total_s"]) < 0.01
    assert {"rdf/quads", "rdf/serialise", "write/graph files", "write/map"} <= set(run["seconds_detail"])
    assert abs(run["words_per_s"] * run["total_s"] / run["words"] - 1) < 0.01  # total_s is rounded
    printed = capsys.readouterr().out
    assert "| words/s |" in printed and "totals of the repeated runs s" in printed
