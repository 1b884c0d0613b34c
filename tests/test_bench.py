"""The bench command prints `name: value unit` lines and writes the documented JSON."""
import json

from django.core.management import call_command

from aksjon import bench


def test_bench_command_prints_and_writes(tmp_path, capsys, monkeypatch):
    def tiny(size=3):
        return {"rows": (size, "count"), "seconds": (0.25, "s")}

    monkeypatch.setitem(bench.BENCHMARKS, "tiny", "tests.test_bench:_unused")
    monkeypatch.setattr(bench, "find", lambda name: tiny)
    out = tmp_path / "tiny.json"
    call_command("bench", "synth", "--out", str(out), "--set", "size=7")
    assert capsys.readouterr().out.splitlines() == ["rows: 7 count", "seconds: 0.25 s"]
    document = json.loads(out.read_text())
    assert document["bench"] == "synth"
    assert document["figures"] == {"rows": {"value": 7, "unit": "count"}, "seconds": {"value": 0.25, "unit": "s"}}
    assert document["machine"]["cores"] >= 1
