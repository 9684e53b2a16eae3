// The one script a page with cells that run in the browser loads before the reader asks for
// them (run_in_browser.py): it shows each cell's bar of buttons, and at the first press of a
// "Run" button imports run-in-browser-cells.mjs, which takes the buttons over and runs the cell.

const buttons = [...document.querySelectorAll(".run-in-browser-run")];
const { texts } = JSON.parse(document.getElementById("run-in-browser-config").textContent);

function firstPress(event) {
  const pressed = event.currentTarget.closest(".cell");
  for (const button of buttons) {
    button.removeEventListener("click", firstPress);
    button.disabled = true;  // until the run ends, as for every run
  }
  import("./run-in-browser-cells.mjs").then(({ start }) => start(pressed), (error) => {
    for (const button of buttons) {
      button.disabled = false;
      button.addEventListener("click", firstPress);
    }
    pressed.querySelector(".run-in-browser-status").textContent = texts.unavailable.replace("{error}", error.message);
  });
}

for (const button of buttons) {
  button.addEventListener("click", firstPress);
  button.closest(".run-in-browser").hidden = false;
}
