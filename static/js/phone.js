// The phone page made live: others' ideas as they arrive, dots given in place with the
// answer beside the tapped button, and the workshop closing and reopening without a reload.
// The run sheet's step follows live too: the countdown on the server's clock, which
// questions take ideas, whether others' ideas and dot buttons show, "Ich bin fertig".
// Ideas and dots given without a network wait in the phone's queue (offline.js), drafts
// are kept as typed (drafts.js), and a service worker keeps the page for offline reopening.
// Without JavaScript the same page works with plain forms and anchors. Every word shown
// here comes from the page (data attributes and <template>s), in the page's language.
import { fetchTimed, serverNow, syncClock } from "./clock.js";
import { countdown } from "./countdown.js";
import { csrfToken, follow, showMergedTexts } from "./live.js";
import { registerServiceWorker, setUpOffline } from "./offline.js";

const page = document.getElementById("phone-page");
// The server's grace for late posts (seconds), less a few seconds for the way there.
function graceMs() {
  const seconds = page && page.dataset.lateGrace !== undefined ? Number(page.dataset.lateGrace) : 60;
  return Math.max(0, (Number.isFinite(seconds) ? seconds : 60) - 5) * 1000;
}
let section = document.getElementById("others");
let offline = null; // the offline queue (offline.js), once the page is set up

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
    // While dots are counted in secret the state carries no number, and the page shows none.
    const count = item.querySelector(".vote-count");
    const hidden = votes === null || votes === undefined;
    count.classList.toggle("is-hidden", hidden);
    count.textContent = hidden ? words.hiddenVotesLabel : pointsLabel(votes);
    if (hidden) delete count.dataset.votes;
    else count.dataset.votes = votes;
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
    const queueIt = () => {
      // no network: the dot waits in the phone's queue and shows as given (or taken back) now
      const give = !isVoted(form);
      const text = form.closest("li").querySelector(".idea-text").textContent;
      offline.queueVote(new URL(form.action, window.location.href).pathname, give, text);
      dotsUsed = Math.max(0, dotsUsed + (give ? 1 : -1));
      setVoted(form, give, id);
      markAll();
      answer(form, words.queuedLabel || "", false);
    };
    if (offline && navigator.onLine === false) {
      queueIt();
      return;
    }
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
      if (offline) queueIt();
      else form.submit(); // network trouble: fall back to the plain form
    }
  });

  return { buildItem, render, list };
}

// --- the run sheet's step ----------------------------------------------------------------------

const COLLECTING = ["collect", "silent"];
const CALM = ["pause", "closed"];

function stepRunning(phase) {
  const step = phase.step;
  if (!step || step.ended) return null;
  if (step.auto && step.ends_at && step.paused_remaining == null && serverNow() >= step.ends_at) return null;
  return step;
}

// The same rule as phases.phase.Phase: may this question take ideas, may dots be given now?
function mayPost(phase, questionId) {
  if (!phase.is_open) return false;
  if (!phase.step) return true;
  const step = stepRunning(phase);
  if (!step || !COLLECTING.includes(step.kind)) return false;
  return !step.question_ids.length || step.question_ids.includes(questionId);
}

function mayVote(phase) {
  if (!phase.is_open) return false;
  if (!phase.step) return true;
  const step = stepRunning(phase);
  return Boolean(step && step.kind === "vote");
}

const isSilent = (phase) => Boolean(phase.step && phase.step.kind === "silent");
const somethingTyped = () => [...document.querySelectorAll("#questions textarea")].some((area) => area.value.trim());

// What decides how others' ideas are drawn; when it changes the list is fetched again.
const othersShape = (phase) => [isSilent(phase), mayVote(phase), Boolean(phase.votes_hidden)].join("/");

