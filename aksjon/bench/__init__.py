"""`aksjon bench NAME`: measured figures, printed one per line and written as JSON.

Each benchmark is a function returning {figure name: (value, unit)}. Targets live
in the issues; tests never assert on wall-clock time.
"""
from __future__ import annotations

import json
import os
import platform
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path

# name -> "module:function"; imported only when run, so a benchmark's heavy
# dependencies load only for that benchmark.
BENCHMARKS: dict[str, str] = {
    "synth": "aksjon.synth.bench:measure",
    "linkage": "aksjon.bench.linkage:measure",
    "judgement": "aksjon.bench.judgement:measure",
    "templates": "aksjon.bench.templates:measure",
    "targets": "aksjon.bench.targets:measure",
    "linkchart": "aksjon.bench.linkchart:measure",
    "report": "aksjon.bench.report:measure",
}


def find(name: str) -> Callable[..., dict]:
    module, _, function = BENCHMARKS[name].partition(":")
    return getattr(import_module(module), function)


def machine() -> dict:
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {"cores": os.cpu_count(), "memory_gb": round(total / 2**30, 1), "python": platform.python_version(),
            "platform": platform.platform()}


def lines(figures: dict[str, tuple[float, str]]) -> list[str]:
    return [f"{name}: {value:g} {unit}" if isinstance(value, float) else f"{name}: {value} {unit}"
            for name, (value, unit) in figures.items()]


def write(name: str, figures: dict[str, tuple[float, str]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    document = {"bench": name, "figures": {k: {"value": v, "unit": u} for k, (v, u) in figures.items()},
                "machine": machine(), "at": datetime.now(UTC).isoformat(timespec="seconds")}
    out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
