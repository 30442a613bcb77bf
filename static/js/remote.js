// The moderator's remote: its buttons are forms (they work without JavaScript); here they
// post with fetch and the page redraws from the answer, and phase.json is asked every few
// seconds so the page follows what the console, a co-moderator or an automatic step did.
// Asking slows down while the page is hidden and backs off while the network is gone.

import { fetchTimed, syncClock } from "./clock.js";
import { countdown } from "./countdown.js";

const POLL_MS = 2500;
const HIDDEN_POLL_MS = 15000;
const MAX_BACKOFF_MS = 30000;

const root = document.getElementById("remote");
const words = root.dataset;
const message = document.getElementById("remote-message");
const clock = countdown(document.getElementById("remote-clock"),
  { announcer: document.getElementById("remote-announcer") });

const fill = (text, values) => Object.entries(values).reduce(
  (result, [name, value]) => result.replaceAll(`{${name}}`, String(value)), text || "");

const labelOf = (kind) => root.getAttribute(`data-label-${kind}`) || kind;
const nameOf = (step) => step.title || labelOf(step.kind);

function setText(id, text) {
  const element = document.getElementById(id);
  if (element.textContent !== text) element.textContent = text;
}

/** Point a one-button form at another action (pause/resume, show/hide the QR code). */
function switchForm(form, action, label, fields = {}) {
  form.action = form.action.replace(/\/[a-z]+$/, `/${action}`);
  const button = form.querySelector("button");
  if (button.textContent !== label) button.textContent = label;
  for (const [name, value] of Object.entries(fields)) form.elements[name].value = value;
}

function draw(state) {
  const { phase, done } = state;
  const step = phase.step;
  setText("remote-step-number", step ? fill(words.wordStep, { position: step.position, count: step.count }) : "");
  setText("remote-step-name", step ? nameOf(step) : words.wordNone);
  let next = "";
  if (phase.next) next = fill(words.wordNext, { name: nameOf(phase.next) });
  else if (step) next = words.wordLast;
  setText("remote-next", next);
  setText("remote-done", fill(words.wordDone, { done: done.done, present: done.present }));
  setText("remote-votes", phase.votes_hidden ? words.wordVotesHidden : words.wordVotesShown);
  document.getElementById("remote-next-form").elements.expected.value = step ? String(step.id) : "0";
  const paused = Boolean(step && step.paused_remaining !== null && step.paused_remaining !== undefined);
  document.getElementById("remote-paused").hidden = !paused;
  switchForm(document.getElementById("remote-timer-form"), paused ? "resume" : "pause",
    paused ? words.wordResume : words.wordPause);
  clock.show(phase);
  drawPresenting(state);
}

// Gruppen stellen vor: the group buttons only in that step, with who presents now.
function drawPresenting(state) {
  const section = document.getElementById("remote-present");
  section.hidden = state.phase.kind !== "present";
  if (section.hidden) return;
  const presenting = state.presenting;
  setText("remote-present-now", presenting && presenting.group
    ? fill(words.wordPresenting, { position: presenting.position, count: presenting.count, name: presenting.group.name })
    : words.wordNoGroup);
}

const say = (text, kind = "ok") => {
  // the same sentence twice (two presses of +1 minute) is read out twice
  message.textContent = "";
  message.dataset.kind = kind;
  window.setTimeout(() => { message.textContent = text; }, 50);
};

async function send(form) {
  const started = Date.now();
  let response;
  try {
    response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
  } catch (error) {
    say(words.wordOffline, "error");
    return;
  }
  if (response.status === 404) {
    say(words.wordGone, "error");
    return;
  }
  let body = null;
  if ((response.headers.get("Content-Type") || "").includes("application/json")) body = await response.json();
  if (!body || !body.phase) {
    say(words.wordFailed, "error");
    return;
  }
  if (body.now) syncClock(body.now, Date.now() - started);
  draw(body);
  if (form.id === "remote-qr-form" && response.ok) {
    const shown = form.elements.show.value === "1";
    switchForm(form, "qr", shown ? words.wordQrHide : words.wordQrShow, { show: shown ? "0" : "1" });
  }
  say(body.message || "", response.ok ? "ok" : "error");
}

for (const form of root.querySelectorAll("form.remote-form")) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    if (button.getAttribute("aria-busy") === "true") return; // one press at a time
    button.setAttribute("aria-busy", "true");
    send(form).finally(() => button.removeAttribute("aria-busy"));
  });
}

// --- following the phase -------------------------------------------------------------------

let timer = null;
let failures = 0;

function schedule() {
  window.clearTimeout(timer);
  const base = document.hidden ? HIDDEN_POLL_MS : POLL_MS;
  const delay = failures ? Math.min(MAX_BACKOFF_MS, base * 2 ** failures) : base;
  timer = window.setTimeout(poll, delay * (0.8 + Math.random() * 0.4));
}

async function poll() {
  try {
    draw(await fetchTimed(words.phaseUrl));
    if (failures >= 2) say("");
    failures = 0;
  } catch (error) {
    failures += 1;
    if (failures === 2) say(words.wordOffline, "error");
  }
  schedule();
}

document.addEventListener("visibilitychange", () => {
  if (!document.hidden) poll();
});
window.addEventListener("online", () => {
  failures = 0;
  poll();
});

poll();
