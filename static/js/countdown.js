// A countdown of the run sheet's current step, drawn from server time (clock.js).
//
// countdown(element, { announcer, words, onEnd }) returns { show(phase) }: ``phase`` is
// the payload of a "phase" event or of phase.json. The element gets the remaining time
// as m:ss (and data-state "running", "paused", "over" or "none"). Screen readers hear it
// through ``announcer`` (an aria-live="polite" element) only at sensible moments: when a
// step starts, at 5 minutes, 1 minute and at the end, never every second. ``words``
// holds the page's translated sentences, read from data attributes of the element:
// data-word-minutes ("Noch %d Minuten"), data-word-minute ("Noch 1 Minute"),
// data-word-over ("Die Zeit ist um"), data-word-paused ("Angehalten").

import { onClockChange, serverNow } from "./clock.js";

const MARKS = [300, 60];

export function formatRemaining(seconds) {
  const whole = Math.max(0, Math.ceil(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

export function remainingSeconds(step) {
  if (!step || step.ended) return null;
  if (step.paused_remaining !== null && step.paused_remaining !== undefined) return step.paused_remaining;
  if (!step.ends_at) return null;
  return Math.max(0, (step.ends_at - serverNow()) / 1000);
}

export function countdown(element, { announcer = null, onEnd = () => {} } = {}) {
  const words = element.dataset;
  let step = null;
  let timer = null;
  let announced = new Set();
  let ended = false;

  const say = (text) => {
    if (announcer && text) announcer.textContent = text;
  };

  const draw = () => {
    const left = remainingSeconds(step);
    if (left === null) {
      element.dataset.state = "none";
      element.textContent = "";
      return;
    }
    const paused = step.paused_remaining !== null && step.paused_remaining !== undefined;
    element.textContent = formatRemaining(left);
    element.dataset.state = paused ? "paused" : left <= 0 ? "over" : "running";
    if (paused) return;
    for (const mark of MARKS) {
      if (left <= mark && left > mark - 30 && !announced.has(mark)) {
        announced.add(mark);
        say(mark === 60 ? words.wordMinute : (words.wordMinutes || "").replace("%d", String(mark / 60)));
      }
    }
    if (left <= 0 && !ended) {
      ended = true;
      say(words.wordOver);
      onEnd(step);
    }
  };

  const schedule = () => {
    window.clearTimeout(timer);
    draw();
    const left = remainingSeconds(step);
    if (left === null || left <= 0) return;
    // wake just after the next whole second of the server's clock
    const fraction = (left * 1000) % 1000;
    timer = window.setTimeout(schedule, (fraction || 1000) + 20);
  };

  onClockChange(schedule);
  // A laptop waking from sleep: its timers were stopped, draw at once.
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) schedule();
  });

  return {
    show(phase) {
      const next = phase && phase.step ? phase.step : null;
      const changed = !step || !next || next.id !== step.id || next.started_at !== step.started_at;
      if (changed) {
        announced = new Set();
        ended = false;
      } else if (next.ends_at !== step.ends_at || next.paused_remaining !== step.paused_remaining) {
        // extended, shortened, paused or resumed: the marks count again from the new time
        announced = new Set();
        ended = false;
        if (next.paused_remaining !== null && next.paused_remaining !== undefined) say(words.wordPaused);
      }
      step = next;
      schedule();
    },
  };
}
