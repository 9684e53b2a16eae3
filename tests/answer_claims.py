"""What the chapter says of its own outputs, as checks on those outputs, in any edition.

Each ``check_answer_*`` takes the worked answer's text (Markdown) and what its code cells printed,
in order (for answers 3 and 4: the PyTorch cell, then the TensorFlow cell), and fails if a claim
of the text no longer holds for these outputs: the numbers the text quotes, and what it says in
words ("reaches the minimum", "lower than the linear model", "the schedule ends lowest").
``answers_in_notebook`` reads both from an executed .ipynb; tests/test_book.py takes the outputs
from the built page instead. ``message_pattern`` finds d2lmini's printed lines in any language.
"""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
FRAMEWORKS = ("PyTorch", "TensorFlow")

# A printed decimal such as 0.123, 1.12e-05 or -0.000002, and an integer that stands alone (a step
# count such as 37 in "after 37" or "37스텝"), not a digit of x1, of a decimal or of an exponent.
DECIMAL = r"(?<![\w.])-?\d+\.\d+(?:e[+-]\d+)?"
INTEGER = r"(?<![\w.\-])\d+(?![\d.e])"
QUOTED = re.compile(r"`([^`]*)`")


def answers_in_notebook(language: str) -> tuple[dict[int, str], dict[int, list[str]]]:
    """Each worked answer's text and what its code cells printed, from the edition's executed .ipynb."""
    notebook = nbformat.read(REPO / "chapters" / language / "rmsprop.ipynb", as_version=4)
    texts: dict[int, str] = {}
    printed: dict[int, list[str]] = {}
    current = None
    for cell in notebook.cells:
        if cell.cell_type == "markdown":  # one cell may end one answer and start the next
            for line in cell.source.splitlines():
                anchor = re.fullmatch(rf'<a id="answer_rmsprop-{language}-(\d)"></a>', line)
                if anchor:
                    current = int(anchor.group(1))
                elif line.startswith("## "):
                    current = None
                if current is not None:
                    texts[current] = texts.get(current, "") + line + "\n"
        elif current is not None:
            stream = "".join(o.get("text", "") for o in cell.get("outputs", [])
                             if o.get("output_type") == "stream" and o.get("name") == "stdout")
            if stream:
                printed.setdefault(current, []).append(stream)
    return texts, printed


def quoted(text: str) -> list[str]:
    """What the text quotes as `code`: printed values and lines, names."""
    return QUOTED.findall(text)


def quoted_numbers(text: str) -> set[str]:
    return {q for q in quoted(text) if re.fullmatch(DECIMAL, q)}


def mentions(text: str, number: int) -> bool:
    return re.search(rf"(?<![\d.]){number}(?![\d.])", text) is not None


# ------------------------------------------------------------------ answer 1

def check_answer_1(text: str, printed: list[str]) -> None:
    """γ = 0.99 reaches the minimum; γ = 1 overflows, x2 having grown 399-fold per step."""
    (output,) = printed
    line_099 = next(line for line in output.splitlines() if line.startswith("γ = 0.99: "))
    point = re.search(r"x1: \S+, x2: \S+", line_099).group(0)
    x1, x2 = (float(v) for v in re.findall(r"x\d: (\S+?),?(?= |$)", point))
    assert abs(x1) < 1e-4 and abs(x2) < 1e-4, point  # "the path reaches the minimum"
    assert point in quoted(text), (point, quoted(text))  # "after 100 steps it prints `x1: …`"
    line_1 = next(line for line in output.splitlines() if line.startswith("γ = 1: ")
                  and "OverflowError" in line)
    last, x2_last, overflowed = re.search(r"(\d+), x1: \S+, x2: (\S+);\D*?(\d+)", line_1).groups()
    assert (int(last), int(overflowed)) == (59, 60), line_1  # "after step 59", overflowed next
    assert mentions(text, int(last))
    assert x2_last in quoted(text), (x2_last, quoted(text))
    assert math.isclose(float(x2_last), 2 * 399 ** 59, rel_tol=1e-5)  # "which is 2 · 399^59"


# ------------------------------------------------------------------ answer 2

@dataclass
class Path2D:  # as printed
    f_20: str
    f_smallest: str
    smallest_at: int
    f_100: str
    moves: list[str]  # x1's and x2's mean step, steps 81 to 100


