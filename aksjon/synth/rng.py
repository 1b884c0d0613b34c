"""Deterministic randomness: one random.Random per component, derived from the seed.

Each component (landscape, ads, tips …) draws from its own stream, so a change in
one does not shift the numbers of another. Seeds are derived with SHA-256, never
with hash(), which is salted per process for strings.
"""
from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence


def sub_rng(seed: int, *labels: object) -> random.Random:
    key = "|".join([str(seed), *(str(label) for label in labels)]).encode("utf-8")
    # Security lint: simulation, not security.
    return random.Random(int.from_bytes(hashlib.sha256(key).digest()[:8], "big"))  # nosec B311


def chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def pick_weighted(rng: random.Random, weights: dict):
    """A key of `weights` drawn with probability proportional to its value."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def between(rng: random.Random, bounds: Sequence[int]) -> int:
    low, high = bounds
    return rng.randint(low, high)


def largest_remainder(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split `total` in proportion to `weights`, each share at least `minimum`."""
    base = [minimum] * len(weights)
    rest = total - minimum * len(weights)
    scale = sum(weights)
    exact = [rest * w / scale for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: rest - sum(shares)]:
        shares[i] += 1
    return [b + s for b, s in zip(base, shares, strict=True)]
