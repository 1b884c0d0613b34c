"""python -m aksjon.synth --scale week --seed 1 --out /tmp/scenario"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from aksjon.synth import generate
from aksjon.synth.params import SCALES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aksjon.synth", description="Generate a synthetic scenario.")
    parser.add_argument("--scale", choices=sorted(SCALES), default="week")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="directory for the files (created if missing)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    last = [-1]

    def progress(done: int, total: int, label: str) -> None:
        percent = 100 * done // max(total, 1)
        if percent != last[0]:
            last[0] = percent
            print(f"[{percent:3d}%] {label} ({time.monotonic() - started:.1f} s)", flush=True)

    summary = generate(args.scale, args.seed, args.out, progress)
    print(json.dumps(summary, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
