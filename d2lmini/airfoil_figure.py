"""What the live airfoil figure trains on, and the float64 run it is checked against.

The figure (kind "airfoil" of widgets.js) trains the chapter's linear regression in the browser,
in float64: the same 1500 standardized examples as ``get_data_ch11`` (float32, as d2lmini loads
them), minibatches of 10, the loss on all examples every 200 examples, and the initial weights
and the shuffle of every epoch that PyTorch draws after ``torch.manual_seed(seed)``: the draws
of ``train_ch11`` (the weights, then one permutation per epoch). So at the chapter's setting it
retraces the seeded PyTorch run. Where PyTorch is not installed, NumPy's generator seeded with
``seed`` draws them instead.

The data never goes into a notebook: a kernel sends ``encode(figure_data())`` to the figure in a
message (widgets.py), and the book's build writes it into the site only
(_ext/book_site/live_figures.py).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .data import airfoil
from .training import EVALUATE_EVERY

EXAMPLES = 1500
BATCH_SIZE = 10
MAX_EPOCHS = 12  # the epochs slider's end (widgets.py): 1-12 keeps every value in Colab's ipywidgets 7
EPS = 1e-6  # inside the root, as the chapter's from-scratch rmsprop
CHAPTER_SETTING = {"lr": 0.01, "gamma": 0.9}  # the from-scratch run's hyperparameters

Update = Callable[[list[float], list[float], list[float]], None]


@dataclass(frozen=True)
class FigureData:
    """The examples, the initial weights and one shuffle per epoch (rows of ``permutations``)."""

    features: np.ndarray  # float32, (examples, features)
    labels: np.ndarray  # float32, (examples,)
    weights: np.ndarray  # float32, (features,)
    permutations: np.ndarray  # uint16, (epochs, examples)
    seed: int


def _draws(seed: int, features: int, epochs: int) -> tuple[np.ndarray, np.ndarray]:
    """The initial weights and the permutations of ``epochs`` epochs, in the order train_ch11 draws them."""
    try:
        import torch
    except ImportError:
        generator = np.random.default_rng(seed)
        weights = generator.normal(0.0, 0.01, features).astype(np.float32)
        return weights, np.stack([generator.permutation(EXAMPLES) for _ in range(epochs)])
    generator = torch.Generator().manual_seed(seed)  # the draws torch.manual_seed(seed) gives
    weights = torch.normal(0.0, 0.01, (features, 1), generator=generator).numpy().ravel()
    return weights, np.stack([torch.randperm(EXAMPLES, generator=generator).numpy() for _ in range(epochs)])


def figure_data(seed: int = 0, epochs: int = MAX_EPOCHS) -> FigureData:
    """The figure's data: the airfoil examples of get_data_ch11 and the draws of a run seeded with ``seed``."""
    features, labels = airfoil(EXAMPLES)
    weights, permutations = _draws(seed, features.shape[1], epochs)
    return FigureData(features, labels, weights, permutations.astype(np.uint16), seed)


def encode(data: FigureData) -> bytes:
    """The data as widgets.js reads it: a 4-byte little-endian length, a JSON header padded with
    spaces to a multiple of 4 bytes, then features, labels and weights (float32) and the
    permutations (uint16), little-endian, one after the other."""
    examples, features = data.features.shape
    header = json.dumps({"examples": examples, "features": features,
                         "epochs": len(data.permutations), "seed": data.seed}).encode()
    header += b" " * (-len(header) % 4)
    arrays = [data.features.astype("<f4"), data.labels.astype("<f4"), data.weights.astype("<f4"),
              data.permutations.astype("<u2")]
    return len(header).to_bytes(4, "little") + header + b"".join(a.tobytes() for a in arrays)


def rmsprop_update(lr: float, gamma: float) -> Update:
    """The chapter's from-scratch RMSProp step, in place on the lists ``params`` and ``states``."""
    def update(params: list[float], grads: list[float], states: list[float]) -> None:
        for k, g in enumerate(grads):
            states[k] = gamma * states[k] + (1 - gamma) * (g * g)
            params[k] -= lr * g / math.sqrt(states[k] + EPS)
    return update


def train_float64(data: FigureData, update: Update, epochs: int) -> tuple[float, list[float], list[float]]:
    """Train the linear regression from the data's initial weights in float64, as train_ch11 does,
    with ``update(params, grads, states)`` on lists [w1, ..., wd, b]: the loss before training, and
    the epochs and losses of every evaluation, up to the first that is not finite.

    Each step's sums run in the order widgets.js's run them, one example and one feature after
    the other: runs that are sensitive to the last bit (γ = 0 steps by about η times the sign of
    each gradient) then come out the same in both, not merely close."""
    X, y = data.features.astype(np.float64), data.labels.astype(np.float64)
    rows_of, labels = X.tolist(), y.tolist()
    features = X.shape[1]
    params, states = [*data.weights.astype(np.float64).tolist(), 0.0], [0.0] * (features + 1)

    def loss() -> float:
        return float(np.mean((X @ np.array(params[:-1]) + params[-1] - y) ** 2) / 2)

    initial, at, losses = loss(), [], []
    seen, total = 0, epochs * len(labels)
    with np.errstate(all="ignore"):  # a diverging run ends at its first loss that is not finite
        for order in data.permutations[:epochs].tolist():
            for first in range(0, len(labels), BATCH_SIZE):
                rows = order[first:first + BATCH_SIZE]
                grads = [0.0] * (features + 1)
                for i in rows:
                    error = 0.0
                    for k in range(features):
                        error += rows_of[i][k] * params[k]
                    error = error + params[-1] - labels[i]
                    for k in range(features):
                        grads[k] += rows_of[i][k] * error
                    grads[-1] += error
                update(params, [g / len(rows) for g in grads], states)
                before, seen = seen, seen + len(rows)
                if seen // EVALUATE_EVERY > before // EVALUATE_EVERY or seen == total:
                    at.append(seen / len(labels))
                    losses.append(loss())
                    if not math.isfinite(losses[-1]):
                        return initial, at, losses
    return initial, at, losses


def reference(data: FigureData) -> dict[str, object]:
    """The figure's reference line: the chapter's setting trained for all the data's epochs (its
    hyperparameters, the loss before training, and the epochs and losses of the evaluations)."""
    initial, at, losses = train_float64(data, rmsprop_update(**CHAPTER_SETTING), len(data.permutations))
    return {**CHAPTER_SETTING, "initial": initial, "epochs": at, "losses": losses}
