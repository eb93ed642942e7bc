"""A throwaway PostgreSQL server for tests and benchmarks: ``initdb`` and ``pg_ctl`` on a temporary folder.

Why: the PostgreSQL store is tested against the real engine, never a mock, and a clean machine
has none running. Debian's ``postgresql`` package (``scripts/install_engines.sh``) gives the
binaries under ``/usr/lib/postgresql/<version>/bin``; this module makes a private cluster from
them, listening on a Unix socket in its own folder and on a free local TCP port, and removes it
when stopped. Local socket logins are trusted; TCP logins need the password (:data:`PASSWORD`),
so a wrong password can be tested. initdb refuses to run as root, so as root the server runs as
the ``postgres`` system user (``runuser``) in a folder that user owns.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

from tahqiq.store.postgres import connect

SUPERUSER = "tahqiq"
PASSWORD = "tahqiq-test-password"  # a throwaway cluster's; only TCP logins ask for it
SYSTEM_USER = "postgres"  # Debian's package creates it; the server runs as it when we are root
#: Settings for a cluster whose data may be lost (tests): no fsync, so each test's database
#: costs milliseconds. Benchmarks start with ``durable=True`` to measure what a desk would run.
FAST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


def binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (the newest installed version), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _version(path: str) -> tuple[int, ...]:
    part = Path(path).parent.parent.name
    return tuple(int(x) for x in part.split(".") if x.isdigit())


def missing_reason() -> str | None:
    """Why a cluster cannot be started here, or None when it can."""
    if binaries() is None:
        return "PostgreSQL is not installed (run: sh scripts/install_engines.sh)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            return f"running as root and there is no '{SYSTEM_USER}' system user to run PostgreSQL as"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgCluster:
    """A private PostgreSQL cluster; use as a context manager or call :meth:`start` and :meth:`stop`."""

    def __init__(self, *, durable: bool = False) -> None:
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError(missing_reason() or "PostgreSQL is not installed")
        self.bin = bin_dir
        self.durable = durable
        self.root = Path(tempfile.mkdtemp(prefix="tahqiq-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam(SYSTEM_USER)
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self._as = ["runuser", "-u", SYSTEM_USER, "--"]
        self.started = False

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> PgCluster:
        """initdb (once) and start the server; returns self."""
        if not self.data.exists():
            pwfile = self.root / "pw"
            pwfile.write_text(PASSWORD + "\n", encoding="utf-8")
            if self._as:
                account = pwd.getpwnam(SYSTEM_USER)
                os.chown(pwfile, account.pw_uid, account.pw_gid)
            self._run(
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                f"--pwfile={pwfile}",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
            )
            pwfile.unlink()
        settings = [
            "listen_addresses=127.0.0.1",
            f"port={self.port}",
            f"unix_socket_directories={self.root}",
            "max_connections=200",
        ]
        if not self.durable:
            settings.extend(FAST_SETTINGS)
        options = " ".join(f"-c {s}" for s in settings)
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "log"),
            "-o",
            options,
            "-w",
            "start",
        )
        self.started = True
        return self

    def stop(self, *, remove: bool = True) -> None:
        """Stop the server (fast shutdown) and, unless ``remove`` is false, delete its folder."""
        if self.started:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
            self.started = False
        if remove:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres", *, tcp: bool = False, password: str | None = None) -> str:
        """A URL for ``database``: over the Unix socket (trusted), or TCP with ``password``."""
        if tcp:
            secret = f":{password}" if password is not None else ""
            return f"postgresql://{SUPERUSER}{secret}@127.0.0.1:{self.port}/{database}"
        return f"postgresql://{SUPERUSER}@/{database}?host={self.root}&port={self.port}"

    def create_database(self, name: str) -> str:
        """A new empty database (C collation, as SQLite compares text); its socket URL."""
        conn = connect(self.url())
        try:
            conn.execute(
                f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
            )
        finally:
            conn.close()
        return self.url(name)

    def drop_database(self, name: str) -> None:
        conn = connect(self.url())
        try:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            conn.close()

    def __enter__(self) -> PgCluster:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