function setUpPhase(onOthersChange) {
  const box = document.getElementById("phase");
  if (!box || !page.dataset.phase) return null;
  const words = box.dataset;
  const title = document.getElementById("phase-title");
  const note = document.getElementById("phase-note");
  const next = document.getElementById("phase-next");
  const doneForm = document.getElementById("done-form");
  const timer = countdown(document.getElementById("phase-countdown"), {
    announcer: document.getElementById("phase-announcer"),
    onEnd(step) {
      // an automatic step has ended: its forms close now; ask the server (it moves on when asked)
      if (step.auto) window.setTimeout(() => {
        draw();
        refresh();
      }, 1500);
    },
  });
  let phase = JSON.parse(page.dataset.phase);
  let shape = othersShape(phase);
  let doneStep = null;

  const wordOf = (prefix, kind) => words[prefix + kind.charAt(0).toUpperCase() + kind.slice(1)] || "";

  function showDone(done) {
    if (!doneForm) return;
    const button = doneForm.querySelector("button");
    const hint = document.getElementById("done-hint");
    button.setAttribute("aria-pressed", done ? "true" : "false");
    button.classList.toggle("primary", done);
    doneForm.querySelector('input[name="done"]').value = done ? "0" : "1";
    if (hint) hint.textContent = done ? hint.dataset.wordDone : hint.dataset.wordOpen;
  }

  function draw() {
    const step = phase.step;
    box.hidden = !step;
    box.dataset.kind = phase.kind;
    page.dataset.kind = phase.kind;
    if (step) {
      title.textContent = step.title || wordOf("label", step.kind);
      note.textContent = wordOf("note", step.kind);
      const following = phase.next;
      next.hidden = !(CALM.includes(step.kind) && following);
      if (following) {
        next.textContent = words.nextWord.replace("{step}", following.title || wordOf("label", following.kind));
      }
    }
    timer.show(phase);
    document.querySelectorAll("#questions [data-question-id]").forEach((question) => {
      const formBox = question.querySelector(".idea-form-box");
      let open = mayPost(phase, Number(question.dataset.questionId)) || !phase.is_open;
      if (open) delete question.dataset.graceUntil; // collecting (again): a later end has its own grace
      else if (phase.is_open && inGrace(question, formBox)) open = true;
      question.querySelector(".not-collecting").hidden = open;
      formBox.hidden = !open;
      showTypedCopy(question, open);
    });
    if (doneForm) {
      const running = stepRunning(phase);
      doneForm.hidden = !(running && COLLECTING.includes(running.kind));
      const stepId = step ? step.id : null;
      if (doneStep !== null && doneStep !== stepId) showDone(false); // done is said per step
      doneStep = stepId;
    }
    // Voting and the result: others' ideas first (in reading order too), the questions after.
    const others = document.getElementById("others");
    const questions = document.getElementById("questions");
    if (others && questions) {
      const othersFirst = ["vote", "result"].includes(phase.kind);
      const isFirst = Boolean(questions.compareDocumentPosition(others) & Node.DOCUMENT_POSITION_PRECEDING);
      if (othersFirst && !isFirst) questions.before(others);
      else if (!othersFirst && isFirst) questions.after(others);
    }
    const nextShape = othersShape(phase);
    if (nextShape !== shape) {
      shape = nextShape;
      onOthersChange();
    }
  }

  // Typed before the end, sent after: a form that holds text when its question stops
  // collecting stays open for the grace the server allows (the post then waits for
  // approval, LATE_POST_GRACE_SECONDS), counted from the step's end on the server's clock
  // (the next step's start); then it closes and the text is shown to copy.
  function inGrace(question, formBox) {
    const area = formBox.querySelector("textarea");
    if (!area || !area.value.trim()) return false;
    if (!question.dataset.graceUntil) {
      if (formBox.hidden) return false; // it was closed before: nothing typed in a running step
      const ended = phase.step && phase.step.started_at ? phase.step.started_at : serverNow();
      const until = ended + graceMs();
      question.dataset.graceUntil = String(until);
      window.setTimeout(draw, Math.max(0, until - serverNow()) + 50);
    }
    return serverNow() < Number(question.dataset.graceUntil);
  }

  // A question stops collecting while something is typed in it: the text stays in its
  // (hidden) form for a later step, and is shown read-only meanwhile, to be copied.
  function showTypedCopy(question, open) {
    const area = question.querySelector(".idea-form-box textarea");
    let copy = question.querySelector(".refused-copy");
    if (open || !area || !area.value.trim()) {
      copy?.remove(); // the text is in the form again (or there is none)
      return;
    }
    if (!copy) {
      copy = document.createElement("div");
      copy.className = "form-row refused-copy";
      const label = document.createElement("label");
      label.className = "label";
      label.htmlFor = `refused-${question.dataset.questionId}`;
      label.textContent = page.dataset.unsentLabel;
      const text = document.createElement("textarea");
      text.id = label.htmlFor;
      text.readOnly = true;
      text.rows = 3;
      copy.append(label, text);
      question.querySelector(".not-collecting").after(copy);
    }
    copy.querySelector("textarea").value = area.value;
  }

  // The stream tells each change once. An answer to phase.json asked for before the
  // stream's latest message may be older than it (a busy server, a slow network) and must
  // not undo it: the phone would stay in the old step. Only answers asked for after the
  // latest message are shown; the stream brings every change after that.
  let heard = 0; // messages from the stream about the phase (a step, open or closed)

  async function refresh() {
    if (!page.dataset.phaseUrl) return;
    const asked = heard;
    try {
      const body = await fetchTimed(page.dataset.phaseUrl);
      if (body.phase && asked === heard) show(body.phase);
    } catch (error) {
      // offline: the stream's reconnect asks again
    }
  }

  function show(newPhase) {
    phase = newPhase;
    setOpen(Boolean(phase.is_open));
    draw();
  }

  if (doneForm) {
    doneForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const response = await fetch(doneForm.action, {
          method: "POST",
          body: new FormData(doneForm),
          headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
          credentials: "same-origin",
        });
        const body = await response.json();
        showDone(Boolean(body.done));
        if (!response.ok) refresh();
      } catch (error) {
        doneForm.submit(); // network trouble: the plain form
      }
    });
  }

  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) refresh();
  });
  doneStep = phase.step ? phase.step.id : null;
  draw();
  return {
    show(newPhase) {
      heard += 1;
      show(newPhase);
    },
    refresh,
    setOpen(isOpen) {
      heard += 1;
      phase = { ...phase, is_open: isOpen };
      draw();
    },
    silent: () => isSilent(phase),
  };
}

