// Keeps the moderation console live: on any change the idea list is fetched again and
// swapped in (unless the moderator is in the middle of using a control), and j/k move
// between ideas, h hides, f shows/approves, s spotlights, e edits the focused idea.
import { follow } from "./live.js";

const section = document.getElementById("console");
const status = document.getElementById("console-status");
const news = document.getElementById("console-news");
let timer = null;

function busy() {
  const active = document.activeElement;
  return active && active.closest("#console-ideas") && active.matches("select, textarea, input");
}

async function refresh() {
  if (busy()) {
    news.hidden = false;
    return;
  }
  const response = await fetch(window.location.href, { credentials: "same-origin" });
  if (!response.ok) return;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = page.getElementById("console-ideas");
  const focusedId = document.activeElement?.closest("[data-idea-id]")?.dataset.ideaId;
  document.getElementById("console-ideas").replaceWith(fresh);
  document.getElementById("console-count").textContent = page.getElementById("console-count").textContent;
  news.hidden = true;
  if (focusedId) document.getElementById(`idea-${focusedId}`)?.focus();
}

follow({
  eventsUrl: section.dataset.eventsUrl,
  pollUrl: section.dataset.pollUrl,
  seq: section.dataset.seq,
  onStatus(state) {
    status.textContent = state === "offline" ? status.dataset.offline : "";
  },
  onMessage() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  },
});

news.querySelector("a").addEventListener("click", (event) => {
  event.preventDefault();
  refresh();
});

document.addEventListener("keydown", (event) => {
  if (event.target.matches("input, textarea, select") || event.altKey || event.ctrlKey || event.metaKey) return;
  const ideas = [...document.querySelectorAll("#console-ideas [data-idea-id]")];
  const current = document.activeElement?.closest("[data-idea-id]");
  const index = ideas.indexOf(current);
  const press = (action) => current?.querySelector(`[data-action="${action}"]`)?.click();
  switch (event.key) {
    case "j": ideas[Math.min(index + 1, ideas.length - 1)]?.focus(); break;
    case "k": ideas[Math.max(index - 1, 0)]?.focus(); break;
    case "h": press("hide"); break;
    case "f": press("show"); break;
    case "s": press("spotlight"); break;
    case "e": current?.querySelector('a[href$="/edit"]')?.click(); break;
    default: return;
  }
  event.preventDefault();
});
