"""Throughput of the text rules alone, on a generated corpus: words per second of each rule.

Runs the organisation, engagement and moment rules over every block of the
synthetic corpus (``bench/synth.py``) once the blocks are parsed, so the
figures exclude reading, parsing, resolution and RDF.  One process, best of
three passes.

    .venv/bin/python -m bench.bench_rules --documents 50 --stakeholders 200
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from changemap.ingest.engage import find_engagements
from changemap.ingest.extract import extract
from changemap.ingest.moments import find_moments
from changemap.ingest.orgs import find_organisations
from changemap.ingest.read import discover, read_documents
from changemap.ingest.textpass import Lexicons, parsed_blocks

from .synth import generate


def _best(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def measure(folder: Path) -> dict[str, float]:
    found, _ = discover([folder])
    docs = [d for path, key in found for d in read_documents(path, key)]
    texts = [d for d in docs if d.kind in {"transcript", "summary", "text"}]
    words = sum(len(d.text.split()) for d in texts)
    lex = Lexicons.for_extraction(extract([d for d in docs if d.kind == "register"]))
    parsed = [(b, sdoc) for d in texts for b, sdoc in parsed_blocks(d)]
    orgs = {id(sdoc): find_organisations(sdoc, lex.orgs) for _, sdoc in parsed}
    sents = [(s, [o for o in orgs[id(sdoc)] if s.start_char <= o.start < s.end_char])
             for _, sdoc in parsed for s in sdoc.sents]
    out = {"words": words}
    out["organisations words/s"] = words / _best(lambda: [find_organisations(s, lex.orgs) for _, s in parsed])
    out["engagements words/s"] = words / _best(lambda: [find_engagements(s, o, "Speaker Org") for s, o in sents])
    out["moments words/s"] = words / _best(lambda: [find_moments(s, o) for s, o in sents])
    out["whole extraction words/s"] = words / _best(lambda: extract(docs), repeat=1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=50)
    parser.add_argument("--stakeholders", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), documents=args.documents, stakeholders=args.stakeholders, seed=args.seed)
        for name, value in measure(Path(tmp)).items():
            print(f"{name:28s} {value:>12,.0f}")


if __name__ == "__main__":
    main()
