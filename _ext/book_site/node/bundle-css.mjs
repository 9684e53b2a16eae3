// One stylesheet for the pages that load the same stylesheets: reads {sheets, to, content, keep}
// as JSON on standard input and writes the bundle's CSS.
//   sheets   the stylesheet files, in the pages' order; their @imports are inlined (postcss-import)
//            and their relative url()s rewritten for the bundle's place `to` (postcss-url);
//   fonts    of each @font-face only the sources the site has are kept (KaTeX's stylesheet also
//            names .woff and .ttf files, which the site does not ship: browsers take the woff2);
//   content  the pages and the scripts they load: rules that match nothing in them go
//            (PurgeCSS), except those whose selectors match one of the regular expressions `keep`.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import postcss from "postcss";
import atImport from "postcss-import";
import postcssUrl from "postcss-url";
import { PurgeCSS } from "purgecss";

const { sheets, to, content, keep } = JSON.parse(readFileSync(0, "utf8"));
const folder = dirname(to);
const URL_IN = /url\(\s*(["']?)([^"')]+)\1\s*\)/;

const servedFontsOnly = {
  postcssPlugin: "served-fonts-only",
  AtRule: {
    "font-face": (rule) => rule.walkDecls("src", (declaration) => {
      const sources = postcss.list.comma(declaration.value).filter((source) => {
        const url = URL_IN.exec(source)?.[2];
        return !url || /^(data:|https?:)/.test(url) || existsSync(resolve(folder, url.split(/[?#]/)[0]));
      });
      if (!sources.length) throw rule.error("none of this font's files is in the site");
      declaration.value = sources.join(", ");
    }),
  },
};

const entry = sheets.map((sheet) => `@import ${JSON.stringify(sheet)};`).join("\n");
const bundled = await postcss([atImport(), postcssUrl({ url: "rebase" })]).process(entry, { from: to, to });
const fonts = await postcss([servedFontsOnly]).process(bundled.css, { from: to, to });
const [purged] = await new PurgeCSS().purge({
  css: [{ raw: fonts.css }], content, safelist: { standard: keep.map((pattern) => new RegExp(pattern)) },
});
process.stdout.write(purged.css);
