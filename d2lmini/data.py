"""The airfoil data set: download with a checksum, load, and iterate in minibatches."""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from . import checks
from .dependencies import require
from .language import text

platformdirs = require("platformdirs")
pooch = require("pooch")

DATA_DIR_VARIABLE = "D2LMINI_DATA_DIR"

# name -> (address, SHA-1 of the file), as in the d2l package's DATA_HUB.
DATA_HUB: dict[str, tuple[str, str]] = {
    "airfoil": (
        "https://d2l-data.s3-accelerate.amazonaws.com/airfoil_self_noise.dat",
        "76e5be1548fd8222e5074cf0faae75edff8cf93f",
    ),
}

AIRFOIL_ROWS = 1503
AIRFOIL_COLUMNS = 6


class DownloadError(OSError):
    """A data file could neither be found in the cache nor downloaded."""


def data_dir() -> Path:
    """The cache folder: ``$D2LMINI_DATA_DIR`` if set, else a per-user cache folder."""
    return Path(os.environ.get(DATA_DIR_VARIABLE) or platformdirs.user_cache_dir("d2lmini"))


def download(name: str, folder: str | os.PathLike | None = None, sha1_hash: str | None = None) -> str:
    """Return the path of a data file, downloading it if ``folder`` lacks a good copy.

    ``name`` is a data set of ``DATA_HUB`` ('airfoil') or, as d2l's ``download(url, folder,
    sha1_hash)`` takes it, an http(s) address. ``folder`` defaults to the cache folder
    (``data_dir()``); ``sha1_hash`` is the SHA-1 the file must have (a data set of ``DATA_HUB``
    brings its own). A copy whose SHA-1 does not match is downloaded again.
    """
    if isinstance(name, str) and name in DATA_HUB:
        url, sha1 = DATA_HUB[name]
    elif isinstance(name, str) and name.startswith(("http://", "https://")):
        url, sha1 = name, sha1_hash
    else:
        raise ValueError(f"unknown data set {name!r}; known: {', '.join(sorted(DATA_HUB))}, "
                         "or an http(s) address as in download(url, folder, sha1_hash)")
    if sha1 is not None and not (isinstance(sha1, str) and re.fullmatch(r"[0-9a-f]{40}", sha1)):
        raise ValueError(f"sha1_hash must be None or 40 lowercase hexadecimal digits, got {sha1!r}")
    if folder is not None and not isinstance(folder, (str, os.PathLike)):
        raise ValueError(f"folder must be None (the cache folder) or a folder's path, got {folder!r}")
    folder = data_dir() if folder is None else Path(folder)
    fname = url.rsplit("/", 1)[-1]
    local_problem = _local_copy_problem(folder, fname, sha1) if sha1 else None
    how_to_fix = (
        f"To work offline, put a copy of {fname}" + (f" (SHA-1 {sha1})" if sha1 else "")
        + f" in a folder and set the environment variable {DATA_DIR_VARIABLE} to that folder."
    )
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel("WARNING")  # pooch logs to stderr; say it on stdout instead, as d2l does
    try:
        return pooch.retrieve(url, known_hash=f"sha1:{sha1}" if sha1 else None, fname=fname, path=folder,
                              downloader=_download_saying_so)
    except OSError as err:  # includes every network error raised by requests
        if local_problem:
            raise DownloadError(
                f"{local_problem} Downloading a good copy from {url} failed too ({err})."
            ) from err
        raise DownloadError(f"could not download {url} into {folder}: {err}. {how_to_fix}") from err
    except ValueError as err:  # pooch: the downloaded file has another hash
        raise DownloadError(
            f"the file downloaded from {url} does not have SHA-1 {sha1} ({err}). {how_to_fix}"
        ) from err
    finally:
        logger.setLevel(level)


