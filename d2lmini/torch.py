"""PyTorch helpers for the RMSProp chapter: ``from d2lmini import torch as d2l``."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from . import checks
from .data import Minibatches, airfoil, download
from .plotting import (plt, prepare_loss_figure, set_figsize, show_trace_2d, use_svg_display,
                       when_the_reader_pauses)
from .training import (check_framework, check_optimizer_class, check_states, check_trainer_fn,
                       checked_data, checked_trainer, fit, make_optimizer, train_2d)
from .widgets import leaky_average_explorer, rmsprop_airfoil_explorer, rmsprop_explorer

# d2l's aliases of framework functions, which its chapters call as d2l.zeros(...), d2l.numpy(x).
zeros, ones, tensor, arange, linspace, meshgrid = (torch.zeros, torch.ones, torch.tensor, torch.arange,
                                                   torch.linspace, torch.meshgrid)
normal, exp, sin, cos, tanh = torch.normal, torch.exp, torch.sin, torch.cos, torch.tanh


def numpy(x: torch.Tensor) -> Any:
    """``x`` as a NumPy array, detached from autograd."""
    return x.detach().numpy()


ALIASES = ["zeros", "ones", "tensor", "arange", "linspace", "meshgrid", "normal", "exp", "sin", "cos",
           "tanh", "numpy"]
__all__ = [
    "download", "plt", "set_figsize", "show_trace_2d", "use_svg_display", "train_2d",
    "rmsprop_explorer", "leaky_average_explorer", "rmsprop_airfoil_explorer",
    "linreg", "squared_loss", "evaluate_loss", "get_data_ch11", "train_ch11", "train_concise_ch11",
    *ALIASES,
]


READING_PAUSE = 0.5  # seconds without a cell running after which the first training is prepared


def _prepare_first_training() -> None:
    """The first training cells' one-time work that is not training, done while the reader reads.

    The first ``torch.optim`` optimizer imports ``torch._dynamo`` (about a second), and the first
    loss figure looks up and loads its fonts (about 10 ms). The first backward pass and the first
    evaluation add less than a millisecond each, so they are left to the training.
    """
    if "torch._dynamo" not in sys.modules:
        importlib.import_module("torch._dynamo")
    prepare_loss_figure()


when_the_reader_pauses(_prepare_first_training, READING_PAUSE)


def linreg(X: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """The linear regression model X w + b."""
    return X @ w + b


def squared_loss(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Half the squared error of each example."""
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def evaluate_loss(net: Callable, data_iter: Minibatches, loss: Callable) -> float:
    """The mean of ``loss(net(X), y)`` over all examples of ``data_iter``, in one pass over all of them."""
    with torch.no_grad():
        return loss(net(data_iter.features), data_iter.labels).mean().item()


def _initial_weights(feature_dim: int) -> torch.Tensor:
    """Weights drawn from N(0, 0.01²) with PyTorch's global generator (seeded by torch.manual_seed)."""
    return torch.normal(mean=0.0, std=0.01, size=(feature_dim, 1))


def get_data_ch11(batch_size: int = 10, n: int = 1500) -> tuple[Minibatches, int]:
    """Shuffled minibatches of the first ``n`` standardized airfoil examples, and the feature count."""
    features, labels = airfoil(n)
    data_iter = Minibatches(features, labels, batch_size, to_tensor=torch.from_numpy,
                            permutation=lambda count: torch.randperm(count).numpy())
    return data_iter, features.shape[1]


def train_ch11(trainer_fn: Callable, states: Any, hyperparams: dict, data_iter: Minibatches,
               feature_dim: int, num_epochs: int = 2, show: bool = True) -> tuple[list[float], list[float]]:
    """Train linear regression with the from-scratch optimizer ``trainer_fn``.

    ``trainer_fn([w, b], states, hyperparams)`` updates the parameters in place
    from their ``.grad`` and zeroes the gradients. ``show=False`` draws and
    prints nothing, to compare many runs by the returned losses.
    """
    feature_dim = checks.positive_int("feature_dim", feature_dim)
    checked_data(data_iter, "PyTorch", feature_dim)
    check_trainer_fn(trainer_fn, "params, states, hyperparams", "PyTorch")
    check_framework("states", states, "PyTorch",
                    "re-run the PyTorch cell that defines init_rmsprop_states (and rmsprop)")
    check_states(states, feature_dim)
    trainer = checked_trainer(trainer_fn, hyperparams, states)
    w = _initial_weights(feature_dim).requires_grad_()
    b = torch.zeros(1, requires_grad=True)

    def step(X: torch.Tensor, y: torch.Tensor) -> None:
        squared_loss(linreg(X, w, b), y).mean().backward()
        trainer([w, b], states, hyperparams)

    def evaluate() -> float:
        return evaluate_loss(lambda X: linreg(X, w, b), data_iter, squared_loss)

    return fit(step, evaluate, data_iter, num_epochs, hyperparams, show)


def train_concise_ch11(trainer_fn: Callable, hyperparams: dict, data_iter: Minibatches,
                       num_epochs: int = 4) -> None:
    """Train linear regression with a ``torch.optim`` optimizer class such as ``torch.optim.RMSprop``.

    As in d2l, the model (``nn.Linear``, weights from N(0, 0.01²), here with a zero bias)
    minimizes the mean squared error, and the loss drawn and printed is half of it: the loss
    that ``train_ch11`` minimizes and reports. Like d2l's, it returns nothing.
    """
    checked_data(data_iter, "PyTorch")
    check_optimizer_class(trainer_fn, torch.optim.Optimizer, "PyTorch", "torch.optim.RMSprop")
    checks.hyperparams_mapping(hyperparams)
    checks.positive_int("num_epochs", num_epochs)
    feature_dim = data_iter.features.shape[1]
    net = nn.utils.skip_init(nn.Linear, feature_dim, 1)
    with torch.no_grad():  # the same draw as train_ch11's w
        net.weight.copy_(_initial_weights(feature_dim).T)
        net.bias.zero_()
    optimizer = make_optimizer(trainer_fn, hyperparams, net.parameters())

    def step(X: torch.Tensor, y: torch.Tensor) -> None:
        optimizer.zero_grad()
        nn.functional.mse_loss(net(X), y.reshape(-1, 1)).backward()
        optimizer.step()

    fit(step, lambda: evaluate_loss(net, data_iter, squared_loss), data_iter, num_epochs, hyperparams)
