// The live idea wall: new ideas appear at the top of their column with a gentle
// highlight; hidden or merged ideas disappear; dots, the spotlight and "closed" update.
// The run sheet's step, countdown and people done are in wall-phase.js; in silent
// collecting the wall only counts ideas per question, in the result step each column
// stays ranked by dots. A wall may show a part of the ideas (data-scope): all ("alle"),
// those groups promoted to the plenary ("plenum", a column per group) or one group's
// ("gruppe", also a group's own wall). Promoted ideas carry their group's mark.
// All attendee text goes through textContent, never innerHTML.
import { follow, showMergedTexts } from "./live.js";
import { pageWall } from "./wall-paging.js";
import { followPhase } from "./wall-phase.js";

const wall = document.getElementById("wall");
const template = document.getElementById("wall-card-template");
const counter = document.getElementById("wall-count");
const status = document.getElementById("wall-status");
const spotlight = document.getElementById("wall-spotlight");
const spotlightText = document.getElementById("wall-spotlight-text");
const closedBanner = document.getElementById("wall-closed");
const joinBig = document.getElementById("qr-overlay");
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
const perColumn = Number(wall.dataset.perColumn) || 30;
const mode = wall.dataset.mode || "plain"; // plain, hidden (dots), ranked, silent, calm
const ranked = mode === "ranked";
const silent = mode === "silent";
const scope = wall.dataset.scope || "alle";
const scopeGroup = Number(wall.dataset.scopeGroup) || null;
const groupNames = new Map(Object.entries(JSON.parse(wall.dataset.groupNames || "{}")));
const promotedFormat = wall.dataset.promotedFormat || "★ {name}";

// Whether this wall shows ``idea`` at all (its state says it is public).
function inScope(idea) {
  if (scope === "plenum") return Boolean(idea.promoted) && idea.group_id !== null && idea.group_id !== undefined;
  if (scope === "gruppe") return idea.group_id === scopeGroup;
  return true;
}

function showPromoted(card, idea) {
  const mark = card.querySelector(".wall-promoted");
  const name = idea.promoted ? groupNames.get(String(idea.group_id)) : undefined;
  card.classList.toggle("is-promoted", Boolean(name));
  card.dataset.groupId = idea.group_id ?? "";
  card.dataset.promoted = idea.promoted ? "1" : "";
  if (!mark) return;
  mark.hidden = !name;
  mark.textContent = name ? promotedFormat.replace("{name}", name) : "";
}

// Silent collecting and the calm screen have no cards to page through.
const columnsBox = document.getElementById("wall-columns");
const paging = columnsBox
  ? pageWall({
      layout: wall,
      container: columnsBox,
      indicator: document.getElementById("wall-pages"),
      label: wall.dataset.pageLabel || "",
      reducedMotion,
    })
  : { keepPlace: (_lists, change) => change() };
const phase = followPhase(wall);

// "3 Punkte" for screen readers, in the page's language ("{n}" stands for the number).
const dotsLabel = (n) => (n === 1 ? wall.dataset.votesOne : wall.dataset.votesMany).replace("{n}", String(n));

function cardFor(id) {
  return document.getElementById(`wall-idea-${id}`);
}

function render(card, idea) {
  card.querySelector(".wall-text").textContent = idea.text;
  showMergedTexts(card.querySelector(".wall-meta"), idea.merged_texts, "wall-text wall-merged");
  card.querySelector(".wall-nick").textContent = idea.nickname || "";
  showPromoted(card, idea);
  const votes = card.querySelector(".wall-votes");
  if (idea.votes === null || idea.votes === undefined) {
    // dots counted in secret: no number anywhere in the page
    if (votes) votes.remove();
    delete card.dataset.votes;
    return;
  }
  if (!votes) return; // this page was drawn while the dots were hidden; the reveal reloads it
  card.dataset.votes = idea.votes;
  votes.textContent = `● ${idea.votes}`;
  votes.dataset.votes = idea.votes;
  votes.setAttribute("aria-label", dotsLabel(idea.votes));
  votes.hidden = !idea.votes;
}

const byField = wall.dataset.groupBy === "field";

function listFor(idea) {
  if (scope === "plenum") return document.getElementById(`wall-list-group-${idea.group_id}`);
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
    if (ranked) placeByDots(list, card);
    // The page holds the newest ideas of each column only (a hall writes thousands).
    while (list.children.length > perColumn) list.lastElementChild.remove();
  });
}

// The result step: most dots first, among equals the older idea (as the server ranks).
function placeByDots(list, card) {
  const dots = (element) => Number(element.dataset.votes) || 0;
  const before = [...list.children].find(
    (other) => other !== card && (dots(other) < dots(card) || (dots(other) === dots(card) && Number(other.dataset.ideaId) > Number(card.dataset.ideaId))),
  );
  if (before) list.insertBefore(card, before);
  else list.append(card);
}

function remove(id) {
  const card = cardFor(id);
  if (card) paging.keepPlace([card.parentElement], () => card.remove());
}

