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


def test_ci_installs_nothing_before_the_readme_commands():
    ci = (REPO / ".ci" / "run").read_text()
    for command in readme_commands():
        ci = ci.replace(command, "")
    assert not re.search(r"apt-get|apt |pip install|npm install", ci)


def run_install_step(command, tmp_path, uid, present, ensurepip=True, apt_works=True,
                     fonts=("NanumGothic", "Noto Sans Mono")):
    """Run the part of a README command before ``python3 -m venv`` with stand-ins for the system:
    ``present`` tools on PATH, ``id -u`` printing ``uid``, ``fc-list FAMILY`` finding ``fonts``,
    and apt-get/sudo that log their calls. It runs with pipefail, as in .ci/run."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True)
    log = tmp_path / "log"
    stubs = {"id": f"echo {uid}", "python3": "exit 0" if ensurepip else "exit 1",
             "apt-get": f'echo "apt-get $*" >> {log}; exit {0 if apt_works else 100}',
             "sudo": f'echo "sudo $1" >> {log}; "$@"', "sh": 'exec /bin/sh "$@"',
             "fc-list": "".join(f'[ "$1" = "{font}" ] && echo "{font}"; ' for font in fonts) + "exit 0"}
    stubs.update({tool: "exit 0" for tool in present})
    for name, body in stubs.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    step = command[:command.index("python3 -m venv")] + "echo ready"
    result = subprocess.run(["/bin/bash", "-o", "pipefail", "-c", step], env={"PATH": str(bin_dir)},
                            capture_output=True, text=True)
    calls = log.read_text().splitlines() if log.exists() else []
    return result.stdout.strip() == "ready", calls


def test_readme_commands_install_what_is_missing_with_sudo_only_when_not_root(tmp_path):
    test, build = sorted(readme_commands(), key=lambda c: "pytest" not in c)
    every_tool = ["chromium", "java", "pdffonts"]
    cases = [  # (uid, tools present, ensurepip works) -> calls
        ((0, every_tool, True), []),
        ((0, ["chromium", "pdffonts"], True), ["apt-get update", "apt-get install -y default-jre-headless"]),
        ((0, ["chromium", "java"], True), ["apt-get update", "apt-get install -y poppler-utils"]),
        ((1000, ["java"], False), ["sudo sh", "apt-get update",
                                   "apt-get install -y chromium poppler-utils python3-venv"]),
    ]
    for index, ((uid, present, ensurepip), calls) in enumerate(cases):
        assert run_install_step(test, tmp_path / f"t{index}", uid, present, ensurepip) == (True, calls)
    assert run_install_step(test, tmp_path / "fonts", 0, every_tool, fonts=["NanumGothic"]) == (
        True, ["apt-get update", "apt-get install -y fonts-noto-mono"])
    assert run_install_step(test, tmp_path / "no-fc-list", 0, every_tool, fonts=[]) == (
        True, ["apt-get update", "apt-get install -y fonts-nanum fonts-noto-mono"])
    # The build prints the PDFs with Chromium and the fonts (Hangul, Vietnamese code).
    assert run_install_step(build, tmp_path / "b0", 0, ["chromium"], True) == (True, [])
    assert run_install_step(build, tmp_path / "b1", 1000, [], False) == (
        True, ["sudo sh", "apt-get update", "apt-get install -y chromium python3-venv"])
    assert run_install_step(build, tmp_path / "b2", 0, ["chromium"], True, fonts=[]) == (
        True, ["apt-get update", "apt-get install -y fonts-nanum fonts-noto-mono"])
    ready, _ = run_install_step(test, tmp_path / "fail", 0, [], True, apt_works=False)
    assert not ready  # a failed install stops the command
