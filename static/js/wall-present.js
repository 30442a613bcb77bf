// "Gruppen stellen vor" on the plenary wall: while a run-sheet step of kind "present" runs,
// the presenting group fills the screen with the ideas it promoted to the plenary.
//
// The page draws the first state (templates/moderation/_wall_present.html); wall.js hands
// every stream message to the page as a "wall:message" event. Here: "present" (another
// group presents: its name, topic, ideas, "Gruppe 2 von 5"), "phase" (the step starts or
// ends: show or leave the presentation), "idea" and "idea.removed" (the presenting
// group's facilitator promotes or takes back an idea, a moderator hides or corrects one).

const section = document.getElementById("wall-present");
const wall = document.getElementById("wall");
const words = section.dataset;
const list = document.getElementById("wall-present-ideas");
const empty = document.getElementById("wall-present-empty");
const template = document.getElementById("wall-present-card-template");
let groupId = Number(words.groupId) || null;

const fill = (text, values) => Object.entries(values).reduce(
  (result, [name, value]) => result.replaceAll(`{${name}}`, String(value)), text || "");

function setText(id, text) {
  const element = document.getElementById(id);
  if (element.textContent !== text) element.textContent = text;
  return element;
}

function show(on) {
  section.hidden = !on;
  wall.classList.toggle("is-presenting", on); // the wall's own list steps back (wall-present.css)
}

function card(idea) {
  const item = template.content.firstElementChild.cloneNode(true);
  item.id = `present-idea-${idea.id}`;
  item.dataset.ideaId = String(idea.id);
  item.querySelector(".wall-present-text").textContent = idea.text;
  return item;
}

function showCount() {
  const count = list.children.length;
  list.dataset.count = String(count);
  empty.hidden = count > 0;
  if (count === 0) empty.textContent = groupId ? words.wordEmpty : words.wordNoGroup;
}

/** Draw a "present" message: {group, ideas, position, count}. */
function draw(message) {
  const group = message.group || null;
  groupId = group ? group.id : null;
  setText("wall-present-position", group && message.position
    ? fill(words.wordPosition, { position: message.position, count: message.count }) : "");
  setText("wall-present-name", group ? group.name : words.wordHeading);
  setText("wall-present-topic", group && group.topic ? group.topic : "").hidden = !(group && group.topic);
  list.replaceChildren(...(message.ideas || []).map(card));
  showCount();
}

const isPublic = (idea) => idea.status === "visible" && (idea.merged_into_id === null || idea.merged_into_id === undefined);

/** An idea changed: keep the presenting group's cards as the facilitator and the moderators left them. */
function follow(idea) {
  const existing = document.getElementById(`present-idea-${idea.id}`);
  const belongs = groupId !== null && idea.group_id === groupId && idea.promoted && isPublic(idea);
  if (belongs && existing) existing.querySelector(".wall-present-text").textContent = idea.text;
  else if (belongs) list.append(card(idea));
  else if (existing) existing.remove();
  showCount();
}

document.addEventListener("wall:message", (event) => {
  const message = event.detail || {};
  if (message.kind === "present") {
    draw(message);
    show(true);
  } else if (message.kind === "phase" && message.phase) {
    show(message.phase.kind === "present");
  } else if (message.kind === "idea" && message.idea) {
    follow(message.idea);
  } else if (message.kind === "idea.removed") {
    document.getElementById(`present-idea-${message.id}`)?.remove();
    showCount();
  }
});

show(!section.hidden);
