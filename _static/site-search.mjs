// The site's search: the theme's search buttons and Ctrl+K (⌘K on a Mac) open a dialog with
// Pagefind's UI (built by _ext/book_site/site_search.py into ../pagefind/). Nothing of Pagefind loads
// until the reader first opens the dialog. The dialog's labels, in the page's language, are
// this script tag's data-* attributes (from the book's catalogue: _ext/book_site/site_search.py).
const labels = document.querySelector('script[src*="site-search.mjs"]').dataset;
const bundle = new URL("../pagefind/", import.meta.url);
const useCommandKey = navigator.platform.startsWith("Mac") || navigator.platform === "iPhone";

const STYLE = `
dialog.site-search { width: min(44rem, 100vw - 2rem); max-width: none; max-height: calc(100dvh - 6rem);
  margin: 4rem auto auto; padding: 0; border: 1px solid var(--pst-color-border); border-radius: .5rem;
  background: var(--pst-color-background); color: var(--pst-color-text-base); }
dialog.site-search::backdrop { background: rgb(0 0 0 / .5); }
.site-search__body { display: flex; gap: .5rem; align-items: flex-start; padding: 1rem; }
.site-search__ui { flex: 1; min-width: 0; }
.site-search__close { flex: none; width: 2.75rem; height: 2.75rem; border: 1px solid var(--pst-color-border);
  border-radius: .5rem; background: none; color: inherit; font-size: 1.25rem; }
.site-search .pagefind-ui { --pagefind-ui-scale: .8; --pagefind-ui-font: var(--pst-font-family-base);
  --pagefind-ui-primary: var(--pst-color-primary); --pagefind-ui-text: var(--pst-color-text-base);
  --pagefind-ui-background: var(--pst-color-background); --pagefind-ui-border: var(--pst-color-border);
  --pagefind-ui-tag: var(--pst-color-surface); }
.site-search mark { background: var(--pst-color-target); color: inherit; }
@media (max-width: 40rem) {
  dialog.site-search { width: 100vw; height: 100dvh; max-height: none; margin: 0; border: 0; border-radius: 0; }
}`;

let dialog = null;

// The index holds "đ" as "d" + U+0335 (so that "do" finds "độ"; see _ext/book_site/site_search.py).
const STROKED_D = /([dD])\u0335/g;
const processTerm = (term) => term.replace(/đ/g, "d").replace(/Đ/g, "D");
const unstroke = (text) => text?.replace(STROKED_D, (_, d) => (d === "d" ? "đ" : "Đ"));

function processResult(result) {
  result.excerpt = unstroke(result.excerpt);
  result.meta.title = unstroke(result.meta.title);
  for (const sub of result.sub_results ?? []) {
    sub.excerpt = unstroke(sub.excerpt);
    sub.title = unstroke(sub.title);
  }
  return result;
}

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement("script"), {src: url});
    script.onload = resolve;
    script.onerror = () => reject(new Error(url));
    document.head.append(script);
  });
}

function makeDialog() {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLE);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  document.head.append(Object.assign(document.createElement("link"),
    {rel: "stylesheet", href: new URL("pagefind-ui.css", bundle).href}));

  const made = document.createElement("dialog");
  made.className = "site-search";
  made.setAttribute("aria-label", labels.dialog);
  made.innerHTML = '<div class="site-search__body"><div class="site-search__ui"></div>'
    + '<button type="button" class="site-search__close">✕</button></div>';
  const close = made.querySelector(".site-search__close");
  close.setAttribute("aria-label", labels.close);
  close.addEventListener("click", () => made.close());
  // Escape closes the dialog also from Pagefind's field (which would keep it open and clear it).
  made.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();  // Pagefind's field would clear the query the reader may come back to
      made.close();
    }
  }, true);
  // A click on the backdrop or on a result (which may be on this very page) closes the dialog.
  made.addEventListener("click", (event) => {
    if (event.target === made || event.target.closest("a[href]")) made.close();
  });
  document.body.append(made);

  const ui = made.querySelector(".site-search__ui");
  loadScript(new URL("pagefind-ui.js", bundle).href).then(() => {
    new window.PagefindUI({element: ui, bundlePath: bundle.pathname, showSubResults: true,
                           showImages: false, autofocus: true, processTerm, processResult});
    // Pagefind names its field only by a title attribute: give it an accessible name too.
    ui.querySelector("input")?.setAttribute("aria-label", labels.dialog);
  }).catch((error) => {
    ui.textContent = labels.failed.replace("{error}", error.message);
  });
  return made;
}

function toggleSearch() {
  dialog ??= makeDialog();
  if (dialog.open) {
    dialog.close();
    return;
  }
  dialog.showModal();
  const input = dialog.querySelector("input");
  if (input) input.select();
}

document.querySelectorAll(".search-button__button").forEach((button) => {
  button.addEventListener("click", toggleSearch);
});
window.addEventListener("keydown", (event) => {
  const modifier = useCommandKey ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (modifier && !event.shiftKey && !event.altKey && /^k$/i.test(event.key)) {
    event.preventDefault();
    toggleSearch();
  }
});
