"""The suite-wide audit guard (tests/audit_guard.py) catches what it is there to catch."""
from __future__ import annotations

from django.db import connection, transaction

from aksjon.audit.log import record_write, snapshot
from aksjon.registry.models import Venue
from tests.audit_guard import AuditGuard


def _guarded(work, suite_guard: AuditGuard) -> list[str]:
    """The violations a fresh guard finds in `work`; the suite's own guard forgets them,
    since these tests make them on purpose."""
    guard = AuditGuard()
    with connection.execute_wrapper(guard):
        work()
    suite_guard.violations.clear()
    return guard.violations


def test_a_transaction_that_writes_without_an_audit_row_is_caught(world, audit_guard):
    venue = world.venue["oslo"]

    def stray_save():
        with transaction.atomic():
            Venue.objects.filter(pk=venue.pk).update(name="Omdøpt")

    violations = _guarded(stray_save, audit_guard)
    assert len(violations) == 1 and "registry_venue" in violations[0]


def test_a_transaction_with_its_audit_row_passes(world, audit_guard):
    venue = world.venue["oslo"]

    def audited_save():
        with transaction.atomic():
            before = snapshot(venue)
            Venue.objects.filter(pk=venue.pk).update(name="Omdøpt")
            venue.refresh_from_db()
            record_write(world.users["coordinator"], "rename_venue", venue, before=before, after=snapshot(venue))

    assert _guarded(audited_save, audit_guard) == []


def test_a_rolled_back_write_is_not_a_violation(world, audit_guard):
    venue = world.venue["oslo"]

    def rolled_back():
        try:
            with transaction.atomic():
                Venue.objects.filter(pk=venue.pk).update(name="Omdøpt")
                raise RuntimeError("the action failed")
        except RuntimeError:
            pass

    assert _guarded(rolled_back, audit_guard) == []


def test_a_write_from_aksjon_code_outside_a_transaction_is_caught(world, audit_guard):
    # Venue.save is Django's, but the call comes through an Aksjon function: the
    # snapshot helper is Aksjon code standing in for a view that saves outside an action.
    venue = world.venue["oslo"]
    violations = _guarded(lambda: _aksjon_frame_saves(venue), audit_guard)
    assert len(violations) == 1 and "outside any transaction" in violations[0]


def _aksjon_frame_saves(venue):
    from aksjon.core import vocabulary

    # Run the save from inside a frame whose code lives in aksjon/ (a stand-in for a view).
    code = compile("venue.save(update_fields=['name'])", vocabulary.__file__, "exec")
    exec(code, {"venue": venue})
