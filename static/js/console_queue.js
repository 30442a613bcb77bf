// The console's line "2 Handys melden wartende Einträge (5)": asked again every half minute
// while the console is visible (phones report when they reconnect, not as live events).
const REFRESH_MS = 30000;

async function refresh() {
  const line = document.getElementById("console-queue");
  if (!line || document.hidden) return;
  try {
    const response = await fetch(line.dataset.url, { credentials: "same-origin" });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("console-queue");
    if (fresh && fresh.textContent.trim() !== line.textContent.trim()) line.textContent = fresh.textContent.trim();
  } catch (error) {
    // offline: the next round asks again
  }
}

window.setInterval(refresh, REFRESH_MS);
document.addEventListener("visibilitychange", refresh);
