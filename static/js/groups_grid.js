// Keeps the moderator's overview of all groups live. The page follows the workshop's
// moderation stream; on news that changes a number it fetches the overview's JSON again,
// never more than one fetch at a time and one waiting (a hall of 500 posting is one fetch
// a second, not 500). A help request shows at once from the event itself: the row turns
// red, the strip above names the group, and screen readers hear "Tisch 3 bittet um Hilfe".
import { follow } from "./live.js";
import { fetchTimed, serverNow, syncClock } from "./clock.js";

const section = document.getElementById("groups-grid");
const rowsBody = document.getElementById("groups-rows");
const status = document.getElementById("grid-status");
const announcer = document.getElementById("grid-announce");
const strip = document.getElementById("help-strip");
const stripNames = document.getElementById("help-names");
const words = section.dataset;
const baseTitle = document.title;

const REFRESHING = new Set(["idea", "idea.removed", "idea.counted", "group", "group.message", "done", "phase",
  "workshop", "reload"]);
const GAP_MS = 1000; // at most one fetch a second while news keeps coming
const QUIET_REFRESH_MS = 30000; // joining a group sends no event: look again now and then

let inFlight = false;
let queued = false;
let timer = null;
let limit = Number(words.limit) || 0;
let asking = new Set([...rowsBody.querySelectorAll(".g-asks")].map((row) => row.dataset.groupId));

syncClock(Number(words.now), 1000);

function relative(ms) {
  if (!ms) return words.never;
  const minutes = Math.floor(Math.max(0, serverNow() - Number(ms)) / 60000);
  if (minutes < 1) return words.nowWords;
  if (minutes < 60) return words.minutes.replace("{n}", String(minutes));
  return words.hours.replace("{n}", String(Math.floor(minutes / 60)));
}

function setText(element, text) {
  if (element && element.textContent !== String(text)) element.textContent = String(text);
}

function rowOf(id) {
  return document.getElementById(`group-row-${id == null ? "none" : id}`);
}

function newRow(group) {
  const row = document.getElementById("group-row-template").content.firstElementChild.cloneNode(true);
  row.id = `group-row-${group.id}`;
  row.dataset.groupId = String(group.id);
  const form = row.querySelector(".g-help-form");
  form.action = form.action.replace(/\/0\/hilfe-erledigt$/, `/${group.id}/hilfe-erledigt`);
  rowsBody.insertBefore(row, rowOf(null));
  return row;
}

function announce(text) {
  announcer.textContent = "";
  window.setTimeout(() => { announcer.textContent = text; }, 50);
}

function showHelp(row, group, wasAsking) {
  row.classList.toggle("g-asks", group.help);
  row.querySelector(".g-help-badge").hidden = !group.help;
  row.querySelector(".g-help-none").hidden = group.help;
  const since = row.querySelector(".g-help-since");
  since.hidden = !group.help;
  since.dataset.ms = group.help_ms || "";
  setText(since, group.help ? relative(group.help_ms) : "");
  const form = row.querySelector(".g-help-form");
  if (!form.contains(document.activeElement)) form.hidden = !group.help;
  if (group.help && !wasAsking) {
    row.classList.remove("g-new-help");
    void row.offsetWidth; // restart the flash
    row.classList.add("g-new-help");
    announce(words.helpSaid.replace("{name}", group.name));
  }
}

function showGroup(group) {
  let row = rowOf(group.id);
  if (!row) row = newRow(group);
  row.dataset.name = group.name;
  if (group.id != null) {
    setText(row.querySelector(".g-number"), group.number);
    setText(row.querySelector(".g-label"), group.name);
    setText(row.querySelector(".g-topic"), group.topic || "");
    setText(row.querySelector(".g-help-for"), ` – ${group.name}`);
    if ("promoted" in group) {
      setText(row.querySelector(".g-promoted"),
        words.promoted.replace("{count}", group.promoted).replace("{limit}", limit));
    }
  }
  if ("ideas" in group) {
    setText(row.querySelector(".g-ideas"), group.ideas);
    setText(row.querySelector(".g-people"), group.people);
    setText(row.querySelector(".g-done"), group.done == null ? "–" : group.done);
    const last = row.querySelector(".g-last");
    last.dataset.ms = group.last_ms || "";
    setText(last, relative(group.last_ms));
  }
  return row;
}

