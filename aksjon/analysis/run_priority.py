"""The priority analysis: the signals of inspections, tips, ads, controls and the register,
then every venue scored from every stored signal (the other analyses' too) by the weights
in force (aksjon/data/priority-weights.toml). For prioritising controls, never evidence."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from aksjon.analysis import pipeline, signals
from aksjon.analysis.core.priority import Weights, read_weights, score_all
from aksjon.analysis.store import priority as store

WEIGHTS_FILE = "priority-weights.toml"  # in the package aksjon.data


def load_weights(path: Path | None = None) -> Weights:
    """The weights in force: the versioned file shipped in aksjon.data (or `path`)."""
    return read_weights(path or Path(str(resources.files("aksjon.data") / WEIGHTS_FILE)))


def run_priority(*, actor, progress) -> dict:
    found = signals.collect(progress)
    every = store.read_signals(exclude_families=signals.FAMILIES) + found
    progress("priority", 5, 7)
    weights = load_weights()
    scored = score_all(every, weights, signals.reference_day(every), venues=store.venue_keys())
    progress("priority", 6, 7)
    stored = store.store_priority(actor, signals.FAMILIES, found, scored, weights)
    progress("priority", 7, 7)
    return {"signals": len(every), "venues_scored": stored["scores"], "weights_version": weights.version}


pipeline.register("priority", run_priority)