def paths_of_answer_2(output: str) -> list[Path2D]:
    """The aligned and the rotated problem's printed values, in that order."""
    lines = output.splitlines()
    f_lines = [line for line in lines if line.lstrip().startswith("f(x):")]
    paths = []
    for f_line in f_lines:
        move_line = lines[lines.index(f_line) + 1]
        values = re.findall(DECIMAL, f_line)
        steps = [int(v) for v in re.findall(INTEGER, f_line)]
        assert len(values) == 4 and steps[0] == 20 and steps[-1] == 100 and len(steps) == 3, f_line
        _, f_20, f_smallest, f_100 = values  # the first is f at the start
        paths.append(Path2D(f_20, f_smallest, steps[1], f_100, re.findall(DECIMAL, move_line)))
    assert len(paths) == 2 and all(len(p.moves) == 2 for p in paths), output
    return paths


def check_answer_2(text: str, printed: list[str]) -> None:
    """After 20 steps only the aligned path is near its minimum; both reach it and are thrown out
    again, their steps back to the size of η = 0.4."""
    (output,) = printed
    aligned, rotated = paths_of_answer_2(output)
    f = {name: float(getattr(aligned, name)) for name in ("f_20", "f_smallest", "f_100")}
    g = {name: float(getattr(rotated, name)) for name in ("f_20", "f_smallest", "f_100")}
    assert f["f_20"] < 1e-4 and g["f_20"] > 0.1  # "nearly solved" / "still far from its minimum"
    assert f["f_smallest"] < 1e-15 and aligned.smallest_at > 20  # "gets there"
    assert f["f_100"] > 1e3 * f["f_20"]  # "and is then thrown out again"
    assert g["f_smallest"] < 1e-3 * g["f_20"] and g["f_100"] > 1e3 * g["f_smallest"]  # "the same"
    assert rotated.smallest_at > aligned.smallest_at  # "only later"
    eta = 0.4
    assert 0.5 * eta < float(aligned.moves[1]) < 1.5 * eta  # x2 "back to the size of η"
    assert all(0.5 * eta < float(move) < 1.5 * eta for move in rotated.moves)  # "both coordinates"
    assert rotated.moves[0] == rotated.moves[1]  # "both coordinates moving `0.39`"
    assert quoted_numbers(text) == {aligned.f_20, rotated.f_20, aligned.f_smallest, aligned.f_100,
                                 aligned.moves[1], rotated.f_smallest, rotated.f_100,
                                 rotated.moves[0]}, quoted_numbers(text)
    assert mentions(text, aligned.smallest_at) and mentions(text, rotated.smallest_at)


# ------------------------------------------------------------------ answer 3

@dataclass
class Run:
    losses: list[float]  # on the training data, before training and after each of 4 epochs
    held_out: float


def runs_of_answer_3(output: str) -> tuple[dict[str, Run], Run]:
    """The MLP runs by learning rate, and the linear model's run."""
    runs, linear = {}, None
    for label, numbers in re.findall(r"^(.*?)((?:\s+\d+\.\d{3}){6})$", output, re.M):
        values = [float(v) for v in numbers.split()]
        run = Run(values[:5], values[5])
        mlp = re.fullmatch(r"MLP, η = (.+)", label)
        if mlp:
            runs[mlp.group(1)] = run
        else:
            assert linear is None and label.endswith(", η = 0.01"), label  # in the page's language
            linear = run
    assert sorted(runs) == sorted(["0.001", "0.01", "0.1", "0.03 · 0.6^k"]) and linear, output
    return runs, linear


def falls(losses: list[float]) -> bool:
    return all(b < a for a, b in zip(losses, losses[1:]))


