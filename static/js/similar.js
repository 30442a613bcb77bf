// The phone's hint while typing an idea: "Ähnlich: „…“ – lieber einen Punkt geben?"
// Asks /j/<code>/similar after a pause in typing, at most once per pause and text, and
// shows up to two similar public ideas, each with a button that gives it a dot (a plain
// form, placed after the idea form). Never blocks posting: the hint sits below the submit
// button, and a failed or refused question just leaves the hint empty.
import { postForm } from "./live.js";

const PAUSE_MS = 700; // wait for a pause in typing
const MIN_CHARS = 12; // the server answers nothing for shorter texts

function setUp(form) {
  const hint = form.nextElementSibling;
  if (!hint || !hint.classList.contains("similar-hint")) return;
  const textarea = form.querySelector("textarea");
  if (!textarea) return;
  let timer = null;
  let asked = "";
  let pausedUntil = 0;
  let controller = null;

  const clear = () => {
    hint.replaceChildren();
  };

  const render = (ideas) => {
    if (!ideas.length) {
      clear();
      return;
    }
    const intro = document.createElement("p");
    const label = document.createElement("strong");
    label.textContent = hint.dataset.label;
    intro.append(label);
    const list = document.createElement("ul");
    for (const idea of ideas) {
      const item = document.createElement("li");
      const text = document.createElement("span");
      text.className = "similar-text";
      const question = hint.dataset.question ? ` – ${hint.dataset.question}` : "";
      // the idea in the page language's quotation marks (a function: "$" in a text stays as it is)
      text.textContent = hint.dataset.quoted.replace("{text}", () => idea.text) + question;
      item.append(text);
      if (hint.dataset.giveLabel) {
        const vote = postForm(hint.dataset.voteUrl.replace("/0/", `/${idea.id}/`), hint.dataset.giveLabel);
        vote.querySelector("button").setAttribute("aria-label", `${hint.dataset.giveLabel}: ${idea.text.slice(0, 40)}`);
        item.append(vote);
      }
      list.append(item);
    }
    hint.replaceChildren(intro, list);
  };

  const ask = async () => {
    const text = textarea.value.trim();
    if (text.length < MIN_CHARS) {
      asked = "";
      clear();
      return;
    }
    if (text === asked || Date.now() < pausedUntil) return;
    asked = text;
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`${hint.dataset.similarUrl}?text=${encodeURIComponent(text)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (response.status === 429) {
        const seconds = Number(response.headers.get("Retry-After")) || 30;
        pausedUntil = Date.now() + seconds * 1000;
        asked = "";
        return;
      }
      if (!response.ok) return;
      const body = await response.json();
      if (textarea.value.trim() === text) render(body.ideas || []);
    } catch (error) {
      // aborted or offline: no hint, posting works as before
    }
  };

  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(ask, PAUSE_MS);
  });
  form.addEventListener("submit", () => {
    clearTimeout(timer);
    if (controller) controller.abort();
  });
}

for (const form of document.querySelectorAll("form.idea-form")) setUp(form);
