"""Putting the world together, each part from its own random stream."""
from __future__ import annotations

from aksjon.synth import params as P
from aksjon.synth.abroad import build_abroad
from aksjon.synth.landscape import build_norway
from aksjon.synth.model import World
from aksjon.synth.register import build_register
from aksjon.synth.rng import sub_rng
from aksjon.synth.staffing import staff_networks, staff_norway


def build_world(seed: int, scale: P.Scale) -> World:
    """Norway first and complete (so it is the same at every scale), then the venues abroad."""
    world = World(seed=seed, venues=[], networks=[], persons={}, businesses=[], writers=[])
    build_norway(world, sub_rng(seed, "landscape"))
    register = build_register(world, sub_rng(seed, "register"))
    start = min(P.STAFFING_START, scale.ads_start)
    staff_norway(world, seed, start, P.PERIOD_END, register)
    if scale.abroad:
        first_network = len(world.networks)
        build_abroad(world, sub_rng(seed, "abroad"))
        staff_networks(world, seed, world.networks[first_network:], start, P.PERIOD_END)
    return world
