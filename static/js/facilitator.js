// The facilitator's page (Tischmoderation): its buttons and small forms work without
// JavaScript (post, come back to the idea's row). Here they are posted with fetch; after
// each action the page is asked for again and its list, count and help box are redrawn
// from it (server and script draw the same markup), keeping the keyboard focus where the
// action leads (the same toggle, or the button that undoes it).

const root = document.getElementById("facilitator");
const words = root.dataset;
const live = document.getElementById("facilitator-live");
const REDRAWN = ["fidea-list", "promoted-count", "help", "fidea-empty"];
let busy = false;

function say(message) {
  live.textContent = "";
  window.setTimeout(() => { live.textContent = message; }, 50);
}

async function redraw(focusId) {
  const response = await fetch(window.location.href, { credentials: "same-origin", cache: "no-store" });
  if (response.status === 404) { say(words.wordGone); return; }
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const open = new Set([...document.querySelectorAll("details[open]")].map(
    (item) => item.closest("li")?.id + ":" + [...item.parentNode.children].indexOf(item)));
  for (const id of REDRAWN) {
    const fresh = page.getElementById(id);
    const current = document.getElementById(id);
    if (fresh && current) current.replaceWith(document.importNode(fresh, true));
  }
  for (const item of document.querySelectorAll("details")) {
    if (open.has(item.closest("li")?.id + ":" + [...item.parentNode.children].indexOf(item))) item.open = true;
  }
  const target = focusId && document.getElementById(focusId);
  if (target) {
    if (!target.hasAttribute("tabindex") && !/^(BUTTON|A|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }
}

function problemOf(form) {
  const row = form.closest(".fidea");
  return row ? row.querySelector(".fidea-problem") : null;
}

async function send(form) {
  let response;
  try {
    response = await fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
  } catch (error) {
    say(words.wordFailed);
    return;
  }
  if (response.status === 404) { say(words.wordGone); return; }
  const answer = await response.json().catch(() => ({}));
  const problem = problemOf(form);
  if (!response.ok) {
    if (problem) problem.textContent = answer.message || words.wordFailed;
    const field = form.querySelector("textarea, select");
    if (field && answer.field && answer.field !== "promote") field.setAttribute("aria-invalid", "true");
    say(answer.message || words.wordFailed);
    return;
  }
  say(answer.message || "");
  await redraw(form.dataset.focusAfter);
}

root.addEventListener("submit", (event) => {
  const form = event.target.closest("form.fidea-action");
  if (!form) return;
  event.preventDefault();
  if (busy) return;
  busy = true;
  send(form).finally(() => { busy = false; });
});
