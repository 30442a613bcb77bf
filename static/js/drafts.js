// Drafts: what is typed into a question's box is kept on the phone (localStorage) as it is
// typed, per workshop code and question, so that a reload, a locked screen or a closed and
// reopened browser brings it back; it goes once the idea is stored (or queued).
const PREFIX = "participation.draft";

export function draftKey(code, questionId) {
  return `${PREFIX}.${code}.${questionId}`;
}

function read(key) {
  try {
    return window.localStorage.getItem(key);
  } catch (error) {
    return null; // storage blocked (private mode): no drafts, posting works as before
  }
}

function write(key, value) {
  try {
    if (value.trim()) window.localStorage.setItem(key, value);
    else window.localStorage.removeItem(key);
  } catch (error) {
    // storage full or blocked: the text is still in the box
  }
}

export function clearDraft(code, questionId) {
  write(draftKey(code, questionId), "");
}

/** Keep and restore the drafts of every idea form in ``root``. A text the server put back
 * into a box (a refused post) wins over a kept draft. */
export function keepDrafts(root, code) {
  root.querySelectorAll("form.idea-form").forEach((form) => {
    const area = form.querySelector("textarea[name=text]");
    const questionId = form.querySelector("input[name=question_id]")?.value;
    if (!area || !questionId) return;
    const key = draftKey(code, questionId);
    const kept = read(key);
    if (kept && !area.value.trim()) {
      area.value = kept;
      area.dispatchEvent(new Event("input", { bubbles: true })); // the counter follows
    } else if (area.value.trim()) {
      write(key, area.value);
    }
    area.addEventListener("input", () => write(key, area.value));
  });
}
