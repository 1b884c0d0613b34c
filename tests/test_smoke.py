from aksjon.audit.models import AuditEntry


def test_world_builds(world):
    assert world.control["oslo"].persons_met.count() == 1
    assert AuditEntry.objects.filter(kind="write").exists()
