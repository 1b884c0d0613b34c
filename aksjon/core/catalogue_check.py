"""Checking an indicator catalogue file before it is published.

Every problem is reported at once, so a corrected catalogue needs one round.
"""
from __future__ import annotations

import re

CODE = re.compile(r"^d[1-6]_[a-z0-9_]+$")
LISTS = ("labour", "sexual")
STRENGTHS = ("strong", "medium", "weak")
LANGUAGES = ("nb", "en")
QUESTIONS = ("question_nb", "question_en", "question_th")


def problems(data: dict) -> list[str]:
    """Everything wrong with a parsed catalogue file; empty when it may be published."""
    found = _head_problems(data)
    seen: set[str] = set()
    for number, item in enumerate(data.get("indicator", []), start=1):
        found += [f"indicator {number} ({item.get('code', '?')}): {p}" for p in _indicator_problems(item, data)]
        if item.get("code") in seen:
            found.append(f"indicator {number}: code {item['code']} appears twice")
        seen.add(item.get("code"))
    if not data.get("indicator"):
        found.append("no [[indicator]] tables")
    return found


def _head_problems(data: dict) -> list[str]:
    found = []
    head = data.get("catalogue", {})
    for key in ("id", "version"):
        if key not in head:
            found.append(f"[catalogue] needs {key}")
    dimensions = data.get("dimensions", {})
    for number in map(str, range(1, 7)):
        if not all(dimensions.get(number, {}).get(lang) for lang in LANGUAGES):
            found.append(f"dimension {number} needs names in {', '.join(LANGUAGES)}")
    return found


def _indicator_problems(item: dict, data: dict) -> list[str]:
    found = []
    if not CODE.match(str(item.get("code", ""))):
        found.append("code must look like d<1-6>_name")
    elif str(item.get("dimension")) != item["code"][1]:
        found.append("dimension does not match the code")
    strengths = {name: item.get(name) for name in LISTS if name in item}
    if not strengths:
        found.append("needs a strength in at least one list (labour or sexual)")
    found += [f"{name} strength must be one of {', '.join(STRENGTHS)}"
              for name, value in strengths.items() if value not in STRENGTHS]
    found += [f"missing {key}" for key in (*LANGUAGES, *QUESTIONS) if not str(item.get(key, "")).strip()]
    for group in ("ilo11", "htcds_control"):
        key = "htcds" if group == "htcds_control" else group
        found += [f"unknown {key} code {code}" for code in item.get(key, []) if code not in data.get(group, {})]
    return found
