"""The evaluation sets in eval/ stay usable: every gold file loads and quotes its document exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from changemap.evaluate import load_gold
from changemap.ingest.read import read_document

EVAL = Path(__file__).resolve().parent.parent / "eval"
SETS = sorted(p.name for p in EVAL.glob("gold-*") if p.is_dir())


def _documents(folder: str) -> dict[str, str]:
    root = Path(__file__).resolve().parent.parent if folder == "examples" else EVAL
    base = root / folder
    return {f"{folder}/{p.relative_to(base).as_posix()}": p for p in base.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", SETS)
def test_every_gold_quote_is_in_its_document_and_every_party_is_listed(name):
    golds = load_gold(EVAL / name)
    assert golds, f"{name} holds no gold files"
    for gold in golds:
        key = str(gold["document"])
        files = _documents(key.split("/")[0])
        assert key in files, f"{name}: {key} does not exist"
        text = " ".join(read_document(files[key], key).text.split())
        orgs = {o["name"] for o in gold.get("organisations") or []}
        for kind in ("engagements", "moments", "recording_systems", "data_flows"):
            for item in gold.get(kind) or []:
                quote = " ".join(str(item.get("quote", "")).split())
                assert quote in text, f"{name}: a {kind} quote is not in {key}: {quote[:60]!r}"
        for e in gold.get("engagements") or []:
            assert set(e["parties"]) <= orgs, f"{name}: {key}: {e['parties']} not all in organisations"
