// The run-sheet editor's keyboard shortcuts: the same keys as on the console; each sends
// its action as a plain form, so the page comes back with the server's message.
import { installKeys, submitAsForm } from "./runsheet_keys.js";

const root = document.getElementById("runsheet-editor");
const phase = JSON.parse(root.dataset.phase || "null");
installKeys({
  phase: () => phase,
  perform(action, fields) {
    submitAsForm(root.dataset.actUrl.replace("ACTION", action), { ...fields, next: root.dataset.next });
  },
});
