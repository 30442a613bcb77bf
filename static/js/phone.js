// The phone's live list of other people's ideas, and dots given without a page reload.
// Without JavaScript the same list and vote buttons work as plain forms.
import { csrfToken, follow } from "./live.js";

const section = document.getElementById("others");

if (section) {
  const list = document.getElementById("other-ideas");
  const empty = document.getElementById("no-others");
  const dotsStatus = document.getElementById("dots-status");
  const ownIds = new Set(section.dataset.ownIds.split(",").filter(Boolean));
  const oldestShown = Number(section.dataset.oldestShown || 0); // 0: every idea is shown
  const votingOpen = section.dataset.votingOpen === "1";
  const english = document.documentElement.lang === "en";
  const dots = Number(section.dataset.dots);
  let dotsUsed = Number(section.dataset.dotsUsed);

  const pointsLabel = (n) => (english ? `${n} ${n === 1 ? "dot" : "dots"}` : `${n} ${n === 1 ? "Punkt" : "Punkte"}`);
  const voteUrl = (kind, id) => section.dataset[`${kind}Url`].replace(/\/0\/(un)?vote$/, `/${id}/${kind}`);

  function setDotsStatus() {
    if (!dotsStatus) return;
    const left = Math.max(dots - dotsUsed, 0);
    dotsStatus.textContent = english
      ? `You have ${left} of ${dots} dots left.`
      : `Sie haben ${left} von ${dots} Punkten übrig.`;
  }

  function setVoted(form, voted, id) {
    const button = form.querySelector("button");
    const item = form.closest("li");
    const text = item ? item.querySelector(".idea-text").textContent : "";
    const label = voted
      ? english ? "Take dot back" : "Punkt zurücknehmen"
      : english ? "Give a dot" : "Punkt geben";
    form.action = voteUrl(voted ? "unvote" : "vote", id);
    button.setAttribute("aria-pressed", voted ? "true" : "false");
    button.classList.toggle("primary", voted);
    button.textContent = label;
    button.setAttribute("aria-label", `${label}: ${text.slice(0, 40)}`);
  }

  function buildItem(idea) {
    const item = document.createElement("li");
    item.id = `other-${idea.id}`;
    item.dataset.ideaId = idea.id;
    const text = document.createElement("p");
    text.className = "idea-text";
    const meta = document.createElement("p");
    meta.className = "idea-meta";
    const nick = document.createElement("span");
    nick.className = "nick";
    const count = document.createElement("span");
    count.className = "vote-count";
    meta.append(nick, count);
    item.append(text, meta);
    if (votingOpen) {
      const form = document.createElement("form");
      form.method = "post";
      form.className = "vote-form";
      const token = document.createElement("input");
      token.type = "hidden";
      token.name = "csrf_token";
      token.value = csrfToken();
      const button = document.createElement("button");
      button.type = "submit";
      button.className = "button small";
      form.append(token, button);
      item.append(form);
      form.action = voteUrl("vote", idea.id);
    }
    return item;
  }

  function render(item, idea) {
    item.querySelector(".idea-text").textContent = idea.text;
    item.querySelectorAll(".merged-text").forEach((node) => node.remove());
    const meta = item.querySelector(".idea-meta");
    for (const mergedText of idea.merged_texts || []) {
      const merged = document.createElement("p");
      merged.className = "idea-text merged-text";
      merged.textContent = `+ ${mergedText}`;
      item.insertBefore(merged, meta);
    }
    const nick = item.querySelector(".nick");
    if (nick) nick.textContent = idea.nickname ? `${idea.nickname} · ` : "";
    item.querySelector(".vote-count").textContent = pointsLabel(idea.votes);
    const form = item.querySelector(".vote-form");
    if (form) setVoted(form, form.action.endsWith("/unvote"), idea.id);
  }

  function upsert(idea) {
    if (ownIds.has(String(idea.id))) return;
    let item = document.getElementById(`other-${idea.id}`);
    // The page shows only the newest ideas: news about an older one that is not shown
    // (a dot, an edit) must not add it at the end of the list.
    if (!item && oldestShown && idea.id < oldestShown) return;
    if (!item) {
      item = buildItem(idea);
      list.append(item);
    }
    render(item, idea);
    empty.hidden = true;
  }

  function remove(id) {
    document.getElementById(`other-${id}`)?.remove();
    empty.hidden = list.children.length > 0;
  }

  list.addEventListener("submit", async (event) => {
    const form = event.target.closest(".vote-form");
    if (!form) return;
    event.preventDefault();
    const id = form.closest("[data-idea-id]").dataset.ideaId;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      });
      const body = await response.json();
      if (!response.ok) {
        dotsStatus.textContent = body.message;
        return;
      }
      dotsUsed = body.dots_used;
      setVoted(form, form.action.endsWith("/vote"), id);
      form.closest("li").querySelector(".vote-count").textContent = pointsLabel(body.votes);
      setDotsStatus();
    } catch (error) {
      form.submit(); // network trouble: fall back to the plain form
    }
  });

  follow({
    eventsUrl: section.dataset.eventsUrl,
    pollUrl: section.dataset.pollUrl,
    seq: section.dataset.seq,
    onMessage(message) {
      if (message.kind === "idea") upsert(message.idea);
      else if (message.kind === "idea.removed") remove(message.id);
      else if (message.kind === "reload") window.location.reload();
      else if (message.kind === "workshop" && !message.workshop.show_ideas) section.hidden = true;
    },
  });
}
