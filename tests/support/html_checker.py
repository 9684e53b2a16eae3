"""The Nu HTML Checker (the npm package vnu-jar of the tests' lockfile, run with Java)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from book_site.node import package_file

TEST_PACKAGES = Path(__file__).with_name("node")
# Its CSS checker does not know this property, which every current browser supports:
# https://developer.mozilla.org/docs/Web/CSS/paint-order
UNKNOWN_TO_THE_CHECKER = ["“paint-order”: Property “paint-order” doesn't exist."]


def html_errors(pages: list[Path]) -> list[str]:
    """The checker's errors in ``pages``, as "page:line: message"."""
    java = shutil.which("java")
    assert java, "the HTML check needs Java (Debian: default-jre-headless)"
    jar = package_file("vnu-jar", "build/dist/vnu.jar", TEST_PACKAGES)
    run = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json",
                          *map(str, pages)], capture_output=True, text=True)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages
            if not any(gap in m["message"] for gap in UNKNOWN_TO_THE_CHECKER)]
