// Follows a workshop's live events: Server-Sent Events first, JSON polling with ETags
// when a proxy breaks the stream or the Wi-Fi keeps dropping. Every event carries the
// workshop's sequence number; events at or below the last one seen are ignored, so a
// reconnect or a switch between stream and polling never shows anything twice, and
// asking for "everything after N" never leaves a gap.

const HELLO_TIMEOUT_MS = 5000;
// Polling (the server had no stream to spare, or a proxy breaks streams) backs off while
// nothing happens, and every client waits a little more or less than the others: a hall
// of phones pushed to polling at the same moment does not come back in lockstep.
const POLL_MS = 2000;
const POLL_MAX_MS = 15000;
const STREAM_RETRY_MS = 30000;
const STREAM_RETRY_MAX_MS = 300000;

const jittered = (ms) => ms * (0.75 + Math.random() * 0.5);

export function follow({ eventsUrl, pollUrl, seq, onMessage, onStatus = () => {}, onClock = () => {} }) {
  let last = Number(seq) || 0;
  let source = null;
  let helloTimer = null;
  let polling = false;
  let pollRun = 0; // a chain of polls from an earlier startPolling ends when this moves on
  let pollTimer = null;
  let pollDelay = POLL_MS;
  let retryTimer = null;
  let retryDelay = STREAM_RETRY_MS;
  let etag = null;
  let failures = 0;

  let watchdog = null;
  let heartbeatMs = 15000;

  // A connection can die without the browser noticing (an access point loses its
  // uplink). The server sends a ping every heartbeat; silence for much longer means the
  // stream is dead, so open a new one (it resumes after the last event seen).
  const feedWatchdog = () => {
    window.clearTimeout(watchdog);
    watchdog = window.setTimeout(() => {
      if (source) {
        onStatus("offline");
        openStream();
      }
    }, heartbeatMs * 2.5);
  };

  const handle = (message) => {
    if (message.now) onClock(message.now); // the server's clock (hello, ping): countdowns
    if (message.kind === "hello" || message.kind === "noop" || message.kind === "ping") {
      if (message.seq) last = Math.max(last, message.seq);
      return;
    }
    if (!message.seq || message.seq <= last) return;
    last = message.seq;
    onMessage(message);
  };

  const withAfter = (url) => {
    const full = new URL(url, window.location.href);
    full.searchParams.set("after", String(last));
    return full.toString();
  };

  function openStream() {
    if (!("EventSource" in window)) return startPolling();
    closeStream();
    source = new EventSource(withAfter(eventsUrl));
    helloTimer = window.setTimeout(() => {
      // Connected but nothing arrives: a buffering proxy. Poll instead.
      closeStream();
      startPolling();
    }, HELLO_TIMEOUT_MS);
    source.onmessage = (event) => {
      const message = JSON.parse(event.data);
      feedWatchdog();
      if (message.kind === "hello") {
        if (message.heartbeat) heartbeatMs = message.heartbeat * 1000;
        feedWatchdog();
        window.clearTimeout(helloTimer);
        failures = 0;
        retryDelay = STREAM_RETRY_MS;
        stopPolling();
        onStatus("connected");
      }
      handle(message);
    };
    source.onerror = () => {
      failures += 1;
      onStatus("offline");
      if (source.readyState === EventSource.CLOSED || failures >= 3) {
        closeStream();
        startPolling();
      }
    };
  }

  function closeStream() {
    window.clearTimeout(helloTimer);
    window.clearTimeout(watchdog);
    if (source) source.close();
    source = null;
  }

  // One look at the log; true when it brought news.
  async function pollOnce() {
    try {
      const headers = { Accept: "application/json" };
      if (etag) headers["If-None-Match"] = etag;
      const response = await fetch(withAfter(pollUrl), { headers, credentials: "same-origin" });
      if (response.status === 200) {
        etag = response.headers.get("ETag");
        const body = await response.json();
        if (body.now) onClock(body.now);
        body.events.forEach(handle);
        last = Math.max(last, Number(body.latest) || 0);
        onStatus("polling");
        return body.events.length > 0;
      }
      onStatus(response.status === 304 ? "polling" : "offline");
    } catch (error) {
      onStatus("offline");
    }
    return false;
  }

  async function pollAndSchedule(run) {
    const news = await pollOnce();
    if (!polling || run !== pollRun) return;
    // News: look again soon. Quiet (or the server is busy): look again a little later.
    pollDelay = news ? POLL_MS : Math.min(POLL_MAX_MS, pollDelay * 1.5);
    pollTimer = window.setTimeout(() => pollAndSchedule(run), jittered(pollDelay));
  }

  function startPolling() {
    if (!polling) {
      polling = true;
      pollDelay = POLL_MS;
      pollRun += 1;
      pollAndSchedule(pollRun);
    }
    // Try the stream again later, each time a while longer (the server may be full).
    if (!retryTimer) {
      retryTimer = window.setTimeout(() => {
        retryTimer = null;
        openStream(); // polling stops once the stream says hello
      }, jittered(retryDelay));
      retryDelay = Math.min(STREAM_RETRY_MAX_MS, retryDelay * 2);
    }
  }

  function stopPolling() {
    polling = false;
    window.clearTimeout(pollTimer);
    window.clearTimeout(retryTimer);
    pollTimer = null;
    retryTimer = null;
  }

  // The operating system says the network is gone (Wi-Fi dropped): an open stream is dead
  // even if the browser has not noticed yet, and would never resume by itself. Once the
  // network is back, reconnect at once; the stream resumes after the last event seen.
  const goneOffline = () => {
    closeStream();
    stopPolling();
    onStatus("offline");
  };
  const backOnline = () => {
    failures = 0;
    openStream();
  };
  window.addEventListener("offline", goneOffline);
  window.addEventListener("online", backOnline);

  openStream();
  return {
    get last() {
      return last;
    },
    stop() {
      window.removeEventListener("offline", goneOffline);
      window.removeEventListener("online", backOnline);
      closeStream();
      stopPolling();
    },
  };
}

export function csrfToken() {
  const input = document.querySelector('input[name="csrf_token"]');
  return input ? input.value : "";
}

/** A plain POST form that is one button (the page's CSRF token inside): it works like the
 * server's forms, with or without a script listening for its submit. */
export function postForm(action, label) {
  const form = document.createElement("form");
  form.method = "post";
  form.action = action;
  const token = document.createElement("input");
  token.type = "hidden";
  token.name = "csrf_token";
  token.value = csrfToken();
  const button = document.createElement("button");
  button.type = "submit";
  button.className = "button small";
  button.textContent = label;
  form.append(token, button);
  return form;
}

/** The texts merged into an idea, each as a paragraph "+ …" just before ``meta`` (the
 * idea's meta line); ``classes`` are the paragraph's, the last one marking merged texts. */
export function showMergedTexts(meta, texts, classes) {
  const marker = classes.split(" ").pop();
  meta.parentElement.querySelectorAll(`:scope > .${marker}`).forEach((node) => node.remove());
  for (const text of texts || []) {
    const merged = document.createElement("p");
    merged.className = classes;
    merged.textContent = `+ ${text}`;
    meta.before(merged);
  }
}
