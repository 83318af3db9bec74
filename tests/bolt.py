"""A throwaway Bolt server for tests: ArcadeDB from the ``arcadedb-embedded`` wheel.

No Neo4j server can be installed here, but ArcadeDB speaks Bolt and reports itself
as "Neo4j/5.26.0 compatible", so the official ``neo4j`` driver works against it.
The wheel bundles a JRE and the server jars; :class:`BoltServer` runs them as a
child process (not through jpype, so the test process keeps no JVM) in a temporary
root directory that :meth:`BoltServer.stop` removes.

When ``NEO4J_URI``, ``NEO4J_USER`` and ``NEO4J_PASSWORD`` are set the tests use
that server instead: see :func:`external_from_env`.

Things ArcadeDB does differently from Neo4j are listed in tests/test_bolt_server.py.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: Name of the database the server creates at start and the driver should use.
DEFAULT_DATABASE = "kg"
#: ArcadeDB's administrator; the only user the server has.
ROOT_USER = "root"
#: Where the server's stdout/stderr go, inside its root directory. Not "log": the
#: server itself creates ./log/ in its working directory.
SERVER_OUTPUT = "server.out"

START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


@dataclass(frozen=True)
class BoltSettings:
    """Where a Bolt server is and how to log in; ``database=None`` means the server's default."""

    uri: str
    user: str
    password: str
    database: str | None = None


def external_from_env(environ: dict[str, str] | None = None) -> BoltSettings | None:
    """Settings for an existing server from ``NEO4J_URI``/``NEO4J_USER``/``NEO4J_PASSWORD``.

    ``NEO4J_DATABASE`` is optional. Returns None when ``NEO4J_URI`` is not set; raises
    ValueError when it is set but the user or password is missing, so a half-configured
    environment is not silently replaced by a local server.

    >>> external_from_env({}) is None
    True
    >>> external_from_env({"NEO4J_URI": "bolt://db:7687", "NEO4J_USER": "neo4j",
    ...                    "NEO4J_PASSWORD": "pw"}).database is None
    True
    """
    env = os.environ if environ is None else environ
    uri = env.get("NEO4J_URI", "").strip()
    if not uri:
        return None
    missing = [name for name in ("NEO4J_USER", "NEO4J_PASSWORD") if not env.get(name)]
    if missing:
        raise ValueError(
            f"NEO4J_URI is set to {uri!r} but {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not; set {', '.join(missing)} "
            "or unset NEO4J_URI to use the bundled ArcadeDB server"
        )
    return BoltSettings(
        uri=uri,
        user=env["NEO4J_USER"],
        password=env["NEO4J_PASSWORD"],
        database=env.get("NEO4J_DATABASE") or None,
    )


def _package_dir() -> Path | None:
    """Directory of the installed ``arcadedb_embedded`` package, found without importing it."""
    try:
        spec = importlib.util.find_spec("arcadedb_embedded")
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(spec.origin).parent if spec.origin else None


def _java_path(pkg: Path) -> Path:
    return pkg / "jre" / "bin" / ("java.exe" if sys.platform == "win32" else "java")


def bolt_available() -> tuple[bool, str]:
    """Whether :class:`BoltServer` can run here, and if not, why (the reason is shown on skip)."""
    if importlib.util.find_spec("neo4j") is None:
        return False, "the neo4j driver is not installed (pip install neo4j)"
    pkg = _package_dir()
    if pkg is None:
        return False, "arcadedb-embedded is not installed (pip install arcadedb-embedded)"
    java = _java_path(pkg)
    if not (java.is_file() and os.access(java, os.X_OK)):
        return False, f"arcadedb-embedded has no runnable bundled java at {java}"
    jars = pkg / "jars"
    if not any(jars.glob("arcadedb-server-*.jar")):
        return False, f"arcadedb-embedded has no arcadedb-server jar in {jars}"
    if not any(jars.glob("arcadedb-bolt-*.jar")):
        return False, f"arcadedb-embedded has no arcadedb-bolt jar in {jars}"
    return True, f"ArcadeDB from {pkg}"


