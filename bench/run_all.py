"""Runs every benchmark script in bench/ (files named <area>_*.py) one after the other.

Each script is standalone and prints its own figures; see bench/README.md for the targets and the
last measured numbers.
"""

import subprocess
import sys
from pathlib import Path

AQUI = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(p for p in AQUI.glob("*_*.py") if p.name != Path(__file__).name and not p.name.startswith("_"))
    falhas = 0
    for script in scripts:
        print(f"\n=== {script.name}", flush=True)
        falhas += subprocess.call([sys.executable, str(script), *sys.argv[1:]], cwd=AQUI.parent) != 0
    return 1 if falhas else 0


if __name__ == "__main__":
    sys.exit(main())
