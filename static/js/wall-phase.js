// The run sheet on the wall: the current step, its countdown on the server's clock, how
// many people are done, the note that dots are counted in secret.
//
// followPhase(wall) returns the handlers wall.js gives its live stream: ``clock`` (the
// server's "now" of hellos and pings), ``status`` (the stream's state), ``show`` (a
// "phase" event) and ``done`` (a "done" event). When the step changes what the list may
// show (silent collecting, hidden or revealed dots, ranked, the calm screen) the wall
// loads again: the server draws each list as it must look, and a projector reloading
// once per step is fine.
import { fetchTimed, syncClock } from "./clock.js";
import { countdown } from "./countdown.js";

const COLLECTING = ["collect", "silent"];
const CALM = ["pause", "closed"];
const RECHECK_MS = 1500; // after an automatic step's end, ask the server where the run is

/** The wall's list mode for a phase payload, as the server's ``wall_mode``. */
export function modeOf(phase) {
  const kind = phase && phase.step ? phase.kind : null;
  if (CALM.includes(kind)) return "calm";
  if (kind === "silent") return "silent";
  if (kind === "result" && !phase.votes_hidden) return "ranked";
  if (phase && phase.votes_hidden) return "hidden";
  return "plain";
}

export function followPhase(wall) {
  const bar = document.getElementById("phase");
  const name = bar.querySelector(".wall-phase-name");
  const position = bar.querySelector(".wall-phase-position");
  const note = document.getElementById("votes-hidden-note");
  const doneCount = document.getElementById("done-count");
  const labels = JSON.parse(bar.dataset.labels || "{}");
  const timer = countdown(document.getElementById("phase-countdown"), {
    announcer: document.getElementById("phase-announcer"),
    onEnd(step) {
      // An automatic step moves on at its end: asking the server makes sure it has.
      if (step.auto) window.setTimeout(refresh, RECHECK_MS);
    },
  });
  let current = JSON.parse(wall.dataset.phase || "null");
  let reloading = false;
  let present = Number(doneCount.dataset.present) || 0; // "23 von 31 fertig" keeps the 31

  function reloadOnce() {
    if (reloading) return;
    reloading = true;
    window.location.reload();
  }

  function showDone(counts) {
    const step = current && current.step;
    const collecting = Boolean(step && !step.ended && COLLECTING.includes(step.kind));
    doneCount.hidden = !collecting;
    if (counts && step && counts.step_id === step.id) {
      doneCount.textContent = bar.dataset.done
        .replace("{done}", String(counts.done))
        .replace("{present}", String(counts.present));
    }
  }

  function show(phase) {
    if (!phase) return;
    if (modeOf(phase) !== wall.dataset.mode) {
      reloadOnce();
      return;
    }
    const previousStep = current && current.step ? current.step.id : null;
    current = phase;
    const step = phase.step;
    bar.hidden = !step;
    bar.dataset.kind = phase.kind;
    name.textContent = step ? step.title || labels[step.kind] || "" : "";
    position.textContent = step
      ? bar.dataset.position.replace("{position}", String(step.position)).replace("{count}", String(step.count))
      : "";
    note.hidden = modeOf(phase) !== "hidden";
    showCalm(phase);
    markQuestions(step);
    // a new step: nobody is done with it yet (a "done" event brings the count)
    if (step && step.id !== previousStep) showDone({ step_id: step.id, done: 0, present });
    else showDone(null);
    timer.show(phase);
  }

  // Pause and Geschlossen share the calm screen: its heading and what comes next.
  function showCalm(phase) {
    const heading = document.getElementById("calm-heading");
    const next = document.getElementById("calm-next");
    if (heading) heading.textContent = name.textContent;
    if (next) {
      const following = phase.next;
      next.hidden = !following;
      next.querySelector("strong").textContent = following ? following.title || labels[following.kind] || "" : "";
    }
  }

  // Columns of questions this collecting step is not about rest (dimmed).
  function markQuestions(step) {
    const only = step && COLLECTING.includes(step.kind) && step.question_ids.length ? step.question_ids : null;
    for (const column of document.querySelectorAll(".wall-column[data-question-id]")) {
      column.classList.toggle("is-resting", Boolean(only) && !only.includes(Number(column.dataset.questionId)));
    }
  }

  // The stream tells each change once. An answer to phase.json asked for before the
  // stream's latest message may be older than it (a busy server, a slow network) and must
  // not undo it; the stream brings every change after that message.
  let heardPhase = 0;
  let heardDone = 0;

  async function refresh() {
    const asked = { phase: heardPhase, done: heardDone };
    try {
      const body = await fetchTimed(wall.dataset.phaseUrl);
      const doneNews = asked.done === heardDone;
      if (doneNews && body.done) present = body.done.present;
      if (asked.phase === heardPhase) show(body.phase);
      if (doneNews && !reloading) showDone(body.done);
    } catch {
      // offline: the stream's reconnect asks again
    }
  }

  let wasOffline = false;
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) refresh(); // a laptop waking up: where is the run now?
  });
  refresh();
  timer.show(current);

  return {
    clock(now) {
      syncClock(now);
    },
    status(state) {
      if (state === "offline") wasOffline = true;
      else if (wasOffline) {
        wasOffline = false;
        refresh(); // back after a break: the time and the step from the server
      }
    },
    show(phase) {
      heardPhase += 1;
      show(phase);
    },
    done(counts) {
      heardDone += 1;
      present = counts.present;
      showDone(counts);
    },
  };
}
