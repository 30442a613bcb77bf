// The workshop editor: warn before leaving the page with changes that are not saved.
// The page is one form, so every "Speichern" saves everything; this only guards leaving
// it by a link, the browser's back button or closing the tab.
const form = document.getElementById("editor");
const bar = document.getElementById("editor-unsaved");

if (form && bar) {
  const snapshot = () => new URLSearchParams(new FormData(form)).toString();
  let saved = snapshot();
  let submitting = false;
  // A page shown again after a refused save holds typed text that is not stored yet.
  const rejected = form.dataset.unsavedOnLoad === "true";
  const dirty = () => rejected || snapshot() !== saved;
  const update = () => { bar.hidden = !dirty(); };

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", () => { submitting = true; });
  // Back from the browser's cache: the form shows what it showed, and is not being sent.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) { submitting = false; saved = snapshot(); update(); }
  });
  window.addEventListener("beforeunload", (event) => {
    if (!submitting && dirty()) {
      event.preventDefault();
      event.returnValue = "";  // older browsers show their own text; a page's text is ignored
    }
  });
  update();
}
