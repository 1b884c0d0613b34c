"""A suite-wide guard: no write to an audited table without its audit row.

Every test that uses the database runs with an execute wrapper on the
connection (Django's `connection.execute_wrapper`). It follows the savepoints
of the test's transaction: each `transaction.atomic()` an action opens is a
savepoint inside it. When the outermost such block is released (what would be
a COMMIT outside the test), every write it made to one of Aksjon's tables must
have come with an INSERT into the audit log in the same block. A write outside
any block, made from Aksjon's own code (a view, a command, a job), has no
transaction of its own to carry an audit row, so it fails too. Writes made by a
test itself (its setup) are the test's business and are let through.

So a stray `.save()` in a view or an action that forgets `record_write` fails
whichever test happens to run it, not only the tests that were written for it.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import aksjon

AUDIT_TABLE = "audit_auditentry"
AKSJON_DIR = str(Path(aksjon.__file__).parent)

# Aksjon's own tables are the apps' tables; Django's (sessions, content types) are not.
AKSJON_APPS = ("accounts", "audit", "registry", "operations", "controls", "followup", "screening", "intel",
               "reports", "jobs", "exports")

# Writes that need no audit row, and why.
UNAUDITED = {
    "audit_audithead": "the chain's head moves with every audit row",
    "audit_auditentry": "the audit row itself",
}

# Statements by Django itself during a login; the login is not a change to case data, and
# re-hashing a password with the current hasher (Argon2) at login leaves the password as it was.
UNAUDITED_STATEMENTS = [
    re.compile(r'^UPDATE "accounts_user" SET "last_login"'),
    re.compile(r'^UPDATE "accounts_user" SET "password" = %s WHERE'),
]

# Code outside an action that writes on purpose without an audit row of its own, and why.
# The reference data and the shipped catalogue are loaded by migrations (and by tests that
# restore them); the demo and the benchmarks build their worlds before anyone logs in.
UNAUDITED_WRITERS = {
    "aksjon/registry/reference.py": "reference data (districts, towns, agencies) loaded by a migration",
    "aksjon/screening/catalogue.py": "the shipped indicator catalogue, installed by a migration",
}

_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)
_SAVEPOINT = re.compile(r'^\s*SAVEPOINT\s+"?(\w+)"?', re.IGNORECASE)
_RELEASE = re.compile(r'^\s*RELEASE\s+SAVEPOINT\s+"?(\w+)"?', re.IGNORECASE)
_ROLLBACK = re.compile(r'^\s*ROLLBACK\s+TO\s+SAVEPOINT\s+"?(\w+)"?', re.IGNORECASE)


def is_audited(table: str) -> bool:
    return table.split("_", 1)[0] in AKSJON_APPS and table not in UNAUDITED


@dataclass
class Block:
    """One savepoint: the audited tables it wrote and whether it wrote an audit row."""

    name: str
    writes: list[str] = field(default_factory=list)
    audited: bool = False

    def merge(self, inner: Block) -> None:
        self.writes += inner.writes
        self.audited = self.audited or inner.audited


@dataclass
class AuditGuard:
    blocks: list[Block] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        self.observe(sql if isinstance(sql, str) else str(sql))
        return result

    def observe(self, sql: str) -> None:
        if match := _SAVEPOINT.match(sql):
            self.blocks.append(Block(match[1]))
        elif match := _RELEASE.match(sql):
            self._close(match[1], kept=True)
        elif match := _ROLLBACK.match(sql):
            self._close(match[1], kept=False)
        elif match := _WRITE.match(sql):
            self._write(match[2].lower(), sql)

    def _write(self, table: str, sql: str) -> None:
        if table == AUDIT_TABLE:
            if self.blocks:
                self.blocks[-1].audited = True
            return
        if not is_audited(table) or any(p.match(sql) for p in UNAUDITED_STATEMENTS):
            return
        if self.blocks:
            self.blocks[-1].writes.append(table)
        elif (writer := aksjon_writer()) is not None:
            self.violations.append(f"{table} written outside any transaction by {writer}")

    def _close(self, name: str, kept: bool) -> None:
        names = [b.name for b in self.blocks]
        if name not in names:  # a savepoint opened before the guard was installed
            return
        position = names.index(name)
        inner, self.blocks = self.blocks[position:], self.blocks[:position]
        block = inner[0]
        for nested in inner[1:]:
            block.merge(nested)
        if not kept:
            return
        if self.blocks:  # a nested block: the outer one commits it
            self.blocks[-1].merge(block)
        elif block.writes and not block.audited:
            self.violations.append(
                f"a transaction wrote {sorted(set(block.writes))} without an audit row (from {aksjon_writer()})")


def aksjon_writer() -> str | None:
    """The innermost frame of Aksjon's own code that is writing, unless it is allowed to."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(AKSJON_DIR) and not filename.endswith("tests/audit_guard.py"):
            relative = "aksjon/" + filename[len(AKSJON_DIR) + 1:]
            if relative in UNAUDITED_WRITERS:
                return None
            return f"{relative}:{frame.f_lineno} ({frame.f_code.co_name})"
        frame = frame.f_back
    return None
