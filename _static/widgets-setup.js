// ipywidgets' HTML manager typesets widget labels with MathJax 2's MathJax.Hub.Queue; the book
// loads MathJax 3, which typesets with MathJax.typesetPromise. Bridge the two before the
// manager draws the widgets (on DOMContentLoaded, after MathJax's deferred script has run).
document.addEventListener("DOMContentLoaded", () => {
  if (window.MathJax && !window.MathJax.Hub) {
    window.MathJax.Hub = { Queue: ([, , element]) => window.MathJax.typesetPromise?.([element]) };
  }
});