function showStrip() {
  const names = [...rowsBody.querySelectorAll(".g-asks")].map((row) => row.dataset.name);
  strip.hidden = names.length === 0;
  setText(stripNames, names.join(", "));
  document.title = names.length ? `(${names.length}) ${words.helpTitle} ${baseTitle}` : baseTitle;
}

function showMessage(message) {
  const box = document.getElementById("current-group-message");
  const text = message && message.text;
  box.classList.toggle("is-set", Boolean(text));
  box.querySelector(".current-none").hidden = Boolean(text);
  box.querySelector(".current-some").hidden = !text;
  setText(box.querySelector(".current-text"), text || "");
  document.getElementById("group-message-clear").hidden = !text;
}

// One group's help changed (a "group" event): shown at once, before the numbers arrive.
function helpChanged(group) {
  if (!group || group.deleted) return;
  const row = rowOf(group.id) || showGroup(group);
  const id = String(group.id);
  showHelp(row, group, asking.has(id));
  if (group.help) asking.add(id); else asking.delete(id);
  showStrip();
}

function apply(state) {
  limit = state.limit;
  const seen = new Set();
  const now = new Set();
  for (const group of state.groups) {
    const row = showGroup(group);
    seen.add(row.id);
    if (group.id != null) {
      showHelp(row, group, asking.has(String(group.id)));
      if (group.help) now.add(String(group.id));
    }
  }
  for (const row of [...rowsBody.children]) {
    if (!seen.has(row.id) && !row.contains(document.activeElement)) row.remove(); // a deleted group
  }
  asking = now;
  showStrip();
  showMessage(state.message);
  const empty = document.getElementById("grid-empty");
  if (empty && state.groups.length > 1) empty.remove();
}

async function refresh() {
  timer = null;
  if (inFlight) {
    queued = true;
    return;
  }
  inFlight = true;
  try {
    apply(await fetchTimed(section.dataset.jsonUrl));
  } catch (error) {
    status.textContent = status.dataset.offline;
  } finally {
    inFlight = false;
    if (queued) {
      queued = false;
      schedule();
    }
  }
}

function schedule(delay = GAP_MS) {
  if (inFlight) {
    queued = true;
    return;
  }
  if (timer === null) timer = window.setTimeout(refresh, delay);
}

// "erledigt" without leaving the page (the form posts and redirects without a script)
rowsBody.addEventListener("submit", async (event) => {
  const form = event.target.closest(".g-help-form");
  if (!form) return;
  event.preventDefault();
  try {
    const response = await fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) throw new Error(String(response.status));
    const state = await response.json();
    const row = form.closest("tr");
    apply(state);
    if (state.said) announce(state.said);
    if (!row.classList.contains("g-asks")) {
      row.querySelector(".g-name").focus(); // the button goes away: focus stays on its row
      form.hidden = true;
    }
  } catch (error) {
    form.submit();
  }
});

window.setInterval(() => {
  for (const cell of rowsBody.querySelectorAll(".g-last, .g-help-since:not([hidden])")) {
    setText(cell, relative(cell.dataset.ms));
  }
}, 15000);
window.setInterval(() => schedule(0), QUIET_REFRESH_MS);

follow({
  eventsUrl: section.dataset.eventsUrl,
  pollUrl: section.dataset.pollUrl,
  seq: section.dataset.seq,
  onClock: syncClock,
  onStatus(state) {
    status.textContent = state === "offline" ? status.dataset.offline : "";
  },
  onMessage(message) {
    if (message.kind === "group" && message.group) helpChanged(message.group);
    if (message.kind === "group.message") showMessage(message);
    if (REFRESHING.has(message.kind)) schedule(message.kind === "group" ? 200 : GAP_MS);
  },
});
