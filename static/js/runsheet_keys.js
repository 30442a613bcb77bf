// Keyboard shortcuts of the run sheet on the console and the run-sheet editor, and the
// help dialog that lists them ("?" or the "Tastenkürzel" button; Escape closes it).
// N next step, + / - one minute more / less, P pause or resume the time, R reveal or
// hide the dots, Q show or hide the QR code on the wall, S spotlight the next idea by
// dots. Keys never fire while the person types in a field, nor with Ctrl, Alt or Meta.

const TYPING = "input, textarea, select, [contenteditable]";

/** POST ``fields`` (with the page's CSRF token) to ``url``, asking for JSON. Answers
 * ``{ok, message, phase, now, roundTrip}``. */
export async function postAction(url, fields = {}) {
  const body = new FormData();
  const token = document.querySelector("input[name=csrf_token]");
  if (token) body.set("csrf_token", token.value);
  for (const [name, value] of Object.entries(fields)) body.set(name, String(value));
  const started = Date.now();
  let answer = {};
  let ok = false;
  try {
    const response = await fetch(url, {
      method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" },
    });
    ok = response.ok;
    answer = await response.json().catch(() => ({}));
  } catch (error) {
    answer = {};
  }
  return { ...answer, ok, roundTrip: Date.now() - started };
}

/** Send ``fields`` to ``url`` as a plain form (the page reloads with the server's message). */
export function submitAsForm(url, fields = {}) {
  const form = document.createElement("form");
  form.method = "post";
  form.action = url;
  form.hidden = true;
  const token = document.querySelector("input[name=csrf_token]");
  const all = { ...fields, ...(token ? { csrf_token: token.value } : {}) };
  for (const [name, value] of Object.entries(all)) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = String(value);
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}

/** Listen for the shortcuts. ``phase()`` gives the phase now (a phase payload);
 * ``perform(action, fields)`` carries an action out. */
export function installKeys({ phase, perform }) {
  const dialog = document.getElementById("keys-help");
  const openHelp = () => {
    if (dialog && !dialog.open) dialog.showModal();
  };
  for (const button of document.querySelectorAll("[data-keys-help]")) {
    button.hidden = false;
    button.addEventListener("click", openHelp);
  }
  let qrShown = false;

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target instanceof Element && event.target.closest(TYPING)) return;
    if (dialog && dialog.open) return; // the dialog's own keys (Escape, Tab) only
    const now = phase() || {};
    const step = now.step || null;
    let action = null;
    let fields = {};
    switch (event.key) {
      case "n": case "N": action = "next"; fields = { expected: step ? step.id : 0 }; break;
      case "+": case "=": action = "plus"; break;
      case "-": case "−": action = "minus"; break;
      case "p": case "P": action = step && step.paused_remaining != null ? "resume" : "pause"; break;
      case "r": case "R": action = now.votes_hidden ? "reveal" : "hide"; break;
      case "q": case "Q": qrShown = !qrShown; action = "qr"; fields = { show: qrShown ? 1 : 0 }; break;
      case "s": case "S":
        if (event.target instanceof Element && event.target.closest("[data-idea-id]")) return; // the console's own S
        action = "spotlight";
        break;
      case "?": openHelp(); event.preventDefault(); return;
      default: return;
    }
    event.preventDefault();
    perform(action, fields);
  });
}
