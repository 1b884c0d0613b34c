"""The networks analysis: venues collapsed into operators, weighed ties, networks as connected
components of operators tied by evidence that passes on its own (aksjon.analysis.core.networks),
their central nodes and layout, and the `network` signals on their venues."""
from __future__ import annotations

from aksjon.analysis import pipeline
from aksjon.analysis.core.networks import find_networks
from aksjon.analysis.store import networks as store

STEPS = 3


def run_networks(*, actor, progress) -> dict:
    progress("networks", 0, STEPS)
    venues, holdings = store.read_facts()
    progress("networks", 1, STEPS)
    networks = find_networks(venues, holdings)
    progress("networks", 2, STEPS)
    summary = store.write(networks, actor=actor)
    progress("networks", STEPS, STEPS)
    return {"ties_read": len(holdings), **summary}


pipeline.register("networks", run_networks)
