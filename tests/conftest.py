"""Shared fixtures.

Tests that need a real component (headless Chromium, a Bolt server) skip
with the reason when it is truly absent — unless CHANGEMAP_REQUIRE_ALL=1, as
in CI, where they fail instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def require_or_skip(reason: str) -> None:
    """Skip, or fail when CHANGEMAP_REQUIRE_ALL=1 says nothing may be skipped."""
    if os.environ.get("CHANGEMAP_REQUIRE_ALL") == "1":
        pytest.fail(f"required component missing (CHANGEMAP_REQUIRE_ALL=1): {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def build_files(tmp_path_factory):
    """Build a small corpus written by the test: ``build_files(name, {"register.csv": text, ...})``
    writes the files to a fresh ``corpus`` folder and builds them into ``out`` beside it (no map or
    report).  The result's ``corpus_dir`` is that folder, for tests that read the sources back."""
    from changemap.pipeline import build_corpus

    def build(name: str, files: dict[str, str]):
        root = tmp_path_factory.mktemp(name)
        corpus = root / "corpus"
        corpus.mkdir()
        for filename, text in files.items():
            (corpus / filename).write_text(text)
        result = build_corpus([corpus], root / "out", outputs=False)
        result.corpus_dir = corpus
        return result

    return build


@pytest.fixture(scope="session")
def example_build(tmp_path_factory):
    """The bundled example corpus, built once for the session."""
    from changemap.pipeline import build_corpus

    out = tmp_path_factory.mktemp("examples") / "out"
    return build_corpus([EXAMPLES], out)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    require_or_skip("Chromium not found (apt-get install chromium, or run 'make test')")
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def browser(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_or_skip("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def bolt_server():
    """A Bolt server for the session: NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD if set, else ArcadeDB."""
    from tests.bolt import BoltServer, bolt_available, external_from_env

    external = external_from_env()
    if external is not None:
        yield external
        return
    ok, why = bolt_available()
    if not ok:
        require_or_skip(why)
    server = BoltServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
