// A group's wall, on top of wall.js (which draws its ideas): the moderator's message to
// the group walls ("Noch 5 Minuten") and the group's name and topic, live. wall.js hands
// every stream message on as a "wall:message" event. Text only through textContent.
const banner = document.getElementById("group-message");
const header = document.getElementById("group-wall");
const name = document.getElementById("group-name");
const topic = document.getElementById("group-topic");
const groupId = Number(header.dataset.groupId);

document.addEventListener("wall:message", (event) => {
  const message = event.detail;
  if (message.kind === "group.message") {
    banner.textContent = message.text || "";
    banner.hidden = !message.text;
  } else if (message.kind === "group" && message.group && message.group.id === groupId) {
    if (message.group.deleted) {
      window.location.reload(); // the group is gone: the page says so
      return;
    }
    name.textContent = message.group.name;
    topic.textContent = message.group.topic || "";
    topic.hidden = !message.group.topic;
  }
});
