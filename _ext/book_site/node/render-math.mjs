// Typesets formulas with KaTeX: reads [[tex, display], ...] as JSON on standard input and
// writes [[html, mathml], ...], or {error, tex} for the first formula KaTeX cannot typeset.
import { readFileSync } from "node:fs";
import katex from "katex";

const out = [];
for (const [tex, display] of JSON.parse(readFileSync(0, "utf8"))) {
  try {
    const html = katex.renderToString(tex, { displayMode: display, throwOnError: true });
    const mathml = katex.renderToString(tex, { displayMode: display, output: "mathml" });
    out.push([html, mathml]);
  } catch (error) {
    process.stdout.write(JSON.stringify({ error: String(error.message), tex }));
    process.exit(0);
  }
}
process.stdout.write(JSON.stringify(out));
