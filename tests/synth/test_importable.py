"""Every file the generator writes passes the project's own importers' validation."""
import pytest

from aksjon.sources import scan
from aksjon.synth import generate

FILES = {"enheter": "enheter.jsonl", "roller": "roller.jsonl", "ads": "ads.jsonl", "tips": "tips.csv",
         "inspections": "inspections.jsonl"}


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    out = tmp_path_factory.mktemp("national")
    generate("national", 5, out)
    return out


@pytest.mark.parametrize("kind", list(FILES))
def test_generated_file_passes_the_importer_validation(national, kind):
    rows = list(scan(kind, national / FILES[kind]))
    problems = [p for row in rows for p in row.problems]
    assert problems == []
    assert len(rows) > 10
