"""Check that the venv holds exactly what the lock names, at the lock's versions, and nothing else.

    python scripts/check_lock.py [LOCK ...]    # default: requirements/test.txt requirements/pip.txt

`make check` runs it: a package installed by hand, or left behind by an older lock, would make the
tests pass here and fail on a fresh machine.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LOCKS = [ROOT / "requirements" / "test.txt", ROOT / "requirements" / "pip.txt"]
PINNED = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)\s*(?:;(?P<marker>[^\\]+))?")
PROJECT = "gmp-timeline"


def locked(paths: list[Path]) -> dict[str, str]:
    """The version the lock gives each package on this interpreter and platform."""
    versions: dict[str, str] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = PINNED.match(line)
            if match and (match["marker"] is None or Marker(match["marker"].strip()).evaluate()):
                versions[canonicalize_name(match["name"])] = match["version"]
    return versions


def installed() -> dict[str, str]:
    return {
        canonicalize_name(distribution.metadata["Name"]): distribution.version
        for distribution in metadata.distributions()
    }


def main(arguments: list[str]) -> int:
    wanted = locked([Path(argument) for argument in arguments] or DEFAULT_LOCKS)
    have = installed()
    have.pop(PROJECT, None)
    problems = [
        *(
            f"{name} {version} is installed but not in the lock"
            for name, version in sorted(have.items())
            if name not in wanted
        ),
        *(
            f"{name} is in the lock ({version}) but not installed"
            for name, version in sorted(wanted.items())
            if name not in have
        ),
        *(
            f"{name} {have[name]} is installed; the lock says {version}"
            for name, version in sorted(wanted.items())
            if name in have and have[name] != version
        ),
    ]
    for problem in problems:
        print(f"check_lock: {problem}", file=sys.stderr)
    if problems:
        print("check_lock: run `make clean test` to rebuild the venv from the lock.", file=sys.stderr)
        return 1
    print(f"check_lock: {len(have)} packages installed, each at the version the lock gives")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
