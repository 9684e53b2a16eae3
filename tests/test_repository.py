"""The repository's own promises: CI runs exactly the README's commands, and nothing that
must not be committed is."""

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def readme_commands():
    blocks = re.findall(r"```bash\n(.*?)```", (REPO / "README.md").read_text(), re.S)
    return [line for block in blocks for line in block.splitlines()
            if "pip install -r requirements.txt" in line]


def test_ci_runs_the_readme_build_and_test_commands():
    commands = readme_commands()
    assert len(commands) == 2
    assert any("pytest" in c for c in commands) and any("jupyter-book build" in c for c in commands)
    ci = (REPO / ".ci" / "run").read_text()
    for command in commands:
        assert command in ci


def test_the_data_file_is_not_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True,
                             check=True).stdout.split()
    assert not [name for name in tracked if name.endswith(".dat")]
