// The process page: buttons that take something out (a workshop, a catalogue entry) ask
// first. Without JavaScript they work at once (nothing is deleted by them).
for (const form of document.querySelectorAll("form.confirm-form")) {
  form.addEventListener("submit", (event) => {
    const button = form.querySelector("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
}