function showSpotlight(idea) {
  if (silent || mode === "calm") idea = null; // no idea text while collecting silently or resting
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

// Silent collecting: "N Ideen" per question, the number in .silent-count.
const ideaWords = (n) => (n === 1 ? wall.dataset.ideasOne : wall.dataset.ideasMany).replace("{n}", "").trim();
const questionCounts = new Map(
  [...document.querySelectorAll(".silent-count")].map((element) => [element.dataset.questionId, Number(element.textContent) || 0]),
);

function showCount() {
  counter.textContent = String(count);
  for (const [questionId, n] of questionCounts) {
    const number = document.querySelector(`.silent-count[data-question-id="${questionId}"]`);
    const word = document.querySelector(`.silent-count-word[data-question-id="${questionId}"]`);
    if (number) number.textContent = String(n);
    if (word) word.textContent = ideaWords(n);
  }
}

// An idea counted in silent collecting: a new one adds to its question; news about one
// the wall may have counted before (a text corrected, shown again) makes it ask.
function countSilently(id, questionId) {
  if (id > highestId) {
    count += 1;
    const key = String(questionId);
    if (questionCounts.has(key)) questionCounts.set(key, questionCounts.get(key) + 1);
    highestId = id;
  } else {
    recount();
  }
  changes += 1;
  showCount();
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
      // news about ideas up to this id, arriving after the answer, is already counted
      highestId = Math.max(highestId, Number(body.highest_id) || 0);
      for (const [questionId, n] of Object.entries(body.questions || {})) {
        if (questionCounts.has(questionId)) questionCounts.set(questionId, n);
      }
      showCount();
    } catch {
      recountTimer = window.setTimeout(() => recount(attempt), 5000);
    }
  }, 300);
}

function countChange(id, shownNow) {
  if (silent) {
    // no cards to know ideas by: a removal may or may not have been counted
    recount();
    changes += 1;
    return;
  }
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
  onClock: phase.clock,
  onStatus(state) {
    status.textContent = status.dataset[state] || "";
    status.dataset.state = state;
    phase.status(state);
  },
  onMessage(message) {
    // other scripts of the wall (the groups' presentation) hear every message too
    document.dispatchEvent(new CustomEvent("wall:message", { detail: message }));
    if (message.kind === "idea.counted") countInScope(message.id, message.question_id, message.group_id);
    else if (message.kind === "phase") phase.show(message.phase);
    else if (message.kind === "done") phase.done(message);
    else if (message.kind === "qr") showQr(message.show);
    else if (message.kind === "idea" && silent) countInScope(message.idea.id, message.idea.question_id, message.idea.group_id);
    else if (message.kind === "idea" && !inScope(message.idea)) {
      // no longer (or never) shown here: another group's idea, or taken back from the plenary
      if (cardFor(message.idea.id)) {
        countChange(message.idea.id, false);
        remove(message.idea.id);
      }
    } else if (message.kind === "idea") {
      countChange(message.idea.id, true);
      upsert(message.idea);
    } else if (message.kind === "group") showGroup(message.group);
    else if (message.kind === "idea.removed") {
      countChange(message.id, false);
      remove(message.id);
    } else if (message.kind === "spotlight") showSpotlight(message.idea);
    else if (message.kind === "reload") window.location.reload();
    else if (message.kind === "fields" && byField) window.location.reload(); // columns changed
    else if (message.kind === "workshop") {
      const title = document.getElementById("wall-title"); // a group's wall is headed by the group
      if (title) title.textContent = message.workshop.title;
      if ("is_open" in message.workshop) showOpen(message.workshop.is_open);
    }
  },
});

// Silent collecting on a wall that shows a part of the ideas: another group's idea does
// not count; whether an idea is promoted is the server's to say.
function countInScope(id, questionId, groupId) {
  if (scope === "gruppe" && groupId !== scopeGroup) return;
  if (scope === "plenum") {
    changes += 1;
    recount();
    return;
  }
  countSilently(id, questionId);
}

// A group renamed, added or deleted: the marks of its promoted ideas follow; the plenary's
// column per group needs the page drawn again when groups come or go.
function showGroup(group) {
  if (!group || group.id === undefined) return;
  const known = groupNames.has(String(group.id));
  if (scope === "plenum" && known === Boolean(group.deleted)) {
    window.location.reload();
    return;
  }
  if (scope === "gruppe" && group.id !== scopeGroup) return;
  if (group.deleted) groupNames.delete(String(group.id));
  else groupNames.set(String(group.id), group.name);
  const heading = document.getElementById(`wall-g-${group.id}`);
  if (heading && !group.deleted) heading.textContent = group.name;
  document.querySelectorAll(`.wall-card[data-group-id="${group.id}"]`).forEach((card) => {
    showPromoted(card, { group_id: group.id, promoted: card.dataset.promoted === "1" });
  });
}

// The remote's "QR code" button: the join view full screen; pressed again, the ideas.
function showQr(show) {
  if (show && !joinBig.matches(":popover-open")) joinBig.showPopover();
  else if (joinBig.matches(":popover-open")) joinBig.hidePopover();
}

// "Q" shows the join view with the large QR code, and hides it again (so does Esc).
document.addEventListener("keydown", (event) => {
  if (event.key !== "q" && event.key !== "Q") return;
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
  if (event.target.closest && event.target.closest("input, textarea, select, [contenteditable]")) return;
  if (wall.classList.contains("is-closed")) return;
  joinBig.togglePopover();
});
