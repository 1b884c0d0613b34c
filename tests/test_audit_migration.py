"""Rows written under the old plain SHA-256 chain are re-sealed by the migration to the keyed chain,
and a log that was already tampered with is refused, not laundered."""
from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from aksjon.audit.verify import verify_chain

OLD = [("audit", "0001_initial")]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.fixture
def old_schema(transactional_db):
    """The audit tables as they were before the keyed chain; put forward again afterwards, whatever happens."""
    executor = _migrate(OLD)
    try:
        yield executor.loader.project_state(OLD).apps
    finally:
        apps = MigrationExecutor(connection).loader.project_state(OLD).apps
        apps.get_model("audit", "AuditEntry").objects.all().delete()
        apps.get_model("audit", "AuditHead").objects.all().delete()
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _write_old_rows(apps, count: int) -> list:
    """Rows as the old code wrote them: each hash the SHA-256 of the previous hash and the row's fields."""
    entry_model, head_model = apps.get_model("audit", "AuditEntry"), apps.get_model("audit", "AuditHead")
    prev, rows = "", []
    for number in range(count):
        at = datetime(2024, 3, 11, 9, number, tzinfo=UTC)
        fields = {"at": at.isoformat(), "user_id": None, "username": "system", "request_id": "", "kind": "write",
                  "verb": "create_venue", "object_type": "registry.venue", "object_id": str(number + 1),
                  "before": None, "after": {"name": f"Venue {number}"}}
        digest = hashlib.sha256((prev + json.dumps(fields, sort_keys=True, ensure_ascii=False)).encode()).hexdigest()
        rows.append(entry_model.objects.create(**{k: v for k, v in fields.items() if k != "user_id"},
                                               prev_hash=prev, hash=digest))
        prev = digest
    head_model.objects.create(pk=1, last_hash=prev, count=count)
    return rows


def test_old_rows_are_re_sealed_under_the_key(old_schema):
    _write_old_rows(old_schema, 5)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    report = verify_chain()
    assert (report.intact, report.rows) == (True, 5)


def test_an_old_chain_already_broken_is_not_re_sealed(old_schema):
    rows = _write_old_rows(old_schema, 5)
    old_schema.get_model("audit", "AuditEntry").objects.filter(pk=rows[2].pk).update(username="someone-else")
    with pytest.raises(RuntimeError, match=f"already broken at row id {rows[2].pk}"):
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
