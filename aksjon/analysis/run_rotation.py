"""The rotation analysis: personas from the worker ads, their stints per town (abroad marked),
and the `rotation` signals of venues sharing rotating workers (aksjon.analysis.core.rotation)."""
from __future__ import annotations

from aksjon.analysis import pipeline
from aksjon.analysis.core.rotation import build_personas, venue_rotation
from aksjon.analysis.store import rotation as store

STEPS = 4


def run_rotation(*, actor, progress) -> dict:
    progress("rotation", 0, STEPS)
    ads = store.read_ads()
    progress("rotation", 1, STEPS)
    personas = build_personas(ads, norwegian_towns=store.norwegian_towns(),
                              venues_by_phone_town=store.venues_by_phone_town(),
                              abroad_towns=store.abroad_towns())
    progress("rotation", 2, STEPS)
    rotation = venue_rotation(personas)
    progress("rotation", 3, STEPS)
    summary = store.write(personas, rotation, actor=actor)
    progress("rotation", STEPS, STEPS)
    return {"ads": len(ads), **summary}


pipeline.register("rotation", run_rotation)
