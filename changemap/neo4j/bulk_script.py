"""The notes beside the neo4j-csv files: ``import.sh`` (the exact ``neo4j-admin
database import full`` command), ``after-import.cypher`` and ``README.txt``.

Split from :mod:`changemap.neo4j.bulk`, which writes the data files and calls these.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import __version__
from .schema import BASE_LABEL, META_LABEL
from .sync import CONSTRAINT, INDEXES

MARKER = "changemap-neo4j-csv.json"
IMPORT_SCRIPT = "import.sh"
AFTER_IMPORT = "after-import.cypher"
README = "README.txt"
DELIMITER = ","
QUOTE = '"'
META_STEM = "nodes-" + META_LABEL


def _unicode(ch: str) -> str:
    return f"U+{ord(ch):04X}"


if TYPE_CHECKING:
    from .bulk import BulkReport

def import_args(report: BulkReport, folder: str = "$D") -> list[str]:
    """The options of the neo4j-admin command (after the database name), files under ``folder``."""
    args = ["--id-type=string", f"--delimiter={DELIMITER}", f"--array-delimiter={_unicode(report.array_delimiter)}",
            f"--quote={QUOTE}", "--legacy-style-quoting=false", "--ignore-empty-strings=false",
            "--trim-strings=false"]
    if report.multiline:
        args.append("--multiline-fields=true")
    if report.read_buffer_size:
        args.append(f"--read-buffer-size={report.read_buffer_size}")
    for g in report.groups:
        option = "--nodes" if g.kind == "nodes" else "--relationships"
        args.append(f"{option}={folder}/{g.header},{folder}/{g.data}")
    return args


def _sh(arg: str) -> str:
    """A shell word for ``arg``: double quotes, so ``$D`` still expands."""
    return '"' + re.sub(r'([\\"`])', r"\\\1", arg) + '"'


def import_script(report: BulkReport) -> str:
    lines = [
        "#!/bin/sh",
        f"# Load this folder into a Neo4j database with neo4j-admin. Written by changemap {__version__};",
        "# see README.txt. The database must be stopped (or not exist yet); start it afterwards and",
        f"# run {AFTER_IMPORT} in it.",
        "#",
        "#   ./import.sh [DATABASE]        DATABASE defaults to neo4j",
        "#",
        "# Environment:",
        "#   NEO4J_ADMIN  the neo4j-admin program (default: neo4j-admin on the PATH,",
        "#                e.g. NEO4J_ADMIN=$NEO4J_HOME/bin/neo4j-admin)",
        "#   IMPORT_DIR   this folder as neo4j-admin sees it (default: the folder of this script)",
        "#   OVERWRITE    true passes --overwrite-destination=true, which DELETES the existing",
        "#                database files first; keep false (the default) for a new or empty database",
        "set -eu",
        'DATABASE="${1:-neo4j}"',
        'NEO4J_ADMIN="${NEO4J_ADMIN:-neo4j-admin}"',
        'D="${IMPORT_DIR:-$(cd "$(dirname "$0")" && pwd)}"',
        'OVERWRITE="${OVERWRITE:-false}"',
        'case "$D" in',
        '  *,*) echo "import.sh: the folder $D has a comma in its path, which neo4j-admin reads as a file" \\',
        '         "separator; move or rename it" >&2; exit 2 ;;',
        "esac",
        "case \"$D\" in",
        "  *'['*|*']'*|*'('*|*')'*|*'{'*|*'}'*|*'*'*|*'+'*|*'?'*|*'^'*|*'$'*|*'|'*|*'\\'*)",
        '    echo "import.sh: warning: neo4j-admin may read characters of $D as a file name pattern;" \\',
        '         "if it reports missing files, move the folder to a plain path" >&2 ;;',
        "esac",
        'case "$OVERWRITE" in',
        "  true|false) ;;",
        '  *) echo "import.sh: OVERWRITE must be true or false, not $OVERWRITE" >&2; exit 2 ;;',
        "esac",
        "",
        "# The database name comes first: --nodes and --relationships take several values and",
        "# would swallow a name put after them.",
        'exec "$NEO4J_ADMIN" database import full "$DATABASE" \\',
        '  --overwrite-destination="$OVERWRITE" \\',
    ]
    args = import_args(report)
    lines += [f"  {_sh(a)} \\" for a in args[:-1]] + [f"  {_sh(args[-1])}", ""]
    return "\n".join(lines)


def after_import_cypher() -> str:

    statements = [CONSTRAINT, *(f"CREATE INDEX {name} IF NOT EXISTS FOR (n:`{label}`) ON (n.`{key}`)"
                                for name, (label, key) in INDEXES.items())]
    return ("// Run once in the imported database after starting it, e.g.\n"
            "//   cypher-shell -d neo4j -f after-import.cypher\n"
            "// The same constraint and indexes that 'changemap export neo4j' creates (it skips them\n"
            "// when they exist), so later online syncs find nodes by iri and never duplicate them.\n"
            + "".join(s + ";\n" for s in statements))


def readme(report: BulkReport) -> str:
    delim = _unicode(report.array_delimiter)
    title = f"Neo4j bulk import files written by changemap {__version__} ('changemap export neo4j-csv')"
    files = "\n".join(f"{name:<28} {what}" for name, what in [
        ("nodes-*.header.csv / .csv", "one pair per set of labels (a set is split into .partN"),
        ("", "files when a property has different types on its nodes)"),
        ("rels-*.header.csv / .csv", "one pair per relationship type"),
        (f"{META_STEM}.*", "the export record"),
        (IMPORT_SCRIPT, "the neo4j-admin command with every file and option"),
        (AFTER_IMPORT, "the constraint and indexes"),
        (MARKER, "what was written (rows, bytes, SHA-256 of every file)")])
    return f"""{title}
{"=" * len(title)}

