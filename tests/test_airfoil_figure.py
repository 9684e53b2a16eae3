"""The live airfoil figure's data and reference run (d2lmini/airfoil_figure.py): the draws of the
chapter's seeded PyTorch run, the bytes widgets.js reads, and a float64 run that retraces the
chapter's. (tests/test_figure_module.py compares the figure's own training with it.)"""

import json
import sys

import numpy as np
import pytest
import torch

from chapter_code import seeded_pytorch_run
from d2lmini import airfoil_figure
from d2lmini import torch as d2l


def test_the_draws_are_those_of_train_ch11_after_manual_seed():
    """The initial weights, then one permutation per epoch, from PyTorch's global generator."""
    data = airfoil_figure.figure_data(seed=7, epochs=3)
    torch.manual_seed(7)
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
    weights = d2l._initial_weights(feature_dim)
    assert np.array_equal(data.weights, weights.numpy().ravel())
    for permutation in data.permutations:
        assert np.array_equal(permutation, torch.randperm(1500).numpy())
    assert np.array_equal(data.features, data_iter.features.numpy())
    assert np.array_equal(data.labels, data_iter.labels.numpy())
    assert data.permutations.shape == (3, 1500) and data.permutations.dtype == np.uint16


def test_without_pytorch_numpy_draws_them(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now fails
    first, again = airfoil_figure.figure_data(0, 2), airfoil_figure.figure_data(0, 2)
    assert np.array_equal(first.weights, again.weights) and np.array_equal(first.permutations, again.permutations)
    assert all(sorted(p) == list(range(1500)) for p in first.permutations)
    assert 0 < np.abs(first.weights).max() < 0.05


def test_the_encoding_holds_the_data_in_the_order_widgets_js_reads():
    data = airfoil_figure.figure_data(0, 2)
    payload = airfoil_figure.encode(data)
    length = int.from_bytes(payload[:4], "little")
    assert length % 4 == 0
    header = json.loads(payload[4:4 + length])
    assert header == {"examples": 1500, "features": 5, "epochs": 2, "seed": 0}
    at, arrays = 4 + length, []
    for dtype, count in [("<f4", 1500 * 5), ("<f4", 1500), ("<f4", 5), ("<u2", 2 * 1500)]:
        arrays.append(np.frombuffer(payload, dtype, count, at))
        at += count * np.dtype(dtype).itemsize
    assert at == len(payload)
    for read, kept in zip(arrays, [data.features, data.labels, data.weights, data.permutations]):
        assert np.array_equal(read, kept.ravel())


def test_the_float64_reference_retraces_the_chapters_seeded_pytorch_run():
    """The same curve to float32's precision, and the same printed loss."""
    printed, losses = seeded_pytorch_run()
    reference = airfoil_figure.reference(airfoil_figure.figure_data())
    assert reference["losses"][:len(losses)] == pytest.approx(losses, abs=1e-6)
    assert reference["epochs"][:len(losses)] == [k * 200 / 1500 for k in range(1, 16)]
    assert printed.startswith(f"loss: {reference['losses'][14]:.3f}, "), printed
