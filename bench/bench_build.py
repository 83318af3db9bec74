"""Benchmark ``changemap.pipeline.build_corpus`` on synthetic corpora.

For each size (``DOCUMENTSxSTAKEHOLDERS``) a corpus is generated with
:mod:`bench.synth` into a temporary folder and built once, with SHACL
validation, in a fresh Python process (so peak memory and first-call costs
belong to that size alone).  Printed per size: documents, words, quads, the
seconds of each stage (read, extract, rdf, validate, write) and their total,
words/s and triples/s (quads / total seconds) with and without the SHACL
stage, and peak RSS (the whole build, and the peak reached before validation
started).

    python -m bench.bench_build                       # 50x200 and 400x2000
    python -m bench.bench_build --sizes 20x100 --json out.json
    python -m bench.bench_build --sizes 400x2000 --profile 25
    python -m bench.bench_build --repeat 3              # median of three runs per size

``--profile N`` runs the build under cProfile and prints the N functions with
the most own time and the N changemap functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAGES = ("read", "extract", "rdf", "validate", "write")
DEFAULT_SIZES = "50x200,400x2000"
_MARK = "BENCH-RESULT "


def parse_sizes(text: str) -> list[tuple[int, int]]:
    """'50x200,400x2000' -> [(50, 200), (400, 2000)]."""
    sizes = []
    for part in text.split(","):
        docs, _, stakeholders = part.strip().lower().partition("x")
        if not docs.isdigit() or not stakeholders.isdigit():
            raise argparse.ArgumentTypeError(f"size '{part}' is not DOCUMENTSxSTAKEHOLDERS, e.g. 50x200")
        sizes.append((int(docs), int(stakeholders)))
    return sizes


def _rss_mib(field: str) -> float | None:
    """VmHWM / VmRSS of this process from /proc (Linux), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def run_one(documents: int, stakeholders: int, seed: int, outputs: bool, profile: int) -> dict:
    """Generate and build one corpus in this process; return the figures."""
    t0 = time.perf_counter()
    # First-call costs (imports, spaCy, vocabulary) are measured apart from the stages;
    # that includes the modules a build imports on first use (readers, map, report).
    import changemap.pipeline as pipeline
    import changemap.viz.frames  # noqa: F401
    import changemap.viz.map  # noqa: F401
    import changemap.viz.report  # noqa: F401
    from changemap.ingest.nlp import pipeline as nlp_pipeline
    from changemap.ingest.read import _load_readers
    from changemap.ontology.lexicon import schemes, vocabulary_store

    from . import synth

    _load_readers()
    vocabulary_store()
    schemes()
    nlp_pipeline()
    startup = time.perf_counter() - t0

    with tempfile.TemporaryDirectory(prefix="changemap-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        t = time.perf_counter()
        synth.generate(corpus, documents=documents, stakeholders=stakeholders, seed=seed)
        generate_s = time.perf_counter() - t
        marks: dict[str, float | None] = {}

        def progress(msg: str) -> None:
            if msg == "validating":
                marks["rss_before_validate_mib"] = _rss_mib("VmHWM")

        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        result = pipeline.build_corpus([corpus], Path(tmp) / "out", shacl=True, outputs=outputs,
                                       progress=progress)
        if profiler:
            profiler.disable()
        seconds = {s: round(result.seconds.get(s, 0.0), 3) for s in STAGES}
        detail = {s: round(v, 3) for s, v in result.seconds.items() if "/" in s}
        total = sum(result.seconds.get(s, 0.0) for s in STAGES)
        no_shacl = total - result.seconds.get("validate", 0.0)
        words, quads = result.words, result.quads
        out = {
            "size": f"{documents}x{stakeholders}",
            "documents": documents,
            "stakeholders_in_register": stakeholders,
            "input_files": len(result.documents),
            "words": words,
            "quads": quads,
            "counts": result.counts(),
            "conforms": result.validation.conforms if result.validation else None,
            "violations": len(result.validation.violations) if result.validation else None,
            "problems": len(result.problems),
            "seconds": seconds,
            "seconds_detail": detail,
            "total_s": round(total, 3),
            "total_without_shacl_s": round(no_shacl, 3),
            "words_per_s": round(words / total),
            "triples_per_s": round(quads / total),
            "words_per_s_without_shacl": round(words / no_shacl),
            # Extraction (unchanged by the graph work) against everything else: the total rate is
            # 1 / (1 / extraction + 1 / rest), and extraction's own rate shows how fast the machine ran.
            "words_per_s_extraction": round(words / result.seconds["extract"]),
            "words_per_s_rest": round(words / (total - result.seconds["extract"])),
            "triples_per_s_without_shacl": round(quads / no_shacl),
            "startup_s": round(startup, 3),
            "generate_s": round(generate_s, 3),
            "rss_peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "rss_before_validate_mib": (round(marks["rss_before_validate_mib"], 1)
                                        if marks.get("rss_before_validate_mib") else None),
            "outputs": outputs,
        }
    if profiler:
        out["profile"] = _profile_text(profiler, profile)
    return out


