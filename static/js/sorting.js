// Drag an idea onto another Handlungsfeld to move it. This only fills in and submits the
// idea's own "Verschieben nach" form, which also works by keyboard and without JavaScript.
const board = document.getElementById("sort-board");

if (board) {
  let dragged = null;

  board.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("[data-idea-id]");
    if (!dragged) return;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.ideaId);
    dragged.classList.add("dragging");
  });

  board.addEventListener("dragend", () => {
    dragged?.classList.remove("dragging");
    board.querySelectorAll(".drop-target").forEach((node) => node.classList.remove("drop-target"));
    dragged = null;
  });

  board.addEventListener("dragover", (event) => {
    const target = event.target.closest(".sort-field");
    if (!dragged || !target) return;
    event.preventDefault();
    board.querySelectorAll(".drop-target").forEach((node) => node !== target && node.classList.remove("drop-target"));
    target.classList.add("drop-target");
  });

  board.addEventListener("drop", (event) => {
    const target = event.target.closest(".sort-field");
    if (!dragged || !target) return;
    event.preventDefault();
    const form = dragged.querySelector(".move-form");
    const select = form.querySelector("select");
    if (select.value === target.dataset.fieldId) return;
    select.value = target.dataset.fieldId;
    form.requestSubmit();
  });
}
