"""The fast paths compute what the slow ones would: whole-data evaluation, compiled TensorFlow
steps, and a loss plot that is redrawn only now and then."""

import time

import numpy as np
import pytest

from chapter_code import from_scratch, plain_sgd
from d2lmini import data, plotting, training


def batch_by_batch_loss(net, data_iter, loss):
    """What d2l's evaluate_loss does: one minibatch at a time, summed over examples."""
    total, count = 0.0, 0
    for X, y in data_iter:
        values = np.asarray(loss(net(X), y), dtype=np.float64)
        total, count = total + values.sum(), count + values.size
    return total / count


def test_whole_data_evaluation_equals_batch_by_batch(d2l):
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=7)  # a partial last batch too
    rng = np.random.default_rng(0)
    w = rng.normal(size=(feature_dim, 1)).astype(np.float32)
    b = np.float32([0.3])
    if d2l.__name__.endswith("torch"):
        import torch
        w, b = torch.from_numpy(w), torch.from_numpy(b)
    else:
        import tensorflow as tf
        w, b = tf.constant(w), tf.constant(b)

    def net(X):
        return d2l.linreg(X, w, b)

    fast = d2l.evaluate_loss(net, data_iter, d2l.squared_loss)
    assert fast == pytest.approx(batch_by_batch_loss(net, data_iter, d2l.squared_loss), rel=1e-5)


def test_tensorflow_from_scratch_matches_keras_rmsprop_step_for_step(concise_losses):
    import tensorflow as tf

    from d2lmini import tensorflow as d2l

    init_rmsprop_states, rmsprop = from_scratch("tensorflow")
    # Batches of 200 examples: the loss on all data is recorded after every step.
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=200, n=1400)
    tf.random.set_seed(1)
    _, scratch = d2l.train_ch11(rmsprop, init_rmsprop_states(feature_dim),
                                {"lr": 0.01, "gamma": 0.9}, data_iter, feature_dim, num_epochs=3)
    tf.random.set_seed(1)  # the same initial weights and the same shuffles
    # The concise run minimizes the mean squared error, twice train_ch11's loss: gradients twice
    # as large and squares four times as large, so epsilon 4e-6 there is 1e-6 here.
    _, concise = concise_losses(d2l, tf.keras.optimizers.RMSprop,
                                {"learning_rate": 0.01, "rho": 0.9, "epsilon": 4e-6}, data_iter, num_epochs=3)
    assert len(scratch) == len(concise) == 21
    np.testing.assert_allclose(concise, scratch, rtol=1e-5)
    assert scratch[-1] < scratch[0]


def test_concise_sgd_takes_the_steps_of_d2l_on_the_mean_squared_error(d2l, concise_losses, capsys):
    """train_concise_ch11 minimizes the mean squared error, as d2l's does: its SGD at learning rate
    lr takes the steps that train_ch11's SGD, on half the squared error, takes at 2 lr."""
    framework = d2l.__name__.rsplit(".", 1)[1]
    if framework == "torch":
        import torch
        seed, optimizer, rate = torch.manual_seed, torch.optim.SGD, "lr"
    else:
        import tensorflow as tf
        seed, optimizer, rate = tf.random.set_seed, tf.keras.optimizers.SGD, "learning_rate"
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=200, n=1400)
    seed(3)
    _, scratch = d2l.train_ch11(plain_sgd(framework), (), {"lr": 0.1}, data_iter, feature_dim, num_epochs=2)
    seed(3)
    _, concise = concise_losses(d2l, optimizer, {rate: 0.05}, data_iter, num_epochs=2)
    np.testing.assert_allclose(concise, scratch, rtol=1e-5)


class FakeDisplay:
    """Stands in for IPython's display: counts the figures shown and updated."""

    def __init__(self, monkeypatch):
        import IPython.display
        self.shown = self.updated = 0
        monkeypatch.setattr(plotting, "_kernel", lambda: object())
        monkeypatch.setattr(IPython.display, "display", self.display)

    def display(self, image, raw=False, display_id=False):
        assert raw and display_id and "<svg" in image["image/svg+xml"]
        self.shown += 1
        fake = self

        class Handle:
            def update(self, image, raw=False):
                assert raw and "<svg" in image["image/svg+xml"]
                fake.updated += 1
        return Handle()


def slow_run(seconds_per_step, monkeypatch):
    fake = FakeDisplay(monkeypatch)
    features = np.zeros((400, 2), dtype=np.float32)
    data_iter = data.Minibatches(features, features[:, 0], 100, to_tensor=np.asarray,
                                 permutation=np.arange)
    training.fit(lambda X, y: time.sleep(seconds_per_step), lambda: 0.3, data_iter, num_epochs=2)
    return fake


def test_a_fast_run_is_drawn_once(monkeypatch, capsys):
    fake = slow_run(0, monkeypatch)
    assert (fake.shown, fake.updated) == (1, 0)


def test_a_slow_run_shows_live_progress(monkeypatch, capsys):
    fake = slow_run(0.2, monkeypatch)  # 8 steps of 0.2 s, each followed by an evaluation
    assert fake.shown == 1 and 2 <= fake.updated <= 6  # redrawn every ~0.5 s, not 8 times


