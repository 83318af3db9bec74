"""The synthetic corpus generator in bench/: deterministic, and buildable by changemap."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from changemap.pipeline import build_corpus

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))
from bench import synth  # noqa: E402

DOCS, STAKEHOLDERS = 6, 20


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    synth.generate(out, documents=DOCS, stakeholders=STAKEHOLDERS, seed=7)
    return out


def test_same_seed_gives_identical_bytes(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    synth.generate(again, documents=DOCS, stakeholders=STAKEHOLDERS, seed=7)
    assert _files(again) == _files(corpus)


def test_different_seed_gives_different_corpus(corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    synth.generate(other, documents=DOCS, stakeholders=STAKEHOLDERS, seed=8)
    assert _files(other) != _files(corpus)


def test_layout_matches_the_example_formats(corpus: Path) -> None:
    files = _files(corpus)
    assert {"stakeholders.csv", "engagements.csv", "timeline.csv"} <= set(files)
    texts = [k for k in files if k.endswith((".md", ".txt"))]
    assert len(texts) == DOCS
    assert any(k.startswith("summaries/") for k in texts)
    with (corpus / "stakeholders.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["name", "kind", "aliases", "target_groups"]
    assert len(rows) == STAKEHOLDERS
    with (corpus / "engagements.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == ["source", "target", "mode", "year", "sentiment", "evidence"]
    transcript = next(files[k] for k in texts if k.startswith("transcripts/")).decode()
    assert transcript.startswith("---\ntitle: ")
    assert "\nInterviewer: " in transcript and "\nRespondent: " in transcript


def test_the_corpus_builds_and_conforms(corpus: Path, tmp_path: Path) -> None:
    result = build_corpus([corpus], tmp_path / "out", outputs=False)
    counts = result.counts()
    assert counts["documents"] == DOCS + 3
    named = [s for s in result.extraction.stakeholders if not s.generic]
    assert len(named) == STAKEHOLDERS, result.extraction.merges  # generic actors ("the police") aside
    assert counts["engagements"] >= 1
    assert counts["findings"] >= 1
    assert counts["interviewees"] == DOCS - 1
    assert not result.problems, result.problems[:3]
    assert result.validation is not None
    assert result.validation.conforms, result.validation.violations[:5]
