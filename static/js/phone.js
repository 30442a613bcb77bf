// The phone page made live: others' ideas as they arrive, dots given in place with the
// answer beside the tapped button, and the workshop closing and reopening without a reload.
// Without JavaScript the same page works with plain forms and anchors. Every word shown
// here comes from the page (data attributes and <template>s), in the page's language.
import { csrfToken, follow, showMergedTexts } from "./live.js";

const page = document.getElementById("phone-page");
const section = document.getElementById("others");

// --- the workshop closes and reopens ---------------------------------------------------------

function showUnsentTexts(closing) {
  // What the person had typed but not sent stays in its (hidden) form for a reopening, and
  // is shown read-only meanwhile so that it can be copied: never silently dropped.
  const unsent = document.getElementById("unsent");
  const texts = document.getElementById("unsent-texts");
  const template = document.getElementById("unsent-item-template");
  if (!unsent || !texts || !template) return;
  if (!closing) {
    unsent.hidden = true;
    texts.replaceChildren();
    return;
  }
  const typed = [...document.querySelectorAll("#questions textarea")].filter((area) => area.value.trim());
  if (!typed.length) return;
  texts.replaceChildren();
  typed.forEach((area, index) => {
    const item = template.content.firstElementChild.cloneNode(true);
    const label = item.querySelector("label");
    const copy = item.querySelector("textarea");
    copy.id = `unsent-text-${index}`;
    label.htmlFor = copy.id;
    const heading = area.closest("section")?.querySelector("h2");
    label.textContent = heading ? heading.textContent : label.textContent;
    copy.value = area.value;
    texts.append(item);
  });
  unsent.hidden = false;
}

function setOpen(isOpen) {
  const wasOpen = page.dataset.open === "1";
  if (isOpen === wasOpen) return;
  const region = document.getElementById("workshop-state");
  const banner = document.getElementById("closed-banner-template");
  const mine = document.getElementById("my-ideas-section");
  page.dataset.open = isOpen ? "1" : "0";
  if (region && banner) {
    if (isOpen) region.replaceChildren();
    else region.replaceChildren(banner.content.cloneNode(true));
  }
  showUnsentTexts(!isOpen);
  // Closed: "Meine Ideen" leads (in reading order too, not only on screen); open: the forms.
  if (mine) {
    if (isOpen) page.append(mine);
    else (document.getElementById("unsent") || region).after(mine);
  }
}

// --- dots ------------------------------------------------------------------------------------