def _profile_text(profiler: cProfile.Profile, n: int) -> str:
    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf).strip_dirs()
    total = stats.total_tt  # type: ignore[attr-defined]
    buf.write(f"profile: {total:.2f} s in all\n\n-- top {n} by own time --\n")
    stats.sort_stats("tottime").print_stats(n)
    buf.write(f"\n-- top {n} changemap functions by cumulative time --\n")
    rows = []
    for (file, line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((ct, file, line, func))
    full = pstats.Stats(profiler)
    paths = {(Path(f).name, ln, fn): f for (f, ln, fn) in full.stats}  # type: ignore[attr-defined]
    picked = [r for r in rows if "changemap" in paths.get((r[1], r[2], r[3]), "")
              and "/bench/" not in paths.get((r[1], r[2], r[3]), "")]
    for ct, file, line, func in sorted(picked, reverse=True)[:n]:
        buf.write(f"{ct:9.2f} s {100 * ct / total:5.1f}%  {file}:{line}({func})\n")
    return buf.getvalue()


def median_run(runs: list[dict]) -> dict:
    """The run with the median total (the lower middle one for an even count),
    with every run's total and extraction time under ``totals_s`` and ``extract_s``.

    >>> runs = [{"total_s": t, "seconds": {"extract": t / 2}} for t in (3.0, 1.0, 2.0)]
    >>> median_run(runs)["total_s"], median_run(runs)["extract_s"]
    (2.0, [1.5, 0.5, 1.0])
    """
    chosen = sorted(runs, key=lambda r: r["total_s"])[(len(runs) - 1) // 2]
    if len(runs) == 1:
        return chosen
    return {**chosen, "totals_s": [r["total_s"] for r in runs],
            "extract_s": [r["seconds"]["extract"] for r in runs]}


def _worker(args: argparse.Namespace) -> int:
    docs, stakeholders = parse_sizes(args.worker)[0]
    result = run_one(docs, stakeholders, args.seed, not args.no_outputs, args.profile)
    print(_MARK + json.dumps(result), flush=True)
    return 0


def _row(label: str, values: list[str]) -> str:
    return f"| {label} | " + " | ".join(values) + " |"


def table(results: list[dict]) -> str:
    """The figures as a Markdown table, one column per size."""
    cols = [r["size"] for r in results]

    def f(key: str, fmt: str = "{:,}") -> list[str]:
        return [fmt.format(r[key]) if r.get(key) is not None else "-" for r in results]

    lines = [_row("size (documents x stakeholders)", cols), "|---" * (len(cols) + 1) + "|",
             _row("input files", f("input_files")), _row("words", f("words")), _row("quads", f("quads")),
             _row("stakeholders found", [f"{r['counts']['stakeholders']:,}" for r in results]),
             _row("engagements", [f"{r['counts']['engagements']:,}" for r in results]),
             _row("findings", [f"{r['counts']['findings']:,}" for r in results])]
    for s in STAGES:
        lines.append(_row(f"{s} s", [f"{r['seconds'][s]:.2f}" for r in results]))
    lines += [
        _row("**total s**", f("total_s", "{:.2f}")),
        _row("total s without SHACL", f("total_without_shacl_s", "{:.2f}")),
        _row("words/s", f("words_per_s")),
        _row("words/s without SHACL", f("words_per_s_without_shacl")),
        _row("words/s of extraction alone", f("words_per_s_extraction")),
        _row("words/s of all other stages", f("words_per_s_rest")),
        _row("triples/s", f("triples_per_s")),
        _row("triples/s without SHACL", f("triples_per_s_without_shacl")),
        _row("peak RSS MiB", f("rss_peak_mib", "{:,.0f}")),
        _row("peak RSS MiB before SHACL", f("rss_before_validate_mib", "{:,.0f}")),
        _row("SHACL conforms", [str(r["conforms"]) for r in results]),
        *([_row("totals of the repeated runs s", [", ".join(f"{t:.2f}" for t in r.get("totals_s", [r["total_s"]]))
                                                    for r in results])]
          if any("totals_s" in r for r in results) else []),
        _row("startup s (imports, spaCy, vocabulary; not in total)", f("startup_s", "{:.2f}")),
        _row("corpus generation s (not in total)", f("generate_s", "{:.2f}")),
    ]
    return "\n".join(lines)


def _load_average() -> list[float] | None:
    """The 1, 5 and 15 minute load averages when the run ended (other work on the machine)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _git_state(root: str) -> str:
    """The commit measured, with '+changes' when the work tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "changemap"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_build",
                                     description="Benchmark changemap builds on synthetic corpora.")
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes(DEFAULT_SIZES),
                        help=f"comma-separated DOCUMENTSxSTAKEHOLDERS (default {DEFAULT_SIZES})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--no-outputs", action="store_true", help="skip map.html and report.md")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="run under cProfile and print the top N hot spots per size")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="build each size N times (fresh processes) and report the run with the median "
                             "total; the JSON keeps every run's total")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(args)
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")

    results = []
    started = time.perf_counter()
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    for docs, stakeholders in args.sizes:
        size = f"{docs}x{stakeholders}"
        print(f"building {size} ...", file=sys.stderr, flush=True)
        cmd = [sys.executable, "-m", "bench.bench_build", "--worker", size, "--seed", str(args.seed),
               "--profile", str(args.profile)] + (["--no-outputs"] if args.no_outputs else [])
        runs = []
        for _ in range(args.repeat):
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=root, env=env)
            line = next((ln for ln in proc.stdout.splitlines() if ln.startswith(_MARK)), None)
            if proc.returncode != 0 or line is None:
                sys.stderr.write(proc.stdout + proc.stderr)
                print(f"error: the {size} build failed (exit {proc.returncode})", file=sys.stderr)
                return 1
            runs.append(json.loads(line[len(_MARK):]))
            print(f"  {size}: {runs[-1]['total_s']:.2f} s ({runs[-1]['total_without_shacl_s']:.2f} s without SHACL)",
                  file=sys.stderr, flush=True)
        result = median_run(runs)
        results.append(result)
        if result.get("profile"):
            print(f"\n## cProfile, {size}\n\n{result['profile']}")
    wall = time.perf_counter() - started
    meta = {
        "date": datetime.date.today().isoformat(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "seed": args.seed,
        "repeat": args.repeat,
        "load_average": _load_average(),
        "wall_s": round(wall, 1),
        "changemap": _git_state(root),
    }
    print(f"\nchangemap build benchmark, {meta['date']}, Python {meta['python']}, {meta['machine']}, "
          f"changemap {meta['changemap']}, seed {args.seed}, wall {wall:.0f} s, "
          f"load average {meta['load_average']}\n")
    print(table(results))
    if args.json:
        clean = [{k: v for k, v in r.items() if k != "profile"} for r in results]
        args.json.write_text(json.dumps({"meta": meta, "results": clean}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
