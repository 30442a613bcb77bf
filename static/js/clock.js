// The server's clock in the browser. Countdowns run on server time: a phone whose own
// clock is minutes wrong, a wall that slept or reconnected, all show the same remaining
// time. The offset (server minus this device) comes from the server's "now" in stream
// greetings and pings and in phase.json answers; a fetch's round trip halves its error.

let offset = 0;
let bestRoundTrip = Infinity;
let sampledAt = -Infinity;
const listeners = new Set();

/** Milliseconds since the epoch on the server's clock. */
export function serverNow() {
  return Date.now() + offset;
}

/** Take the server's ``now`` (epoch ms). ``roundTrip`` (ms) when it came from a fetch
 * this page timed; stream messages have none and count as a round trip of 1 s. Better
 * samples replace worse ones, and any sample replaces one older than a minute or one
 * that is off by more than 2 s (this device's clock was changed, or it slept). */
export function syncClock(now, roundTrip = 1000) {
  const received = Date.now();
  const candidate = Number(now) + roundTrip / 2 - received;
  if (!Number.isFinite(candidate)) return;
  const stale = received - sampledAt > 60000;
  if (roundTrip <= bestRoundTrip || stale || Math.abs(candidate - offset) > 2000) {
    offset = candidate;
    bestRoundTrip = stale ? roundTrip : Math.min(bestRoundTrip, roundTrip);
    sampledAt = received;
    listeners.forEach((listener) => listener());
  }
}

export function onClockChange(listener) {
  listeners.add(listener);
}

/** GET ``url`` (JSON with a ``now``), timing the round trip for the clock. */
export async function fetchTimed(url) {
  const started = Date.now();
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  const body = await response.json();
  if (body.now) syncClock(body.now, Date.now() - started);
  return body;
}
