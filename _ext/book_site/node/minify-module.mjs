// The figures' front-end module as the site serves it: reads an ES module on standard input and
// writes it minified by Terser (names shortened inside, exports kept, comments dropped). The
// notebooks keep the readable source, d2lmini/widgets.js.
import { readFileSync } from "node:fs";
import { minify } from "terser";

const { code } = await minify(readFileSync(0, "utf8"), { module: true, compress: { passes: 2 }, format: { comments: false } });
process.stdout.write(code);
