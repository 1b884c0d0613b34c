"""Benchmark: generate a scale in a child process and report time, peak memory and volume.

The child is `python -m aksjon.synth`, so the figures are those of a real run:
wall-clock seconds, the child's peak resident set size (ru_maxrss of
RUSAGE_CHILDREN, in kilobytes on Linux) and the number of ad observations written.
"""
from __future__ import annotations

import json
import resource

# Security lint: runs the project's own commands.
import subprocess  # nosec B404
import sys
import tempfile
import time
from pathlib import Path


def _run_child(scale: str, seed: int, out: Path) -> dict:
    command = [sys.executable, "-m", "aksjon.synth", "--scale", scale, "--seed", str(seed), "--out", str(out)]
    # Security lint: fixed argv, no shell.
    result = subprocess.run(command, capture_output=True, text=True, check=True,  # nosec B603
                            cwd=Path(__file__).resolve().parents[2])
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(scale: str = "europe", seed: int = 1, workdir: Path | None = None) -> dict:
    """{"<scale>_seconds": (s, "s"), "<scale>_peak_rss_mb": (mb, "MB"), "<scale>_ad_observations": (n, "count")}."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        started = time.monotonic()
        summary = _run_child(scale, seed, Path(tmp) / "out")
        seconds = time.monotonic() - started
        size = sum(f.stat().st_size for f in (Path(tmp) / "out").iterdir())
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {f"{scale}_seconds": (round(seconds, 1), "s"),
            f"{scale}_peak_rss_mb": (round(peak_kb / 1024, 1), "MB"),
            f"{scale}_ad_observations": (summary["ad_observations"], "count"),
            f"{scale}_output_mb": (round(size / 1024 / 1024, 1), "MB")}


if __name__ == "__main__":
    print(json.dumps(measure(*(sys.argv[1:2] or ["europe"])), ensure_ascii=False))
