"""The changemap ontology, its SKOS concept schemes and SHACL shapes.

Files live beside this module; :mod:`changemap.ontology.lexicon` turns the
schemes' labels into the lookup tables that extraction and readers use.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
ONTOLOGY_FILE = HERE / "changemap.ttl"
SHAPES_FILE = HERE / "shapes.ttl"
SCHEMES_DIR = HERE / "schemes"


def vocabulary_files() -> list[Path]:
    """The ontology plus every concept scheme file, in a stable order."""
    return [ONTOLOGY_FILE, *sorted(SCHEMES_DIR.glob("*.ttl"))]
