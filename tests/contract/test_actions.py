"""Generated contract tests for every action: each public function with a keyword-only
`actor` in an `actions.py` module of an Aksjon app (tests/contract/actions.py says how
to call each one), and a new action without a case fails the suite.

Every action writes exactly the audit rows its case declares (one, unless the case
says why more), the newest of them named after the action, each inside the
action's own transaction (the suite-wide guard in tests/audit_guard.py checks that).
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import aksjon
from aksjon.audit.models import WRITE, AuditEntry
from tests.contract.actions import ACTIONS


def action_functions() -> dict[str, object]:
    """"app.function" -> every action function of the project."""
    found = {}
    for module_info in pkgutil.walk_packages(aksjon.__path__, "aksjon."):
        if not module_info.name.endswith(".actions"):
            continue
        module = importlib.import_module(module_info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            parameter = inspect.signature(function).parameters.get("actor")
            if parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY:
                found[f"{module.__name__.removeprefix('aksjon.').removesuffix('.actions')}.{name}"] = function
    return found


def test_every_action_has_a_contract():
    found = action_functions()
    missing = sorted(set(found) - set(ACTIONS))
    stale = sorted(set(ACTIONS) - set(found))
    assert missing == [], f"actions without a case in tests/contract/actions.py: {missing}"
    assert stale == [], f"cases for actions that no longer exist: {stale}"


def test_an_action_takes_its_actor_by_keyword_only():
    # A function in an actions module that changes state but takes `actor` positionally
    # would escape the discovery above: there is none.
    for module_info in pkgutil.walk_packages(aksjon.__path__, "aksjon."):
        if module_info.name.endswith(".actions"):
            module = importlib.import_module(module_info.name)
            for name, function in inspect.getmembers(module, inspect.isfunction):
                parameter = inspect.signature(function).parameters.get("actor")
                if function.__module__ == module.__name__ and not name.startswith("_") and parameter is not None:
                    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, f"{module.__name__}.{name}"


def _writes() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(kind=WRITE).order_by("id"))


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_writes_its_audit_rows(contract_world, name):
    case = ACTIONS[name]
    call = case.prepare(contract_world)  # whatever the action needs first, with its own rows
    known = {entry.pk for entry in _writes()}
    call()
    new = [entry for entry in _writes() if entry.pk not in known]
    assert len(new) == case.rows, [entry.verb for entry in new]
    assert new[-1].verb == (case.verb or name.rsplit(".", 1)[1]), [entry.verb for entry in new]
    assert all(entry.after is not None or entry.before is not None for entry in new)
