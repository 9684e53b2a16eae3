"""axe-core's accessibility check of a page in the browser (the npm package of the tests'
lockfile, support/node/)."""

from __future__ import annotations

from pathlib import Path

from book_site.node import package_file

TEST_PACKAGES = Path(__file__).with_name("node")


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page (its source evaluated in the page, so this works with
    the page's JavaScript off too), live widgets included."""
    source = package_file("axe-core", "axe.min.js", TEST_PACKAGES).read_text(encoding="utf-8")
    return page.evaluate(f"""async () => {{
        {source}
        const result = await window.axe.run(document, {{resultTypes: ['violations']}});
        return result.violations.map(v => ({{id: v.id, impact: v.impact, nodes: v.nodes.map(n => ({{
            target: n.target.join(' '), summary: n.failureSummary}}))}}));
    }}""")


def assert_no_violations(violations: list[dict], where: str) -> None:
    findings = [(v["id"], node["target"], node["summary"]) for v in violations for node in v["nodes"]]
    assert findings == [], where