// --- live ------------------------------------------------------------------------------------

// "Meine Ideen" read again from the server after an idea was stored by script: the list,
// its count, and which of others' ideas are one's own. Returns each shown idea's status.
let mineRefreshes = Promise.resolve(); // one after the other: the last answer is the newest
function refreshMine(ownIds) {
  const next = mineRefreshes.then(() => readMine(ownIds));
  mineRefreshes = next.catch(() => {});
  return next;
}

async function readMine(ownIds) {
  // Only "Meine Ideen" (ideas/mine): the whole page would bring the others' ideas again.
  const url = page.dataset.mineUrl || window.location.pathname;
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(String(response.status));
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  const freshMine = fresh.getElementById("my-ideas-section");
  const statuses = new Map();
  if (!freshMine) return statuses;
  freshMine.querySelectorAll("#my-ideas > li[data-status]").forEach((item) => {
    statuses.set(item.id.replace("idea-", ""), item.dataset.status);
    ownIds.add(item.id.replace("idea-", ""));
    document.getElementById(`other-${item.id.replace("idea-", "")}`)?.remove();
  });
  const mine = document.getElementById("my-ideas-section");
  if (mine && !mine.contains(document.activeElement)) mine.replaceWith(document.importNode(freshMine, true));
  const navMine = document.querySelector(".phone-nav .nav-mine");
  const freshNav = fresh.querySelector(".phone-nav .nav-mine");
  if (navMine && freshNav) navMine.textContent = freshNav.textContent;
  return statuses;
}

function showLateNote(questionId) {
  const question = document.getElementById(`question-${questionId}`);
  if (!question || question.querySelector(".late-note") || !page.dataset.lateNote) return;
  const note = document.createElement("p");
  note.className = "late-note";
  note.setAttribute("role", "status");
  note.textContent = page.dataset.lateNote;
  question.querySelector("h2").after(note);
}

// The similar-idea hint (similar.js) is fetched when someone first types into an idea form,
// not with the page: a phone that only reads and gives dots never needs it. The input that
// loaded it is handed on, so the hint answers that typing too.
function loadSimilarWhenTyping() {
  const first = (event) => {
    if (!event.target.closest || !event.target.closest("form.idea-form")) return;
    document.removeEventListener("input", first, true);
    import("./similar.js")
      .then(() => event.target.dispatchEvent(new Event("input", { bubbles: true })))
      .catch(() => {
        // offline: no hint (it asks the server anyway)
      });
  };
  document.addEventListener("input", first, true);
}

