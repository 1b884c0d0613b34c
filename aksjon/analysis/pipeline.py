"""The analyses in the order they build on each other, each one function of (actor, progress).

Templates and rotation read the ads; networks read the register, the ads and both of
those; the priority reads every signal. `run(names)` runs them in that order, as the
command (`aksjon analyse`) and the job (`analysis`) both do. Each analysis module adds
itself with `register` when it is imported (`load`).
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from aksjon.jobs.progress import Progress

Analysis = Callable[..., dict]  # (*, actor, progress) -> a small summary for the job's row and the command
ORDER = ("templates", "rotation", "networks", "priority")
MODULES = {  # name -> module that registers it
    "templates": "aksjon.analysis.run_templates",
    "rotation": "aksjon.analysis.run_rotation",
    "networks": "aksjon.analysis.run_networks",
    "priority": "aksjon.analysis.run_priority",
}
ANALYSES: dict[str, Analysis] = {}


def register(name: str, analysis: Analysis) -> None:
    ANALYSES[name] = analysis


def load() -> dict[str, Analysis]:
    """Every analysis whose module is there, in ORDER."""
    for name in ORDER:
        if name not in ANALYSES:
            try:
                import_module(MODULES[name])
            except ModuleNotFoundError as error:
                if error.name != MODULES[name]:
                    raise
    return {name: ANALYSES[name] for name in ORDER if name in ANALYSES}


def resolve(names: list[str]) -> list[str]:
    """`names` in running order; "all" is every analysis. Unknown names raise ValueError."""
    known = load()
    wanted = list(known) if "all" in names else names
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise ValueError(f"unknown analysis: {', '.join(unknown)} (known: {', '.join(known)}, all)")
    return [name for name in known if name in wanted]


def run(names: list[str], *, actor, progress: Progress) -> dict:
    """Run the named analyses in order; {name: summary}."""
    return {name: ANALYSES[name](actor=actor, progress=progress) for name in resolve(names)}
