"""Exceptions raised by changemap.

All of them derive from :class:`ChangemapError`, so a caller can catch one
type.  Every message names what was wrong (file, line, column or value) and
says what to do about it.

>>> try:
...     raise MissingColumnError("register.csv", "name", ["name", "organisation"])
... except ChangemapError as err:
...     print(err)
register.csv: column 'name' is missing; expected one of: name, organisation
"""

from __future__ import annotations


class ChangemapError(Exception):
    """Root of every error changemap raises on purpose."""


class InputError(ChangemapError):
    """An input file cannot be read or does not have the expected shape."""

    def __init__(self, path: object, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class UnsupportedFormatError(InputError):
    """No reader is registered for the file's extension."""


class MissingColumnError(InputError):
    """A structured table lacks a required column."""

    def __init__(self, path: object, column: str, accepted: list[str]):
        self.column = column
        self.accepted = list(accepted)
        super().__init__(
            path, f"column '{column}' is missing; expected one of: {', '.join(accepted)}"
        )


class FrontMatterError(InputError):
    """YAML front matter is present but malformed."""


class VocabularyError(ChangemapError):
    """A value does not match any concept of a controlled vocabulary."""


class OntologyError(ChangemapError):
    """The packaged ontology or shapes could not be loaded."""


class GraphNotFoundError(ChangemapError):
    """A command was pointed at a folder that holds no built graph."""

    def __init__(self, path: object):
        self.path = str(path)
        super().__init__(
            f"{self.path}: no built graph here (graph.trig missing); "
            f"run 'changemap build PATH -o {self.path}' first"
        )


class ValidationFailed(ChangemapError):
    """The built graph does not conform to the SHACL shapes (with --strict)."""


class QueryError(ChangemapError):
    """A named query is unknown, or its parameters or SPARQL are wrong."""


class BuildError(ChangemapError):
    """The build could not complete (for example, every input failed)."""


class StoryError(InputError):
    """A story file for the map is malformed or names something the graph lacks."""


class Neo4jBackendError(ChangemapError):
    """Talking to a Neo4j (Bolt) database failed; the message says what to check."""


class Neo4jMappingError(Neo4jBackendError):
    """A term has no place in the property graph, or a database holds what changemap did not write."""


class Neo4jConnectionError(Neo4jBackendError):
    """The server cannot be reached, refuses the login, or has no such database."""


class Neo4jWriteError(Neo4jBackendError):
    """A batch could not be written; that batch's transaction was rolled back."""


class ExportFolderError(Neo4jBackendError):
    """The output folder exists and holds something other than an earlier neo4j-csv export."""
