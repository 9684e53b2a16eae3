"""What differs between two builds of the site: files added, removed or changed, and for each page
the differences of its document, both read by the same HTML5 parser (so that the way a page is
written, `<br />` or `<br>`, makes no difference).

    python benchmarks/site_diff.py OLD_SITE NEW_SITE [--context 1]

Prints, never asserts. Hashed file names (stylesheets-<hash>.css) are compared by their role.
"""

from __future__ import annotations

import argparse
import difflib
import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

HASHED = re.compile(r"-[0-9a-f]{16}(?=\.css)")
TAG_START = re.compile(r"(?=<[a-zA-Z/!])")


def files(site: Path) -> dict[str, Path]:
    """Relative path (hashes replaced by -HASH) -> file, of every file of a built site."""
    return {HASHED.sub("-HASH", path.relative_to(site).as_posix()): path
            for path in site.rglob("*") if path.is_file()}


def document_lines(path: Path) -> list[str]:
    """A page as its parsed document, serialized one element start per line."""
    html = LexborHTMLParser(path.read_text(encoding="utf-8")).html
    return [line for part in TAG_START.split(HASHED.sub("-HASH", html))
            for line in part.splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--context", type=int, default=1)
    parser.add_argument("--ignore", nargs="*", default=["pagefind/", "_images/social_previews/"],
                        help="path prefixes to leave out (indexes and images whose bytes vary)")
    args = parser.parse_args()
    old, new = files(args.old), files(args.new)
    keep = lambda name: not any(name.startswith(prefix) for prefix in args.ignore)  # noqa: E731
    for name in sorted(old.keys() - new.keys()):
        if keep(name):
            print(f"removed  {name}")
    for name in sorted(new.keys() - old.keys()):
        if keep(name):
            print(f"added    {name}")
    for name in sorted(old.keys() & new.keys()):
        if not keep(name) or old[name].read_bytes() == new[name].read_bytes():
            continue
        if not name.endswith(".html") or name.startswith("_static/"):
            print(f"changed  {name} ({old[name].stat().st_size} -> {new[name].stat().st_size} bytes)")
            continue
        diff = list(difflib.unified_diff(document_lines(old[name]), document_lines(new[name]),
                                         lineterm="", n=args.context))
        if diff:
            print(f"changed  {name}: its document")
            for line in diff[2:]:
                print(f"    {line[:300]}")
        else:
            print(f"same document, written differently: {name}")


if __name__ == "__main__":
    main()
