"""The test tiers of the Makefile rest on one mark: a test that touches the database
is marked `database` (and runs on PostgreSQL too); one that does not runs once."""


def test_a_test_on_the_database_is_marked(request, db):
    assert request.node.get_closest_marker("database") is not None


def test_a_test_without_the_database_is_not_marked(request):
    assert request.node.get_closest_marker("database") is None
