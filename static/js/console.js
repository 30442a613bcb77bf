// Keeps the moderation console live without disturbing the moderator: on a change, the
// list (this page of it, with these filters) is fetched again and only the parts of rows
// that changed are replaced; a part in use (focus, an open menu, typed words, a chosen
// merge target) is left as it is, rows never move, new rows are inserted around them.
// j/k move between ideas, h hides, f shows/approves, s spotlights, e edits the focused idea;
// the run sheet's panel and keys are in runsheet_panel.js.
import { follow } from "./live.js";
import { targetBack, targetGone } from "./console_merge.js";
import { syncClock } from "./clock.js";
import { runSheetPanel } from "./runsheet_panel.js";

const section = document.getElementById("console");
const status = document.getElementById("console-status");
let timer = null;
let running = false;
let again = false;
const runSheet = runSheetPanel();

const list = () => document.getElementById("console-ideas");

function inUse(element) {
  if (element.contains(document.activeElement)) return true;
  if (element.matches("details[open]") || element.querySelector("details[open]")) return true;
  if (element.querySelector("input[name=target_id]:checked")) return true;
  return [...element.querySelectorAll("input[type=search], input[type=text], textarea")].some(
    (input) => input.value !== input.defaultValue,
  );
}

function patchRow(row, fresh) {
  row.className = fresh.className;
  for (const part of [...fresh.querySelectorAll(":scope > [data-part]")]) {
    const old = row.querySelector(`:scope > [data-part="${part.dataset.part}"]`);
    if (!old) {
      row.append(part);
      continue;
    }
    if (old.outerHTML === part.outerHTML || (part.dataset.part === "menu" && inUse(old))) continue;
    const focused = old.contains(document.activeElement) ? document.activeElement : null;
    old.replaceWith(part);
    if (focused) (part.querySelector(`[data-action="${focused.dataset.action}"]`) || row).focus();
  }
}

function patchList(page) {
  const current = list();
  const rows = new Map([...current.children].map((row) => [row.dataset.ideaId, row]));
  const freshRows = [...page.getElementById("console-ideas").children];
  const freshIds = new Set(freshRows.map((row) => row.dataset.ideaId));
  for (const [id, row] of rows) {
    if (freshIds.has(id)) continue;
    if (inUse(row)) row.classList.add("c-stale"); // no longer in this list, but in use: kept
    else row.remove();
  }
  let next = null; // rows keep their order (newest first), so new ones go before the next old one
  for (const fresh of freshRows.reverse()) {
    const row = rows.get(fresh.dataset.ideaId);
    if (row && row.isConnected) {
      patchRow(row, fresh);
      row.classList.remove("c-stale");
      next = row;
    } else {
      current.insertBefore(fresh, next);
      next = fresh;
    }
  }
  const head = document.querySelector(".console-list-head");
  if (!head.contains(document.activeElement)) {
    head.replaceWith(page.querySelector(".console-list-head"));
    offerPickAll();
  }
  const flood = document.getElementById("console-flood");
  if (!flood.contains(document.activeElement)) flood.replaceWith(page.getElementById("console-flood"));
  const empty = document.getElementById("console-empty");
  const freshEmpty = page.getElementById("console-empty");
  if (empty && !freshEmpty && current.children.length) empty.remove();
  if (!empty && freshEmpty && !current.children.length) current.after(freshEmpty);
}

async function refresh() {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    const url = new URL(window.location.href);
    url.hash = "";
    url.searchParams.set("partial", "list");
    const response = await fetch(url, { credentials: "same-origin" });
    if (response.ok) patchList(new DOMParser().parseFromString(await response.text(), "text/html"));
  } finally {
    running = false;
    if (again) {
      again = false;
      refresh();
    }
  }
}

// "All on this page": ticks every row's box (without JavaScript, each box is ticked alone).
function offerPickAll() {
  const all = document.getElementById("pick-all");
  if (!all) return;
  all.closest(".pick-all").hidden = false;
  all.addEventListener("change", () => {
    for (const box of list().querySelectorAll(".c-pick input")) box.checked = all.checked;
  });
}
offerPickAll();

follow({
  eventsUrl: section.dataset.eventsUrl,
  pollUrl: section.dataset.pollUrl,
  seq: section.dataset.seq,
  onClock: syncClock,
  onStatus(state) {
    status.textContent = state === "offline" ? status.dataset.offline : "";
  },
  onMessage(message) {
    // "reload": the log no longer holds what this console missed (pruned) or the dots were
    // revealed: the run-sheet panel and the list are read anew (typed settings stay)
    if (message.kind === "reload") runSheet.onMessage(message);
    if (message.kind === "phase" || message.kind === "done" || message.kind === "present") {
      runSheet.onMessage(message);
      return;
    }
    if (message.kind === "idea" && message.idea) {
      const idea = message.idea;
      if (idea.status === "visible" && idea.merged_into_id == null) targetBack(idea.id);
      else targetGone(idea.id);
    } else if (message.kind === "idea.removed") {
      targetGone(message.id);
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  },
});

document.addEventListener("keydown", (event) => {
  if (event.target.matches("input, textarea, select") || event.altKey || event.ctrlKey || event.metaKey) return;
  const ideas = [...list().querySelectorAll(":scope > [data-idea-id]")];
  const current = document.activeElement?.closest("[data-idea-id]");
  const index = ideas.indexOf(current);
  const press = (action) => current?.querySelector(`[data-action="${action}"]`)?.click();
  switch (event.key) {
    case "j": ideas[Math.min(index + 1, ideas.length - 1)]?.focus(); break;
    case "k": ideas[Math.max(index - 1, 0)]?.focus(); break;
    case "h": press("hide"); break;
    case "f": press("show"); break;
    case "s":
      if (!current) return; // no idea chosen: the run sheet's S (the next idea by dots)
      press("spotlight");
      break;
    case "e": current?.querySelector('a[href$="/edit"]')?.click(); break;
    default: return;
  }
  event.preventDefault();
});