def tensorflow_run(trainer, hyperparams, **kwargs):
    """Losses of ``train_ch11`` with ``trainer`` from a fixed seed, on batches of 200 (a loss per step)."""
    import tensorflow as tf

    from d2lmini import tensorflow as d2l

    init_rmsprop_states, _ = from_scratch("tensorflow")
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=200, n=1400)
    tf.random.set_seed(2)
    return d2l.train_ch11(trainer, init_rmsprop_states(feature_dim), hyperparams, data_iter,
                          feature_dim, **kwargs)[1]


class CountingDict(dict):
    """Hyperparameters that count how often the trainer reads them."""

    reads = 0

    def __getitem__(self, key):
        self.reads += 1
        return super().__getitem__(key)


def test_tensorflow_compiled_step_equals_the_eager_one(capsys):
    _, rmsprop = from_scratch("tensorflow")
    compiled, eager = CountingDict(lr=0.01, gamma=0.9), CountingDict(lr=0.01, gamma=0.9)
    np.testing.assert_allclose(tensorflow_run(rmsprop, compiled),
                               tensorflow_run(rmsprop, eager, run_eagerly=True), rtol=1e-5)
    # The chapter's rmsprop reads gamma once and lr per parameter: 3 reads per run of its Python code.
    assert compiled.reads == 3  # traced once, then only the graph ran
    assert eager.reads == 3 * 7 * 2  # 7 steps per epoch, 2 epochs


def test_tensorflow_trainer_that_counts_steps_in_hyperparams_stays_compiled(capsys):
    def sgd_with_decay(params, grads, states, hyperparams):
        """SGD with lr / t, counting steps in hyperparams as d2l's Adam and Yogi do."""
        for p, g in zip(params, grads):
            p.assign_sub(hyperparams["lr"] / hyperparams["t"] * g)
        hyperparams["t"] += 1

    counted = CountingDict(lr=0.1, t=1)
    losses = tensorflow_run(sgd_with_decay, counted)
    assert counted["t"] == 1 + 14 and type(counted["t"]) is int  # every step counted, none by tracing
    assert counted.reads < 14  # its Python code ran while traced (eagerly: 5 reads in each of 14 steps)
    np.testing.assert_allclose(losses, tensorflow_run(sgd_with_decay, {"lr": 0.1, "t": 1},
                                                      run_eagerly=True), rtol=1e-5)


def test_tensorflow_trainer_that_changes_non_numbers_in_hyperparams_runs_eagerly(capsys):
    def sgd_logging(params, grads, states, hyperparams):
        for p, g in zip(params, grads):
            p.assign_sub(hyperparams["lr"] * g)
        hyperparams["log"] = hyperparams["log"] + ("step",)

    logged = {"lr": 0.1, "log": ()}
    tensorflow_run(sgd_logging, logged)
    assert logged["log"] == ("step",) * 14


def test_tensorflow_trainer_that_prints_prints_every_step(capsys):
    _, rmsprop = from_scratch("tensorflow")

    def talkative(*args):
        print("step")
        rmsprop(*args)

    tensorflow_run(talkative, {"lr": 0.01, "gamma": 0.9})
    assert capsys.readouterr().out.count("step\n") == 14


def test_tensorflow_trainer_that_needs_numpy_runs_eagerly(capsys):
    def clipped_sgd(params, grads, states, hyperparams):
        for p, g in zip(params, grads):
            p.assign_sub(hyperparams["lr"] * np.clip(g.numpy(), -1, 1))  # .numpy(): eager only

    losses = tensorflow_run(clipped_sgd, {"lr": 0.1})
    assert losses[-1] < losses[0]


step_count = 0


def sgd_counting_in_a_global(params, grads, states, hyperparams):
    global step_count
    step_count += 1
    for p, g in zip(params, grads):
        p.assign_sub(hyperparams["lr"] * g)


def learning_rate():
    """A schedule that counts its calls in a global, as d2l's SGD section does."""
    global step_count
    step_count += 1
    return 0.1 / step_count


def sgd_with_a_scheduled_rate(params, grads, states, hyperparams):
    for p, g in zip(params, grads):
        p.assign_sub(learning_rate() * g)


def sgd_appending_steps():
    steps = []

    def sgd_logging_steps(params, grads, states, hyperparams):
        steps.append(len(steps))
        for p, g in zip(params, grads):
            p.assign_sub(hyperparams["lr"] * g)
    return sgd_logging_steps, lambda: len(steps)


@pytest.mark.parametrize("make, changed, runs_per_step", [
    (lambda: (sgd_counting_in_a_global, lambda: step_count), "the global step_count (assigned a new value)", 1),
    (lambda: (sgd_with_a_scheduled_rate, lambda: step_count), "the global step_count (assigned a new value)", 2),
    (sgd_appending_steps, "the variable steps of sgd_logging_steps's enclosing function (a list changed in place", 1),
], ids=["global counter", "schedule counting in a global", "list in a closure"])
def test_tensorflow_trainer_with_python_effects_is_stopped_before_training(make, changed, runs_per_step, capsys):
    global step_count
    step_count = 0
    trainer, count = make()
    with pytest.raises(ValueError, match="Pass run_eagerly=True") as raised:
        tensorflow_run(trainer, {"lr": 0.1})
    assert changed in str(raised.value) and "the tracing run's change was undone" in str(raised.value)
    assert count() == 0 and capsys.readouterr().out == ""  # undone, and nothing trained or drawn
    tensorflow_run(trainer, {"lr": 0.1}, run_eagerly=True)
    assert count() == 14 * runs_per_step
