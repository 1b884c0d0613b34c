"""Putting the world together, each part from its own random stream."""
from __future__ import annotations

from aksjon.synth import params as P
from aksjon.synth.abroad import build_abroad
from aksjon.synth.decoys import mark_exploitative, norwegian_decoys, site_writers
from aksjon.synth.landscape import build_norway
from aksjon.synth.model import World
from aksjon.synth.register import build_register
from aksjon.synth.rng import sub_rng
from aksjon.synth.staffing import staff_networks, staff_norway


def build_world(seed: int, scale: P.Scale) -> World:
    """Norway first and complete (so it is the same at every scale), then the venues abroad."""
    world = World(seed=seed, venues=[], networks=[], persons={}, businesses=[], writers=[])
    build_norway(world, sub_rng(seed, "landscape"))
    mark_exploitative(sub_rng(seed, "exploitative"), list(world.venues))   # before rosters: workers follow it
    register = build_register(world, sub_rng(seed, "register"))
    start = min(P.STAFFING_START, scale.ads_start)
    staff_norway(world, seed, start, P.PERIOD_END, register)
    norwegian_decoys(world, sub_rng(seed, "decoys"))
    if scale.abroad:
        first_network, first_venue = len(world.networks), len(world.venues)
        build_abroad(world, sub_rng(seed, "abroad"))
        mark_exploitative(sub_rng(seed, "exploitative-abroad"), world.venues[first_venue:], cap=1.0)
        site_writers(world, ("SE", "DK"))
        staff_networks(world, seed, world.networks[first_network:], start, P.PERIOD_END)
    return world
