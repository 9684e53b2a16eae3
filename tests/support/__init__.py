"""What the tests and the benchmarks share: test servers, the browser, accessibility and HTML
checks, the figure test page, a stand-in Jupyter kernel and the table of reader mistakes.

The book's build package (``_ext/book_site``) is importable from here: its languages table and
catalogue are the tests' too.
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "_ext"))
