// The live idea wall: new ideas appear at the top of their question's column with a
// gentle highlight; hidden or merged ideas disappear; dots and the spotlight update.
// All attendee text goes through textContent, never innerHTML.
import { follow } from "./live.js";

const wall = document.getElementById("wall");
const template = document.getElementById("wall-card-template");
const counter = document.getElementById("wall-count");
const status = document.getElementById("wall-status");
const spotlight = document.getElementById("wall-spotlight");
const spotlightText = document.getElementById("wall-spotlight-text");
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

const dotsLabel = (n) =>
  document.documentElement.lang === "en" ? `${n} ${n === 1 ? "dot" : "dots"}` : `${n} ${n === 1 ? "Punkt" : "Punkte"}`;

function cardFor(id) {
  return document.getElementById(`wall-idea-${id}`);
}

function render(card, idea) {
  card.querySelector(".wall-text").textContent = idea.text;
  card.querySelectorAll(".wall-merged").forEach((node) => node.remove());
  const meta = card.querySelector(".wall-meta");
  for (const text of idea.merged_texts || []) {
    const merged = document.createElement("p");
    merged.className = "wall-text wall-merged";
    merged.textContent = `+ ${text}`;
    card.insertBefore(merged, meta);
  }
  card.querySelector(".wall-nick").textContent = idea.nickname || "";
  const votes = card.querySelector(".wall-votes");
  votes.textContent = `● ${idea.votes}`;
  votes.dataset.votes = idea.votes;
  votes.setAttribute("aria-label", dotsLabel(idea.votes));
  votes.hidden = !idea.votes;
}

const byField = wall.dataset.groupBy === "field";

function listFor(idea) {
  if (!byField) return document.getElementById(`wall-list-${idea.question_id}`);
  return (
    document.getElementById(`wall-list-field-${idea.field_id}`) ||
    document.getElementById("wall-list-field-none")
  );
}

function upsert(idea) {
  const list = listFor(idea);
  if (!list) return;
  let card = cardFor(idea.id);
  if (card && card.parentElement !== list) {
    list.prepend(card); // the analysis or a moderator moved it to another field
  }
  if (!card) {
    card = template.content.firstElementChild.cloneNode(true);
    card.id = `wall-idea-${idea.id}`;
    card.dataset.ideaId = idea.id;
    list.prepend(card);
    card.classList.add("fresh");
    window.setTimeout(() => card.classList.remove("fresh"), 4000);
  }
  render(card, idea);
}

function remove(id) {
  const card = cardFor(id);
  if (card) card.remove();
}

function showSpotlight(idea) {
  spotlight.hidden = !idea;
  spotlightText.textContent = idea ? idea.text : "";
}

function updateCount() {
  counter.textContent = String(document.querySelectorAll(".wall-card[id]").length);
}

follow({
  eventsUrl: wall.dataset.eventsUrl,
  pollUrl: wall.dataset.pollUrl,
  seq: wall.dataset.seq,
  onStatus(state) {
    status.textContent = status.dataset[state] || "";
    status.dataset.state = state;
  },
  onMessage(message) {
    if (message.kind === "idea") upsert(message.idea);
    else if (message.kind === "idea.removed") remove(message.id);
    else if (message.kind === "spotlight") showSpotlight(message.idea);
    else if (message.kind === "reload") window.location.reload();
    else if (message.kind === "fields" && byField) window.location.reload(); // columns changed
    else if (message.kind === "workshop") {
      document.querySelector(".wall-header h1").textContent = message.workshop.title;
    }
    updateCount();
  },
});

// Long columns page through by themselves, so no idea stays hidden below the fold.
const PAGE_MS = 9000;
window.setInterval(() => {
  for (const box of document.querySelectorAll(".wall-scroll")) {
    if (box.scrollHeight <= box.clientHeight + 4) continue;
    const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
    const top = atEnd ? 0 : box.scrollTop + box.clientHeight * 0.8;
    box.scrollTo({ top, behavior: reducedMotion.matches ? "auto" : "smooth" });
  }
}, PAGE_MS);
