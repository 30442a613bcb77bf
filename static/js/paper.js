// The paper-card entry page, keyboard only: Enter in the card's field saves the card and
// empties the field at once (Shift+Enter: a new line), Ctrl+Enter in the box below saves
// one card per line. The forms are posted with fetch, one after the other (the wall shows
// them in the order typed); the server draws the new rows, which go on top of the list,
// and a polite live region says what happened. A card that could not be sent comes back
// into the field with its own key, so sending it again never stores it twice. Without
// JavaScript the same forms post and the page comes back.

const root = document.getElementById("paper");
const words = root.dataset;
const form = document.getElementById("card-form");
const text = document.getElementById("card-text");
const author = document.getElementById("card-author");
const dots = document.getElementById("card-dots");
const lines = document.getElementById("card-lines");
const keyField = document.getElementById("card-key");
const live = document.getElementById("paper-live");
const list = document.getElementById("paper-cards");
const linesAction = document.getElementById("lines-save").getAttribute("formaction");
let queue = Promise.resolve();

function newKey() {
  // crypto.randomUUID needs a secure context; a hall's LAN address is plain http
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return "card-" + btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function say(message) {
  // the same sentence twice ("Karte gespeichert" for two cards alike) is read out twice
  live.textContent = "";
  window.setTimeout(() => { live.textContent = message; }, 50);
}

function showProblem(field, problemId, message) {
  const problem = document.getElementById(problemId);
  problem.textContent = message || "";
  problem.closest(".form-row").classList.toggle("has-error", Boolean(message));
  if (message) field.setAttribute("aria-invalid", "true");
  else field.removeAttribute("aria-invalid");
}

async function post(action, body) {
  const response = await fetch(action, {
    method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" },
  });
  if (response.status === 404) return { gone: true };
  const answer = await response.json().catch(() => ({}));
  return { ok: response.ok, answer };
}

function addRows(answer) {
  const holder = document.createElement("template");
  holder.innerHTML = (answer.rows || []).join("");
  list.prepend(holder.content);
  document.getElementById("paper-empty").hidden = list.children.length > 0;
  const total = answer.total ?? list.children.length;
  document.getElementById("paper-total").textContent =
    (total === 1 ? words.wordTotalOne : words.wordTotalMany).replace("{n}", String(total));
}

/** Send the form's current content to ``action``: ``fields`` are emptied at once and
 * filled again (before anything typed since) when the cards were not stored. */
function send(action, fields, field, problemId) {
  const body = new FormData(form);
  const typed = fields.map((input) => input.value);
  const key = keyField.value;
  for (const input of fields) input.value = "";
  keyField.value = newKey();
  queue = queue.then(async () => {
    let result;
    try {
      result = await post(action, body);
    } catch (error) {
      result = { failed: true };
    }
    if (result.ok) {
      showProblem(field, problemId, "");
      addRows(result.answer);
      say(result.answer.message);
      return;
    }
    // not stored: the text comes back (with what was typed since after it), the same key too
    fields.forEach((input, index) => {
      if (!input.value) input.value = typed[index];
      else if (input.tagName === "TEXTAREA") input.value = `${typed[index]}\n${input.value}`;
    });
    keyField.value = key;
    let message = words.wordFailed;
    if (result.gone) message = words.wordGone;
    else if (result.answer && result.answer.message) message = result.answer.message;
    const target = result.answer && result.answer.field === "paper_votes" ? dots : field;
    showProblem(target, problemId, message);
    field.focus();
  });
}

function sendCard() {
  if (!text.value.trim()) {
    showProblem(text, "card-problem", words.wordEmpty);
    return;
  }
  send(form.action, [text, author, dots], text, "card-problem");
  text.focus();
}

function sendLines() {
  if (!lines.value.trim()) {
    showProblem(lines, "lines-problem", words.wordEmptyLines);
    return;
  }
  send(linesAction, [lines], lines, "lines-problem");
  lines.focus();
}

text.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
  event.preventDefault();
  sendCard();
});

lines.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.isComposing) return;
  event.preventDefault();
  sendLines();
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (event.submitter && event.submitter.id === "lines-save") sendLines();
  else sendCard();
});

// Sticker dots of the cards in the list: saved on Enter (the row's form) or when the
// number changed and the field is left.
async function saveDots(dotsForm) {
  const input = dotsForm.elements.paper_votes;
  if (input.value === input.dataset.saved || input.value === input.dataset.sending) return;
  input.dataset.sending = input.value;
  const problem = dotsForm.querySelector(".paper-dots-error");
  let result;
  try {
    result = await post(dotsForm.action, new FormData(dotsForm));
  } catch (error) {
    result = { failed: true };
  }
  delete input.dataset.sending;
  if (result.ok) {
    input.dataset.saved = String(result.answer.paper_votes);
    input.removeAttribute("aria-invalid");
    problem.hidden = true;
    say(result.answer.message);
    return;
  }
  problem.textContent = result.gone ? words.wordGone : (result.answer?.message || words.wordFailed);
  problem.hidden = false;
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby").split(" ")[0]} ${problem.id}`);
}

list.addEventListener("submit", (event) => {
  event.preventDefault();
  saveDots(event.target);
});
list.addEventListener("change", (event) => {
  if (event.target.name === "paper_votes") saveDots(event.target.form);
});
