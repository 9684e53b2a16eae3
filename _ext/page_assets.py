"""Small fixes to what the pages load.

- sphinx-thebe adds its inline configuration script twice with Sphinx 7, which makes browsers
  report "Identifier 'THEBE_JS_URL' has already been declared": drop scripts that repeat an
  earlier one (same file or inline body and attributes; they differ only in priority).
- The ipywidgets HTML manager finds its icon fonts through the address require.js gives its
  modules, which is next to the page unless configured: configure require.js (a global
  ``require`` object read when require.js loads) with the address in ``nb_ipywidgets_js``.
"""

from __future__ import annotations

import json
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

HTML_MANAGER = "@jupyter-widgets/html-manager@"


def point_widgets_to_their_assets(app: Sphinx, config: Config) -> None:
    for url in config.nb_ipywidgets_js:
        if HTML_MANAGER in url:
            package = url.split("/dist/")[0]
            paths = {"@jupyter-widgets/html-manager": package}
            app.add_js_file(None, priority=400, body=f"var require = {json.dumps({'paths': paths})};")


def drop_duplicate_scripts(app: Sphinx, pagename: str, templatename: str,
                           context: dict[str, Any], doctree: Any) -> None:
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (str(getattr(script, "filename", script) or ""),
               repr(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", point_widgets_to_their_assets)
    app.connect("html-page-context", drop_duplicate_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
