// The console's run-sheet panel made live: its forms are sent with fetch (the answer
// carries the new phase), the countdown runs on server time, and the panel's body is
// drawn again by the server (?partial=runsheet) after every action and every "phase" or
// "done" event of the stream. Without JavaScript the same forms post and redirect back.
import { syncClock } from "./clock.js";
import { countdown } from "./countdown.js";
import { installKeys, postAction } from "./runsheet_keys.js";

// After a form is replaced, focus goes to its successor (Anhalten becomes Fortsetzen).
const COUNTERPART = { pause: "resume", resume: "pause", reveal: "hide", hide: "reveal" };

export function runSheetPanel() {
  const panel = document.getElementById("runsheet");
  if (!panel) return { onMessage() {} };
  const clock = document.getElementById("runsheet-countdown");
  const message = document.getElementById("runsheet-message");
  const timer = countdown(clock, { announcer: document.getElementById("runsheet-announcer") });
  let phase = JSON.parse(clock.dataset.phase || "null");
  let running = false;
  let again = false;

  const show = (next) => {
    // A step starts: the fold (closed while none runs) opens to show it.
    const fold = document.getElementById("run-details");
    if (fold && next && next.step && !(phase && phase.step)) fold.open = true;
    phase = next;
    timer.show(phase);
  };
  show(phase);

  const replaceBody = (fresh) => {
    const body = document.getElementById("runsheet-body");
    const focused = body.contains(document.activeElement) ? document.activeElement : null;
    // "Schritt starten" being chosen from (focused, or another step picked) stays as it is
    const jump = body.querySelector(".runsheet-jump");
    const picked = jump && [...jump.querySelectorAll("option")].some((option) => option.selected !== option.defaultSelected);
    const freshJump = fresh.querySelector(".runsheet-jump");
    if (jump && freshJump && (picked || jump.contains(focused))) {
      freshJump.replaceWith(jump);
    }
    body.replaceWith(fresh);
    if (focused && fresh.contains(focused)) {
      focused.focus(); // moved along with its form
    } else if (focused) {
      const action = focused.dataset.action;
      const target = fresh.querySelector(`[data-action="${action}"]`)
        || fresh.querySelector(`[data-action="${COUNTERPART[action]}"]`)
        || fresh.querySelector("button");
      (target || panel.querySelector("h2")).focus();
    }
    return true;
  };

  async function refresh() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const response = await fetch(panel.dataset.partialUrl, { credentials: "same-origin" });
      if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.getElementById("runsheet-body");
        const freshClock = page.getElementById("runsheet-countdown");
        if (freshClock) show(JSON.parse(freshClock.dataset.phase || "null"));
        if (fresh) replaceBody(fresh);
      }
    } finally {
      running = false;
      if (again) {
        again = false;
        refresh();
      }
    }
  }

  const perform = async (action, fields = {}) => {
    const answer = await postAction(panel.dataset.actUrl.replace("ACTION", action), fields);
    message.textContent = answer.message || "";
    message.classList.toggle("is-error", !answer.ok);
    if (answer.now) syncClock(answer.now, answer.roundTrip);
    if (answer.phase) show(answer.phase);
    refresh();
  };

  panel.addEventListener("submit", (event) => {
    const form = event.target.closest("form.runsheet-act");
    if (!form) return;
    event.preventDefault();
    const fields = Object.fromEntries(new FormData(form));
    delete fields.csrf_token;
    delete fields.next;
    form.reset(); // a picked step is sent; the list shows the next one again
    perform(new URL(form.action).pathname.split("/").pop(), fields);
  });

  installKeys({ phase: () => phase, perform });

  return {
    onMessage(event) {
      if (event.kind === "phase") {
        show(event.phase);
        refresh();
      } else if (event.kind === "done" || event.kind === "present" || event.kind === "reload") {
        refresh(); // "present": another group presents (Gruppen stellen vor)
      }
    },
  };
}
