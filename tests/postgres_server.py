"""A throwaway PostgreSQL cluster for the export tests: initdb in a temporary
directory, a server on a free 127.0.0.1 port, `psql` to talk to it.

Uses Debian's postgresql binaries (`/usr/lib/postgresql/*/bin`, or whatever
`pg_config --bindir` says). As root, the cluster runs as `nobody` (initdb
refuses root). `.ci/run` installs the package when it is missing.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def bindir() -> Path | None:
    """Where initdb, pg_ctl and psql live, or None when PostgreSQL is not installed."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        candidates.insert(0, found.stdout.strip())
    for candidate in candidates:
        path = Path(candidate)
        if all((path / tool).exists() for tool in ("initdb", "pg_ctl", "psql", "postgres")):
            return path
    return None


def _version_key(path: str) -> int:
    name = Path(path).parent.name
    return int(name) if name.isdigit() else 0


class Postgres:
    def __init__(self, bin_path: Path, port: int) -> None:
        self.bin = bin_path
        self.port = port

    def psql(self, *args: str, input_text: str | None = None) -> str:
        """Run psql against the test database; stops at the first SQL error."""
        result = subprocess.run(
            [
                str(self.bin / "psql"),
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                "postgres",
                *args,
            ],
            input=input_text,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"psql failed ({result.returncode}): {result.stderr[-2000:]}")
        return result.stdout

    def query(self, sql: str) -> list[tuple[str, ...]]:
        """Rows of a query, every value as text (NULL as the empty string)."""
        out = self.psql("-A", "-t", "-F", "\t", "-c", sql)
        return [tuple(line.split("\t")) for line in out.splitlines() if line]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def cluster(bin_path: Path) -> Iterator[Postgres]:
    """A running server for the duration of the block, removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="llm-catalog-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            raise RuntimeError("running as root and runuser is missing: cannot run initdb")
        as_user = [runuser, "-u", "nobody", "--"]
        shutil.chown(root, user="nobody")
    data = root / "data"
    port = _free_port()

    def run(*cmd: str) -> None:
        result = subprocess.run(
            [*as_user, *cmd], capture_output=True, text=True, timeout=120, check=False
        )
        if result.returncode != 0:
            log = root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{cmd[0]} failed: {result.stderr[-2000:]}\n{tail}")

    run(
        str(bin_path / "initdb"),
        "-D",
        str(data),
        "-U",
        "postgres",
        "--auth=trust",
        "--encoding=UTF8",
        "--locale=C",
        "--no-sync",
    )
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off"
    )
    run(
        str(bin_path / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(root / "server.log"),
        "-o",
        options,
        "-w",
        "start",
    )
    try:
        yield Postgres(bin_path, port)
    finally:
        subprocess.run(
            [*as_user, str(bin_path / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)
