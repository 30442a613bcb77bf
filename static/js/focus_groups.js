// Focus groups: copy a new link with one click, and warn before leaving a measure sheet
// with unsaved text. Both pages work without this script.

for (const button of document.querySelectorAll("[data-copy]")) {
  const input = document.getElementById(button.dataset.copy);
  const status = document.querySelector(`[data-copy-status="${button.dataset.copy}"]`);
  if (!input) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    input.focus();
    input.select();
    let copied = false;
    try {
      // The clipboard API needs a secure context; a venue laptop on plain http has none.
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(input.value);
        copied = true;
      } else {
        copied = document.execCommand("copy");
      }
    } catch {
      copied = false;
    }
    if (status) {
      // The words come translated from the page.
      status.textContent = copied ? status.dataset.copied : status.dataset.failed;
    }
  });
}

for (const form of document.querySelectorAll("form[data-warn-unsaved]")) {
  let dirty = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("change", () => { dirty = true; });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
}
