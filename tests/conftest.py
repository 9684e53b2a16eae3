"""Test set-up: headless matplotlib and the airfoil data from a local copy when there is one."""

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]
LOCAL_DATA = REPO.parent / "shared" / "data"

# CI sets D2LMINI_DATA_DIR; a checkout next to ../shared works offline without it.
if "D2LMINI_DATA_DIR" not in os.environ and (LOCAL_DATA / "airfoil_self_noise.dat").exists():
    os.environ["D2LMINI_DATA_DIR"] = str(LOCAL_DATA)
