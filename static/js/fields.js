// The Handlungsfelder page, live: instant search and filters, moves in place (the row
// stays where it is and the move is announced), keyboard moves (1-9, 0, "-", "v", arrows)
// and drag and drop onto the field bar. Every move submits the row's own form, which
// also works without JavaScript; texts come from the page, never from here.
const list = document.getElementById("sort-rows");
const section = document.getElementById("sort-list");
const filters = document.getElementById("sort-filters");
const status = document.getElementById("sort-status");

function rows() {
  return [...list.querySelectorAll(".sort-row")];
}

function announce(message) {
  status.textContent = "";
  // a fresh text node, so that a screen reader announces a repeated message too
  window.setTimeout(() => { status.textContent = message; }, 50);
}

function applyFilters() {
  const needle = filters.elements.q.value.trim().toLocaleLowerCase("de");
  const field = filters.elements.field.value;
  const level = filters.elements.level.value;
  const group = filters.elements.gruppe ? filters.elements.gruppe.value : "";  // only with group work
  let shown = 0;
  for (const row of rows()) {
    const text = row.querySelector(".sort-text").firstChild.textContent.toLocaleLowerCase("de");
    const keep = row.classList.contains("just-moved") || (
      (!needle || text.includes(needle)) && (!field || row.dataset.fieldId === field) && (!level || row.dataset.level === level)
      && (!group || row.dataset.groupId === group));
    row.hidden = !keep;
    if (keep) shown += 1;
  }
  document.getElementById("sort-count").textContent = section.dataset.shown
    .replace("{shown}", shown).replace("{total}", rows().length);
  const url = new URL(window.location.href);
  for (const name of ["q", "field", "level", "gruppe"]) {
    if (!filters.elements[name]) continue;
    const value = filters.elements[name].value.trim();
    if (value) url.searchParams.set(name, value); else url.searchParams.delete(name);
  }
  url.searchParams.delete("moved");
  window.history.replaceState(null, "", url);
}

async function submitMove(form) {
  const row = form.closest(".sort-row");
  const response = await fetch(form.action, {
    method: "POST", body: new FormData(form), headers: { Accept: "application/json" }, credentials: "same-origin",
  }).catch(() => null);
  const data = response ? await response.json().catch(() => null) : null;
  if (!data) {
    announce(section.dataset.moveError);
    return;
  }
  const hadFocus = row && row.contains(document.activeElement);
  for (const [id, html] of Object.entries(data.rows || {})) {
    const old = document.getElementById(`idea-${id}`);
    if (!old) continue;
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    const fresh = template.content.firstElementChild;
    fresh.hidden = old.hidden;
    old.replaceWith(fresh);
    if (row && fresh.id === row.id) {
      fresh.classList.add("just-moved");  // stays visible where it was, even if filtered out now
      if (hadFocus) fresh.focus({ preventScroll: true });
    }
  }
  for (const [id, count] of Object.entries(data.fields || {})) {
    const node = section.querySelector(`[data-count-for="${id}"]`);
    if (node) node.textContent = `${node.dataset.label} (${count})`;
  }
  announce(data.message);
}

function moveTo(row, fieldId) {
  const form = row.querySelector(".move-form");
  const select = form.querySelector("select");
  const value = fieldId === "none" ? "" : fieldId;
  if (select.value === value && row.dataset.level === "decided") return;
  select.value = value;
  submitMove(form);
}

// A big workshop's page draws only its first rows ("more" link): there the server
// filters (a choice submits the form, the search on Enter), not the script.
const cut = section && section.dataset.cut === "1";

if (list && section && filters) {
  if (!cut) filters.addEventListener("input", applyFilters);
  filters.addEventListener("change", (event) => {
    if (event.target.name === "order" || (cut && event.target.tagName === "SELECT")) filters.requestSubmit();
  });
  filters.addEventListener("submit", (event) => {
    // the list is filtered already; only a new order needs the server
    const current = new URL(window.location.href).searchParams.get("order") || "field";
    if (!cut && filters.elements.order.value === current) {
      event.preventDefault();
      applyFilters();
    }
  });

  list.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches(".move-form, .release-form")) return;
    event.preventDefault();
    submitMove(form);
  });

  const targets = [...section.querySelectorAll(".sort-target")];
  list.addEventListener("keydown", (event) => {
    const row = event.target.closest(".sort-row");
    if (!row || event.altKey || event.ctrlKey || event.metaKey) return;
    const onRow = event.target === row;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!onRow) return;
      const visible = rows().filter((item) => !item.hidden);
      const next = visible[visible.indexOf(row) + (event.key === "ArrowDown" ? 1 : -1)];
      if (next) { event.preventDefault(); next.focus(); }
      return;
    }
    if (!onRow) return;  // typing in the select or on a button keeps its usual meaning
    if (event.key === "v") {
      event.preventDefault();
      row.querySelector(".move-form select").focus();
    } else if (event.key === "-") {
      event.preventDefault();
      moveTo(row, "none");
    } else if (/^[0-9]$/.test(event.key)) {
      const target = targets.find((item) => item.querySelector(".sort-key")?.textContent.trim() === event.key);
      if (target) { event.preventDefault(); moveTo(row, target.dataset.fieldId); }
    }
  });
  // drag a row onto a field of the bar, which stays on screen (sticky) however long the list
  let dragged = null;
  list.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".sort-row");
    if (!dragged) return;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.ideaId);
    dragged.classList.add("dragging");
  });
  list.addEventListener("dragend", () => {
    dragged?.classList.remove("dragging");
    targets.forEach((node) => node.classList.remove("drop-target"));
    dragged = null;
  });
  for (const target of targets) {
    target.addEventListener("dragover", (event) => {
      if (!dragged) return;
      event.preventDefault();
      targets.forEach((node) => node !== target && node.classList.remove("drop-target"));
      target.classList.add("drop-target");
    });
    target.addEventListener("drop", (event) => {
      if (!dragged) return;
      event.preventDefault();
      target.classList.remove("drop-target");
      moveTo(dragged, target.dataset.fieldId);
    });
  }
}