def _local_copy_problem(folder: Path, fname: str, sha1: str) -> str | None:
    """What is wrong with the copy of ``fname`` in ``folder`` (its SHA-1, or its name), if anything."""
    copy = folder / fname
    if copy.is_file():
        content = copy.read_bytes()
        found = hashlib.sha1(content).hexdigest()
        if found == sha1:
            return None
        crlf = content.replace(b"\r", b"").replace(b"\n", b"\r\n")  # the original's line ends
        why = ("it differs from the original only in its line ends (an editor or git converted "
               "them): copy the file byte for byte, not as text"
               if hashlib.sha1(crlf).hexdigest() == sha1 else
               f"it has {len(content)} bytes, perhaps cut short or edited: copy the whole file again")
        return (f"The copy {copy} failed the SHA-1 check: expected {sha1}, found {found}; {why}.")
    if folder.is_dir():
        near = sorted(p.name for p in folder.iterdir() if p.name.lower().startswith(fname.split(".")[0]))
        if near:
            return (f"{folder} holds {', '.join(near)} but no file named exactly {fname}: "
                    f"rename the copy to {fname}.")
    return None


def _download_saying_so(url: str, output_file: str, known_pooch: pooch.Pooch) -> None:
    print(text("downloading", url=url))
    pooch.HTTPDownloader(progressbar=False, timeout=60)(url, output_file, known_pooch)


def airfoil(n: int = 1500) -> tuple[np.ndarray, np.ndarray]:
    """The first ``n`` airfoil examples as (features, labels), float32.

    Every column is standardized over all 1503 rows first, as in the d2l package.
    """
    n = checks.positive_int("n", n, maximum=AIRFOIL_ROWS)
    data = np.loadtxt(download("airfoil"), dtype=np.float32, delimiter="\t")
    if data.shape != (AIRFOIL_ROWS, AIRFOIL_COLUMNS):
        raise ValueError(
            f"the airfoil file should hold {AIRFOIL_ROWS} rows of {AIRFOIL_COLUMNS} "
            f"tab-separated numbers, found shape {data.shape}"
        )
    data = (data - data.mean(axis=0)) / data.std(axis=0)
    return data[:n, :-1], data[:n, -1]


class Minibatches:
    """Shuffled minibatches of (features, labels) as framework tensors, reshuffled every epoch.

    ``features`` and ``labels`` keep the whole data set (as tensors) so that the
    training helpers can evaluate the loss on all examples at once.
    """

    def __init__(
        self,
        features: np.ndarray,
        labels: np.ndarray,
        batch_size: int,
        to_tensor: Callable[[np.ndarray], Any],
        permutation: Callable[[int], np.ndarray],
    ) -> None:
        self.batch_size = checks.positive_int("batch_size", batch_size)
        self.num_examples = len(labels)
        self._features, self._labels = features, labels
        self._to_tensor, self._permutation = to_tensor, permutation
        self.features, self.labels = to_tensor(features), to_tensor(labels)

    def __len__(self) -> int:
        return math.ceil(self.num_examples / self.batch_size)

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        order = self._permutation(self.num_examples)
        for start in range(0, self.num_examples, self.batch_size):
            rows = order[start : start + self.batch_size]
            yield self._to_tensor(self._features[rows]), self._to_tensor(self._labels[rows])


def checked_minibatches(data_iter: Any, feature_dim: Any = None) -> Minibatches:
    """``data_iter`` if it comes from get_data_ch11 (and has ``feature_dim`` features, if given).

    Pass ``feature_dim=None`` only where it is not an argument of the reader's call.
    """
    if not isinstance(data_iter, Minibatches):
        raise ValueError(
            f"data_iter must be the iterator returned by get_data_ch11, got {type(data_iter).__name__}"
        )
    if feature_dim is None:
        return data_iter
    feature_dim = checks.positive_int("feature_dim", feature_dim)
    if data_iter.features.shape[1] != feature_dim:
        raise ValueError(
            f"feature_dim is {feature_dim} but the data have {data_iter.features.shape[1]} features"
        )
    return data_iter
