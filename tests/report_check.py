"""An independent recount of an operation's figures in plain SQL, to hold the
report code to what the tables contain."""
from __future__ import annotations

from django.db import connection


def _scalar(sql: str, params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _pairs(sql: str, params) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {key: n for key, n in cursor.fetchall()}


def recount(operation_id: int) -> dict:
    p = [operation_id]
    return {
        "controls": _scalar("SELECT COUNT(*) FROM controls_control WHERE operation_id = %s", p),
        "persons_met": _scalar("SELECT COUNT(DISTINCT pm.person_id) FROM controls_personmet pm "
                               "JOIN controls_control c ON c.id = pm.control_id WHERE c.operation_id = %s", p),
        "venues": _scalar("SELECT COUNT(DISTINCT venue_id) FROM controls_control WHERE operation_id = %s", p),
        "towns": _scalar("SELECT COUNT(DISTINCT v.town_id) FROM controls_control c "
                         "JOIN registry_venue v ON v.id = c.venue_id WHERE c.operation_id = %s", p),
        "districts": _scalar("SELECT COUNT(DISTINCT district_id) FROM controls_control WHERE operation_id = %s", p),
        "venues_by_finding": _pairs("SELECT f.code, COUNT(DISTINCT c.venue_id) FROM controls_finding f "
                                    "JOIN controls_control c ON c.id = f.control_id WHERE c.operation_id = %s "
                                    "GROUP BY f.code", p),
        "persons_by_vulnerability": _pairs(
            "SELECT v.code, COUNT(DISTINCT pm.person_id) FROM controls_vulnerability v "
            "JOIN controls_personmet pm ON pm.id = v.person_met_id JOIN controls_control c ON c.id = pm.control_id "
            "WHERE c.operation_id = %s GROUP BY v.code", p),
        "followups_by_status": _pairs("SELECT status, COUNT(*) FROM followup_followup WHERE operation_id = %s "
                                      "GROUP BY status", p),
    }


def figures_subset(figures) -> dict:
    return {
        "controls": figures.controls, "persons_met": figures.persons_met, "venues": figures.venues,
        "towns": figures.towns, "districts": figures.districts, "venues_by_finding": figures.venues_by_finding,
        "persons_by_vulnerability": figures.persons_by_vulnerability,
        "followups_by_status": figures.followups_by_status}
