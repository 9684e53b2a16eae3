"""The airfoil data: download with checksum and cache, loading, minibatches."""

import functools
import hashlib
import http.server
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from d2lmini import data

AIRFOIL_SHA1 = "76e5be1548fd8222e5074cf0faae75edff8cf93f"
FNAME = "airfoil_self_noise.dat"


def sha1(path):
    return hashlib.sha1(open(path, "rb").read()).hexdigest()


@pytest.fixture
def good_copy():
    """The path of a correct copy of the data file (from D2LMINI_DATA_DIR)."""
    return data.download("airfoil")


@pytest.fixture
def server(tmp_path):
    """A local HTTP server; returns (folder it serves, its base address)."""
    served = tmp_path / "served"
    served.mkdir()
    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(served))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def point_hub_at(monkeypatch, url):
    monkeypatch.setitem(data.DATA_HUB, "airfoil", (url, AIRFOIL_SHA1))


def test_download_uses_the_data_dir_copy(good_copy):
    assert sha1(good_copy) == AIRFOIL_SHA1
    assert Path(good_copy).resolve().parent == data.data_dir().resolve()


def test_default_cache_is_per_user(monkeypatch):
    monkeypatch.delenv(data.DATA_DIR_VARIABLE, raising=False)
    assert data.data_dir().name == "d2lmini"


def test_corrupt_cached_file_is_downloaded_again(monkeypatch, tmp_path, server, good_copy, capsys):
    served, base = server
    shutil.copy(good_copy, served / FNAME)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / FNAME).write_text("not the airfoil data\n")
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(cache))
    point_hub_at(monkeypatch, f"{base}/{FNAME}")
    path = data.download("airfoil")
    assert sha1(path) == AIRFOIL_SHA1
    assert sha1(cache / FNAME) == AIRFOIL_SHA1
    captured = capsys.readouterr()
    assert captured.out == f"Downloading {base}/{FNAME} ...\n" and captured.err == ""


def test_wrong_file_from_server_is_a_clear_error(monkeypatch, tmp_path, server):
    served, base = server
    (served / FNAME).write_text("1\t2\t3\n")
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(tmp_path / "cache"))
    point_hub_at(monkeypatch, f"{base}/{FNAME}")
    with pytest.raises(data.DownloadError, match=f"does not have SHA-1 {AIRFOIL_SHA1}"):
        data.download("airfoil")


def test_unreachable_address_names_url_and_variable(monkeypatch, tmp_path):
    url = f"http://127.0.0.1:9/{FNAME}"  # the discard port: nothing listens there
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(tmp_path / "empty"))
    point_hub_at(monkeypatch, url)
    with pytest.raises(data.DownloadError) as error:
        data.download("airfoil")
    assert url in str(error.value)
    assert "D2LMINI_DATA_DIR" in str(error.value)


def test_unknown_data_set():
    with pytest.raises(ValueError, match="unknown data set 'mnist'; known: airfoil, or an http"):
        data.download("mnist")


@pytest.mark.parametrize("sha1_hash", [AIRFOIL_SHA1, None])
def test_download_takes_d2ls_arguments_url_folder_and_sha1(d2l, tmp_path, server, good_copy, sha1_hash, capsys):
    served, base = server
    shutil.copy(good_copy, served / FNAME)
    folder = tmp_path / "data"
    path = d2l.download(f"{base}/{FNAME}", str(folder), sha1_hash)
    assert Path(path) == folder / FNAME and sha1(path) == AIRFOIL_SHA1
    assert capsys.readouterr().out == f"Downloading {base}/{FNAME} ...\n"
    assert d2l.download(f"{base}/{FNAME}", folder, sha1_hash=sha1_hash) == path  # a good copy: not again
    assert capsys.readouterr().out == ""


def test_download_of_a_data_set_into_a_folder(tmp_path, server, good_copy, monkeypatch):
    served, base = server
    shutil.copy(good_copy, served / FNAME)
    point_hub_at(monkeypatch, f"{base}/{FNAME}")
    assert Path(data.download("airfoil", tmp_path)) == tmp_path / FNAME


def test_download_checks_the_given_sha1(tmp_path, server):
    served, base = server
    (served / FNAME).write_text("1\t2\t3\n")
    with pytest.raises(data.DownloadError, match=f"does not have SHA-1 {AIRFOIL_SHA1}"):
        data.download(f"{base}/{FNAME}", tmp_path, AIRFOIL_SHA1)


@pytest.mark.parametrize("kwargs, message", [
    ({"sha1_hash": "76E5"}, "sha1_hash must be None or 40 lowercase hexadecimal digits, got '76E5'"),
    ({"folder": 3}, "folder must be None .* or a folder's path, got 3"),
])
def test_download_rejects_bad_folder_and_sha1(kwargs, message):
    with pytest.raises(ValueError, match=message):
        data.download("https://example.org/file.dat", **kwargs)


def test_airfoil_is_standardized_over_all_rows():
    features, labels = data.airfoil(n=1503)
    assert features.shape == (1503, 5) and labels.shape == (1503,)
    assert features.dtype == np.float32
    table = np.column_stack([features, labels])
    np.testing.assert_allclose(table.mean(axis=0), 0, atol=1e-4)  # float32, as in d2l
    np.testing.assert_allclose(table.std(axis=0), 1, atol=1e-4)
    first, _ = data.airfoil(n=7)
    np.testing.assert_array_equal(first, features[:7])


@pytest.mark.parametrize("n", [0, 1504, -3, 2.5, "10", True])
def test_airfoil_rejects_bad_n(n):
    with pytest.raises(ValueError, match="n must be an integer from 1 to 1503"):
        data.airfoil(n)


def make_batches(n=23, batch_size=5, seed=0):
    features = np.arange(2 * n, dtype=np.float32).reshape(n, 2)
    labels = np.arange(n, dtype=np.float32)
    rng = np.random.default_rng(seed)
    return data.Minibatches(features, labels, batch_size, to_tensor=np.asarray,
                            permutation=rng.permutation)


def test_minibatches_cover_every_example_once_per_epoch():
    batches = make_batches()
    assert len(batches) == 5
    epoch = list(batches)
    assert [len(y) for _, y in epoch] == [5, 5, 5, 5, 3]
    seen = np.concatenate([y for _, y in epoch])
    assert sorted(seen) == list(range(23))
    for X, y in epoch:
        np.testing.assert_array_equal(X[:, 0], 2 * y)  # features stay with their labels
    again = np.concatenate([y for _, y in batches])
    assert not np.array_equal(seen, again), "each epoch is shuffled anew"
    assert batches.features.shape == (23, 2) and batches.num_examples == 23


@pytest.mark.parametrize("batch_size", [0, -1, 1.5, None])
def test_minibatches_reject_bad_batch_size(batch_size):
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1"):
        make_batches(batch_size=batch_size)
