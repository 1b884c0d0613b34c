"""`aksjon backup` and `aksjon restore`: the database as one archive, and back.

The archive (tar.gz) holds the database — SQLite through its online backup API, PostgreSQL
through `pg_dump --format=custom` — and a manifest naming the engine, the time and the audit
chain's head at the moment of the backup. It holds no key: neither the secret key nor the
audit key is in the database, and neither is put beside it (docs/deployment.md says where
they are kept). A restore puts the database back as it was, then the audit log records it
(`record_restore`): one row in the chain and a signed restore record in the checkpoint file,
so the rows given up since the backup are not taken for a cut tail and the chain verifies.
"""
from __future__ import annotations

import json
import os
import sqlite3

# Security lint: PostgreSQL's own tools only (pg_dump, pg_restore), see _run.
import subprocess  # nosec B404
import tarfile
import tempfile
from pathlib import Path

from django.db import connection
from django.utils import timezone

from aksjon.audit.log import record_restore
from aksjon.audit.models import AuditEntry

FORMAT = 1
MANIFEST, SQLITE_FILE, POSTGRES_FILE = "manifest.json", "database.sqlite3", "database.pgdump"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def backup(out: Path) -> dict:
    """Write the database and its manifest to `out` (written beside it, then moved into place)."""
    newest = AuditEntry.objects.order_by("-seq").first()
    manifest = {"format": FORMAT, "engine": connection.vendor, "created_at": timezone.now().isoformat(),
                "audit_seq": newest.seq if newest else 0, "audit_mac": newest.mac if newest else ""}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = _dump(folder)
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), "utf-8")
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(folder / MANIFEST, arcname=MANIFEST)
            archive.add(database, arcname=database.name)
        os.chmod(partial, 0o600)  # a backup holds everything the database holds
        partial.replace(out)
    return manifest


def restore(archive_path: Path, *, actor=None) -> dict:
    """Put the database back as the archive holds it, then record the restore in the audit log."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest = _unpack(archive_path, folder)
        if manifest["engine"] != connection.vendor:
            raise BackupError(f"the backup is of a {manifest['engine']} database, this is {connection.vendor}")
        _load(folder)
    record_restore(source=archive_path.name, actor=actor)
    return manifest


def _dump(folder: Path) -> Path:
    if connection.vendor == "sqlite":
        target = folder / SQLITE_FILE
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return target
    if connection.vendor == "postgresql":
        target = folder / POSTGRES_FILE
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", *_postgres_args()])
        return target
    raise BackupError(f"no backup for a {connection.vendor} database")


def _load(folder: Path) -> None:
    connection.close()  # nothing of ours holds the old tables while they are replaced
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(folder / SQLITE_FILE) as copy:
            copy.backup(connection.connection)
        return
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
          *_postgres_args(dbname_flag=True), str(folder / POSTGRES_FILE)])


def _unpack(archive_path: Path, folder: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            names = set(archive.getnames())
            if MANIFEST not in names or not names & {SQLITE_FILE, POSTGRES_FILE}:
                raise BackupError(f"{archive_path} is not an Aksjon backup (no manifest or database)")
            # Only the two known members, by name: nothing in the archive chooses where it is written.
            for name in names & {MANIFEST, SQLITE_FILE, POSTGRES_FILE}:
                member = archive.extractfile(name)
                if member is None:
                    raise BackupError(f"{name} in {archive_path} is not a file")
                (folder / name).write_bytes(member.read())
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{archive_path} cannot be read: {error}") from error
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} is a backup of format {manifest.get('format')}, not {FORMAT}")
    return manifest


def _postgres_args(*, dbname_flag: bool = False) -> list[str]:
    """Connection arguments for pg_dump/pg_restore from Django's settings (the password goes
    through the environment, see _run, never on the command line)."""
    settings = connection.settings_dict
    args = [f"--host={settings['HOST'] or '127.0.0.1'}", f"--port={settings['PORT'] or 5432}"]
    if settings["USER"]:
        args.append(f"--username={settings['USER']}")
    return [*args, f"--dbname={settings['NAME']}"] if dbname_flag else [*args, settings["NAME"]]


def _run(argv: list[str]) -> None:
    environment = os.environ | ({"PGPASSWORD": connection.settings_dict["PASSWORD"]}
                               if connection.settings_dict.get("PASSWORD") else {})
    # Security lint: PostgreSQL's own tools, a fixed argument list from the settings, no shell.
    done = subprocess.run(argv, env=environment, capture_output=True, text=True)  # nosec B603 B607
    if done.returncode:
        raise BackupError(f"{argv[0]} failed: {done.stderr.strip()[-2000:]}")