def _free_ports(count: int) -> list[int]:
    """Distinct free TCP ports on 127.0.0.1 (all held open together so they differ)."""
    socks = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class BoltServer:
    """An ArcadeDB server with the Bolt plugin, as a child process in a temp directory.

    >>> server = BoltServer()
    >>> server.uri is None and server.database == DEFAULT_DATABASE
    True

    Use ``start()``/``stop()`` (or ``with BoltServer() as server:``); the connection
    settings are ``uri``, ``user``, ``password`` and ``database``, as in
    :class:`BoltSettings`.
    """

    def __init__(self, *, heap: str = "512m", start_timeout: float = START_TIMEOUT) -> None:
        self.user = ROOT_USER
        # ArcadeDB wants a root password of 8+ characters.
        self.password = "cm-" + secrets.token_hex(8)
        self.database = DEFAULT_DATABASE
        self.uri: str | None = None
        self.bolt_port: int | None = None
        self.http_port: int | None = None
        self.root: Path | None = None
        self.startup_seconds: float | None = None
        self.heap = heap
        self.start_timeout = start_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._log = None

    # -- lifecycle ---------------------------------------------------------------

    def command(self, pkg: Path) -> list[str]:
        """The java command line for the current root and ports."""
        assert self.root is not None and self.bolt_port is not None and self.http_port is not None
        classpath = str(pkg / "jars" / "*")  # expanded by java, not by a shell
        return [
            str(_java_path(pkg)),
            f"-Xmx{self.heap}",
            "-XX:-UsePerfData",
            "-cp",
            classpath,
            f"-Darcadedb.server.rootPath={self.root}",
            f"-Darcadedb.server.rootPassword={self.password}",
            f"-Darcadedb.server.defaultDatabases={self.database}[{self.user}]",
            "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "-Darcadedb.bolt.host=127.0.0.1",
            f"-Darcadedb.bolt.port={self.bolt_port}",
            f"-Darcadedb.bolt.defaultDatabase={self.database}",
            "-Darcadedb.server.httpIncomingHost=127.0.0.1",
            f"-Darcadedb.server.httpIncomingPort={self.http_port}",
            "com.arcadedb.server.ArcadeDBServer",
        ]

    def start(self) -> BoltServer:
        """Launch the server and return once ``RETURN 1`` works through the neo4j driver.

        Raises RuntimeError (with the end of the server's output) if it is not ready
        within ``start_timeout`` seconds; everything started is cleaned up first.
        """
        if self._proc is not None:
            raise RuntimeError("BoltServer is already started")
        ok, why = bolt_available()
        if not ok:
            raise RuntimeError(f"cannot start a Bolt server: {why}")
        pkg = _package_dir()
        assert pkg is not None
        began = time.monotonic()
        attempts = 3  # a free port can be taken between picking it and the bind
        for attempt in range(1, attempts + 1):
            self._launch(pkg)
            try:
                self._wait_ready(began + self.start_timeout)
            except _PortTaken:
                self.stop()
                if attempt == attempts:
                    raise RuntimeError("Bolt server could not bind its ports " + self._tail_note()) from None
                continue
            except BaseException:
                self.stop()
                raise
            self.startup_seconds = time.monotonic() - began
            return self
        raise AssertionError("unreachable")

    def stop(self) -> None:
        """SIGTERM the server, SIGKILL it after 15 s, and remove its directory. Idempotent."""
        atexit.unregister(self.stop)
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            try:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=STOP_TIMEOUT)
            except ProcessLookupError:
                pass
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.root is not None:
            self._last_tail = self.log_tail()
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
        self.uri = None

    def __enter__(self) -> BoltServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- helpers -------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def log_path(self) -> Path | None:
        return None if self.root is None else self.root / SERVER_OUTPUT

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's stdout/stderr (after stop(): as they were)."""
        path = self.log_path
        if path is None or not path.exists():
            return getattr(self, "_last_tail", "")
        text = path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def _tail_note(self) -> str:
        return f"(server output, last lines):\n{self.log_tail()}"

    def _launch(self, pkg: Path) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="changemap-bolt-"))
        self.bolt_port, self.http_port = _free_ports(2)
        self.uri = f"bolt://127.0.0.1:{self.bolt_port}"
        self._log = open(self.root / SERVER_OUTPUT, "wb")  # closed in stop()
        self._proc = subprocess.Popen(
            self.command(pkg),
            cwd=self.root,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            # Own session: a ^C in the terminal reaches pytest, whose teardown stops us.
            start_new_session=True,
        )
        atexit.register(self.stop)

    def _check_alive(self) -> None:
        """Raise if the server has failed to start: exited, or logged a fatal start-up error.

        A failed start does not always end the JVM (non-daemon threads keep it alive),
        so the output is checked too.
        """
        assert self._proc is not None
        code = self._proc.poll()
        tail = self.log_tail(200)
        if any(marker in tail for marker in _PORT_TAKEN_MARKERS):
            raise _PortTaken
        if code is not None:
            raise RuntimeError(f"Bolt server exited with code {code} during start-up {self._tail_note()}")
        if any(marker in tail for marker in _FATAL_MARKERS):
            raise RuntimeError(f"Bolt server failed during start-up {self._tail_note()}")

    def _wait_ready(self, deadline: float) -> None:
        assert self.bolt_port is not None
        while not _port_open(self.bolt_port):
            self._check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"Bolt server did not open port {self.bolt_port} within "
                    f"{self.start_timeout:g} s {self._tail_note()}"
                )
            time.sleep(0.1)
        import neo4j  # only needed once the server is up

        last: Exception | None = None
        while time.monotonic() <= deadline:
            self._check_alive()
            try:
                with (
                    neo4j.GraphDatabase.driver(
                        self.uri,
                        auth=(self.user, self.password),
                        connection_timeout=5,
                        connection_acquisition_timeout=5,  # else a stuck handshake waits 60 s
                    ) as driver,
                    driver.session(database=self.database) as session,
                ):
                    if session.run("RETURN 1 AS one").single(strict=True)["one"] == 1:
                        return
            except Exception as exc:  # any failure means "not ready yet"
                last = exc
            time.sleep(0.2)
        raise RuntimeError(
            f"Bolt server on {self.uri} did not answer RETURN 1 within {self.start_timeout:g} s "
            f"(last error: {last!r}) {self._tail_note()}"
        )


#: Server output meaning a port we picked was taken meanwhile (then: retry with new ports).
_PORT_TAKEN_MARKERS = ("BindException", "Address already in use", "Unable to listen", "busy, trying the next")
#: Server output meaning the start has failed even if the JVM is still running.
_FATAL_MARKERS = ('Exception in thread "main"', "Error starting plugin")


class _PortTaken(Exception):
    """The server could not bind a port we picked: someone took it meanwhile."""
