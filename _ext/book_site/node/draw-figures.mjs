// Draws interactive figures as they look at given values, for the page without JavaScript and
// for print: reads [{esm, kind, values, labels, id, controls, fixed}, ...] as JSON on standard input,
// imports each figure's front-end module from its source (the _esm of the saved widget state, so
// exactly the code the live page runs) and writes the list of figureMarkup(kind, values, labels,
// id, controls, {fixed}).
import { readFileSync } from "node:fs";

const modules = new Map();
const markups = [];
for (const { esm, kind, values, labels, id, controls, fixed } of JSON.parse(readFileSync(0, "utf8"))) {
  if (!modules.has(esm)) {
    modules.set(esm, await import(`data:text/javascript;base64,${Buffer.from(esm).toString("base64")}`));
  }
  const { figureMarkup } = modules.get(esm);
  if (typeof figureMarkup !== "function") {
    throw new Error("the figure's front-end module (d2lmini/widgets.js in the saved widget state) "
      + "exports no figureMarkup(kind, values, labels, id, controls); re-execute the notebook with a "
      + "d2lmini whose widgets.js has it");
  }
  markups.push(figureMarkup(kind, values, labels, id, controls, { fixed }));
}
process.stdout.write(JSON.stringify(markups));
