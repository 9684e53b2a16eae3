"""Fonts for the social preview cards that sphinxext-opengraph draws with matplotlib.

Its default font has no Hangul, so the Korean page's card showed empty boxes. Register the
NanumGothic fonts that d2lmini's figures use (from koreanize-matplotlib) with matplotlib, so that
``ogp_social_cards: {font: [DejaVu Sans, NanumGothic]}`` draws Latin and Vietnamese letters with
DejaVu Sans and falls back to NanumGothic for Hangul.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from matplotlib import font_manager

# Found, not imported: importing koreanize_matplotlib would change matplotlib's default font.
NANUM = Path(find_spec("koreanize_matplotlib").submodule_search_locations[0]) / "fonts"



def register_fonts() -> None:
    """NanumGothic (regular and bold) for matplotlib, which draws the cards."""
    for name in ("NanumGothic.ttf", "NanumGothicBold.ttf"):
        font_manager.fontManager.addfont(str(NANUM / name))