if (page) {
  let ownIds = new Set((section?.dataset.ownIds || "").split(",").filter(Boolean));
  async function stored(item, body) {
    if (item.kind !== "idea") {
      refreshOthers(); // the dots left and the counts, as the server has them now
      return;
    }
    if (body && body.idea && body.idea.late) showLateNote(item.questionId);
    try {
      offline.confirmStored(await refreshMine(ownIds));
    } catch (error) {
      // offline again: the next reload shows it
    }
  }
  offline = setUpOffline(page, { csrfToken, onStored: stored });
  registerServiceWorker(page);
  loadSimilarWhenTyping();
  let voting = section ? setUpVoting() : null;
  let oldestShown = Number(section?.dataset.oldestShown || 0); // 0: every idea is shown
  let empty = document.getElementById("no-others");

  // Others' ideas drawn anew by the server (silent collecting began or ended, dots may be
  // given now or no longer, counts were revealed): the page's own section, fetched again.
  // Typed text is untouched: only the list is replaced.
  async function refreshOthers() {
    if (!section) return;
    try {
      const response = await fetch(window.location.pathname, { credentials: "same-origin" });
      const html = await response.text();
      const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("others");
      if (!fresh || !section.isConnected) return;
      const adopted = document.importNode(fresh, true);
      section.replaceWith(adopted);
      section = adopted;
      voting = setUpVoting();
      ownIds = new Set((section.dataset.ownIds || "").split(",").filter(Boolean));
      oldestShown = Number(section.dataset.oldestShown || 0);
      empty = document.getElementById("no-others");
    } catch (error) {
      // offline: the next phase change or a reload brings the list
    }
  }

  const phase = setUpPhase(refreshOthers);

  function upsert(idea) {
    if (!voting || ownIds.has(String(idea.id))) return;
    if (phase && phase.silent()) return; // silent collecting: no one else's idea on this phone
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
    if (voting && !(phase && phase.silent())) empty.hidden = voting.list.children.length > 0;
  }

  if (page.dataset.eventsUrl) {
    follow({
      eventsUrl: page.dataset.eventsUrl,
      pollUrl: page.dataset.pollUrl,
      seq: page.dataset.seq,
      onClock: syncClock,
      onStatus(status) {
        if (status === "connected") {
          phase?.refresh(); // (re)connected: the phase and clock now
          offline.flush(); // and whatever waited on the phone goes out
        }
      },
      onMessage(message) {
        if (message.kind === "idea") upsert(message.idea);
        else if (message.kind === "idea.removed") remove(message.id);
        else if (message.kind === "phase") phase?.show(message.phase);
        else if (message.kind === "reload") {
          if (somethingTyped()) refreshOthers();
          else window.location.reload();
        } else if (message.kind === "workshop") {
          setOpen(Boolean(message.workshop.is_open));
          phase?.setOpen(Boolean(message.workshop.is_open));
          if (!message.workshop.show_ideas && section) {
            section.hidden = true;
            const link = document.getElementById("nav-others");
            if (link) link.hidden = true;
          }
        }
      },
    });
  }
  phase?.refresh();

  // "Idee absenden": through the API, or into the queue when there is no network. A refusal
  // while online is posted as the plain form, so the page says why exactly as without script.
  document.getElementById("questions")?.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.idea-form");
    if (!form) return;
    event.preventDefault();
    if (form.dataset.sending) return; // a double tap: the first one is on its way
    form.dataset.sending = "1";
    try {
      const outcome = await offline.submitIdea(form);
      if (outcome.result === "refused") {
        form.submit();
        return;
      }
      if (outcome.result === "stored") {
        // the queue has called stored() already; its reading of "Meine Ideen" brings the idea
        await mineRefreshes;
        if (outcome.item.ideaId) window.location.hash = `idea-${outcome.item.ideaId}`;
      }
    } finally {
      delete form.dataset.sending;
    }
  });
}
