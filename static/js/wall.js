// The live idea wall: new ideas appear at the top of their column with a gentle
// highlight; hidden or merged ideas disappear; dots, the spotlight and "closed" update.
// All attendee text goes through textContent, never innerHTML.
import { follow, showMergedTexts } from "./live.js";
import { pageWall } from "./wall-paging.js";

const wall = document.getElementById("wall");
const template = document.getElementById("wall-card-template");
const counter = document.getElementById("wall-count");
const status = document.getElementById("wall-status");
const spotlight = document.getElementById("wall-spotlight");
const spotlightText = document.getElementById("wall-spotlight-text");
const closedBanner = document.getElementById("wall-closed");
const joinBig = document.getElementById("wall-join-big");
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
const perColumn = Number(wall.dataset.perColumn) || 30;

const paging = pageWall({
  layout: wall,
  container: document.getElementById("wall-columns"),
  indicator: document.getElementById("wall-pages"),
  label: wall.dataset.pageLabel || "",
  reducedMotion,
});

// "3 Punkte" for screen readers, in the page's language ("{n}" stands for the number).
const dotsLabel = (n) => (n === 1 ? wall.dataset.votesOne : wall.dataset.votesMany).replace("{n}", String(n));

function cardFor(id) {
  return document.getElementById(`wall-idea-${id}`);
}

function render(card, idea) {
  card.querySelector(".wall-text").textContent = idea.text;
  showMergedTexts(card.querySelector(".wall-meta"), idea.merged_texts, "wall-text wall-merged");
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
  paging.keepPlace([card && card.parentElement, list], () => {
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
    // The page holds the newest ideas of each column only (a hall writes thousands).
    while (list.children.length > perColumn) list.lastElementChild.remove();
  });
}

function remove(id) {
  const card = cardFor(id);
  if (card) paging.keepPlace([card.parentElement], () => card.remove());
}

function showSpotlight(idea) {
  spotlight.hidden = !idea;
  spotlightText.textContent = idea ? idea.text : "";
}

function showOpen(isOpen) {
  closedBanner.hidden = isOpen;
  wall.classList.toggle("is-closed", !isOpen);
  if (!isOpen && joinBig.matches(":popover-open")) joinBig.hidePopover();
}

// The count of ideas the room sees. The page lists only the newest ideas of each column,
// so news about an idea without a card is ambiguous when the idea is older than the page
// (a dot on a public idea, or a hidden one shown again): then the wall asks the server.
let count = Number(counter.textContent) || 0;
let highestId = Number(wall.dataset.highestId) || 0;
let changes = 0;
let recountTimer = null;

function showCount() {
  counter.textContent = String(count);
}

function recount(attempt = 0) {
  window.clearTimeout(recountTimer);
  recountTimer = window.setTimeout(async () => {
    const asked = changes;
    try {
      const response = await fetch(wall.dataset.countUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      const body = await response.json();
      // A change counted here while the answer was on its way may or may not be in it.
      if (changes !== asked && attempt < 3) return recount(attempt + 1);
      count = body.count;
      showCount();
    } catch {
      recountTimer = window.setTimeout(() => recount(attempt), 5000);
    }
  }, 300);
}

function countChange(id, shownNow) {
  const known = Boolean(cardFor(id));
  if (known && !shownNow) count -= 1;
  else if (!known && id > highestId && shownNow) count += 1;
  else if (!known && id <= highestId) recount();
  highestId = Math.max(highestId, id);
  changes += 1;
  showCount();
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
    if (message.kind === "idea") {
      countChange(message.idea.id, true);
      upsert(message.idea);
    } else if (message.kind === "idea.removed") {
      countChange(message.id, false);
      remove(message.id);
    } else if (message.kind === "spotlight") showSpotlight(message.idea);
    else if (message.kind === "reload") window.location.reload();
    else if (message.kind === "fields" && byField) window.location.reload(); // columns changed
    else if (message.kind === "workshop") {
      document.querySelector(".wall-header h1").textContent = message.workshop.title;
      if ("is_open" in message.workshop) showOpen(message.workshop.is_open);
    }
  },
});

// "Q" shows the join view with the large QR code, and hides it again (so does Esc).
document.addEventListener("keydown", (event) => {
  if (event.key !== "q" && event.key !== "Q") return;
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
  if (event.target.closest && event.target.closest("input, textarea, select, [contenteditable]")) return;
  if (wall.classList.contains("is-closed")) return;
  joinBig.togglePopover();
});
