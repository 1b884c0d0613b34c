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


# --- the breakdowns by district and by town, each family counted in its own SQL ---------------

_CONTROL_PLACE = ("JOIN accounts_district d ON d.id = c.district_id JOIN registry_venue v ON v.id = c.venue_id "
                  "JOIN registry_town t ON t.id = v.town_id")
_PLACE = {"district": "d.name", "town": "t.name"}

# family -> (FROM … WHERE with the control joined as c, the column, the distinct key)
_FAMILIES = {
    "findings": ("FROM controls_finding f JOIN controls_control c ON c.id = f.control_id " + _CONTROL_PLACE
                 + " WHERE c.operation_id = %s", "f.code", "c.venue_id"),
    "vulnerabilities": ("FROM controls_vulnerability x JOIN controls_personmet pm ON pm.id = x.person_met_id "
                        "JOIN controls_control c ON c.id = pm.control_id " + _CONTROL_PLACE
                        + " WHERE c.operation_id = %s", "x.code", "pm.person_id"),
    "rights": ("FROM controls_personmet pm JOIN controls_control c ON c.id = pm.control_id " + _CONTROL_PLACE
               + " WHERE c.operation_id = %s AND pm.rights_information_language <> ''",
               "pm.rights_information_language", "pm.person_id"),
    "outcomes": ("FROM screening_screening s JOIN controls_personmet pm ON pm.id = s.person_met_id "
                 "JOIN controls_control c ON c.id = pm.control_id " + _CONTROL_PLACE
                 + " WHERE c.operation_id = %s AND s.status = 'confirmed'", "s.outcome", "pm.person_id"),
}


def _grouped(sql: str, params) -> dict:
    table: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for place, column, n in cursor.fetchall():
            table.setdefault(place or "", {})[column] = n
    return table


def recount_by_place(operation_id: int) -> dict:
    """{family: {"district"|"town": {place: {column: count}}}} for the families whose SQL is
    plain; every test person is screened once, so the outcome family needs no ranking here."""
    counts = {}
    for family, (body, column, key) in _FAMILIES.items():
        counts[family] = {by: _grouped(f"SELECT {place}, {column}, COUNT(DISTINCT {key}) {body} "
                                       f"GROUP BY {place}, {column}", [operation_id])
                          for by, place in _PLACE.items()}
    followups = ("FROM followup_followup u JOIN accounts_district d ON d.id = u.district_id "
                 "LEFT JOIN controls_control c ON c.id = u.control_id LEFT JOIN registry_venue v ON v.id = c.venue_id "
                 "LEFT JOIN registry_town t ON t.id = v.town_id LEFT JOIN accounts_agency a ON a.id = u.agency_id "
                 "WHERE u.operation_id = %s")
    counts["followups"] = {by: _grouped(f"SELECT {place}, u.status, COUNT(*) {followups} GROUP BY {place}, u.status",
                                        [operation_id]) for by, place in _PLACE.items()}
    counts["referrals"] = {by: _grouped(f"SELECT {place}, a.name, COUNT(*) {followups} AND u.kind = 'referral' "
                                        f"GROUP BY {place}, a.name", [operation_id]) for by, place in _PLACE.items()}
    overview = {}
    for by, place in _PLACE.items():
        overview[by] = _merge(
            _grouped(f"SELECT {place}, 'controls', COUNT(*) FROM controls_control c {_CONTROL_PLACE} "
                     f"WHERE c.operation_id = %s GROUP BY {place}", [operation_id]),
            _grouped(f"SELECT {place}, 'venues', COUNT(DISTINCT c.venue_id) FROM controls_control c {_CONTROL_PLACE} "
                     f"WHERE c.operation_id = %s GROUP BY {place}", [operation_id]),
            _grouped(f"SELECT {place}, 'persons_met', COUNT(DISTINCT pm.person_id) FROM controls_personmet pm "
                     f"JOIN controls_control c ON c.id = pm.control_id {_CONTROL_PLACE} "
                     f"WHERE c.operation_id = %s GROUP BY {place}", [operation_id]),
        )
    counts["overview"] = overview
    return counts


def _merge(*tables: dict) -> dict:
    merged: dict = {}
    for table in tables:
        for place, columns in table.items():
            merged.setdefault(place, {}).update(columns)
    return merged