function setUpVoting() {
  const list = document.getElementById("other-ideas");
  const template = document.getElementById("other-idea-template");
  const dotsStatus = document.getElementById("dots-status");
  const announcer = document.getElementById("vote-announcer");
  const words = section.dataset;
  const dots = Number(words.dots);
  let dotsUsed = Number(words.dotsUsed);

  const pointsLabel = (n) => (n === 1 ? words.votesOne : words.votesMany).replace("{n}", String(n));
  const voteUrl = (kind, id) => {
    const url = new URL(words[`${kind}Url`], window.location.href);
    url.pathname = url.pathname.replace(/\/0\/(un)?vote$/, `/${id}/${kind}`);
    return url.pathname + url.search;
  };
  const isVoted = (form) => form.querySelector("button").getAttribute("aria-pressed") === "true";

  function markAvailability(form) {
    // No dots left: a dot button says so (state and visible reason), yet stays focusable and
    // tappable, so that tapping it explains instead of doing nothing.
    const button = form.querySelector("button");
    const item = form.closest("li");
    const noteId = `vote-note-${item.dataset.ideaId}`;
    let note = document.getElementById(noteId);
    if (!isVoted(form) && dotsUsed >= dots) {
      button.setAttribute("aria-disabled", "true");
      button.setAttribute("aria-describedby", noteId);
      if (!note) {
        note = document.createElement("span");
        note.className = "vote-note";
        note.id = noteId;
        note.textContent = words.noDotsLabel;
        form.append(note);
      }
    } else {
      button.removeAttribute("aria-disabled");
      button.removeAttribute("aria-describedby");
      note?.remove();
    }
  }

  const markAll = () => list.querySelectorAll(".vote-form").forEach(markAvailability);

  function setVoted(form, voted, id) {
    const button = form.querySelector("button");
    const item = form.closest("li");
    const text = item ? item.querySelector(".idea-text").textContent : "";
    const label = voted ? words.takeLabel : words.giveLabel;
    form.action = voteUrl(voted ? "unvote" : "vote", id);
    button.setAttribute("aria-pressed", voted ? "true" : "false");
    button.classList.toggle("primary", voted);
    button.textContent = label;
    button.setAttribute("aria-label", `${label}: ${text.slice(0, 40)}`);
    markAvailability(form);
  }

  function answer(form, message, isError) {
    // One answer at a time, beside the button that was tapped; screen readers hear it once.
    list.querySelectorAll(".vote-message").forEach((old) => old.remove());
    section.querySelectorAll(":scope > .vote-message").forEach((old) => old.remove());
    const note = document.createElement("p");
    note.className = isError ? "vote-message is-error" : "vote-message";
    note.textContent = message;
    form.after(note);
    if (announcer) {
      announcer.textContent = "";
      window.requestAnimationFrame(() => {
        announcer.textContent = message;
      });
    }
  }

  function showVotes(item, votes) {
    const count = item.querySelector(".vote-count");
    count.textContent = pointsLabel(votes);
    count.dataset.votes = votes;
  }

  // A new idea: a copy of the page's <template>, the same markup as the server draws.
  function buildItem(idea) {
    const item = template.content.firstElementChild.cloneNode(true);
    item.id = `other-${idea.id}`;
    item.dataset.ideaId = idea.id;
    item.dataset.questionId = idea.question_id;
    return item;
  }

  function render(item, idea) {
    item.querySelector(".idea-text").textContent = idea.text;
    showMergedTexts(item.querySelector(".idea-meta"), idea.merged_texts, "idea-text merged-text");
    const nick = item.querySelector(".nick");
    if (nick) nick.textContent = idea.nickname ? `${idea.nickname} · ` : "";
    showVotes(item, idea.votes);
    const form = item.querySelector(".vote-form");
    if (form) setVoted(form, isVoted(form), idea.id);
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
      if (typeof body.dots_used === "number") dotsUsed = body.dots_used;
      if (dotsStatus && body.dots_status) dotsStatus.textContent = body.dots_status;
      if (!response.ok) {
        markAll();
        answer(form, body.message, true);
        return;
      }
      setVoted(form, !isVoted(form), id);
      showVotes(form.closest("li"), body.votes);
      markAll();
      answer(form, `${body.message} ${body.dots_status}`, false);
    } catch (error) {
      form.submit(); // network trouble: fall back to the plain form
    }
  });

  return { buildItem, render, list };
}

// --- live ------------------------------------------------------------------------------------

if (page) {
  const voting = section ? setUpVoting() : null;
  const ownIds = new Set((section?.dataset.ownIds || "").split(",").filter(Boolean));
  const oldestShown = Number(section?.dataset.oldestShown || 0); // 0: every idea is shown
  const empty = document.getElementById("no-others");

  function upsert(idea) {
    if (!voting || ownIds.has(String(idea.id))) return;
    let item = document.getElementById(`other-${idea.id}`);
    // The page shows only the newest ideas: news about an older one that is not shown
    // (a dot, an edit) must not add it at the end of the list.
    if (!item && oldestShown && idea.id < oldestShown) return;
    if (!item) {
      item = voting.buildItem(idea);
      voting.list.append(item);
    }
    voting.render(item, idea);
    empty.hidden = true;
  }

  function remove(id) {
    document.getElementById(`other-${id}`)?.remove();
    if (voting) empty.hidden = voting.list.children.length > 0;
  }

  if (page.dataset.eventsUrl) {
    follow({
      eventsUrl: page.dataset.eventsUrl,
      pollUrl: page.dataset.pollUrl,
      seq: page.dataset.seq,
      onMessage(message) {
        if (message.kind === "idea") upsert(message.idea);
        else if (message.kind === "idea.removed") remove(message.id);
        else if (message.kind === "reload") window.location.reload();
        else if (message.kind === "workshop") {
          setOpen(Boolean(message.workshop.is_open));
          if (!message.workshop.show_ideas && section) {
            section.hidden = true;
            const link = document.getElementById("nav-others");
            if (link) link.hidden = true;
          }
        }
      },
    });
  }
}