def check_answer_3(text: str, printed: list[str]) -> None:
    """The curves' shapes, the best constant rate, the schedule lowest, and the MLP against the
    linear model on the held-out data, in both frameworks."""
    assert len(printed) == 2, "one table per framework"
    for framework, output in zip(FRAMEWORKS, printed):
        runs, linear = runs_of_answer_3(output)
        slow, best, large, schedule = (runs[k] for k in ("0.001", "0.01", "0.1", "0.03 · 0.6^k"))
        # "0.001 falls steadily but slowly, and it is still falling when training stops"
        assert falls(slow.losses) and slow.losses[-2] - slow.losses[-1] >= 0.01, slow
        assert slow.losses[1] == max(run.losses[1] for run in runs.values()), framework
        # "0.1 drops at once but does not settle: in a later epoch it rises again"
        assert large.losses[1] < 0.5 * large.losses[0], large
        assert any(b > a for a, b in zip(large.losses[1:], large.losses[2:])), large
        # "0.01: fast at first and smooth later, the best of the three constant rates", both data
        assert best.losses[1] < 0.5 * best.losses[0] and falls(best.losses), best
        constants = [slow, best, large]
        assert best.losses[-1] == min(run.losses[-1] for run in constants), framework
        assert best.held_out == min(run.held_out for run in constants), framework
        # "the schedule falls fast and then smoothly, and ends with the lowest loss of the four"
        assert falls(schedule.losses), schedule
        assert schedule.losses[-1] == min(run.losses[-1] for run in runs.values()), framework
        assert schedule.held_out == min(run.held_out for run in runs.values()), framework
        # "the linear model, whose training loss levels off at about 0.24"
        assert abs(linear.losses[-1] - linear.losses[-2]) < 0.005, linear
        assert 0.235 <= linear.losses[-1] <= 0.245, linear
        # 0.01 and the schedule "end well below the linear model ... 30 to 45% lower" held out
        for run in (best, schedule):
            assert run.losses[-1] < linear.losses[-1] - 0.05, (framework, run)
            assert 0.55 <= run.held_out / linear.held_out <= 0.70, (framework, run, linear)
        # "with η = 0.001 it is still above the linear model"
        assert slow.losses[-1] > linear.losses[-1] and slow.held_out > linear.held_out, framework
        # η = 0.1 "above the linear model in the PyTorch run, below it in the TensorFlow run"
        above = framework == "PyTorch"
        assert (large.losses[-1] > linear.losses[-1]) == above, (framework, large, linear)
        assert (large.held_out > linear.held_out) == above, (framework, large, linear)
    assert "0.03" in text and "0.6" in text  # the schedule's two settings are named


# ------------------------------------------------------------------ answer 4

SCHEDULE_09, SCHEDULE_0999 = "γ_t = min(1 − 1/t, 0.9)", "γ_t = min(1 − 1/t, 0.999)"


def rows_of_answer_4(output: str) -> dict[str, tuple[float, float]]:
    """Each row's loss after 20 steps and after the epoch, by its label."""
    rows = dict((label, (float(early), float(end))) for label, early, end in re.findall(
        r"^(γ = [\d.]+|γ_t = min\(1 − 1/t, [\d.]+\)) +(\d\.\d{3}) +(\d\.\d{3})$", output, re.M))
    assert list(rows) == ["γ = 0", "γ = 0.5", "γ = 0.9", "γ = 0.99", "γ = 0.999",
                          SCHEDULE_09, SCHEDULE_0999], output
    return rows


def check_answer_4(text: str, printed: list[str]) -> None:
    """No γ and no schedule of γ matters at the end; the start-up bias shows after 20 steps."""
    assert len(printed) == 2, "one table per framework"
    for framework, output in zip(FRAMEWORKS, printed):
        rows = rows_of_answer_4(output)
        early = {label: values[0] for label, values in rows.items()}
        ends = [end for _, end in rows.values()]
        assert max(ends) - min(ends) <= 0.01, (framework, ends)  # "within 0.01 of each other"
        # "the large values of γ, 0.99 and 0.999, have the lower losses after 20 steps"
        for large in ("γ = 0.99", "γ = 0.999"):
            assert all(early[large] < early[small] for small in ("γ = 0", "γ = 0.5", "γ = 0.9"))
        for schedule in (SCHEDULE_09, SCHEDULE_0999):
            # "both schedules start like the small values of γ ... so they are behind γ = 0.9"
            assert abs(early[schedule] - early["γ = 0"]) < abs(early[schedule] - early["γ = 0.999"])
            assert early[schedule] > early["γ = 0.9"], (framework, schedule, early)
        # "the one that switches to γ = 0.9 [ends] where γ = 0.9 itself ends"
        assert abs(rows[SCHEDULE_09][1] - rows["γ = 0.9"][1]) <= 0.002, (framework, rows)
    assert "0.01" in text


CHECKS = {1: check_answer_1, 2: check_answer_2, 3: check_answer_3, 4: check_answer_4}


def message_pattern(message: str) -> str:
    """A regular expression for the lines d2lmini prints from ``message`` (a MESSAGES entry):
    its words as they are, each {field} a named group matching a number or word."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(message):
        parts.append(re.escape(literal))
        if field:
            parts.append(rf"(?P<{field}>[-+.\w]+)")
    return "".join(parts)
