"""Same seed, same bytes; another seed, other data; Norway is the same at every scale."""
import hashlib
from pathlib import Path

import pytest

from aksjon.synth import generate

pytestmark = pytest.mark.slow  # generates scenarios twice to compare them

FILES = ("enheter.jsonl", "roller.jsonl", "ads.jsonl", "tips.csv", "inspections.jsonl", "controls.jsonl",
         "truth.jsonl")


def digests(directory: Path) -> dict[str, str]:
    return {name: hashlib.sha256((directory / name).read_bytes()).hexdigest() for name in FILES}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    made = {}
    for label, scale, seed in (("a", "week", 7), ("b", "week", 7), ("c", "week", 8), ("n", "national", 7)):
        out = tmp_path_factory.mktemp(label)
        made[label] = (generate(scale, seed, out), out)
    return made


def test_same_seed_gives_byte_identical_files(runs):
    assert digests(runs["a"][1]) == digests(runs["b"][1])
    assert runs["a"][0] == runs["b"][0]


def test_another_seed_changes_every_file(runs):
    first, other = digests(runs["a"][1]), digests(runs["c"][1])
    assert all(first[name] != other[name] for name in FILES)


def test_the_register_is_the_same_landscape_at_every_scale(runs):
    week, national = digests(runs["a"][1]), digests(runs["n"][1])
    assert week["enheter.jsonl"] == national["enheter.jsonl"]
    assert week["roller.jsonl"] == national["roller.jsonl"]


def test_scales_differ_in_volume(runs):
    week, national = runs["a"][0], runs["n"][0]
    assert 2000 <= week["ad_observations"] <= 10000
    assert 20000 <= national["ad_observations"] <= 150000
    assert national["tips"] >= 200 and national["inspections"] >= 200


def test_unknown_scale_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown scale"):
        generate("galaxy", 1, tmp_path)


def test_progress_is_reported_up_to_done(tmp_path):
    seen = []
    generate("week", 3, tmp_path, progress=lambda done, total, label: seen.append((done, total, label)))
    assert seen[0][0] == 0 and seen[-1] == (100, 100, "done")
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