{report.nodes} nodes (label :{BASE_LABEL}, unique property iri) and {report.relationships} relationships,
plus one :{META_LABEL} node recording the export, for 'neo4j-admin database import full'.
This is the fast way to load a large graph into a new (or emptied) database; for an
existing database that is in use, run 'changemap export neo4j' instead.

How to load them
----------------
1. Copy this folder to the machine that runs Neo4j (neo4j-admin reads local files).
   Keep commas out of the folder's path; neo4j-admin separates file names with commas.
2. Stop the database you import into (Community edition: stop Neo4j), or pick a new name
   (Enterprise edition).
3. Run
       ./import.sh neo4j
   with the database name as the argument. NEO4J_ADMIN=/path/to/bin/neo4j-admin names the
   program if it is not on the PATH; in the official Docker image, mount the folder (say at
   /import) and run /import/import.sh there. A database that holds data is refused by
   neo4j-admin unless you run OVERWRITE=true ./import.sh neo4j, which DELETES its files first.
4. Start Neo4j (Enterprise edition, new database: CREATE DATABASE name).
5. Create the unique constraint on :{BASE_LABEL}(iri) and the indexes:
       cypher-shell -d neo4j -f {AFTER_IMPORT}
   neo4j-admin creates no constraints. 'changemap export neo4j' finds nodes by iri under this
   constraint (it creates the same one, IF NOT EXISTS), so a later online sync, with or
   without --prune, updates the imported nodes instead of adding copies.
6. Check: MATCH (n:{BASE_LABEL}) RETURN count(n) gives {report.nodes};
   MATCH (:{BASE_LABEL})-[r]->(:{BASE_LABEL}) RETURN count(r) gives {report.relationships}.

The files
---------
{files}

Format: UTF-8; fields separated by ','; text fields quoted with '"', a quote inside doubled
(no backslash escapes); values may span lines{' (--multiline-fields=true)' if report.multiline else ''}.
List elements are separated by {delim} (--array-delimiter={delim}), a control character
that no value holds. An empty unquoted field is a missing property; "" is an empty string.
Header types: string, long, double, boolean, date, and their arrays (string[] ...).
Cells are not guarded against spreadsheet formulas: these files are meant for neo4j-admin.

Writing the folder again with 'changemap export neo4j-csv' replaces it whole.
"""


