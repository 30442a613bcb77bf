// The phone's offline queue: "Idee absenden" posts through the JSON API; without a
// connection (the request fails, the phone says it is offline, the server is down or
// slow) the idea waits in a visible queue on the phone ("wartet auf Netz"), kept in
// localStorage with an idempotency key made here, and is sent by itself when the network
// returns: the online event, the page becoming visible, the live stream reconnecting, and
// a retry timer that backs off (with jitter, so a hall of phones does not return at once).
// Dots given offline wait in the same queue. Resending is safe: the server stores an idea
// once per key, and a dot given twice is one dot. A refusal (closed step or workshop, too
// long) is shown on the item, with the text to copy and a button to remove it.
// Each item says where it stands: on the phone -> sent -> on the wall (or waiting for approval).
// Every word shown comes from the page (data attributes), in the page's language.
import { clearDraft, keepDrafts } from "./drafts.js";

const QUEUE_PREFIX = "participation.queue";
const REQUEST_TIMEOUT_MS = 15000;
const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 60000;
const DONE = ["sent", "wall", "pending", "given", "taken"];

const jittered = (ms) => ms * (0.75 + Math.random() * 0.5);

export function newKey() {
  const bytes = new Uint8Array(18);
  window.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

class Transient extends Error {}

export function setUpOffline(page, { csrfToken, onStored = () => {} }) {
  const box = document.getElementById("offline-queue");
  const words = box ? box.dataset : {};
  const code = page.dataset.code;
  const storeKey = `${QUEUE_PREFIX}.${code}`;
  let items = load().filter((item) => !DONE.includes(item.state)); // done ones were seen
  let token = null; // a fresh CSRF token, asked for before sending (the kept page's may be old)
  let flushing = false;
  let retryTimer = null;
  let retryDelay = RETRY_FIRST_MS;
  let reported = 0; // what this phone last told the server

  function load() {
    try {
      const stored = JSON.parse(window.localStorage.getItem(storeKey) || "[]");
      return Array.isArray(stored) ? stored : [];
    } catch (error) {
      return [];
    }
  }

  function save() {
    try {
      const kept = items.filter((item) => !DONE.includes(item.state));
      if (kept.length) window.localStorage.setItem(storeKey, JSON.stringify(kept));
      else window.localStorage.removeItem(storeKey);
    } catch (error) {
      // storage full or blocked: the queue still lives in this page
    }
  }

  const waiting = () => items.filter((item) => item.state === "waiting" || item.state === "sending");

  // --- drawing the queue -----------------------------------------------------------------

  const stateWord = (item) => {
    if (item.kind !== "idea" && DONE.includes(item.state)) return item.kind === "vote" ? words.given : words.taken;
    return words[`state${item.state.charAt(0).toUpperCase()}${item.state.slice(1)}`] || item.state;
  };

  function draw() {
    if (!box) return;
    const list = box.querySelector("#queue-items");
    const template = document.getElementById("queue-item-template");
    const shown = items.filter((item) => item.shown);
    box.hidden = shown.length === 0;
    list.replaceChildren(
      ...shown.map((item) => {
        const row = template.content.firstElementChild.cloneNode(true);
        row.dataset.state = item.state;
        row.dataset.key = item.key;
        row.querySelector(".queue-what").textContent =
          item.kind === "idea" ? item.question : (item.kind === "vote" ? words.voteLabel : words.unvoteLabel);
        row.querySelector(".idea-text").textContent = item.text;
        row.querySelector(".queue-badge").textContent = stateWord(item);
        const refused = row.querySelector(".queue-refused");
        if (item.state === "refused") {
          refused.hidden = false;
          const message = refused.querySelector(".queue-message");
          message.id = `queue-message-${item.key}`;
          message.textContent = item.message || "";
          const copy = refused.querySelector("textarea");
          copy.id = `queue-copy-${item.key}`;
          copy.setAttribute("aria-describedby", message.id);
          refused.querySelector("label").htmlFor = copy.id;
          copy.value = item.text;
          if (item.kind !== "idea") refused.querySelector(".form-row").remove();
          const remove = refused.querySelector("button");
          remove.setAttribute("aria-label", `${remove.textContent}: ${item.text.slice(0, 40)}`);
          remove.addEventListener("click", () => {
            items = items.filter((other) => other !== item);
            save();
            draw();
            box.querySelector("h2")?.focus();
          });
        } else {
          refused.remove();
        }
        return row;
      }),
    );
    const count = waiting().length;
    box.querySelector("#queue-waiting-note").hidden = count === 0;
    box.querySelector("#queue-retry").hidden = count === 0;
  }

  function announce(message, kind = "") {
    const region = document.getElementById("phone-saved");
    if (!region) return;
    region.textContent = "";
    const line = document.createElement("p");
    line.className = kind ? `flash flash-${kind}` : "flash";
    line.textContent = message;
    region.append(line);
  }

  // --- sending -------------------------------------------------------------------------------

  async function request(url, options) {
    if (navigator.onLine === false) throw new Transient("offline");
    const controller = new AbortController();
    const timer = window.setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch(url, { credentials: "same-origin", signal: controller.signal, ...options });
      if (response.status >= 500) throw new Transient(String(response.status));
      return response;
    } catch (error) {
      if (error instanceof Transient) throw error;
      throw new Transient(String(error)); // no network, the answer lost, timed out
    } finally {
      window.clearTimeout(timer);
    }
  }

  async function freshToken() {
    const response = await request(page.dataset.sessionUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Transient(String(response.status));
    token = (await response.json()).csrf_token;
    return token;
  }

  async function send(item, retried = false) {
    const headers = { Accept: "application/json", "X-CSRFToken": token || csrfToken() };
    let response;
    if (item.kind === "idea") {
      headers["Content-Type"] = "application/json";
      response = await request(page.dataset.apiIdeasUrl, {
        method: "POST",
        headers,
        body: JSON.stringify({ question_id: item.questionId, text: item.text, idempotency_key: item.key }),
      });
    } else {
      response = await request(item.url, { method: "POST", headers });
    }
    let body = {};
    try {
      body = await response.json();
    } catch (error) {
      body = {};
    }
    if (response.status === 400 && !body.message && !retried) {
      await freshToken(); // the CSRF token had expired: once more with a new one
      return send(item, true);
    }
    return { status: response.status, body, retryAfter: Number(response.headers.get("Retry-After")) || 0 };
  }

  function retryLater(ms) {
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(() => flush(), ms);
  }

  async function report(count) {
    if (!page.dataset.queueUrl || count === reported) return;
    try {
      const response = await request(page.dataset.queueUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token || csrfToken() },
        body: JSON.stringify({ waiting: count }),
      });
      if (response.ok) reported = count;
    } catch (error) {
      // said next time
    }
  }

  async function flush() {
    if (flushing || !waiting().length) return;
    flushing = true;
    window.clearTimeout(retryTimer);
    try {
      await freshToken();
      await report(waiting().length);
      for (const item of waiting()) {
        item.state = "sending";
        draw();
        const outcome = await send(item);
        handleOutcome(item, outcome);
        save();
        draw();
        if (outcome.status === 429) {
          retryLater(Math.max(1, outcome.retryAfter || 5) * 1000);
          return;
        }
      }
      retryDelay = RETRY_FIRST_MS;
      await report(waiting().length);
    } catch (error) {
      waiting().forEach((item) => {
        item.state = "waiting";
      });
      save();
      draw();
      retryLater(jittered(retryDelay));
      retryDelay = Math.min(RETRY_MAX_MS, retryDelay * 2);
    } finally {
      flushing = false;
    }
  }

  function handleOutcome(item, { status, body }) {
    if (item.shown) document.getElementById("phone-saved")?.replaceChildren(); // "no network" is old news
    if (status === 429) {
      item.state = "waiting";
    } else if (status >= 200 && status < 300) {
      if (item.kind === "idea") {
        item.state = "sent";
        item.ideaId = body.idea?.id;
        item.status = body.idea?.status;
        clearDraft(code, item.questionId);
        onStored(item, body);
      } else {
        item.state = item.kind === "vote" ? "given" : "taken";
        onStored(item, body);
      }
    } else {
      item.state = "refused";
      item.message = body.message || words.refusedFallback;
      item.shown = true;
    }
  }

  // The page read again from the server shows the idea in "Meine Ideen": it arrived.
  function confirmStored(ideaStates) {
    let changed = false;
    for (const item of items) {
      if (item.kind !== "idea" || item.state !== "sent" || !item.ideaId) continue;
      const status = ideaStates.get(String(item.ideaId));
      if (status === undefined) continue;
      item.state = status === "pending" ? "pending" : "wall";
      changed = true;
    }
    if (changed) draw();
  }

  // --- the forms ---------------------------------------------------------------------------

  function enqueue(item) {
    items.push(item);
    save();
    draw();
  }

  /** An idea from a question's form: sent at once when possible, otherwise queued. Returns
   * the outcome of the first try: "stored", "queued" or "refused" (the caller posts the
   * form then, so that the page shows the refusal exactly as it does without JavaScript). */
  async function submitIdea(form) {
    const area = form.querySelector("textarea[name=text]");
    const questionId = Number(form.querySelector("input[name=question_id]").value);
    const heading = form.closest("section")?.querySelector("h2");
    const item = {
      kind: "idea", key: newKey(), questionId, question: heading ? heading.textContent : "",
      text: area.value, state: "sending", shown: false,
    };
    enqueue(item); // kept before the request: a page closed meanwhile loses nothing
    try {
      if (!token) await freshToken();
      const outcome = await send(item);
      if (outcome.status === 429 || (outcome.status >= 200 && outcome.status < 300)) {
        handleOutcome(item, outcome);
        if (item.state === "waiting") throw new Transient("429");
        area.value = "";
        area.dispatchEvent(new Event("input", { bubbles: true }));
        announce(words.savedMessage);
        save();
        return { result: "stored", item, body: outcome.body };
      }
      items = items.filter((other) => other !== item); // refused now: the plain form says why
      save();
      form.querySelector("input[name=idempotency_key]").value = item.key;
      return { result: "refused", item };
    } catch (error) {
      item.state = "waiting";
      item.shown = true;
      area.value = "";
      area.dispatchEvent(new Event("input", { bubbles: true }));
      clearDraft(code, questionId);
      save();
      draw();
      announce(words.queuedMessage, "warning");
      retryLater(jittered(retryDelay));
      return { result: "queued", item };
    }
  }

  /** A dot given or taken back without a connection: queued, sent like the ideas. */
  function queueVote(url, give, text) {
    // the same dot asked for again replaces the earlier wish (give, then take back)
    items = items.filter((item) => !(item.kind !== "idea" && item.url.replace(/un(vote)$/, "$1") ===
      url.replace(/un(vote)$/, "$1") && item.state === "waiting"));
    enqueue({ kind: give ? "vote" : "unvote", key: newKey(), url, text, state: "waiting", shown: true });
    announce(words.queuedVoteMessage, "warning");
    retryLater(jittered(retryDelay));
  }

  keepDrafts(page, code);
  const retryButton = document.getElementById("queue-retry");
  retryButton?.addEventListener("click", () => {
    retryDelay = RETRY_FIRST_MS;
    flush();
  });
  window.addEventListener("online", () => flush());
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) flush();
  });
  // A queue from an earlier visit: shown, and sent once the network is there.
  items.forEach((item) => {
    if (item.state === "sending") item.state = "waiting";
  });
  draw();
  if (waiting().length) retryLater(500);

  return { submitIdea, queueVote, flush, confirmStored, waiting: () => waiting().length };
}

/** Ask the browser to keep this page and its files for offline reopening (sw.js). */
export function registerServiceWorker(page) {
  if (!("serviceWorker" in navigator) || !page.dataset.serviceWorker) return;
  navigator.serviceWorker.addEventListener("message", (event) => {
    // the page and this many files are kept for offline reopening (tests wait for this)
    if (event.data && event.data.type === "kept") page.dataset.offlineKept = String(event.data.assets);
  });
  const firstVisit = !navigator.serviceWorker.controller;
  navigator.serviceWorker
    .register(page.dataset.serviceWorker)
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      if (!firstVisit) {
        // served through the worker: it has kept this page and its files already (network first)
        page.dataset.offlineKept = "served";
        return;
      }
      const assets = performance
        .getEntriesByType("resource")
        .map((entry) => new URL(entry.name))
        .filter((url) => url.origin === window.location.origin && url.pathname.startsWith("/static/"))
        .map((url) => url.pathname + url.search);
      registration.active?.postMessage({ type: "keep", page: window.location.pathname, assets });
    })
    .catch(() => {
      // no service worker (private mode, http on a name that is not localhost): online only
    });
}
